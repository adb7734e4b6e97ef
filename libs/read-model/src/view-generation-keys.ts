/**
 * Where the volume views live in Redis. A generation is a full set of views plus the checkpoint
 * they are current to, all under one base; a pointer key names the active generation's base.
 * Without a pointer the active base is the prefix itself, which is where views lived before
 * generations existed, so an existing Redis keeps working unchanged.
 */
const VIEW_INFIX = ':volume:';
const CHECKPOINT_SUFFIX = ':projection:volumes:checkpoint';

export const viewKey = (base: string, volumeId: string) => `${base}${VIEW_INFIX}${volumeId}`;
export const checkpointKey = (base: string) => `${base}${CHECKPOINT_SUFFIX}`;
/** SCAN pattern of every view of a generation. */
export const viewKeyPattern = (base: string) => `${base}${VIEW_INFIX}*`;
export const generationPointerKey = (prefix: string) => `${prefix}:projection:volumes:generation`;
export const generationBase = (prefix: string, generation: string) => `${prefix}:views-${generation}`;

/**
 * Lua preamble: the active base into `base`. KEYS[1] is the pointer, ARGV[1] the prefix. Every
 * script that reads or writes views starts with it, so resolving the generation and using it is
 * one atomic step and a swap can never fall between them.
 */
export const RESOLVE_ACTIVE_BASE = `local base = redis.call('GET', KEYS[1]) or ARGV[1]`;

/** Lua expressions for the same keys as {@link viewKey} and {@link checkpointKey}. */
export const luaViewKey = (base: string, volumeId: string) => `${base} .. '${VIEW_INFIX}' .. ${volumeId}`;
export const luaCheckpointKey = (base: string) => `${base} .. '${CHECKPOINT_SUFFIX}'`;

/**
 * Lua: `below(a, b)` for positions as decimal strings (length, then digits): Lua numbers are
 * doubles and would round positions beyond 2^53.
 */
export const POSITION_BELOW = `
local function below(a, b)
  if #a ~= #b then return #a < #b end
  return a < b
end`;
