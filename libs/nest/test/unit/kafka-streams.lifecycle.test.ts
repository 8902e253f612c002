// KafkaStreamsLifecycle (KafkaStreamsModule's default lifecycle) with the streams app replaced by a fake.
import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { KafkaStreams } from '@streamkit/kafka-streams';
import { StartAbortedError } from '@streamkit/kafka-streams';
import { KafkaStreamsLifecycle } from '../../src/streams/kafka-streams.lifecycle.js';
import type { KafkaStreamsModuleOptions } from '../../src/streams/kafka-streams.options.js';

const lifecycle = (start: () => Promise<void>, options: Partial<KafkaStreamsModuleOptions> = {}) =>
  new KafkaStreamsLifecycle({ start } as unknown as KafkaStreams, options as KafkaStreamsModuleOptions);

describe('KafkaStreamsLifecycle', () => {
  it('starts the streams app on bootstrap and fails the bootstrap with the error that stopped it', async () => {
    let started = 0;
    await lifecycle(async () => void started++).onApplicationBootstrap();
    expect(started).toBe(1);
    const failure = new Error('Missing source topic: sentences');
    await expect(lifecycle(() => Promise.reject(failure)).onApplicationBootstrap()).rejects.toBe(failure);
  });

  it('treats a start aborted by the shutdown as a normal end of the start-up', async () => {
    Logger.overrideLogger(false);
    try {
      await expect(
        lifecycle(() => Promise.reject(new StartAbortedError())).onApplicationBootstrap(),
      ).resolves.toBeUndefined();
    } finally {
      Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']);
    }
  });

  it('leaves the start to the transport with lifecycle: transport', async () => {
    let started = 0;
    await lifecycle(async () => void started++, { lifecycle: 'transport' }).onApplicationBootstrap();
    expect(started).toBe(0);
  });
});
