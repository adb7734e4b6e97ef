import { Catch, Inject, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { internalError } from '@app/cinder-api';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { isBodyTooLarge, sendBodyTooLarge } from './request-size-limit';
import { sendFault } from './send-fault';
import { toFault } from './to-fault';

/** Every error leaves as Cinder's fault body; an unexpected one is logged, never shown. */
@Catch()
export class CinderExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('CinderApi');

  constructor(@Inject(ENGINE_CONFIG) private readonly config: EngineConfig) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (isBodyTooLarge(exception)) return sendBodyTooLarge(reply, this.config.maxRequestBodySize);
    const fault = toFault(exception);
    if (!fault) this.logger.error((exception as Error)?.stack ?? String(exception));
    sendFault(reply, fault ?? internalError());
  }
}
