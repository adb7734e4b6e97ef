import type { Redis } from 'ioredis';
import type { VolumeView } from './volume-view';
import type { VolumeViewRepository } from './volume-view.repository';

// Positions are compared as decimal strings (length, then digits): Lua numbers are doubles and
// would round positions beyond 2^53.
const ADVANCE_CHECKPOINT = `
local function below(a, b)
  if #a ~= #b then return #a < #b end
  return a < b
end
local checkpoint = redis.call('GET', KEYS[2])
if (not checkpoint) or below(checkpoint, ARGV[3]) then
  redis.call('SET', KEYS[2], ARGV[3])
end`;

// One script call per event: the view only moves to a higher revision and the checkpoint only
// forwards, both in the same atomic step.
const SAVE = `
local current = redis.call('HGET', KEYS[1], 'revision')
if (not current) or tonumber(current) < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'view', ARGV[1], 'revision', ARGV[2])
end
${ADVANCE_CHECKPOINT}
return 1`;

const SAVE_CHECKPOINT = `
${ADVANCE_CHECKPOINT}
return 1`;

export class RedisVolumeViewRepository implements VolumeViewRepository {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'cinder',
  ) {}

  private viewKey(volumeId: string) {
    return `${this.prefix}:volume:${volumeId}`;
  }

  private get checkpointKey() {
    return `${this.prefix}:projection:volumes:checkpoint`;
  }

  async get(volumeId: string): Promise<VolumeView | null> {
    const json = await this.redis.hget(this.viewKey(volumeId), 'view');
    return json ? (JSON.parse(json) as VolumeView) : null;
  }

  async save(view: VolumeView, checkpoint: bigint) {
    await this.redis.eval(
      SAVE, 2, this.viewKey(view.id), this.checkpointKey,
      JSON.stringify(view), String(view.revision), checkpoint.toString(),
    );
  }

  async saveCheckpoint(checkpoint: bigint) {
    // Same argument layout as SAVE, so the shared checkpoint code reads KEYS[2] and ARGV[3].
    await this.redis.eval(SAVE_CHECKPOINT, 2, '', this.checkpointKey, '', '', checkpoint.toString());
  }

  async checkpoint() {
    const value = await this.redis.get(this.checkpointKey);
    return value === null ? undefined : BigInt(value);
  }

  async close() {
    this.redis.disconnect();
  }
}
