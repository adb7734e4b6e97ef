import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CinderFault } from '@app/cinder-api';
import type { Caller } from '@app/identity';
import { READ_MODEL_KEYS, type SnapshotDocument } from '@app/read-model';
import { baseUrl } from '../volumes/command-context.factory';
import { VolumeAccess } from '../volumes/volume-access';
import { collectionLinks } from './collection-links';
import { paginationParams, processSortParams, sortParams } from './list-params';
import { listItems } from './listing';
import { QueryParams } from './query-params';
import { ReadModelQueries } from './read-model-queries';
import { SNAPSHOT_COLUMNS, snapshotQuery } from './snapshot-query';
import { presentSnapshot } from './snapshot-view';

export const snapshotNotFound = (id: string) => new CinderFault(404, `Snapshot ${id} could not be found.`);

const ownProject = (caller: Caller) => ({ project_id: caller.project_id, user_id: caller.user_id });

/**
 * GET /snapshots, /snapshots/detail and /snapshots/{id} (cinder/api/v3/snapshots.py). Snapshots
 * live in their volume's stream; the read model keeps a document per snapshot (naming its
 * volume) and a list index per project.
 */
@Controller()
export class SnapshotQueriesController {
  constructor(
    private readonly access: VolumeAccess,
    private readonly queries: ReadModelQueries,
  ) {}

  @Get(['v3/:project_id/snapshots', 'v3/snapshots'])
  index(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('project_id') projectId?: string) {
    return this.list(request, reply, projectId, false);
  }

  @Get(['v3/:project_id/snapshots/detail', 'v3/snapshots/detail'])
  detail(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('project_id') projectId?: string) {
    return this.list(request, reply, projectId, true);
  }

  @Get(['v3/:project_id/snapshots/:snapshot_id', 'v3/snapshots/:snapshot_id'])
  async show(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('snapshot_id') snapshotId: string,
    @Param('project_id') projectId?: string,
  ) {
    const { caller, version } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    const snapshot = await this.queries.snapshot(snapshotId, reply);
    // Another project's snapshot does not exist for a non-admin (Cinder's project_only read).
    if (!snapshot || (!caller.is_admin && snapshot.project_id !== caller.project_id)) throw snapshotNotFound(snapshotId);
    this.access.authorize('volume:get_snapshot', caller, snapshot);
    const extendedAttributes = this.access.allows('volume_extension:extended_snapshot_attributes', caller, ownProject(caller));
    return { snapshot: presentSnapshot(snapshot, { version, detail: true, extendedAttributes }) };
  }

  private async list(request: FastifyRequest, reply: FastifyReply, projectId: string | undefined, detail: boolean) {
    const { caller, version } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    const query = QueryParams.fromUrl(request.url);
    const params = query.copy();
    const requestedSort = sortParams(params);
    const paging = paginationParams(params);
    const filter = snapshotQuery(params, caller.is_admin, version);
    if (version.atLeast('3.30')) requestedSort.keys = requestedSort.keys.map((key) => (key === 'name' ? 'display_name' : key));
    this.access.authorize('volume:get_all_snapshots', caller, ownProject(caller));
    const sort = processSortParams(requestedSort);
    await this.queries.awaitFresh(reply);

    let snapshots: SnapshotDocument[] = [];
    let count: number | null = filter.withCount ? 0 : null;
    if (filter.matches) {
      const matches = filter.matches;
      const marker = paging.marker === null ? null : await this.marker(paging.marker, caller);
      const scope = filter.allTenants ? READ_MODEL_KEYS.allSnapshots : READ_MODEL_KEYS.snapshotsOfProject(caller.project_id);
      const inScope = (s: SnapshotDocument) => filter.allTenants || s.project_id === caller.project_id;
      ({ items: snapshots, count } = await listItems(
        { entries: await this.queries.index(scope), load: (ids) => this.queries.snapshots(ids), matches: (s) => inScope(s) && matches(s) },
        { sort, columns: SNAPSHOT_COLUMNS, marker, limit: paging.limit, offset: paging.offset, withCount: filter.withCount },
      ));
    }
    const extendedAttributes = detail && this.access.allows('volume_extension:extended_snapshot_attributes', caller, ownProject(caller));
    const body: Record<string, unknown> = {
      snapshots: snapshots.map((s) => presentSnapshot(s, { version, detail, extendedAttributes })),
    };
    const links = collectionLinks(snapshots, {
      query,
      baseUrl: baseUrl(request),
      projectId: caller.project_id,
      collection: detail ? 'snapshots/detail' : 'snapshots',
      count,
    });
    if (links.length) body.snapshots_links = links;
    if (count !== null) body.count = count;
    return body;
  }

  private async marker(snapshotId: string, caller: Caller): Promise<SnapshotDocument> {
    const [snapshot] = await this.queries.snapshots([snapshotId]);
    if (!snapshot || (!caller.is_admin && snapshot.project_id !== caller.project_id)) throw snapshotNotFound(snapshotId);
    return snapshot;
  }
}
