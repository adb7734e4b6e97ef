import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { findHeadPosition } from '@app/audit';
import type { EventStore } from '@app/event-store';
import { READ_MODEL_KEYS } from './read-model-keys';
import { RedisViewGenerations } from './redis-view-generations';
import { RedisVolumeViewRepository } from './redis-volume-view.repository';

/** The one projection: each event's view, list entries, snapshots and operations are stored together. */
export const VOLUMES_PROJECTION = 'volumes';
const READ_MODELS = ['volume views', 'volume lists', 'snapshots', 'backend operations'];

const rateKey = (prefix: string, projection: string, instance: string) => `${prefix}:projection:${projection}:rate:${instance}`;
const RATE_TTL_MS = 15_000;
const WINDOW_MS = 10_000;

export interface ProjectorInstanceRate {
  instance: string;
  /** Events handled per second over the last ten seconds. */
  events_per_second: number;
  /** Events handled since the process started. */
  handled: number;
  position: string | null;
  updated_at: string;
}

/**
 * How fast one projector process goes, published to Redis every second (and expiring when the
 * process is gone), so the API and the CLI can show it without asking the process.
 */
export class ProjectionRateMeter {
  private handled = 0;
  private position: bigint | null = null;
  private samples: Array<{ at: number; handled: number }> = [];
  private timer: NodeJS.Timeout | null = null;
  readonly instance = `${hostname()}:${process.pid}`;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly projection = VOLUMES_PROJECTION,
  ) {}

  record(position: bigint) {
    this.handled++;
    this.position = position;
  }

  start(intervalMs = 1000) {
    this.samples = [{ at: Date.now(), handled: this.handled }];
    this.timer ??= setInterval(() => void this.publish().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.redis.del(rateKey(this.prefix, this.projection, this.instance)).catch(() => undefined);
  }

  current(): ProjectorInstanceRate {
    const now = Date.now();
    this.samples.push({ at: now, handled: this.handled });
    this.samples = this.samples.filter((sample, i) => i === this.samples.length - 1 || now - sample.at <= WINDOW_MS);
    const oldest = this.samples[0];
    const seconds = (now - oldest.at) / 1000;
    return {
      instance: this.instance,
      events_per_second: seconds > 0 ? Math.round(((this.handled - oldest.handled) / seconds) * 10) / 10 : 0,
      handled: this.handled,
      position: this.position?.toString() ?? null,
      updated_at: new Date(now).toISOString(),
    };
  }

  private async publish() {
    await this.redis.set(rateKey(this.prefix, this.projection, this.instance), JSON.stringify(this.current()), 'PX', RATE_TTL_MS);
  }
}

export interface ProjectionStatus {
  name: string;
  read_models: string[];
  /** The Redis base of the active generation. */
  generation: string;
  /** Position of the last event the projection handled; null before the first. */
  checkpoint: string | null;
  /** Position of the newest event in the log; null for an empty log. */
  head: string | null;
  /** Events stored after the checkpoint (of every stream; the projection skips other streams quickly). */
  lag_events: number;
  /** False when there were more than could be counted cheaply: lag_events is then a lower bound. */
  lag_exact: boolean;
  /** The sum over the live projector processes. */
  events_per_second: number;
  /** At that rate, how long until the projection is current; null when it is stalled behind. */
  catch_up_seconds: number | null;
  projectors: ProjectorInstanceRate[];
  /** Documents in the active generation. */
  documents: { volumes: number; snapshots: number; operations: number };
}

export interface ProjectionStatusOptions {
  /** Counting the lag stops here. */
  maxLagCount?: number;
}

/**
 * Lag and rate of each projection: for the admin endpoint (`GET /v3/{project_id}/projections`),
 * metrics scrapers and the CLI. Reads Redis and the log only; works while the engine runs.
 */
export async function projectionStatus(
  store: EventStore,
  redis: Redis,
  prefix: string,
  { maxLagCount = 10_000 }: ProjectionStatusOptions = {},
): Promise<ProjectionStatus[]> {
  const generation = await new RedisViewGenerations(redis, prefix).activeBase();
  const checkpoint = await new RedisVolumeViewRepository(redis, prefix).checkpoint();
  let lag = 0;
  let head: bigint | null = checkpoint ?? null;
  let exact = true;
  for (let after = checkpoint; ; ) {
    const page = await store.readAll({ after, maxCount: Math.min(1000, maxLagCount - lag) });
    if (page.length === 0) break;
    lag += page.length;
    after = head = page[page.length - 1].position;
    if (lag >= maxLagCount) {
      exact = (await store.readAll({ after, maxCount: 1 })).length === 0;
      if (!exact) head = await findHeadPosition(store);
      break;
    }
  }
  const projectors = await instanceRates(redis, prefix, VOLUMES_PROJECTION);
  const rate = Math.round(projectors.reduce((sum, p) => sum + p.events_per_second, 0) * 10) / 10;
  const [volumes, snapshots, operations] = await Promise.all(
    [READ_MODEL_KEYS.allVolumes, READ_MODEL_KEYS.allSnapshots, READ_MODEL_KEYS.allOperations].map((key) => redis.zcard(`${generation}${key}`)),
  );
  return [
    {
      name: VOLUMES_PROJECTION,
      read_models: READ_MODELS,
      generation,
      checkpoint: checkpoint?.toString() ?? null,
      head: head?.toString() ?? null,
      lag_events: lag,
      lag_exact: exact,
      events_per_second: rate,
      catch_up_seconds: lag === 0 ? 0 : rate > 0 ? Math.ceil(lag / rate) : null,
      projectors,
      documents: { volumes, snapshots, operations },
    },
  ];
}

async function instanceRates(redis: Redis, prefix: string, projection: string): Promise<ProjectorInstanceRate[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', rateKey(prefix, projection, '*'), 'COUNT', 100);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  return values
    .filter((value): value is string => value !== null)
    .map((value) => JSON.parse(value) as ProjectorInstanceRate)
    .sort((a, b) => a.instance.localeCompare(b.instance));
}
