import { badRequest } from '@app/cinder-api';
import { timeScore } from '@app/read-model';
import type { Columns } from './listing';

/**
 * Cinder's generalized resource filters (cinder/api/common.py, microversion 3.31 on): a non-admin
 * may use only the keys etc/cinder/resource_filters.json allows, anything else is 400. Admins may
 * use any key; one that names no attribute finds nothing, as in Cinder's database layer.
 */
export const RESOURCE_FILTERS = {
  volume: ['name', 'status', 'metadata', 'bootable', 'migration_status', 'availability_zone', 'group_id', 'size', 'created_at', 'updated_at'],
  snapshot: ['name', 'status', 'volume_id', 'metadata', 'availability_zone'],
} as const;

const ATTRIBUTE_CONVERTERS: Readonly<Record<string, string>> = {
  'name~': 'display_name~',
  'description~': 'display_description~',
  consumes_quota: 'use_quota',
};

/** `reject_invalid_filters` then `convert_filter_attributes`. `all_tenants` is never refused. */
export function generalFiltering(filters: Map<string, unknown>, isAdmin: boolean, configured: readonly string[], supportLike: boolean) {
  for (const key of filters.keys()) {
    // eslint-disable-next-line no-control-regex
    if (!/^[\x00-\x7f]*$/.test(key)) throw badRequest('Filter keys can only contain ASCII characters.');
  }
  if (!isAdmin) {
    const invalid = [...filters.keys()].filter(
      (key) => key !== 'all_tenants' && !(configured.includes(key) || (supportLike && configured.includes(`${key}~`))),
    );
    if (invalid.length) throw badRequest(`Invalid filters ${invalid.join(',')} are found in query options.`);
  }
  for (const [from, to] of Object.entries(ATTRIBUTE_CONVERTERS)) {
    if (filters.has(from)) {
      filters.set(to, filters.get(from));
      filters.delete(from);
    }
  }
}

/** `remove_invalid_filter_options`: before 3.31, a non-admin's unknown filters are dropped silently. */
export function removeInvalidFilterOptions(filters: Map<string, unknown>, isAdmin: boolean, allowed: readonly string[]) {
  if (isAdmin) return;
  for (const key of [...filters.keys()]) if (!allowed.includes(key)) filters.delete(key);
}

const TIME_OPERATORS = ['gt', 'gte', 'eq', 'neq', 'lt', 'lte'] as const;
type TimeOperator = (typeof TIME_OPERATORS)[number];
export type TimeFilter = Partial<Record<TimeOperator, number>>;

/** `_handle_time_comparison_filters`: `created_at=gt:2026-11-27T10:00:00,lte:...` (3.60). */
export function timeComparisonFilter(name: string, value: string): TimeFilter {
  const filter: TimeFilter = {};
  for (const unit of value.split(',')) {
    const parts = unit.split(':');
    const operator = parts[0];
    const time = parts.length > 1 ? parts.slice(1).join(':') : parts[0];
    if (!(TIME_OPERATORS as readonly string[]).includes(operator)) throw badRequest(`Invalid ${operator} operator`);
    const micros = isoMicros(time);
    if (micros === null) throw badRequest(`Invalid ${time} value`);
    filter[operator as TimeOperator] = micros;
  }
  return filter;
}

/** oslo's parse_isotime (iso8601), as microseconds since the epoch in UTC. */
export function isoMicros(text: string): number | null {
  const match = /^(\d{4})-?(\d\d)-?(\d\d)(?:[T ](\d\d)(?::?(\d\d)(?::?(\d\d)(?:[.,](\d+))?)?)?)?\s*(Z|[+-]\d\d(?::?\d\d)?)?$/i.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  const base = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone.toUpperCase() === 'Z' ? 'Z' : normalizeZone(zone)}`);
  if (Number.isNaN(base)) return null;
  return base * 1000 + Number(fraction.slice(0, 6).padEnd(6, '0'));
}

const normalizeZone = (zone: string) => (zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`);

export function matchesTime(value: unknown, filter: TimeFilter): boolean {
  if (typeof value !== 'string') return false;
  const t = timeScore(value);
  return Object.entries(filter).every(([operator, at]) => {
    switch (operator as TimeOperator) {
      case 'gt':
        return t > at;
      case 'gte':
        return t >= at;
      case 'eq':
        return t === at;
      case 'neq':
        return t !== at;
      case 'lt':
        return t < at;
      case 'lte':
        return t <= at;
    }
  });
}

/** SQL equality of a column and a filter value (a list means IN); MySQL compares numbers and text by value. */
export function matchesValue(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) return wanted.some((one) => matchesValue(actual, one));
  if (wanted === null) return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  if (typeof wanted === 'boolean' || typeof actual === 'boolean') return Number(actual) === Number(wanted);
  return String(actual) === String(wanted);
}

/** `LIKE '%value%'` (`%` and `_` are wildcards), case-insensitive as MySQL's default collation. */
export function matchesLike(actual: unknown, pattern: string | number): boolean {
  if (actual === null || actual === undefined) return false;
  const regex = String(pattern)
    .split('')
    .map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(regex, 'is').test(String(actual));
}

/** Metadata filters: every pair must be present (values compared as text). */
export function matchesMetadata(metadata: Record<string, string>[], wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(([key, value]) => metadata.some((m) => Object.prototype.hasOwnProperty.call(m, key) && m[key] === String(value)));
}

/**
 * The exact, list and LIKE filters left after the special ones, as one predicate; null when a key
 * names no column (Cinder's database layer then answers an empty list).
 */
export function columnPredicate<T>(filters: Map<string, unknown>, columns: Columns<T>): ((item: T) => boolean) | null {
  const checks: Array<(item: T) => boolean> = [];
  for (const [key, value] of filters) {
    const like = key.endsWith('~');
    const column = like ? key.slice(0, -1) : key;
    if (!Object.prototype.hasOwnProperty.call(columns, column)) return null;
    const get = columns[column];
    if (like) {
      if (typeof value === 'string' || typeof value === 'number') checks.push((item) => matchesLike(get(item), value));
    } else {
      checks.push((item) => matchesValue(get(item), value));
    }
  }
  return (item) => checks.every((check) => check(item));
}
