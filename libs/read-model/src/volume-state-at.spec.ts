import { MemoryEventStore } from '@app/event-store';
import { availableVolume, extendCycles } from '../../audit/src/testing/stored-volume-events';
import { volumeAt } from './volume-state-at';

describe('a volume as it was (volumeAt)', () => {
  let events: Awaited<ReturnType<MemoryEventStore['readStream']>>;

  beforeAll(async () => {
    const store = new MemoryEventStore();
    // created 10:00:00 (creating), 10:00:01 (available); extends requested 11:02 and 11:03, each done 30 s later
    await store.append('volume-a', [...availableVolume('a'), ...extendCycles('a', 2)], 'no_stream');
    events = await store.readStream('volume-a');
  });

  it('folds up to a revision, inclusive', () => {
    expect(volumeAt(events, { revision: 0 })).toMatchObject({ view: { status: 'creating', size: 1, revision: 0 }, event: { revision: 0 } });
    expect(volumeAt(events, { revision: 2 })).toMatchObject({ view: { status: 'extending', size: 1 }, event: { type: 'VolumeExtendRequested' } });
    expect(volumeAt(events, { revision: 5 }).view).toMatchObject({ status: 'available', size: 3, revision: 5 });
  });

  it('folds up to a time, by the time each event carries', () => {
    expect(volumeAt(events, { time: Date.parse('2026-11-27T11:02:29Z') })).toMatchObject({ view: { status: 'extending', revision: 2 } });
    expect(volumeAt(events, { time: Date.parse('2026-11-27T11:02:30Z') })).toMatchObject({ view: { status: 'available', size: 2, revision: 3 } });
  });

  it('answers no view before the volume existed', () => {
    expect(volumeAt(events, { time: Date.parse('2026-11-27T09:59:59Z') })).toEqual({ view: null, event: null });
  });
});
