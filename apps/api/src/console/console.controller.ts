import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '@app/cinder-api';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import type { Caller } from '@app/identity';
import { READ_MODEL_KEYS, type VolumeView } from '@app/read-model';
import { QueryParams } from '../queries/query-params';
import { ReadModelQueries } from '../queries/read-model-queries';
import { VolumeAccess } from '../volumes/volume-access';
import { ConsoleFeed, type ConsoleMessage } from './console-feed';
import { consoleVolumeList, consoleVolumeRow, type ConsoleVolumeFilters } from './console-volumes';

/** The console's table holds at most this many volumes, the newest. */
export const CONSOLE_MAX_VOLUMES = 5_000;
const KEEP_ALIVE_MS = 15_000;
const FILTERS = ['status', 'project_id', 'host', 'volume_type'] as const;

/**
 * API extensions behind the operator console (docs/console.md): who the caller is, the volume
 * table with its counts, throughput, and a live stream of server-sent events fed by the
 * projector's change notices. Same identity and policy as the API: `volume:get_all` for the
 * table and the stream, each scoped to the caller's project unless the caller is an admin.
 */
@ApiTags('console')
@Controller()
export class ConsoleController {
  constructor(
    private readonly access: VolumeAccess,
    private readonly queries: ReadModelQueries,
    private readonly feed: ConsoleFeed,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {}

  @ApiOperation({ summary: 'Who the caller is, as the console shows it (docs/console.md).' })
  @Get(['v3/console/session', 'v3/:project_id/console/session'])
  session(@Req() request: FastifyRequest, @Param('project_id') projectId?: string) {
    const { caller } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    return { session: this.sessionOf(caller) };
  }

  @ApiOperation({ summary: 'The console\'s volume table: rows, counts per status, filter values.' })
  @Get(['v3/console/volumes', 'v3/:project_id/console/volumes'])
  async volumes(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('project_id') projectId?: string) {
    const { caller } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    const filters = consoleFilters(QueryParams.fromUrl(request.url));
    this.authorizeList(caller);
    await this.queries.awaitFresh(reply);
    const entries = await this.queries.index(caller.is_admin ? READ_MODEL_KEYS.allVolumes : READ_MODEL_KEYS.volumesOfProject(caller.project_id));
    const shown = entries.slice(0, CONSOLE_MAX_VOLUMES);
    const views: VolumeView[] = [];
    for (let i = 0; i < shown.length; i += 500) {
      for (const view of await this.queries.volumes(shown.slice(i, i + 500).map((e) => e.member))) {
        if (view && !view.deleted && this.access.allows('volume:get', caller, view)) views.push(view);
      }
    }
    const now = Date.now();
    const rows = views.map((view) => consoleVolumeRow(view, caller, now, this.config.stuckAfterMs));
    return { ...consoleVolumeList(rows, filters), truncated: entries.length > shown.length };
  }

  @ApiOperation({ summary: 'Commands and jobs per second and the projection lag, one sample per second.' })
  @Get(['v3/console/throughput', 'v3/:project_id/console/throughput'])
  throughput(@Req() request: FastifyRequest, @Param('project_id') projectId?: string) {
    const { caller } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    const seconds = secondsParam(QueryParams.fromUrl(request.url), this.feed.throughput.seconds);
    this.authorizeList(caller);
    const samples = this.feed.throughput.samples(Date.now(), seconds, caller.is_admin ? null : caller.project_id);
    return { throughput: { interval_seconds: 1, samples } };
  }

  @ApiOperation({ summary: 'Server-sent events: volume changes, operations and throughput, live from the projector.' })
  @ApiProduces('text/event-stream')
  @Get(['v3/console/stream', 'v3/:project_id/console/stream'])
  stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('project_id') projectId?: string) {
    const { caller, requestId } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    this.authorizeList(caller);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      'x-openstack-request-id': requestId,
    });
    // A browser that went away mid-write is not an error of the engine's.
    raw.on('error', () => undefined);
    const write = (text: string) => {
      if (!raw.writableEnded && !raw.destroyed) raw.write(text);
    };
    const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('ready', { session: this.sessionOf(caller) });
    const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    const stop = this.feed.listen((message) => {
      const forwarded = this.forward(message, caller);
      if (forwarded) send(forwarded.event, forwarded.data);
      if (message.kind === 'closing' && !raw.writableEnded) raw.end();
    });
    raw.on('close', () => {
      stop();
      clearInterval(keepAlive);
    });
  }

  /** What one caller's stream sends for a message, or nothing when it is not the caller's to see. */
  private forward(message: ConsoleMessage, caller: Caller): { event: string; data: unknown } | null {
    switch (message.kind) {
      case 'volume': {
        const { change } = message;
        const target = change.volume ?? { project_id: change.project_id };
        if (!this.sees(caller, change.project_id) || !this.access.allows('volume:get', caller, target)) return null;
        const { volume_id, project_id, event_type, revision, position } = change;
        const volume = change.volume ? consoleVolumeRow(change.volume, caller, Date.now(), this.config.stuckAfterMs) : null;
        return { event: 'volume', data: { volume_id, project_id, event_type, revision, position, volume } };
      }
      case 'operation':
        return this.sees(caller, message.operation.project_id) ? { event: 'operation', data: message.operation } : null;
      case 'tick': {
        const [sample] = this.feed.throughput.samples(message.now, 1, caller.is_admin ? null : caller.project_id);
        return { event: 'throughput', data: sample };
      }
      case 'closing':
        return null;
    }
  }

  private sees(caller: Caller, projectId: string) {
    return caller.is_admin || caller.project_id === projectId;
  }

  private authorizeList(caller: Caller) {
    this.access.authorize('volume:get_all', caller, { project_id: caller.project_id, user_id: caller.user_id });
  }

  private sessionOf(caller: Caller) {
    return {
      user_id: caller.user_id,
      project_id: caller.project_id,
      roles: caller.roles,
      is_admin: caller.is_admin,
      auth_strategy: this.config.authStrategy,
      stuck_after_ms: this.config.stuckAfterMs,
    };
  }
}

function consoleFilters(params: QueryParams): ConsoleVolumeFilters {
  const filters: ConsoleVolumeFilters = {};
  for (const name of FILTERS) {
    const value = params.pop(name);
    if (value !== undefined && value !== '') filters[name] = value;
  }
  return filters;
}

function secondsParam(params: QueryParams, most: number): number {
  const text = params.pop('seconds');
  if (text === undefined) return most;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw badRequest(`Invalid seconds ${text}: give a whole number of seconds from 1 to ${most}.`);
  return Math.min(Number(text), most);
}
