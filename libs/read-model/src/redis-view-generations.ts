import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { APPLY_CHANGES, encodeChanges, type DocumentChange } from './document-changes';
import { DOCUMENT_KEY_PATTERNS } from './read-model-keys';
import {
  checkpointKey,
  generationBase,
  generationPointerKey,
  luaCheckpointKey,
  luaViewKey,
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

// Stores a page of a rebuild in one step: one script, not a command per view and document.
// ARGV: base, checkpoint, n, then n times (id, view, revision), then the encoded changes.
const WRITE = `${APPLY_CHANGES}
local base = ARGV[1]
local n = tonumber(ARGV[3])
for i = 4, 3 + 3 * n, 3 do
  redis.call('HSET', ${luaViewKey('base', 'ARGV[i]')}, 'view', ARGV[i + 1], 'revision', ARGV[i + 2])
end
applyChanges(base, 4 + 3 * n)
redis.call('SET', ${luaCheckpointKey('base')}, ARGV[2])
return 1`;

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
    const stored = [...views].flatMap((view) => [view.id, JSON.stringify(view), String(view.revision)]);
    await this.redis.eval(WRITE, 0, base, checkpoint.toString(), String(stored.length / 3), ...stored, ...encodeChanges(changes));
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
