import { CinderFault } from '@app/cinder-api';
import { MemoryEventStore, type RecordedEvent } from '@app/event-store';
import { toVolumeEvent } from '@app/volume-commands';
import { availableVolume, extendCycles } from '../../../../libs/audit/src/testing/stored-volume-events';
import { MAX_LIMIT, pageRequest, volumeEventsPage } from './volume-events-page';

describe('a page of a volume\'s events', () => {
  let events: RecordedEvent[];

  beforeAll(async () => {
    const store = new MemoryEventStore();
    await store.append('volume-v1', [...availableVolume('v1'), ...extendCycles('v1', 2)], 'no_stream');
    events = await store.readStream('volume-v1');
  });

  it('reads limit and marker as Cinder does', () => {
    expect(pageRequest({})).toEqual({ limit: MAX_LIMIT, marker: null });
    expect(pageRequest({ limit: ' 02 ', marker: 'm' })).toEqual({ limit: 2, marker: 'm' });
    expect(pageRequest({ limit: '5000' }).limit).toBe(MAX_LIMIT);
    expect(() => pageRequest({ limit: 'two' })).toThrow(new CinderFault(400, 'limit param must be an integer'));
    expect(() => pageRequest({ limit: '-1' })).toThrow(new CinderFault(400, 'limit param must be positive'));
  });

  it('gives the events oldest first, as stored, with the status each moved the volume between', () => {
    const { events: page, next } = volumeEventsPage(events, toVolumeEvent, { limit: 2, marker: null });
    expect(page).toEqual([
      expect.objectContaining({ id: events[0].id, revision: 0, type: 'VolumeCreateRequested', status_before: null, status_after: 'creating', metadata: events[0].metadata }),
      expect.objectContaining({ id: events[1].id, revision: 1, type: 'VolumeCreated', status_before: 'creating', status_after: 'available', data: events[1].data }),
    ]);
    expect(next).toBe(events[1].id);
  });

  it('continues after the marker, folding from the stream\'s start, and ends without a next marker', () => {
    const second = volumeEventsPage(events, toVolumeEvent, { limit: 2, marker: events[1].id });
    expect(second.events.map((e) => [e.revision, e.status_before, e.status_after])).toEqual([[2, 'available', 'extending'], [3, 'extending', 'available']]);
    const last = volumeEventsPage(events, toVolumeEvent, { limit: 2, marker: second.next });
    expect(last.events.map((e) => e.revision)).toEqual([4, 5]);
    expect(last.next).toBeNull();
  });

  it('answers 404 for a marker that is not one of the volume\'s events', () => {
    expect(() => volumeEventsPage(events, toVolumeEvent, { limit: 2, marker: 'nope' })).toThrow(
      new CinderFault(404, 'Marker nope could not be found.'),
    );
  });
});
