import { createHash } from 'node:crypto';
import { EVENT_SCHEMA_VERSIONS, type VolumeState } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

/**
 * Bump when the stored snapshot layout changes, or when `evolve` starts folding the same events
 * into a different state without any event's schema version changing: either way every stored
 * snapshot becomes untrustworthy and must be folded afresh.
 */
export const SNAPSHOT_FORMAT_VERSION = 1;

export const STATE_SNAPSHOT_EVENT = 'VolumeStateSnapshotted';

/**
 * Snapshots of `volume-<id>` live in `state_snapshot-volume-<id>`: a stream of their own in the
 * same store (so they work with every adapter through the port), and outside the `volume-` prefix
 * that the projector, reactor and audit tools follow.
 */
export const snapshotStreamId = (streamId: string) => `state_snapshot-${streamId}`;

export interface StateSnapshotData {
  format: number;
  /** {@link schemaFingerprint} of the event schemas the state was folded under. */
  schema: string;
  /** Revision of the last event folded into `state`. */
  revision: number;
  state: VolumeState;
}

/**
 * Names the event schemas a state was folded under: a digest of every event type's schema
 * version (so a new version, a new type or a removed one all change it) and the snapshot format.
 */
export function schemaFingerprint(versions: Readonly<Record<string, number>> = EVENT_SCHEMA_VERSIONS): string {
  // Every volume load asks for it: hashing each time cost about 1.5 % of the API's CPU. The
  // version tables are constants (a changed table is a new object), so one digest per table.
  let fingerprint = fingerprints.get(versions);
  if (fingerprint === undefined) {
    const entries = Object.entries(versions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    fingerprint = createHash('sha256').update(JSON.stringify([SNAPSHOT_FORMAT_VERSION, entries])).digest('hex');
    fingerprints.set(versions, fingerprint);
  }
  return fingerprint;
}

const fingerprints = new WeakMap<object, string>();

/** The snapshot an event holds, or null when it was taken under other schemas (or is not one). */
export function validSnapshot(event: RecordedEvent | undefined, fingerprint: string): StateSnapshotData | null {
  if (event?.type !== STATE_SNAPSHOT_EVENT) return null;
  const data = event.data as Partial<StateSnapshotData>;
  const trusted =
    data.format === SNAPSHOT_FORMAT_VERSION &&
    data.schema === fingerprint &&
    Number.isInteger(data.revision) &&
    typeof data.state === 'object' &&
    data.state !== null;
  return trusted ? (data as StateSnapshotData) : null;
}
