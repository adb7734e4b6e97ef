import { Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EngineConfig } from '@app/config';
import { installCinderHttp } from './http/install-cinder-http';
import { MAX_REQUEST_BODY_SIZE } from './http/request-size-limit';

/** Builds and starts the HTTP API on Fastify around the given root module. */
export async function startApi(rootModule: Type, config: EngineConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_REQUEST_BODY_SIZE,
    return503OnClosing: true,
    // Cinder serves /v3 and /v3/ alike; clients build URLs both ways.
    routerOptions: { ignoreTrailingSlash: true },
  });
  installCinderHttp(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    logger: ['error', 'warn', 'log'],
    bodyParser: false,
  });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  new Logger('CinderApi').log(`Block Storage v3 API listening on http://${config.host}:${config.port}/`);
  return app;
}
