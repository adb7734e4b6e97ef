import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EngineMetrics } from '@app/observability';

@ApiTags('operations')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: EngineMetrics) {}

  @Get('metrics')
  @ApiOperation({ summary: "Prometheus metrics of this process (text exposition format)." })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'HTTP requests, commands, conflicts and retries, jobs, queue depth, projection lag, stranded volumes, Node.js process metrics.' })
  async scrape(@Res() reply: FastifyReply) {
    const body = await this.metrics.registry.metrics();
    return reply.code(200).header('content-type', this.metrics.registry.contentType).send(body);
  }
}
