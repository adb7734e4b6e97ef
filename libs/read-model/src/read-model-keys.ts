/**
 * Where the read models beside the volume views live, as suffixes of a generation's base (see
 * view-generation-keys.ts): every document and index belongs to a generation, so a rebuild builds
 * them aside with the views and one swap moves readers to all of them at once.
 *
 * Documents are hashes (one field per attribute, each JSON-encoded); indexes are sorted sets of
 * ids scored by a time in microseconds, read newest first.
 */
export const READ_MODEL_KEYS = {
  /** Volumes that are not deleted, by created_at. */
  allVolumes: ':volume-index:all',
  volumesOfProject: (projectId: string) => `:volume-index:project:${projectId}`,
  snapshot: (snapshotId: string) => `:snapshot:${snapshotId}`,
  /** Snapshots of volumes that are not deleted, by created_at. */
  allSnapshots: ':snapshot-index:all',
  snapshotsOfProject: (projectId: string) => `:snapshot-index:project:${projectId}`,
  operation: (operationId: string) => `:operation:${operationId}`,
  /** Backend operations, by the time they were requested. */
  allOperations: ':operation-index:all',
  operationsOfProject: (projectId: string) => `:operation-index:project:${projectId}`,
  operationsOfVolume: (volumeId: string) => `:operation-index:volume:${volumeId}`,
} as const;

/**
 * SCAN patterns (after the base) of every key above, for dropping a generation. They must not
 * match anything else under the prefix, which is also the oldest generation's base: BullMQ's
 * `<prefix>:volume-operations:*`, checkpoints and markers live there too.
 */
export const DOCUMENT_KEY_PATTERNS = [':volume-index:*', ':snapshot:*', ':snapshot-index:*', ':operation:*', ':operation-index:*'];

/**
 * The score of a Cinder time (`2026-11-27T10:00:00.123456`, naive UTC) in microseconds since the
 * epoch: exact in a double until the year 2255, and ordered like the times themselves.
 */
export function timeScore(cinderTime: string): number {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?/.exec(cinderTime);
  if (!match) return 0;
  const micros = (match[2] ?? '').padEnd(6, '0');
  return Date.parse(`${match[1]}Z`) * 1000 + Number(micros);
}
