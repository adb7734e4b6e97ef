import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService } from '@nestjs/terminus';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadinessChecks } from './readiness';

/**
 * Liveness and readiness for orchestrators (Kubernetes probes, compose health checks). Answered
 * as Terminus words them, not as Cinder faults: these are not part of the Block Storage API.
 */
@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly checks: ReadinessChecks,
  ) {}

  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process runs and its event loop answers.' })
  @ApiOkResponse({ description: '{"status":"ok"}' })
  live() {
    return { status: 'ok' };
  }

  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: the event store and Redis answer and the read model is less than READY_MAX_PROJECTION_LAG events behind.' })
  @ApiOkResponse({ description: 'Ready, with each check\'s details.' })
  @ApiServiceUnavailableResponse({ description: 'Not ready (or shutting down), with the failing checks.' })
  async ready(@Res() reply: FastifyReply) {
    try {
      const result = await this.health.check(this.checks.all());
      return reply.code(200).type('application/json').send(result);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      return reply.code(503).type('application/json').send(error.getResponse());
    }
  }
}
