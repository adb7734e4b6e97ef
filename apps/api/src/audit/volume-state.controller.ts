import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { parseIsoTime } from '@app/audit';
import { badRequest, CinderFault } from '@app/cinder-api';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { VOLUME_LOG, volumeAt, type StateAt } from '@app/read-model';
import { baseUrl } from '../volumes/command-context.factory';
import { presentVolume } from '../volumes/volume-presenter';
import { VolumeAccess } from '../volumes/volume-access';

/**
 * An API extension for time travel: GET /v3/{project_id}/volumes/{volume_id}/state?at=REVISION|TIME
 * answers the volume as GET /v3/{project_id}/volumes/{volume_id} would have shown it right after
 * the event at that revision (or the last event at or before that time): the same fold as
 * `cinder-engine state --at`. Whoever may see the volume now may see its past; anyone else gets
 * the volume's 404.
 */
@Controller()
export class VolumeStateController {
  constructor(
    private readonly access: VolumeAccess,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @ApiOperation({ summary: 'The volume as it was right after the event at a revision, or at a time (time travel).' })
  @ApiQuery({ name: 'at', required: false, description: 'A revision (0 is the first event) or an ISO 8601 time; the newest when absent.' })
  @Get(['v3/:project_id/volumes/:volume_id/state', 'v3/volumes/:volume_id/state'])
  async state(
    @Req() request: FastifyRequest,
    @Query() query: Record<string, unknown>,
    @Param('volume_id') volumeId: string,
    @Param('project_id') projectId?: string,
  ) {
    const { caller, version } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    const text = typeof query.at === 'string' ? query.at : Array.isArray(query.at) ? String(query.at[0]) : undefined;
    const requested = text === undefined ? undefined : stateAt(text);
    await this.access.find(volumeId, caller);
    const events = await this.store.readStream(VOLUME_LOG.streamId(volumeId));
    const head = events[events.length - 1].revision;
    if (requested && 'revision' in requested && requested.revision > head) {
      throw new CinderFault(404, `Volume ${volumeId} has no revision ${requested.revision}; its last is ${head}.`);
    }
    const { view, event } = volumeAt(events, requested ?? { revision: head });
    if (!view || !event) throw new CinderFault(404, `Volume ${volumeId} did not exist yet at ${text}.`);
    const allows = (rule: string) => this.access.allows(rule, caller, view);
    return { volume: presentVolume(view, { version, caller, allows, baseUrl: baseUrl(request) }), revision: event.revision, recorded_at: event.recordedAt };
  }
}

function stateAt(text: string): StateAt {
  if (/^\d+$/.test(text)) return { revision: Number(text) };
  const time = /^-?\d+$/.test(text) ? null : parseIsoTime(text);
  if (time === null) throw badRequest(`Invalid at ${text}: give a revision (0 or more) or an ISO 8601 time such as 2026-11-27T10:00:00Z.`);
  return { time };
}
