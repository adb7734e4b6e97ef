import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resourceNotFound, volumeNotFound } from '@app/cinder-api';
import type { Caller } from '@app/identity';
import { READ_MODEL_KEYS, type VolumeView } from '@app/read-model';
import { baseUrl } from '../volumes/command-context.factory';
import { VolumeAccess } from '../volumes/volume-access';
import { presentVolume } from '../volumes/volume-presenter';
import { collectionLinks } from './collection-links';
import { paginationParams, processSortParams, sortParams } from './list-params';
import { listItems } from './listing';
import { QueryParams } from './query-params';
import { ReadModelQueries } from './read-model-queries';
import { summaryAllTenants, VOLUME_COLUMNS, volumeQuery } from './volume-query';

const ownProject = (caller: Caller) => ({ project_id: caller.project_id, user_id: caller.user_id });

/**
 * GET /volumes, /volumes/detail and /volumes/summary (cinder/api/v3/volumes.py), answered from
 * the read model's list indexes and views after waiting for the projector to reach the log's head
 * (read-your-writes). GET /volumes/{id} stays with VolumesController.
 */
@Controller()
export class VolumeListController {
  constructor(
    private readonly access: VolumeAccess,
    private readonly queries: ReadModelQueries,
  ) {}

  @Get(['v3/:project_id/volumes', 'v3/volumes'])
  index(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('project_id') projectId?: string) {
    return this.list(request, reply, projectId, false);
  }

  @Get(['v3/:project_id/volumes/detail', 'v3/volumes/detail'])
  detail(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('project_id') projectId?: string) {
    return this.list(request, reply, projectId, true);
  }

  @Get(['v3/:project_id/volumes/summary', 'v3/volumes/summary'])
  async summary(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('project_id') projectId?: string) {
    const { caller, version } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    if (!version.atLeast('3.12')) throw resourceNotFound();
    const allTenants = summaryAllTenants(QueryParams.fromUrl(request.url), caller.is_admin);
    this.access.authorize('volume:get_all', caller, ownProject(caller));
    await this.queries.awaitFresh(reply);
    const entries = await this.queries.index(allTenants ? READ_MODEL_KEYS.allVolumes : READ_MODEL_KEYS.volumesOfProject(caller.project_id));
    let totalSize = 0;
    let totalCount = 0;
    const metadata = new Map<string, Set<string>>();
    for (let i = 0; i < entries.length; i += 500) {
      for (const view of await this.queries.volumes(entries.slice(i, i + 500).map((e) => e.member))) {
        if (!view || view.deleted) continue;
        totalCount++;
        totalSize += view.size;
        for (const [key, value] of Object.entries(view.metadata)) metadata.set(key, (metadata.get(key) ?? new Set()).add(value));
      }
    }
    const summary: Record<string, unknown> = { total_count: totalCount, total_size: totalSize };
    if (version.atLeast('3.36')) {
      summary.metadata = Object.fromEntries([...metadata.keys()].sort().map((key) => [key, [...metadata.get(key)!].sort()]));
    }
    return { 'volume-summary': summary };
  }

  private async list(request: FastifyRequest, reply: FastifyReply, projectId: string | undefined, detail: boolean) {
    const { caller, version } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    const query = QueryParams.fromUrl(request.url);
    const params = query.copy();
    const paging = paginationParams(params);
    const requestedSort = sortParams(params);
    const filter = volumeQuery(params, caller.is_admin, version);
    this.access.authorize('volume:get_all', caller, ownProject(caller));
    const sort = processSortParams({ ...requestedSort, keys: requestedSort.keys.map((key) => (key === 'name' ? 'display_name' : key)) });
    await this.queries.awaitFresh(reply);

    let volumes: VolumeView[] = [];
    let count: number | null = filter.withCount ? 0 : null;
    if (filter.matches) {
      const matches = filter.matches;
      const marker = paging.marker === null ? null : await this.marker(paging.marker, caller);
      const scope = filter.allTenants ? READ_MODEL_KEYS.allVolumes : READ_MODEL_KEYS.volumesOfProject(caller.project_id);
      const inScope = (view: VolumeView) => filter.allTenants || view.project_id === caller.project_id;
      ({ items: volumes, count } = await listItems(
        { entries: await this.queries.index(scope), load: (ids) => this.queries.volumes(ids), matches: (view) => inScope(view) && matches(view) },
        { sort, columns: VOLUME_COLUMNS, marker, limit: paging.limit, offset: paging.offset, withCount: filter.withCount },
      ));
    }
    const base = baseUrl(request);
    const body: Record<string, unknown> = {
      volumes: volumes.map((view) => (detail ? this.present(request, view) : summaryOf(view, base))),
    };
    const links = collectionLinks(volumes, { query, baseUrl: base, projectId: caller.project_id, collection: detail ? 'volumes/detail' : 'volumes', count });
    if (links.length) body.volumes_links = links;
    if (count !== null) body.count = count;
    return body;
  }

  /** The marker is looked up as Cinder's database layer does: a volume the caller may read, not deleted. */
  private async marker(volumeId: string, caller: Caller): Promise<VolumeView> {
    const view = await this.queries.volume(volumeId);
    if (!view || view.deleted || (!caller.is_admin && view.project_id !== caller.project_id)) throw volumeNotFound(volumeId);
    return view;
  }

  private present(request: FastifyRequest, view: VolumeView) {
    const { version, caller } = request.cinder;
    return presentVolume(view, { version, caller, baseUrl: baseUrl(request), allows: (rule) => this.access.allows(rule, caller, view) });
  }
}

/** cinder/api/v2/views/volumes.py `summary`, with the same links as the detailed view. */
function summaryOf(view: VolumeView, base: string) {
  return {
    id: view.id,
    name: view.name,
    links: [
      { href: `${base}v3/${view.project_id}/volumes/${view.id}`, rel: 'self' },
      { href: `${base}${view.project_id}/volumes/${view.id}`, rel: 'bookmark' },
    ],
  };
}
