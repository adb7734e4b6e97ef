import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { OpenApiController, OpenApiDocument } from './openapi.controller';
import { OpsQueues } from './ops-queues';
import { OPS_OPTIONS, ReadinessChecks } from './readiness';

/**
 * What an operator needs of a process: /healthz, /readyz, /metrics; the API also serves
 * /openapi.json (and the queue dashboard, installed on Fastify by startApi).
 */
@Module({})
export class OpsModule {
  /**
   * `openapi`: serve /openapi.json (the API). `projectionReadiness`: /readyz also requires the read
   * model to be close to the log's head (processes that serve reads or run the projector).
   */
  static register(options: { openapi: boolean; projectionReadiness: boolean }): DynamicModule {
    return {
      module: OpsModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController, MetricsController, ...(options.openapi ? [OpenApiController] : [])],
      providers: [ReadinessChecks, OpsQueues, OpenApiDocument, { provide: OPS_OPTIONS, useValue: options }],
      exports: [OpsQueues, OpenApiDocument],
    };
  }
}
