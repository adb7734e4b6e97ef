import type { Redis } from 'ioredis';
import { decodeDocument, type IndexEntry, type StoredDocument } from './document-changes';
import { DOCUMENT_KEY_PATTERNS } from './read-model-keys';
import { viewKeyPattern } from './view-generation-keys';
import type { VolumeView } from './volume-view';

/** Everything one generation holds, keyed as READ_MODEL_KEYS name it (relative to the base). */
export interface ReadModelDump {
  views: Record<string, VolumeView>;
  documents: Record<string, StoredDocument>;
  indexes: Record<string, IndexEntry[]>;
}

/**
 * Reads a whole generation, for comparing two of them document by document (a rebuild from the
 * log against the live read model). Meant for tests and audits of modest read models: it holds
 * everything in memory.
 */
export async function dumpGeneration(redis: Redis, base: string): Promise<ReadModelDump> {
  const dump: ReadModelDump = { views: {}, documents: {}, indexes: {} };
  for (const key of await scanAll(redis, viewKeyPattern(base))) {
    const json = await redis.hget(key, 'view');
    if (json) dump.views[key.slice(key.lastIndexOf(':') + 1)] = JSON.parse(json) as VolumeView;
  }
  for (const pattern of DOCUMENT_KEY_PATTERNS) {
    for (const key of await scanAll(redis, `${base}${pattern}`)) {
      const name = key.slice(base.length);
      if ((await redis.type(key)) === 'zset') {
        const flat = await redis.zrevrange(key, 0, -1, 'WITHSCORES');
        const entries: IndexEntry[] = [];
        for (let i = 0; i < flat.length; i += 2) entries.push({ member: flat[i], score: Number(flat[i + 1]) });
        dump.indexes[name] = entries;
      } else {
        const document = decodeDocument(await redis.hgetall(key));
        if (document) dump.documents[name] = document;
      }
    }
  }
  return dump;
}

async function scanAll(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  return keys.sort();
}
