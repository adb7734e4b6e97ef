import { invalidInput } from '@app/cinder-api';
import { timeScore, type IndexEntry } from '@app/read-model';
import { isIndexOrder, type SortSpec } from './list-params';

/** The attributes of an item a filter or a sort key may name (Cinder's model columns). */
export type Columns<T> = Readonly<Record<string, (item: T) => unknown>>;

/** SQL's order as MySQL has it: NULL first, then numbers, booleans and text by value. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The order of a sort spec; an unknown key is Cinder's `Invalid sort key`. */
export function comparator<T>({ keys, dirs }: SortSpec, columns: Columns<T>): (a: T, b: T) => number {
  const getters = keys.map((key) => {
    if (!Object.prototype.hasOwnProperty.call(columns, key)) throw invalidInput('Invalid sort key');
    return columns[key];
  });
  return (a, b) => {
    for (let i = 0; i < getters.length; i++) {
      const order = compareValues(getters[i](a), getters[i](b));
      if (order !== 0) return dirs[i] === 'desc' ? -order : order;
    }
    return 0;
  };
}

export interface ListSource<T> {
  /** Every candidate, in index order (newest first). */
  entries: IndexEntry[];
  load(ids: readonly string[]): Promise<Array<T | null>>;
  matches(item: T): boolean;
}

export interface ListRequest<T> {
  sort: SortSpec;
  columns: Columns<T>;
  /** The item the client saw last: the page starts strictly after it in the sort order. */
  marker: T | null;
  limit: number;
  offset: number;
  withCount: boolean;
}

const CHUNK = 250;

/**
 * A page of a list, Cinder's way (sort, marker, offset, limit; the count of every match when
 * asked). In the indexes' own order a page reads only as many items as it needs, from just after
 * the marker; any other order, or a count, reads every candidate. A marker is compared by value,
 * so pages stay right while items are created or deleted between them.
 */
export async function listItems<T extends { id: string }>(
  source: ListSource<T>,
  request: ListRequest<T>,
): Promise<{ items: T[]; count: number | null }> {
  const order = comparator(request.sort, request.columns);
  const wanted = request.offset + request.limit;
  if (isIndexOrder(request.sort) && !request.withCount) {
    const items: T[] = [];
    // A first read sized to the page: most pages need no second.
    for await (const item of matching(source, afterMarker(source.entries, request), Math.min(CHUNK, wanted + 8))) {
      if (items.length >= wanted) break;
      items.push(item);
    }
    return { items: items.slice(request.offset, wanted), count: null };
  }
  const all: T[] = [];
  for await (const item of matching(source, source.entries)) all.push(item);
  all.sort(order);
  const marker = request.marker;
  const after = marker ? all.filter((item) => order(item, marker) > 0) : all;
  return { items: after.slice(request.offset, wanted), count: request.withCount ? all.length : null };
}

function afterMarker<T extends { id: string }>(entries: IndexEntry[], { marker, columns }: ListRequest<T>): IndexEntry[] {
  if (!marker) return entries;
  const score = timeScore(String(columns.created_at(marker)));
  return entries.filter((entry) => entry.score < score || (entry.score === score && entry.member < marker.id));
}

async function* matching<T>(source: ListSource<T>, entries: IndexEntry[], first = CHUNK): AsyncGenerator<T> {
  for (let i = 0, size = first; i < entries.length; i += size, size = CHUNK) {
    const chunk = await source.load(entries.slice(i, i + size).map((entry) => entry.member));
    for (const item of chunk) if (item && source.matches(item)) yield item;
  }
}
