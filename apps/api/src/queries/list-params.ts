import { badRequest, DB_MAX_INT, invalidInput } from '@app/cinder-api';
import type { QueryParams } from './query-params';

/** Cinder's `osapi_max_limit`: the most items one list answer holds. */
export const OSAPI_MAX_LIMIT = 1000;

export interface Pagination {
  marker: string | null;
  limit: number;
  offset: number;
}

/** cinder/api/common.py `get_pagination_params`: pops limit, marker and offset. */
export function paginationParams(params: QueryParams, maxLimit = OSAPI_MAX_LIMIT): Pagination {
  const limit = limitParam(params.pop('limit'), maxLimit);
  const marker = params.pop('marker') ?? null;
  const offset = offsetParam(params.pop('offset'));
  return { marker, limit, offset };
}

export function limitParam(raw: string | undefined, maxLimit = OSAPI_MAX_LIMIT): number {
  if (raw === undefined) return maxLimit;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw badRequest('limit param must be an integer');
  const limit = Number(raw);
  if (limit < 0) throw badRequest('limit param must be positive');
  return Math.min(limit, maxLimit);
}

/** api_utils.validate_integer(offset, 'offset', 0, DB_MAX_INT). */
function offsetParam(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw badRequest('offset must be an integer');
  const offset = Number(raw);
  if (offset < 0) throw badRequest('offset must be >= 0');
  if (offset > DB_MAX_INT) throw badRequest(`offset must be <= ${DB_MAX_INT}`);
  return offset;
}

export type SortDir = 'asc' | 'desc';

export interface SortSpec {
  keys: string[];
  dirs: SortDir[];
}

/** cinder/api/common.py `get_sort_params`: pops sort, sort_key and sort_dir. */
export function sortParams(params: QueryParams): { keys: string[]; dirs: string[] } {
  if (params.has('sort') && (params.has('sort_key') || params.has('sort_dir'))) {
    throw badRequest("The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.");
  }
  const keys: string[] = [];
  const dirs: string[] = [];
  if (params.has('sort')) {
    for (const sort of params.pop('sort')!.trim().split(',')) {
      const colon = sort.indexOf(':');
      const key = colon < 0 ? sort : sort.slice(0, colon);
      const dir = colon < 0 ? '' : sort.slice(colon + 1);
      keys.push(key.trim());
      dirs.push((dir || 'desc').trim());
    }
  } else {
    keys.push((params.pop('sort_key') ?? 'created_at').trim());
    dirs.push((params.pop('sort_dir') ?? 'desc').trim());
  }
  return { keys, dirs };
}

/**
 * The database layer's `process_sort_params`: unknown directions are refused, missing ones default
 * to the first given, and created_at then id are appended so the order is total.
 */
export function processSortParams({ keys, dirs }: { keys: string[]; dirs: string[] }): SortSpec {
  for (const dir of dirs) {
    if (dir !== 'asc' && dir !== 'desc') throw invalidInput("Unknown sort direction, must be 'desc' or 'asc'.");
  }
  const resultKeys = [...keys];
  const resultDirs = [...dirs] as SortDir[];
  const defaultDir = resultDirs[0] ?? 'desc';
  for (const key of ['created_at', 'id']) {
    if (!resultKeys.includes(key)) {
      resultKeys.push(key);
      resultDirs.push(defaultDir);
    }
  }
  return { keys: resultKeys, dirs: resultDirs };
}

/** The order the list indexes keep: newest first, ties by id descending. */
export const isIndexOrder = ({ keys, dirs }: SortSpec) =>
  keys.length === 2 && keys[0] === 'created_at' && keys[1] === 'id' && dirs[0] === 'desc' && dirs[1] === 'desc';

/** oslo strutils.bool_from_string, not strict: only the true spellings are true. */
export function boolFromString(value: unknown, strict = false): boolean {
  const text = String(value).trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(text)) return true;
  if (strict && !['0', 'f', 'false', 'off', 'n', 'no'].includes(text)) throw new TypeError(`not a boolean: ${String(value)}`);
  return false;
}
