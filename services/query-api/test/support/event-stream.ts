// A minimal Server-Sent Events client for tests: reads the raw stream, so comments are visible too.

export interface ServerSentEvent {
  readonly event?: string;
  readonly data?: string;
  readonly id?: string;
  readonly retry?: number;
  readonly comments: string[];
}

export class EventStream {
  /** Every event (and comment-only block) received so far, in order. */
  readonly received: ServerSentEvent[] = [];
  private buffer = '';
  private waiters: Array<() => void> = [];
  private ended = false;

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string): Promise<EventStream> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
    const stream = new EventStream(response, abort);
    void stream.pump();
    return stream;
  }

  /** Waits for the first received block (from the start) that matches, for at most `timeoutMs`. */
  async waitFor(
    matches: (event: ServerSentEvent) => boolean,
    timeoutMs = 5_000,
    what = 'an event',
  ): Promise<ServerSentEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(matches);
      if (found) return found;
      if (this.ended) throw new Error(`the event stream ended before ${what} arrived`);
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(`no ${what} within ${timeoutMs} ms; received ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The JSON data of every `event: <type>` received so far. */
  dataOf<T>(type: string): T[] {
    return this.received.filter((e) => e.event === type && e.data !== undefined).map((e) => JSON.parse(e.data!) as T);
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of this.response.body!) {
        this.buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) !== -1) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          if (block.trim() !== '') this.received.push(parseBlock(block));
        }
        this.wake();
      }
    } catch {
      // Aborted by close(), or the server went away: either way the stream has ended.
    }
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function parseBlock(block: string): ServerSentEvent {
  const event: { event?: string; data?: string; id?: string; retry?: number; comments: string[] } = { comments: [] };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      event.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event.event = value;
    else if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
    else if (field === 'id') event.id = value;
    else if (field === 'retry') event.retry = Number(value);
  }
  return event;
}
