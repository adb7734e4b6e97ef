import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '@app/cinder-api';
import { READ_MODEL_KEYS, type IndexEntry, type OperationDocument } from '@app/read-model';
import { baseUrl } from '../volumes/command-context.factory';
import { VolumeAccess } from '../volumes/volume-access';
import { collectionLinks } from './collection-links';
import { boolFromString, paginationParams } from './list-params';
import { JobProgressReader, type JobProgress } from './job-progress';
import { QueryParams } from './query-params';
import { ReadModelQueries } from './read-model-queries';

const STATES = ['running', 'succeeded', 'failed', 'cancelled'];

/**
 * An API extension: the backend operations of a volume, or of a project (all projects for an admin
 * with all_tenants), newest first, in flight and finished: what was asked, by whom, how far it got
 * and how it ended. Fed by the `...Requested` events and their completions, failures and whatever
 * cut them short (a reset-status, a force delete); progress of a running one is the job's.
 */
@Controller()
export class OperationsController {
  constructor(
    private readonly access: VolumeAccess,
    private readonly queries: ReadModelQueries,
    private readonly jobs: JobProgressReader,
  ) {}

  @Get(['v3/:project_id/volumes/:volume_id/operations', 'v3/volumes/:volume_id/operations'])
  async ofVolume(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('volume_id') volumeId: string,
    @Param('project_id') projectId?: string,
  ) {
    const { caller } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    const query = QueryParams.fromUrl(request.url);
    const params = query.copy();
    const paging = paginationParams(params);
    const filters = operationFilters(params);
    await this.access.find(volumeId, caller);
    await this.queries.awaitFresh(reply);
    const entries = await this.queries.index(READ_MODEL_KEYS.operationsOfVolume(volumeId));
    return this.page(request, entries, filters, paging, `volumes/${volumeId}/operations`, query);
  }

  @Get(['v3/:project_id/operations', 'v3/operations'])
  async ofProject(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('project_id') projectId?: string) {
    const { caller } = request.cinder;
    this.access.checkUrlProject(projectId, caller);
    const query = QueryParams.fromUrl(request.url);
    const params = query.copy();
    const paging = paginationParams(params);
    const allTenants = caller.is_admin && params.has('all_tenants') && boolFromString(params.pop('all_tenants'));
    params.pop('all_tenants');
    const filters = operationFilters(params);
    this.access.authorize('volume:get_all', caller, { project_id: caller.project_id, user_id: caller.user_id });
    await this.queries.awaitFresh(reply);
    const entries = await this.queries.index(allTenants ? READ_MODEL_KEYS.allOperations : READ_MODEL_KEYS.operationsOfProject(caller.project_id));
    return this.page(request, entries, filters, paging, 'operations', query);
  }

  private async page(
    request: FastifyRequest,
    entries: IndexEntry[],
    matches: (operation: OperationDocument) => boolean,
    { marker, limit, offset }: { marker: string | null; limit: number; offset: number },
    collection: string,
    query: QueryParams,
  ) {
    let candidates = entries;
    if (marker !== null) {
      const at = entries.findIndex((entry) => entry.member === marker);
      if (at < 0) throw badRequest(`Marker ${marker} could not be found.`);
      candidates = entries.slice(at + 1);
    }
    const operations: OperationDocument[] = [];
    for (let i = 0; i < candidates.length && operations.length < offset + limit; i += 200) {
      const loaded = await this.queries.operations(candidates.slice(i, i + 200).map((e) => e.member));
      for (const operation of loaded) if (operation && matches(operation)) operations.push(operation);
    }
    const shown = operations.slice(offset, offset + limit);
    const jobs = await this.jobs.read(shown.filter((o) => o.job_id).map((o) => o.job_id!));
    const body: Record<string, unknown> = { operations: shown.map((o) => presentOperation(o, o.job_id ? jobs.get(o.job_id) : undefined)) };
    const links = collectionLinks(shown, { query, baseUrl: baseUrl(request), projectId: request.cinder.caller.project_id, collection, count: null });
    if (links.length) body.operations_links = links;
    return body;
  }
}

function operationFilters(params: QueryParams): (operation: OperationDocument) => boolean {
  const state = params.pop('state');
  if (state !== undefined && !STATES.includes(state)) throw badRequest(`Invalid state ${state}: must be one of ${STATES.join(', ')}.`);
  const type = params.pop('type');
  const volumeId = params.pop('volume_id');
  return (operation) =>
    (state === undefined || operation.state === state) &&
    (type === undefined || operation.type === type) &&
    (volumeId === undefined || operation.volume_id === volumeId);
}

export function presentOperation(operation: OperationDocument, job: JobProgress | undefined) {
  const progress = operation.state === 'succeeded' ? 100 : operation.state === 'running' ? (job?.progress ?? 0) : 0;
  return {
    id: operation.id,
    type: operation.type,
    state: operation.state,
    progress,
    volume_id: operation.volume_id,
    snapshot_id: operation.snapshot_id,
    project_id: operation.project_id,
    requested_at: operation.requested_at,
    requested_by: operation.requested_by,
    request_id: operation.request_id,
    started_at: job?.started_at ?? null,
    finished_at: operation.finished_at,
    error: operation.error,
    // BullMQ keeps finished jobs for a day (failed ones a week); after that only the id is known.
    job: operation.job_id ? (job ? { id: job.id, state: job.state, attempts: job.attempts } : { id: operation.job_id }) : null,
  };
}
