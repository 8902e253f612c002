import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { z } from 'zod';
import { type Environment, loadConfig } from './load-config.js';

/**
 * `@nestjs/config` validated by a zod schema: inject `ConfigService<YourConfig, true>` and read typed values
 * with `config.get('PORT', { infer: true })`. Global, and reads no `.env` file (the environment is the
 * source of truth in containers).
 */
@Module({})
export class ServiceConfigModule {
  /** `env` defaults to `process.env`; tests pass their own. */
  static forRoot(schema: z.ZodType<Record<string, unknown>>, env?: Environment): Promise<DynamicModule> {
    return ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      validate: (loaded) => loadConfig(schema, env ?? loaded),
    });
  }
}
