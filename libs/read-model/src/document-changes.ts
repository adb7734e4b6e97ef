/**
 * What one event changes in the read models beside its volume's view: field-level writes to
 * documents and entries of indexes. Keys are suffixes of a generation's base (READ_MODEL_KEYS).
 * Changes need no earlier document to be computed, so a projector, a rebuild and a repair all
 * derive them from the view before and after the event alone, and store them atomically with the
 * view; applying the same list twice leaves the same state.
 */
export type DocumentChange =
  /** Stores a whole document, replacing whatever the key held. */
  | { op: 'create'; key: string; document: Record<string, unknown> }
  /** Sets these fields of a document, leaving its other fields as they are. */
  | { op: 'set'; key: string; fields: Record<string, unknown> }
  | { op: 'delete'; key: string }
  | { op: 'index'; key: string; member: string; score: number }
  | { op: 'unindex'; key: string; member: string };

/** A stored document: its fields, decoded. */
export type StoredDocument = Record<string, unknown>;

/**
 * The hash field holding a document as created, in one JSON value (one field is several times
 * cheaper to write than one per attribute); fields set later are kept beside it and win.
 */
const WHOLE = '_';

/**
 * The changes as the Lua scripts read them: flat script arguments, no JSON for Redis to parse.
 * `c key json`, `h key n field json ...` (n pairs), `d key`, `z key score member`, `r key member`.
 * Scores travel as strings so no float formatting can round them; values are JSON.
 */
export function encodeChanges(changes: readonly DocumentChange[]): string[] {
  const args: string[] = [];
  for (const change of changes) {
    switch (change.op) {
      case 'create':
        args.push('c', change.key, JSON.stringify(change.document));
        break;
      case 'set': {
        const fields = Object.entries(change.fields);
        args.push('h', change.key, String(fields.length));
        for (const [field, value] of fields) args.push(field, JSON.stringify(value ?? null));
        break;
      }
      case 'delete':
        args.push('d', change.key);
        break;
      case 'index':
        args.push('z', change.key, String(change.score), change.member);
        break;
      case 'unindex':
        args.push('r', change.key, change.member);
        break;
    }
  }
  return args;
}

/** Lua: applies the changes encoded in ARGV from index `first` on, under a base. */
export const APPLY_CHANGES = `
local function applyChanges(base, first)
  local i = first
  while i <= #ARGV do
    local op = ARGV[i]
    local key = base .. ARGV[i + 1]
    if op == 'c' then
      redis.call('DEL', key)
      redis.call('HSET', key, '${WHOLE}', ARGV[i + 2])
      i = i + 3
    elseif op == 'h' then
      local n = tonumber(ARGV[i + 2])
      if n > 0 then redis.call('HSET', key, unpack(ARGV, i + 3, i + 2 + 2 * n)) end
      i = i + 3 + 2 * n
    elseif op == 'd' then
      redis.call('DEL', key)
      i = i + 2
    elseif op == 'z' then
      redis.call('ZADD', key, ARGV[i + 2], ARGV[i + 3])
      i = i + 4
    elseif op == 'r' then
      redis.call('ZREM', key, ARGV[i + 2])
      i = i + 3
    else
      return redis.error_reply('unknown document change ' .. tostring(op))
    end
  end
end`;

export function decodeDocument(fields: Record<string, string>): StoredDocument | null {
  const entries = Object.entries(fields);
  if (entries.length === 0) return null;
  const document: StoredDocument = fields[WHOLE] === undefined ? {} : (JSON.parse(fields[WHOLE]) as StoredDocument);
  for (const [field, json] of entries) if (field !== WHOLE) document[field] = JSON.parse(json);
  return document;
}

/** The same changes on plain maps: the memory repository, and tests. */
export class DocumentSpace {
  readonly documents = new Map<string, Record<string, string>>();
  readonly indexes = new Map<string, Map<string, number>>();

  apply(changes: readonly DocumentChange[]) {
    for (const change of changes) {
      switch (change.op) {
        case 'create':
          this.documents.set(change.key, { [WHOLE]: JSON.stringify(change.document) });
          break;
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

/**
 * The same final state in fewer commands, for a rebuild's page: the changes of one document are
 * merged into its creation (or into one set of fields) until it is deleted or created again, and
 * only the last of the index changes of one entry is kept. (Keys
 * of documents and of indexes never overlap.)
 */
export function compactChanges(changes: readonly DocumentChange[]): DocumentChange[] {
  const out: Array<DocumentChange | null> = [];
  const openSets = new Map<string, number>();
  const lastEntry = new Map<string, number>();
  for (const change of changes) {
    if (change.op === 'create') {
      const at = openSets.get(change.key);
      if (at !== undefined) out[at] = null;
      openSets.set(change.key, out.length);
      out.push({ op: 'create', key: change.key, document: { ...change.document } });
    } else if (change.op === 'set') {
      const at = openSets.get(change.key);
      const open = at === undefined ? null : out[at];
      if (open?.op === 'create') {
        Object.assign(open.document, change.fields);
        continue;
      }
      if (open?.op === 'set') {
        Object.assign(open.fields, change.fields);
        continue;
      }
      openSets.set(change.key, out.length);
      out.push({ op: 'set', key: change.key, fields: { ...change.fields } });
    } else if (change.op === 'delete') {
      const at = openSets.get(change.key);
      if (at !== undefined) out[at] = null;
      openSets.delete(change.key);
      out.push(change);
    } else {
      const entry = `${change.key}\u0000${change.member}`;
      const at = lastEntry.get(entry);
      if (at !== undefined) out[at] = null;
      lastEntry.set(entry, out.length);
      out.push(change);
    }
  }
  return out.filter((change): change is DocumentChange => change !== null);
}
