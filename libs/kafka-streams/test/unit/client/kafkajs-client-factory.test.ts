import { describe, expect, it } from '@jest/globals';
import { KafkajsClientFactory } from '../../../src/client/kafkajs/client-factory.js';
import type { ClientLogger } from '../../../src/client/types.js';

interface Line {
  readonly level: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>> | undefined;
}

function capturingLogger(): { logger: ClientLogger; lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Readonly<Record<string, unknown>>): void => {
      lines.push({ level, message, fields });
    };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

describe('KafkajsClientFactory', () => {
  it('creates producers without kafkajs warning about its default partitioner (the partitioner is chosen)', () => {
    const { logger, lines } = capturingLogger();
    const factory = new KafkajsClientFactory({ clientId: 'test', brokers: ['127.0.0.1:1'], logger });
    factory.producer();
    factory.transactionalProducer({ transactionalId: 'test-0_0', transactionTimeoutMs: 10_000 });
    expect(lines.filter((l) => l.message.includes('partitioner'))).toEqual([]);
  });
});
