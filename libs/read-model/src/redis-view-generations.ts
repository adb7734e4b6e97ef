import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import {
  checkpointKey,
  generationBase,
  generationPointerKey,
  luaCheckpointKey,
  POSITION_BELOW,
  RESOLVE_ACTIVE_BASE,
  viewKey,
  viewKeyPattern,
} from './view-generation-keys';
import type { VolumeView } from './volume-view';

export type Activation = { activated: true; previous: string } | { activated: false; activeCheckpoint: bigint };

// Makes `ARGV[2]` the active base only if its checkpoint has reached the active one's: the live
// projector then resumes, on the new generation, from a position that generation already covers.
// KEYS[1] pointer; ARGV: prefix, new base.
const ACTIVATE = `${RESOLVE_ACTIVE_BASE}
${POSITION_BELOW}
local active = redis.call('GET', ${luaCheckpointKey('base')})
local built = redis.call('GET', ${luaCheckpointKey('ARGV[2]')})
if active and ((not built) or below(built, active)) then return {0, active} end
redis.call('SET', KEYS[1], ARGV[2])
return {1, base}`;

/**
 * The generations of volume views, for rebuilding them aside while the engine runs: a new
 * generation is filled from the log under a base nobody reads, then made active in one atomic
 * step, then the old one is dropped.
 */
export class RedisViewGenerations {
  private readonly pointer: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'cinder',
  ) {
    this.pointer = generationPointerKey(prefix);
  }

  /** A base no generation uses yet. */
  newBase(): string {
    return generationBase(this.prefix, `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`);
  }

  async activeBase(): Promise<string> {
    return (await this.redis.get(this.pointer)) ?? this.prefix;
  }

  async views(base: string, volumeIds: readonly string[]): Promise<Map<string, VolumeView>> {
    const found = new Map<string, VolumeView>();
    if (volumeIds.length === 0) return found;
    const pipeline = this.redis.pipeline();
    for (const id of volumeIds) pipeline.hget(viewKey(base, id), 'view');
    const replies = (await pipeline.exec()) ?? [];
    replies.forEach(([error, json], i) => {
      if (error) throw error;
      if (json) found.set(volumeIds[i], JSON.parse(json as string) as VolumeView);
    });
    return found;
  }

  /** Stores views and the checkpoint they are current to, atomically, in a generation being built. */
  async write(base: string, views: Iterable<VolumeView>, checkpoint: bigint): Promise<void> {
    const transaction = this.redis.multi();
    for (const view of views) {
      transaction.hset(viewKey(base, view.id), 'view', JSON.stringify(view), 'revision', String(view.revision));
    }
    transaction.set(checkpointKey(base), checkpoint.toString());
    await transaction.exec();
  }

  async activate(base: string): Promise<Activation> {
    const [activated, value] = (await this.redis.eval(ACTIVATE, 1, this.pointer, this.prefix, base)) as [number, string];
    return activated === 1 ? { activated: true, previous: value } : { activated: false, activeCheckpoint: BigInt(value) };
  }

  /** Deletes a generation that is not active; returns how many views it held. */
  async drop(base: string): Promise<number> {
    if (base === (await this.activeBase())) throw new Error(`Generation ${base} is active; refusing to drop it`);
    let dropped = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', viewKeyPattern(base), 'COUNT', 1000);
      if (keys.length) await this.redis.unlink(...keys);
      dropped += keys.length;
      cursor = next;
    } while (cursor !== '0');
    await this.redis.unlink(checkpointKey(base));
    return dropped;
  }
}
