import type { DynamicModule, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { HealthContributor } from '@streamkit/nest';

/** Where the counts and the dead letters come from: a global module providing CountStore and DeadLetterSource, and what goes with it. */
export interface CountStoreBackend {
  readonly module: DynamicModule;
  readonly healthContributors: ReadonlyArray<Type<HealthContributor>>;
  /** Set-up of the app before it listens, e.g. connecting a transport that starts once HTTP is up. */
  readonly configure?: (app: NestExpressApplication) => void;
}
