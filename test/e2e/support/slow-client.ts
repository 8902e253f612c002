// A slow-loris client for the end-to-end scenarios: writes a request's head, then its pieces one by one, and
// returns what the server answered before it closed the connection.
import { connect } from 'node:net';

export interface SlowAnswer {
  readonly status: number;
  readonly message: string;
  readonly elapsedMs: number;
}

/** Writes `head`, then each of `pieces` `everyMs` apart (then nothing), until the server closes on it. */
export function slowRequest(
  baseUrl: string,
  head: string,
  pieces: ReadonlyArray<string>,
  everyMs: number,
  timeoutMs = 60_000,
): Promise<SlowAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname);
    let answer = '';
    let next = 0;
    const timer = setInterval(() => {
      if (next < pieces.length && socket.writable) socket.write(pieces[next++]!);
    }, everyMs);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server did not close within ${timeoutMs} ms; it sent ${JSON.stringify(answer)}`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined); // closed on us while we still write: the answer is what counts
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      const [statusLine = '', body = ''] = [answer.slice(0, answer.indexOf('\r\n')), answer.split('\r\n\r\n')[1]];
      let message: string;
      try {
        message = String((JSON.parse(body ?? '') as { message?: unknown }).message ?? '');
      } catch {
        message = `(not JSON: ${JSON.stringify(body)})`;
      }
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0),
        message,
        elapsedMs: Date.now() - started,
      });
    });
  });
}
