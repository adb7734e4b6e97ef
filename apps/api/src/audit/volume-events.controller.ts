import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { VOLUME_LOG } from '@app/read-model';
import { baseUrl } from '../volumes/command-context.factory';
import { VolumeAccess } from '../volumes/volume-access';
import { pageRequest, volumeEventsPage } from './volume-events-page';

/**
 * An API extension: GET /v3/{project_id}/volumes/{volume_id}/events?limit=&marker= answers a
 * volume's event history, paginated Cinder's way (`events_links` with a `next` link). Whoever may
 * see the volume (its project, or an admin, under `volume:get`) may see its history; anyone else
 * gets the same 404 as for the volume itself.
 */
@Controller()
export class VolumeEventsController {
  constructor(
    private readonly access: VolumeAccess,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get(['v3/:project_id/volumes/:volume_id/events', 'v3/volumes/:volume_id/events'])
  async list(
    @Req() request: FastifyRequest,
    @Query() query: Record<string, unknown>,
    @Param('volume_id') volumeId: string,
    @Param('project_id') projectId?: string,
  ) {
    const { caller } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    const paging = pageRequest(query);
    await this.access.find(volumeId, caller);
    const events = await this.store.readStream(VOLUME_LOG.streamId(volumeId));
    const page = volumeEventsPage(events, VOLUME_LOG.decode, paging);
    if (page.next === null) return { events: page.events };
    const next = new URL(request.url, baseUrl(request));
    next.searchParams.set('limit', String(paging.limit));
    next.searchParams.set('marker', page.next);
    return { events: page.events, events_links: [{ href: next.toString(), rel: 'next' }] };
  }
}
