// The shell commands of a README's fenced code blocks, with where they stand: the headings above them and the
// prose just before their block.

export interface DocumentedCommand {
  readonly command: string;
  /** The headings the block is under, outermost first. */
  readonly headings: ReadonlyArray<string>;
  /** The prose between the previous heading or code block and this block. */
  readonly lead: string;
  /** Line number (1-based) of the command. */
  readonly line: number;
}

/** The commands of one shell block: comments dropped, blank lines skipped, `\`-continued lines joined. */
function commandsOf(lines: ReadonlyArray<{ text: string; line: number }>): Array<{ text: string; line: number }> {
  const commands: Array<{ text: string; line: number }> = [];
  let pending: { text: string; line: number } | undefined;
  for (const { text, line } of lines) {
    const code = text.replace(/(^|\s)#.*$/, '').trim();
    if (pending === undefined && code === '') continue;
    const joined = pending === undefined ? code : `${pending.text} ${code}`;
    pending = { text: joined, line: pending?.line ?? line };
    if (joined.endsWith('\\')) pending = { ...pending, text: joined.slice(0, -1).trimEnd() };
    else {
      commands.push(pending);
      pending = undefined;
    }
  }
  return commands;
}

/** Commands of the `bash`/`sh` blocks of a Markdown text. */
export function documentedCommands(markdown: string): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  const headings: string[] = [];
  let lead: string[] = [];
  let block: { shell: boolean; fence: string; lines: Array<{ text: string; line: number }> } | undefined;
  markdown.split('\n').forEach((text, index) => {
    if (block !== undefined) {
      if (text.trim() !== block.fence) block.lines.push({ text, line: index + 1 });
      else {
        if (block.shell)
          for (const { text: command, line } of commandsOf(block.lines))
            found.push({ command, headings: [...headings], lead: lead.join(' '), line });
        block = undefined;
        lead = [];
      }
      return;
    }
    const open = /^(`{3,})\s*(\w*)\s*$/.exec(text);
    if (open !== null) {
      block = { shell: ['bash', 'sh', 'shell'].includes(open[2]!), fence: open[1]!, lines: [] };
      return;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(text);
    if (heading !== null) {
      headings.splice(heading[1]!.length - 1, headings.length, heading[2]!);
      lead = [];
    } else if (text.trim() !== '') lead.push(text.trim());
  });
  return found;
}
