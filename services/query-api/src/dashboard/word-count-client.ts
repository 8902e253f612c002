import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { z } from 'zod';
import type { QueryApiConfig } from '../config.js';
import type { InstanceAnswer } from './instance-directory.js';
import { instanceReportSchema, type TopologyLayout, topologyLayoutSchema } from './word-count-reports.js';

/** Asks word-count instances over HTTP what they run, within WORD_COUNT_TIMEOUT_MS. */
@Injectable()
export class WordCountClient {
  private readonly timeoutMs: number;

  constructor(config: ConfigService<QueryApiConfig, true>) {
    this.timeoutMs = config.get('WORD_COUNT_TIMEOUT_MS', { infer: true });
  }

  /** GET /state/instance of the instance at `url`: its report, or why there is none. */
  async instance(url: string): Promise<InstanceAnswer> {
    try {
      return { url, report: await this.get(`${url}/state/instance`, instanceReportSchema) };
    } catch (error) {
      return { url, error: (error as Error).message };
    }
  }

  /** GET /state/topology of the instance at `url`. */
  topology(url: string): Promise<TopologyLayout> {
    return this.get(`${url}/state/topology`, topologyLayoutSchema);
  }

  private async get<T extends z.ZodType>(url: string, schema: T): Promise<z.output<T>> {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      // fetch says "fetch failed"; what failed is in its cause (a system error code, or undici's reason).
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.timeoutMs} ms`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new Error(reason, { cause: error });
    }
    if (!response.ok) throw new Error(`answered ${response.status}`);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new Error('answered something that is not a word-count report');
    return parsed.data;
  }
}
