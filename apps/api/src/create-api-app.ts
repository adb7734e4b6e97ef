import { Logger, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EngineConfig } from '@app/config';
import { Policy } from '@app/policy';
import { installCinderHttp } from './http/install-cinder-http';
import { PolicyModule } from './policy.module';

@Module({})
class ApiHost {}

/** Builds and starts the HTTP API on Fastify around the given root module. */
export async function startApi(rootModule: Type, config: EngineConfig): Promise<NestFastifyApplication> {
  const policyModule = PolicyModule.load(config);
  const adapter = new FastifyAdapter({
    // Cinder's max_request_body_size: a larger body is refused before it is parsed.
    bodyLimit: config.maxRequestBodySize,
    return503OnClosing: true,
    // Cinder serves /v3 and /v3/ alike; clients build URLs both ways.
    routerOptions: { ignoreTrailingSlash: true },
  });
  const root = { module: ApiHost, imports: [policyModule, rootModule] };
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: ['error', 'warn', 'log'],
    bodyParser: false,
    // Start-up errors go to runOrExplain, which names the setting, rather than a stack trace.
    abortOnError: false,
  });
  const policy = app.get(Policy);
  installCinderHttp(adapter.getInstance(), {
    strategy: config.authStrategy,
    serviceTokenRoles: config.serviceTokenRoles,
    isAdmin: (caller) => policy.enforce('context_is_admin', caller, caller),
  });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  new Logger('CinderApi').log(
    `Block Storage v3 API listening on http://${config.host}:${config.port}/ (auth: ${config.authStrategy}` +
      `${config.policyFile ? `, policy file ${config.policyFile}` : ''})`,
  );
  return app;
}
