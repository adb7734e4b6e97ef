import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { EngineMetrics, engineMetrics } from './metrics';
import { stopTracing } from './tracing';

export const ENGINE_LOGGER = Symbol('EngineLogger');

/**
 * Logs through nestjs-pino (its `Logger` replaces Nest's, so every `new Logger(context)` in the
 * engine writes JSON through the one pino logger) and the process's metrics. The per-request
 * fields come from the log context (see installHttpObservability), so the request logger
 * nestjs-pino binds adds nothing of its own and logs nothing by itself.
 */
@Module({})
export class ObservabilityModule implements OnApplicationShutdown {
  /** Spans still buffered are exported before the process ends. */
  async onApplicationShutdown() {
    await stopTracing();
  }

  static forRoot(logger: Logger): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { logger, autoLogging: false, serializers: { req: () => undefined } },
        }),
      ],
      providers: [
        { provide: ENGINE_LOGGER, useValue: logger },
        { provide: EngineMetrics, useValue: engineMetrics },
      ],
      exports: [ENGINE_LOGGER, EngineMetrics],
    };
  }
}
