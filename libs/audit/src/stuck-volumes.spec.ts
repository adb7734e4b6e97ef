import { evolve, initialState, type ExistingVolume, type VolumeEvent, type VolumeState } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { createRequested, created, extendRequested, extended } from './testing/stored-volume-events';
import { stuckVolume, TransitionalVolumeTracker } from './stuck-volumes';

const MINUTE = 60_000;
const at = (minute: number) => new Date(Date.parse('2026-11-27T10:00:00.000Z') + minute * MINUTE).toISOString();

/** Feeds events, one a given minute, to a tracker the way a log scan does. */
function track(...timeline: Array<[number, VolumeEvent]>) {
  const tracker = new TransitionalVolumeTracker();
  let state: VolumeState = initialState();
  timeline.forEach(([minute, domainEvent], revision) => {
    const event = { revision, metadata: { timestamp: at(minute) } } as unknown as RecordedEvent;
    const before = state;
    state = evolve(state, domainEvent);
    tracker.observe({ event, before, after: state });
  });
  return tracker;
}

describe('stuck volumes', () => {
  it('lists a volume in a job-driven status longer than the threshold, with its operation and since when', () => {
    const tracker = track([0, createRequested('v1')], [1, created('v1')], [5, extendRequested('op-e', 2)]);
    expect(tracker.stuck(Date.parse(at(65)), 30 * MINUTE)).toEqual([
      {
        volume_id: 'v1',
        project_id: 'p1',
        status: 'extending',
        waiting_for: 'job',
        pending: { kind: 'extend', operation_id: 'op-e', new_size: 2 },
        since: at(5),
        age_seconds: 3600,
      },
    ]);
    expect(tracker.stuck(Date.parse(at(65)), 61 * MINUTE)).toEqual([]);
  });

  it('forgets a volume once it settles', () => {
    const tracker = track([0, createRequested('v1')], [1, created('v1')], [5, extendRequested('op-e', 2)], [6, extended('op-e', 2)]);
    expect(tracker.stuck(Date.parse(at(600)), MINUTE)).toEqual([]);
  });

  it('keeps the time a volume entered its status through later events in the same status', () => {
    const metadataSet: VolumeEvent = { type: 'VolumeMetadataSet', data: { metadata: { k: 'v' } } };
    const tracker = track([0, createRequested('v1')], [1, created('v1')], [5, extendRequested('op-e', 2)], [9, metadataSet]);
    expect(tracker.stuck(Date.parse(at(60)), MINUTE)).toMatchObject([{ status: 'extending', since: at(5) }]);
  });

  it('reports a status waiting for an external party as such', () => {
    const volume = evolve(evolve(initialState(), createRequested('v1')), created('v1'));
    const attaching = { ...(volume as ExistingVolume), status: 'attaching' as const };
    expect(stuckVolume(attaching, at(0), Date.parse(at(10)), MINUTE)).toMatchObject({ waiting_for: 'external', pending: null });
    expect(stuckVolume(volume, at(0), Date.parse(at(10)), MINUTE)).toBeNull();
    expect(stuckVolume({ ...attaching, deleted: true }, at(0), Date.parse(at(10)), MINUTE)).toBeNull();
  });
});
