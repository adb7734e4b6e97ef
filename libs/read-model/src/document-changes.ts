/**
 * What one event changes in the read models beside its volume's view: field-level writes to
 * documents and entries of indexes. Keys are suffixes of a generation's base (READ_MODEL_KEYS).
 * Changes need no earlier document to be computed, so a projector, a rebuild and a repair all
 * derive them from the view before and after the event alone, and store them atomically with the
 * view; applying the same list twice leaves the same state.
 */
export type DocumentChange =
  /** Sets these fields of a document (creating it), leaving its other fields as they are. */
  | { op: 'set'; key: string; fields: Record<string, unknown> }
  | { op: 'delete'; key: string }
  | { op: 'index'; key: string; member: string; score: number }
  | { op: 'unindex'; key: string; member: string };

/** A stored document: its fields, decoded. */
export type StoredDocument = Record<string, unknown>;

/**
 * The changes as the Lua scripts read them (`cjson`): `['h', key, field, json, ...]`,
 * `['d', key]`, `['z', key, score, member]`, `['r', key, member]`. Scores travel as strings so
 * no float formatting can round them.
 */
export function encodeChanges(changes: readonly DocumentChange[]): string {
  return JSON.stringify(
    changes.map((change) => {
      switch (change.op) {
        case 'set':
          return ['h', change.key, ...Object.entries(change.fields).flatMap(([field, value]) => [field, JSON.stringify(value ?? null)])];
        case 'delete':
          return ['d', change.key];
        case 'index':
          return ['z', change.key, String(change.score), change.member];
        case 'unindex':
          return ['r', change.key, change.member];
      }
    }),
  );
}

/** Lua: applies encoded changes (ARGV-passed JSON) under a base. */
export const APPLY_CHANGES = `
local function applyChanges(base, encoded)
  if (not encoded) or encoded == '' then return end
  for _, change in ipairs(cjson.decode(encoded)) do
    local key = base .. change[2]
    local op = change[1]
    if op == 'h' then
      if #change > 2 then redis.call('HSET', key, unpack(change, 3)) end
    elseif op == 'd' then
      redis.call('DEL', key)
    elseif op == 'z' then
      redis.call('ZADD', key, change[3], change[4])
    elseif op == 'r' then
      redis.call('ZREM', key, change[3])
    end
  end
end`;

export function decodeDocument(fields: Record<string, string>): StoredDocument | null {
  const entries = Object.entries(fields);
  if (entries.length === 0) return null;
  return Object.fromEntries(entries.map(([field, json]) => [field, JSON.parse(json)]));
}

/** The same changes on plain maps: the memory repository, and tests. */
export class DocumentSpace {
  readonly documents = new Map<string, Record<string, string>>();
  readonly indexes = new Map<string, Map<string, number>>();

  apply(changes: readonly DocumentChange[]) {
    for (const change of changes) {
      switch (change.op) {
        case 'set': {
          const document = this.documents.get(change.key) ?? {};
          for (const [field, value] of Object.entries(change.fields)) document[field] = JSON.stringify(value ?? null);
          this.documents.set(change.key, document);
          break;
        }
        case 'delete':
          this.documents.delete(change.key);
          this.indexes.delete(change.key);
          break;
        case 'index': {
          const index = this.indexes.get(change.key) ?? new Map<string, number>();
          index.set(change.member, change.score);
          this.indexes.set(change.key, index);
          break;
        }
        case 'unindex': {
          const index = this.indexes.get(change.key);
          index?.delete(change.member);
          if (index && index.size === 0) this.indexes.delete(change.key);
          break;
        }
      }
    }
  }

  document(key: string): StoredDocument | null {
    const fields = this.documents.get(key);
    return fields ? decodeDocument(fields) : null;
  }

  /** Redis' ZREVRANGE order: highest score first, ties by member, descending. */
  index(key: string): IndexEntry[] {
    return [...(this.indexes.get(key) ?? new Map<string, number>()).entries()]
      .map(([member, score]) => ({ member, score }))
      .sort(newestFirst);
  }
}

export interface IndexEntry {
  member: string;
  score: number;
}

export const newestFirst = (a: IndexEntry, b: IndexEntry) =>
  b.score - a.score || (a.member < b.member ? 1 : a.member > b.member ? -1 : 0);
