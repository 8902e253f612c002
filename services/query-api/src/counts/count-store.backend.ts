import type { DynamicModule, Type } from '@nestjs/common';
import type { HealthContributor } from '@streamkit/nest';

/** Where the counts come from: a global module providing CountStore, and the health checks that go with it. */
export interface CountStoreBackend {
  readonly module: DynamicModule;
  readonly healthContributors: ReadonlyArray<Type<HealthContributor>>;
}
