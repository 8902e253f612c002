// kafkajs rejoins under a new member id, without a REBALANCING event, when the coordinator no longer knows the
// member (its session expired while it was cut off from the broker). The wrapper reports that generation's
// partitions lost before handing on the new assignment: the runtime then closes their tasks dirty instead of keeping
// them, with their stale stores and positions, when the new assignment gives them back (#16).
import { describe, expect, it } from '@jest/globals';
import type { Consumer } from 'kafkajs';
import { KafkajsGroupConsumer } from '../../../src/internal/client/kafkajs/consumer.js';
import { kafkajsConsumerEvents } from './support/kafkajs-consumer-events.js';
import type { GroupEvents } from '../../../src/internal/client/types.js';

function fakeKafkajsConsumer() {
  const calls: string[] = [];
  const { events, on, emit } = kafkajsConsumerEvents();
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  const consumer = {
    events,
    on,
    run: async () => {},
    logger: () => quiet,
    describeGroup: () => new Promise(() => {}),
    seek: ({ topic, partition, offset }: { topic: string; partition: number; offset: string }) =>
      calls.push(`seek ${topic}:${partition}@${offset}`),
    pause: () => {},
    resume: () => {},
  };
  return {
    consumer: consumer as unknown as Consumer,
    calls,
    join: (memberId: string) => emit('join', { memberId, memberAssignment: { in: [0] } }),
    rebalancing: () => emit('rebalancing', {}),
  };
}

function recordingEvents(events: string[]): GroupEvents {
  return {
    onRebalancing: () => void events.push('rebalancing'),
    onLost: () => void events.push('lost'),
    onAssigned: (partitions) => void events.push(`assigned ${partitions.length}`),
  };
}

describe('KafkajsGroupConsumer when the coordinator forgot the member', () => {
  it('reports the partitions lost before the assignment of a join under a new member id', async () => {
    const fake = fakeKafkajsConsumer();
    const events: string[] = [];
    await new KafkajsGroupConsumer(fake.consumer).run(async () => {}, recordingEvents(events));
    fake.join('member-1');
    fake.join('member-2');
    expect(events).toEqual(['assigned 1', 'lost', 'assigned 1']);
  });

  it('reports nothing lost when a rebalance keeps the member id', async () => {
    const fake = fakeKafkajsConsumer();
    const events: string[] = [];
    await new KafkajsGroupConsumer(fake.consumer).run(async () => {}, recordingEvents(events));
    fake.join('member-1');
    fake.rebalancing();
    fake.join('member-1');
    expect(events).toEqual(['assigned 1', 'rebalancing', 'assigned 1']);
  });

  it('drops the seeks asked for the lost generation', async () => {
    const fake = fakeKafkajsConsumer();
    const wrapper = new KafkajsGroupConsumer(fake.consumer);
    await wrapper.run(async () => {}, recordingEvents([]));
    fake.join('member-1');
    (fake.consumer as unknown as { seek: () => void }).seek = () => {
      throw new Error('Consumer group was not initialized, consumer#run must be called first');
    };
    wrapper.seek({ topic: 'in', partition: 0, offset: 42n }); // deferred: kafkajs is restarting its consumer
    (fake.consumer as unknown as { seek: (p: { offset: string }) => void }).seek = ({ offset }) =>
      void fake.calls.push(`seek ${offset}`);
    fake.join('member-2');
    expect(fake.calls).toEqual([]);
  });

  it('asks the runtime to rebalance when it has no handler for lost partitions', async () => {
    const fake = fakeKafkajsConsumer();
    const events: string[] = [];
    const { onLost: _ignored, ...withoutLost } = recordingEvents(events);
    await new KafkajsGroupConsumer(fake.consumer).run(async () => {}, withoutLost);
    fake.join('member-1');
    fake.join('member-2');
    expect(events).toEqual(['assigned 1', 'rebalancing', 'assigned 1']);
  });
});
