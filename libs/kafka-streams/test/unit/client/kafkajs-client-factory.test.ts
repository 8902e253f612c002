import { describe, expect, it } from '@jest/globals';
import kafkajs from 'kafkajs';
import { forwardKafkajsLog, KafkajsClientFactory } from '../../../src/internal/client/kafkajs/client-factory.js';
import type { ClientLogger } from '../../../src/internal/client/types.js';

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

  it('forwards kafkajs log lines with their own fields, without its timestamp and logger fields', () => {
    const { logger, lines } = capturingLogger();
    const { logLevel } = kafkajs;
    const log = { timestamp: '2024-01-01T00:00:00.000Z', logger: 'kafkajs', message: 'Crash', groupId: 'app' };
    forwardKafkajsLog(logger, { namespace: 'Consumer', level: logLevel.ERROR, label: 'ERROR', log });
    forwardKafkajsLog(logger, { namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log });
    forwardKafkajsLog(logger, { namespace: 'Consumer', level: logLevel.INFO, label: 'INFO', log });
    expect(lines).toEqual([
      { level: 'error', message: 'kafkajs Consumer: Crash', fields: { groupId: 'app' } },
      { level: 'warn', message: 'kafkajs Connection: Crash', fields: { groupId: 'app' } },
      { level: 'debug', message: 'kafkajs Consumer: Crash', fields: { groupId: 'app' } },
    ]);
  });
});
