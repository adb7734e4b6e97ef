import type { Redis } from 'ioredis';
import { APPLY_CHANGES, decodeDocument, encodeChanges, type DocumentChange, type IndexEntry, type StoredDocument } from './document-changes';
import {
  generationPointerKey,
  luaCheckpointKey,
  luaViewKey,
  POSITION_BELOW,
  RESOLVE_ACTIVE_BASE,
} from './view-generation-keys';
import type { VolumeView } from './volume-view';
import type { VolumeViewRepository } from './volume-view.repository';

// Every script resolves the active generation itself (see view-generation-keys.ts): the projector
// and the readers follow a rebuild's swap from their next call on. Arguments: KEYS[1] pointer,
// ARGV[1] prefix, then the script's own.
const ADVANCE_CHECKPOINT = `
${POSITION_BELOW}
local checkpointKey = ${luaCheckpointKey('base')}
local checkpoint = redis.call('GET', checkpointKey)
if (not checkpoint) or below(checkpoint, ARGV[2]) then
  redis.call('SET', checkpointKey, ARGV[2])
end`;

const GET_MANY = `${RESOLVE_ACTIVE_BASE}
local views = {}
for i = 2, #ARGV do views[i - 1] = redis.call('HGET', ${luaViewKey('base', 'ARGV[i]')}, 'view') end
return views`;

// The view only moves to a higher revision and the checkpoint only forwards, in one atomic step;
// the documents the event changed are written with the view, or not at all (a redelivery).
// ARGV: prefix, checkpoint, volume id, view, revision, then the encoded changes.
const SAVE = `${RESOLVE_ACTIVE_BASE}
${APPLY_CHANGES}
local viewKey = ${luaViewKey('base', 'ARGV[3]')}
local current = redis.call('HGET', viewKey, 'revision')
if (not current) or tonumber(current) < tonumber(ARGV[5]) then
  redis.call('HSET', viewKey, 'view', ARGV[4], 'revision', ARGV[5])
  applyChanges(base, 6)
end
${ADVANCE_CHECKPOINT}
return 1`;

const SAVE_CHECKPOINT = `${RESOLVE_ACTIVE_BASE}
${ADVANCE_CHECKPOINT}
return 1`;

const CHECKPOINT = `${RESOLVE_ACTIVE_BASE}
return redis.call('GET', ${luaCheckpointKey('base')})`;

// Unlike SAVE, also overwrites a view at the same revision: the repair of a view that drifted,
// with the changes of its whole stream, which leave its documents as the log says.
// ARGV: prefix, volume id, view, revision, then the encoded changes. Returns 1 when written.
const REPLACE = `${RESOLVE_ACTIVE_BASE}
${APPLY_CHANGES}
local viewKey = ${luaViewKey('base', 'ARGV[2]')}
local current = redis.call('HGET', viewKey, 'revision')
if (not current) or tonumber(current) <= tonumber(ARGV[4]) then
  redis.call('HSET', viewKey, 'view', ARGV[3], 'revision', ARGV[4])
  applyChanges(base, 5)
  return 1
end
return 0`;

// ARGV: prefix, index key suffix.
const INDEX = `${RESOLVE_ACTIVE_BASE}
return redis.call('ZREVRANGE', base .. ARGV[2], 0, -1, 'WITHSCORES')`;

// ARGV: prefix, document key suffixes.
const DOCUMENTS = `${RESOLVE_ACTIVE_BASE}
local documents = {}
for i = 2, #ARGV do documents[i - 1] = redis.call('HGETALL', base .. ARGV[i]) end
return documents`;

export class RedisVolumeViewRepository implements VolumeViewRepository {
  private readonly pointer: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'cinder',
  ) {
    this.pointer = generationPointerKey(prefix);
  }

  async get(volumeId: string): Promise<VolumeView | null> {
    const [view] = await this.getMany([volumeId]);
    return view;
  }

  async getMany(volumeIds: readonly string[]): Promise<Array<VolumeView | null>> {
    if (volumeIds.length === 0) return [];
    const found = (await this.redis.eval(GET_MANY, 1, this.pointer, this.prefix, ...volumeIds)) as Array<string | null>;
    return found.map((json) => (json ? (JSON.parse(json) as VolumeView) : null));
  }

  async save(view: VolumeView, checkpoint: bigint, changes: readonly DocumentChange[] = []) {
    await this.redis.eval(
      SAVE, 1, this.pointer, this.prefix, checkpoint.toString(), view.id, JSON.stringify(view), String(view.revision),
      ...encodeChanges(changes),
    );
  }

  async saveCheckpoint(checkpoint: bigint) {
    await this.redis.eval(SAVE_CHECKPOINT, 1, this.pointer, this.prefix, checkpoint.toString());
  }

  async checkpoint() {
    const value = (await this.redis.eval(CHECKPOINT, 1, this.pointer, this.prefix)) as string | null;
    return value === null ? undefined : BigInt(value);
  }

  async index(key: string): Promise<IndexEntry[]> {
    const flat = (await this.redis.eval(INDEX, 1, this.pointer, this.prefix, key)) as string[];
    const entries: IndexEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) entries.push({ member: flat[i], score: Number(flat[i + 1]) });
    return entries;
  }

  async documents(keys: readonly string[]): Promise<Array<StoredDocument | null>> {
    if (keys.length === 0) return [];
    const found = (await this.redis.eval(DOCUMENTS, 1, this.pointer, this.prefix, ...keys)) as string[][];
    return found.map((flat) => {
      const fields: Record<string, string> = {};
      for (let i = 0; i < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
      return decodeDocument(fields);
    });
  }

  /**
   * Overwrites the active view unless the projector has already stored a later revision, and
   * applies `changes` (those of the view's whole stream) with it.
   */
  async replace(view: VolumeView, changes: readonly DocumentChange[] = []): Promise<boolean> {
    const written = await this.redis.eval(
      REPLACE, 1, this.pointer, this.prefix, view.id, JSON.stringify(view), String(view.revision), ...encodeChanges(changes),
    );
    return written === 1;
  }

  async close() {
    this.redis.disconnect();
  }
}

