import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { DocumentChange } from './document-changes';
import { DOCUMENT_KEY_PATTERNS } from './read-model-keys';
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
 * The generations of volume views and the read models beside them (read-model-keys.ts), for
 * rebuilding them aside while the engine runs: a new generation is filled from the log under a
 * base nobody reads, then made active in one atomic step, then the old one is dropped.
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

  /**
   * Stores views, the document changes of the same events (in the order they happened) and the
   * checkpoint they are current to, atomically, in a generation being built.
   */
  async write(base: string, views: Iterable<VolumeView>, checkpoint: bigint, changes: readonly DocumentChange[] = []): Promise<void> {
    const transaction = this.redis.multi();
    for (const view of views) {
      transaction.hset(viewKey(base, view.id), 'view', JSON.stringify(view), 'revision', String(view.revision));
    }
    for (const change of changes) {
      const key = `${base}${change.key}`;
      if (change.op === 'set') {
        const fields = Object.entries(change.fields).flatMap(([field, value]) => [field, JSON.stringify(value ?? null)]);
        if (fields.length) transaction.hset(key, ...fields);
      } else if (change.op === 'delete') transaction.del(key);
      else if (change.op === 'index') transaction.zadd(key, String(change.score), change.member);
      else transaction.zrem(key, change.member);
    }
    transaction.set(checkpointKey(base), checkpoint.toString());
    const replies = (await transaction.exec()) ?? [];
    for (const [error] of replies) if (error) throw error;
  }

  async activate(base: string): Promise<Activation> {
    const [activated, value] = (await this.redis.eval(ACTIVATE, 1, this.pointer, this.prefix, base)) as [number, string];
    return activated === 1 ? { activated: true, previous: value } : { activated: false, activeCheckpoint: BigInt(value) };
  }

  /** Deletes a generation that is not active, its documents too; returns how many views it held. */
  async drop(base: string): Promise<number> {
    if (base === (await this.activeBase())) throw new Error(`Generation ${base} is active; refusing to drop it`);
    const dropped = await this.unlinkMatching(viewKeyPattern(base));
    for (const pattern of DOCUMENT_KEY_PATTERNS) await this.unlinkMatching(`${base}${pattern}`);
    await this.redis.unlink(checkpointKey(base));
    return dropped;
  }

  private async unlinkMatching(pattern: string): Promise<number> {
    let unlinked = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await this.redis.unlink(...keys);
      unlinked += keys.length;
      cursor = next;
    } while (cursor !== '0');
    return unlinked;
  }
}
