import { describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import { type KafkaStreams, type KafkaStreamsState, streamsHealth } from '@streamkit/kafka-streams';
import { KafkaStreamsHealthIndicator } from '../../src/health/kafka-streams.health.js';

function indicatorFor(
  state: KafkaStreamsState,
  { error, active = [], restoring = [] }: { error?: Error; active?: string[]; restoring?: string[] } = {},
): KafkaStreamsHealthIndicator {
  const streams = {
    state,
    error,
    activeTasks: () => active,
    restoringTasks: () => restoring,
    health: () => streamsHealth({ state, restoringTasks: restoring, globalStoresBootstrapped: true, error }),
  } as unknown as KafkaStreams;
  return new KafkaStreamsHealthIndicator(new HealthIndicatorService(), streams);
}

describe('KafkaStreamsHealthIndicator', () => {
  it.each<[KafkaStreamsState, 'up' | 'down', 'up' | 'down']>([
    ['CREATED', 'down', 'up'],
    ['REBALANCING', 'down', 'up'],
    ['RUNNING', 'up', 'up'],
    ['PENDING_SHUTDOWN', 'down', 'up'],
    ['NOT_RUNNING', 'down', 'up'],
    ['PENDING_ERROR', 'down', 'down'],
    ['ERROR', 'down', 'down'],
  ])('in %s: ready %s, live %s', async (state, ready, live) => {
    const indicator = indicatorFor(state);
    expect((await indicator.checkReadiness()).kafkaStreams).toMatchObject({ status: ready, state });
    expect((await indicator.checkLiveness()).kafkaStreams).toMatchObject({ status: live, state });
  });

  it('is ready with the number of active tasks when RUNNING and nothing restores', async () => {
    const result = await indicatorFor('RUNNING', { active: ['0_0', '1_0'] }).checkReadiness();
    expect(result.kafkaStreams).toEqual({ status: 'up', state: 'RUNNING', activeTasks: 2 });
  });

  it('is not ready while a task restores, naming the tasks', async () => {
    const result = await indicatorFor('RUNNING', { active: ['0_0'], restoring: ['1_0', '1_1'] }).checkReadiness();
    expect(result.kafkaStreams).toEqual({
      status: 'down',
      state: 'RUNNING',
      activeTasks: 1,
      restoringTasks: ['1_0', '1_1'],
      message: 'restoring 2 task(s): 1_0, 1_1',
    });
  });

  it('names the error that stopped the app', async () => {
    const result = await indicatorFor('ERROR', { error: new Error('source topic gone') }).checkLiveness();
    expect(result.kafkaStreams).toEqual({ status: 'down', state: 'ERROR', message: 'failed: source topic gone' });
  });
});
