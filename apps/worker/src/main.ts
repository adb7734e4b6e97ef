import 'reflect-metadata';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { loadEngineConfigModule } from '@app/config';
import { runOrExplain } from '@app/infrastructure';
import { createEngineLogger, ENGINE_LOGGER, installHttpObservability, ObservabilityModule, secretsOf, startTracing } from '@app/observability';
import { logSettings } from '../../api/src/create-api-app';
import { OpsModule } from '../../api/src/ops/ops.module';
import { WorkerModule } from './worker.module';

@Module({})
class WorkerHost {}

/**
 * The worker half: reactor, projector and backend jobs (WORKER_ROLES chooses). With OPS_PORT it
 * also serves /healthz, /readyz and /metrics for orchestrators and Prometheus.
 */
async function startWorker() {
  const { module: configModule, config } = await loadEngineConfigModule();
  const service = config.workerRoles.length === 1 ? `cinder-${config.workerRoles[0]}` : 'cinder-worker';
  startTracing({ endpoint: config.otlpEndpoint, serviceName: config.otelServiceName ?? service });
  const logger = createEngineLogger({ level: config.logLevel, service, secrets: secretsOf(config) });
  logSettings(logger, config);
  const root: DynamicModule = {
    module: WorkerHost,
    imports: [configModule, ObservabilityModule.forRoot(logger), WorkerModule, ...(config.opsPort !== null ? [OpsModule.register({ openapi: false, projectionReadiness: config.workerRoles.includes('projector') })] : [])],
  };
  if (config.opsPort === null) {
    const app = await NestFactory.createApplicationContext(root, { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(PinoNestLogger));
    app.enableShutdownHooks();
    await app.init();
    new Logger('Worker').log(`Worker started (${config.workerRoles.join(', ')})`);
    return app;
  }
  const adapter = new FastifyAdapter({ return503OnClosing: true });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(PinoNestLogger));
  installHttpObservability(adapter.getInstance(), { logger: app.get(ENGINE_LOGGER), quietPaths: ['/healthz', '/readyz', '/metrics'] });
  app.enableShutdownHooks();
  await app.listen(config.opsPort, config.host);
  new Logger('Worker').log(`Worker started (${config.workerRoles.join(', ')}); health and metrics on http://${config.host}:${config.opsPort}/`);
  return app;
}

runOrExplain('worker', startWorker);
