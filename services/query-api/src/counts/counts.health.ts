import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { HealthContributor } from '@streamkit/nest';
import { TopWords } from './top-words.js';

/** Readiness: the counts are bootstrapped and the ranking is loaded, so every endpoint can answer. */
@Injectable()
export class CountsHealthIndicator implements HealthContributor {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly topWords: TopWords,
  ) {}

  async checkReadiness(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('counts');
    return this.topWords.loaded ? check.up() : check.down({ reason: 'bootstrapping' });
  }
}
