import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { ConfigError, ENGINE_CONFIG } from './engine-config';
import { engineConfigProvider, loadEngineConfigModule } from './engine-config.module';

describe('@nestjs/config with loadConfig as its validate function', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('rejects a bad value with the ConfigError naming the setting', async () => {
    process.env.SHUTDOWN_GRACE_MS = 'soon';
    await expect(loadEngineConfigModule()).rejects.toThrow(ConfigError);
    await expect(loadEngineConfigModule()).rejects.toThrow(/SHUTDOWN_GRACE_MS must be a whole number/);
  });

  it('serves the validated settings as ENGINE_CONFIG and through ConfigService', async () => {
    process.env.PORT = '9999';
    process.env.LOG_LEVEL = 'debug';
    const { module, config } = await loadEngineConfigModule();
    const app = await Test.createTestingModule({ imports: [module], providers: [engineConfigProvider] }).compile();
    expect(app.get(ENGINE_CONFIG)).toBe(config);
    expect(config).toMatchObject({ port: 9999, logLevel: 'debug' });
    expect(app.get(ConfigService).get('engine.port')).toBe(9999);
    // Nothing of the parsed settings leaks back into the environment.
    expect(process.env.port).toBeUndefined();
    await app.close();
  });
});
