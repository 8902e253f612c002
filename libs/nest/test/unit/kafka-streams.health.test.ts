import { describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { KafkaStreams, KafkaStreamsState } from '@streamkit/kafka-streams';
import { KafkaStreamsHealthIndicator } from '../../src/health/kafka-streams.health.js';

function indicatorFor(state: KafkaStreamsState, error?: Error): KafkaStreamsHealthIndicator {
  const streams = { state, error } as unknown as KafkaStreams;
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

  it('names the error that stopped the app', async () => {
    const result = await indicatorFor('ERROR', new Error('source topic gone')).checkLiveness();
    expect(result.kafkaStreams).toEqual({ status: 'down', state: 'ERROR', message: 'source topic gone' });
  });
});
