import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { fold, initialState, type VolumeState } from '@app/domain';
import { WrongExpectedRevisionError, type EventStore } from '@app/event-store';
import {
  schemaFingerprint,
  SNAPSHOT_FORMAT_VERSION,
  snapshotStreamId,
  STATE_SNAPSHOT_EVENT,
  validSnapshot,
  type StateSnapshotData,
} from './state-snapshot';
import type { VolumeLog } from './volume-log';

/** How many events a load may fold on top of the newest valid snapshot before it writes a new one. */
export const SNAPSHOT_EVERY = 100;

export interface StateLoadOptions {
  every?: number;
  /** The event schemas this reader folds under; the domain's current ones unless a test says otherwise. */
  fingerprint?: string;
}

export interface LoadedVolumeState {
  state: VolumeState;
  /** Revision of the stream's last event, or null when the stream does not exist. */
  revision: number | null;
  /** Events read from the volume's own stream: those after the snapshot used, or all of them. */
  eventsFolded: number;
  snapshotRevision: number | null;
  /** Settles (never rejects) once the snapshot this load chose to write is stored or given up. */
  snapshotWritten: Promise<void>;
}

const logger = new Logger('StateSnapshots');

/**
 * A volume's current state from its newest valid snapshot plus the events after it, so the cost
 * is bounded by the snapshot interval, not by the stream's length. A snapshot taken under other
 * event schemas is ignored and the stream folded from its start.
 *
 * Snapshots are written here, by whichever load folded `every` events or more: no extra process,
 * one append per `every` events of a volume, and after a schema change the first load of each
 * long stream replaces its stale snapshot. The write is not awaited, so the request that
 * triggers it does not wait for it; losing a race to another writer, or failing, only means the
 * next load folds a little more.
 */
export async function loadVolumeState(
  store: EventStore,
  streamId: string,
  decode: VolumeLog['decode'],
  { every = SNAPSHOT_EVERY, fingerprint = schemaFingerprint() }: StateLoadOptions = {},
): Promise<LoadedVolumeState> {
  const snapshots = snapshotStreamId(streamId);
  const snapshotHead = await store.streamRevision(snapshots);
  const [newest] = snapshotHead === null ? [] : await store.readStream(snapshots, snapshotHead);
  const snapshot = validSnapshot(newest, fingerprint);

  const events = await store.readStream(streamId, snapshot ? snapshot.revision + 1 : 0);
  const state = fold(events.map(decode), snapshot ? snapshot.state : initialState());
  const revision = events.length ? events[events.length - 1].revision : (snapshot?.revision ?? null);

  const snapshotWritten =
    events.length >= every && revision !== null
      ? writeSnapshot(store, snapshots, snapshotHead, { format: SNAPSHOT_FORMAT_VERSION, schema: fingerprint, revision, state })
      : Promise.resolve();
  return { state, revision, eventsFolded: events.length, snapshotRevision: snapshot?.revision ?? null, snapshotWritten };
}

async function writeSnapshot(
  store: EventStore,
  snapshots: string,
  snapshotHead: number | null,
  snapshot: StateSnapshotData,
): Promise<void> {
  try {
    await store.append(
      snapshots,
      [{ id: randomUUID(), type: STATE_SNAPSHOT_EVENT, data: { ...snapshot }, metadata: {} }],
      snapshotHead ?? 'no_stream',
    );
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) {
      logger.warn(`Could not store a state snapshot in ${snapshots}: ${(error as Error).message}`);
    }
  }
}
