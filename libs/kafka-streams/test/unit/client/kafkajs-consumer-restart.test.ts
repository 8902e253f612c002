// kafkajs drops its consumer group while it restarts a crashed consumer (a broker restarting): seek, pause and
// resume then throw. The wrapper keeps what was asked and applies it at the next join, before the first fetch.
import { describe, expect, it } from '@jest/globals';
import type { Consumer } from 'kafkajs';
import { KafkajsGroupConsumer } from '../../../src/internal/client/kafkajs/consumer.js';
import { kafkajsConsumerEvents } from './support/kafkajs-consumer-events.js';

function fakeKafkajsConsumer() {
  const calls: string[] = [];
  const { events, on, emit } = kafkajsConsumerEvents();
  let group = true;
  const needsGroup = (call: string) => {
    if (!group) throw new Error('Consumer group was not initialized, consumer#run must be called first');
    calls.push(call);
  };
  const consumer = {
    events,
    on,
    run: async () => {},
    seek: ({ topic, partition, offset }: { topic: string; partition: number; offset: string }) =>
      needsGroup(`seek ${topic}:${partition}@${offset}`),
    pause: (tps: Array<{ topic: string; partitions: number[] }>) =>
      needsGroup(`pause ${tps.map((tp) => `${tp.topic}:${tp.partitions.join()}`).join(' ')}`),
    resume: (tps: Array<{ topic: string; partitions: number[] }>) =>
      needsGroup(`resume ${tps.map((tp) => `${tp.topic}:${tp.partitions.join()}`).join(' ')}`),
  };
  return {
    consumer: consumer as unknown as Consumer,
    calls,
    restarting: (value: boolean) => (group = !value),
    join: () => emit('join', { memberId: 'm', memberAssignment: { in: [0, 1] } }),
  };
}

describe('KafkajsGroupConsumer while kafkajs restarts its consumer', () => {
  it('applies the pauses and seeks asked meanwhile at the next join, before the assignment is handed on', async () => {
    const fake = fakeKafkajsConsumer();
    const wrapper = new KafkajsGroupConsumer(fake.consumer);
    const assigned: string[] = [];
    await wrapper.run(async () => {}, { onAssigned: () => void assigned.push(`assigned after ${fake.calls.length}`) });
    wrapper.pause([{ topic: 'in', partition: 0 }]);
    fake.restarting(true);
    expect(() => wrapper.seek({ topic: 'in', partition: 0, offset: 42n })).not.toThrow();
    expect(() => wrapper.pause([{ topic: 'in', partition: 1 }])).not.toThrow();
    expect(() => wrapper.resume([{ topic: 'in', partition: 1 }])).not.toThrow();
    fake.restarting(false);
    fake.join();
    // kafkajs' new group knows no pauses: partition 0 is paused again (1 was resumed), the seek applied.
    expect(fake.calls).toEqual(['pause in:0', 'pause in:0', 'seek in:0@42']);
    expect(assigned).toEqual(['assigned after 3']);
    fake.join();
    expect(fake.calls.slice(3)).toEqual(['pause in:0']); // a seek is applied once
  });

  it('rethrows anything else kafkajs refuses', async () => {
    const fake = fakeKafkajsConsumer();
    const wrapper = new KafkajsGroupConsumer(fake.consumer);
    (fake.consumer as unknown as { seek: () => void }).seek = () => {
      throw new Error('Invalid topic undefined');
    };
    expect(() => wrapper.seek({ topic: 'in', partition: 0, offset: 1n })).toThrow('Invalid topic');
  });
});
