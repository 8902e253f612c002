// POSTs a body generated on the fly, so a test can upload far more than it ever holds in memory.
import { request } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { Readable } from 'node:stream';

export interface StreamedResponse {
  readonly status: number;
  readonly body: unknown;
}

/** A Readable producing `line(i)` + '\n' for i in [0, count); `onPull(bytes)` sees the running total generated. */
export function generatedLines(count: number, line: (i: number) => string, onPull: (bytes: number) => void = () => {}) {
  let i = 0;
  let bytes = 0;
  return new Readable({
    read() {
      const lines: string[] = [];
      for (; i < count && lines.length < 256; i += 1) lines.push(`${line(i)}\n`);
      if (lines.length === 0) return void this.push(null);
      const chunk = Buffer.from(lines.join(''));
      bytes += chunk.length;
      onPull(bytes);
      this.push(chunk);
    },
  });
}

export function postStream(
  server: Server,
  path: string,
  contentType: string,
  body: Readable,
): Promise<StreamedResponse> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': contentType } });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    body.pipe(req);
  });
}
