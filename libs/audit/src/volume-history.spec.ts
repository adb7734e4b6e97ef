import { MemoryEventStore } from '@app/event-store';
import { toVolumeEvent } from '@app/volume-commands';
import { availableVolume, extendCycles } from './testing/stored-volume-events';
import { historyEntries, historyRow } from './volume-history';

describe('volume history', () => {
  it('shows who did what and the status each event moved the volume between', async () => {
    const store = new MemoryEventStore();
    await store.append('volume-v1', [...availableVolume('v1'), ...extendCycles('v1', 1)], 'no_stream');
    const rows = [...historyEntries(await store.readStream('volume-v1'), toVolumeEvent)].map(historyRow);
    expect(rows.map((r) => [r.revision, r.type, r.actor, r.service, r.request_id, r.status_before, r.status_after])).toEqual([
      [0, 'VolumeCreateRequested', 'alice@p1', false, 'req-v1-create', null, 'creating'],
      [1, 'VolumeCreated', 'cinder-engine@service', true, 'req-v1-created', 'creating', 'available'],
      [2, 'VolumeExtendRequested', 'alice@p1', false, 'req-v1-to2', 'available', 'extending'],
      [3, 'VolumeExtended', 'cinder-engine@service', true, 'req-v1-to2-done', 'extending', 'available'],
    ]);
    expect(rows[2].time).toBe('2026-11-27T11:02:00.000Z');
  });
});
