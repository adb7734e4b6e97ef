import { Logger, Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { isVolumeActionName } from '@app/cinder-api';
import { loadEngineConfigModule, type EngineConfig } from '@app/config';
import type { IdentityOptions } from '@app/identity';
import { createEngineLogger, ENGINE_LOGGER, installHttpObservability, ObservabilityModule, secretsOf, startTracing } from '@app/observability';
import { Policy } from '@app/policy';
import { installConsoleAssets } from './console/console-assets';
import { cinderRequestId, installCinderHttp } from './http/install-cinder-http';
import { buildOpenApiDocument } from './ops/openapi-document';
import { OpenApiDocument } from './ops/openapi.controller';
import { OpsModule } from './ops/ops.module';
import { OpsQueues } from './ops/ops-queues';
import { installQueueDashboard } from './ops/queue-dashboard';
import { PolicyModule } from './policy.module';

@Module({})
class ApiHost {}

const QUIET_PATHS = ['/healthz', '/readyz', '/metrics'];

/** The HTTP application around `rootModule`: settings, logs and metrics, policy, the ops endpoints. */
function apiRoot(rootModule: Type, configModule: DynamicModule, config: EngineConfig, service: string): DynamicModule {
  return {
    module: ApiHost,
    imports: [
      configModule,
      ObservabilityModule.forRoot(createEngineLogger({ level: config.logLevel, service, secrets: secretsOf(config) })),
      PolicyModule.load(config),
      OpsModule.register({ openapi: true, projectionReadiness: true }),
      rootModule,
    ],
  };
}

function fastifyAdapter(config: EngineConfig) {
  return new FastifyAdapter({
    // Cinder's max_request_body_size: a larger body is refused before it is parsed.
    bodyLimit: config.maxRequestBodySize,
    return503OnClosing: true,
    // Cinder serves /v3 and /v3/ alike; clients build URLs both ways.
    routerOptions: { ignoreTrailingSlash: true },
    // Cinder's request ids: the same id in the answer's headers, the log lines and the events.
    genReqId: () => cinderRequestId(),
  });
}

/** Builds and starts the HTTP API on Fastify around the given root module. */
export async function startApi(rootModule: Type, service = 'cinder-api'): Promise<NestFastifyApplication> {
  const { module: configModule, config } = await loadEngineConfigModule();
  startTracing({ endpoint: config.otlpEndpoint, serviceName: config.otelServiceName ?? service });
  const root = apiRoot(rootModule, configModule, config, service);
  const adapter = fastifyAdapter(config);
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    bufferLogs: true,
    bodyParser: false,
    // Start-up errors go to runOrExplain, which names the setting, rather than a stack trace.
    abortOnError: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  logSettings(app.get(ENGINE_LOGGER), config);
  const policy = app.get(Policy);
  const identity: IdentityOptions = {
    strategy: config.authStrategy,
    serviceTokenRoles: config.serviceTokenRoles,
    isAdmin: (caller) => policy.enforce('context_is_admin', caller, caller),
  };
  installHttpObservability(adapter.getInstance(), { logger: app.get(ENGINE_LOGGER), actionOf, quietPaths: QUIET_PATHS });
  installCinderHttp(adapter.getInstance(), identity);
  closeConnectionsWhenStopping(adapter.getInstance());
  installConsoleAssets(adapter.getInstance());
  if (config.queueDashboard) {
    await installQueueDashboard(app, app.get(OpsQueues).queues, identity, (caller) => policy.enforce('admin_api', caller, caller));
  }
  app.get(OpenApiDocument).document = buildOpenApiDocument(app);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  new Logger('CinderApi').log(
    `Block Storage v3 API listening on http://${config.host}:${config.port}/ (auth: ${config.authStrategy}` +
      `${config.policyFile ? `, policy file ${config.policyFile}` : ''})`,
  );
  return app;
}

/** The OpenAPI document of the API, without starting it (no connections, no listener). */
export async function exportOpenApiDocument(rootModule: Type) {
  const { module: configModule, config } = await loadEngineConfigModule();
  const app = await NestFactory.create<NestFastifyApplication>(apiRoot(rootModule, configModule, config, 'cinder-api'), fastifyAdapter(config), {
    preview: true,
    logger: false,
    bodyParser: false,
    abortOnError: false,
  });
  const document = buildOpenApiDocument(app);
  await app.close();
  return document;
}

/**
 * Once a stop signal arrived, answers close their connections: a keep-alive connection left idle
 * would otherwise hold the shutdown until it times out. (New requests are answered 503 by the
 * adapter, `return503OnClosing`.)
 */
function closeConnectionsWhenStopping(fastify: FastifyInstance) {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => (stopping = true));
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (stopping && request.raw.httpVersionMajor < 2) reply.header('connection', 'close');
    return payload;
  });
}

/** The settings in force, once at start-up; the logger redacts the credentials among them. */
export function logSettings(logger: PinoLogger, config: EngineConfig) {
  logger.info({ settings: config }, 'Settings in force');
}

/** The volume action a request names, for the HTTP metrics: the one key of an action's body. */
function actionOf(request: FastifyRequest): string | null {
  if (request.method !== 'POST' || !request.url.split('?')[0].endsWith('/action') || !Buffer.isBuffer(request.body)) return null;
  const body = JSON.parse(request.body.toString('utf8')) as unknown;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const [name] = Object.keys(body);
  return name !== undefined && isVolumeActionName(name) ? name : 'unknown';
}
