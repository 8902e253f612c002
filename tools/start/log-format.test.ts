import { describe, expect, it } from '@jest/globals';
import { lineFormatter, prettyEntry, splitIntoLines } from './log-format.ts';

const time = new Date(2026, 10, 24, 12, 0, 1, 234).getTime(); // local time, as the terminal shows it

describe('prettyEntry', () => {
  it('shows time, level, context, message and the other fields', () => {
    const line = prettyEntry({
      level: 'info',
      time,
      service: 'word-count',
      instance: 'word-count-1',
      context: 'KafkaStreams',
      message: 'state change',
      from: 'REBALANCING',
      to: 'RUNNING',
      tasks: ['0_1', '1_1'],
    });
    expect(line).toBe('12:00:01.234 INFO  [KafkaStreams] state change from=REBALANCING to=RUNNING tasks=["0_1","1_1"]');
  });

  it('renders an HTTP request line as method, path, status and time', () => {
    const line = prettyEntry({
      level: 'info',
      time,
      message: 'request completed',
      requestId: 'r-1',
      req: { method: 'GET', url: '/state/words/fox', headers: { host: 'x' } },
      res: { statusCode: 200 },
      responseTime: 3,
    });
    expect(line).toBe('12:00:01.234 INFO  GET /state/words/fox → 200 (3 ms) requestId=r-1');
  });
});

describe('lineFormatter', () => {
  it('prefixes every line with the padded name; JSON becomes pretty, other text stays', () => {
    const format = lineFormatter('producer', { format: 'pretty', color: false, width: 12, hue: 36 });
    expect(format(`{"level":"warn","time":${time},"message":"slow"}`)).toBe('producer     │ 12:00:01.234 WARN  slow');
    expect(format('plain text {')).toBe('producer     │ plain text {');
    expect(format('{"not":"closed"')).toBe('producer     │ {"not":"closed"');
  });

  it('passes JSON through with --log-format json, and colors when asked', () => {
    expect(lineFormatter('a', { format: 'json', color: false, width: 1, hue: 36 })('{"x":1}')).toBe('a │ {"x":1}');
    expect(lineFormatter('a', { format: 'json', color: true, width: 1, hue: 36 })('x')).toBe(
      '\u001b[36ma\u001b[0m │ x',
    );
  });
});

describe('splitIntoLines', () => {
  it('joins chunks into lines, CRLF included, and flushes the last line on end', () => {
    const lines: string[] = [];
    const splitter = splitIntoLines((line) => lines.push(line));
    splitter.write('one\r\ntw');
    splitter.write('o\nthr');
    expect(lines).toEqual(['one', 'two']);
    splitter.end();
    expect(lines).toEqual(['one', 'two', 'thr']);
  });
});
