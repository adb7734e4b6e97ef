import type { DynamicModule, FactoryProvider } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { ENGINE_CONFIG, loadConfig, type EngineConfig } from './engine-config';

/** Where @nestjs/config keeps the validated settings: `configService.get('engine')`. */
export const ENGINE_CONFIG_KEY = 'engine';

export interface LoadedEngineConfig {
  /** @nestjs/config's module, global, holding the settings `loadConfig` validated. */
  module: DynamicModule;
  config: EngineConfig;
}

/**
 * @nestjs/config with `loadConfig` as its `validate` function: one schema, read once per process.
 * A bad value rejects with loadConfig's ConfigError (naming the setting), which `runOrExplain`
 * turns into one line. Settings come from the environment only (no .env file), as documented.
 */
export async function loadEngineConfigModule(): Promise<LoadedEngineConfig> {
  let config: EngineConfig | undefined;
  const module = await ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    cache: true,
    // Returned under one key: @nestjs/config copies top-level strings back into process.env.
    validate: (env) => ({ [ENGINE_CONFIG_KEY]: (config = loadConfig(env as Record<string, string | undefined>)) }),
  });
  return { module, config: config! };
}

/** ENGINE_CONFIG as @nestjs/config validated it. */
export const engineConfigProvider: FactoryProvider<EngineConfig> = {
  provide: ENGINE_CONFIG,
  inject: [ConfigService],
  useFactory: (configService: ConfigService) => configService.getOrThrow<EngineConfig>(ENGINE_CONFIG_KEY),
};
