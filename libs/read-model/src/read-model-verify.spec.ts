import type { VolumeEvent } from '@app/domain';
import { MemoryEventStore, type ReadAllOptions } from '@app/event-store';
import { availableVolume, extendCycles, stored } from '../../audit/src/testing/stored-volume-events';
import { MemoryVolumeViewRepository } from './memory-volume-view.repository';
import { verifyReadModel } from './read-model-verify';
import { projectVolume } from './volume-view';

/** Stores what the projector would have stored after the events up to `until` (all by default). */
async function project(store: MemoryEventStore, views: MemoryVolumeViewRepository, until = Infinity) {
  for (const event of await store.readAll()) {
    if (Number(event.position) > until) break;
    const id = event.streamId.slice('volume-'.length);
    const next = projectVolume(await views.get(id), event);
    if (next) await views.save(next, event.position);
  }
}

describe('verifying the read model against the log', () => {
  let store: MemoryEventStore;
  let views: MemoryVolumeViewRepository;

  beforeEach(async () => {
    store = new MemoryEventStore();
    views = new MemoryVolumeViewRepository();
    await store.append('volume-a', [...availableVolume('a'), ...extendCycles('a', 2)], 'no_stream');
    await store.append('volume-b', availableVolume('b', 'p2'), 'no_stream');
  });

  it('passes when every view is the fold of its stream', async () => {
    await project(store, views);
    expect(await verifyReadModel(store, views)).toEqual({ ok: true, events: 8, volumes: 2, breaches: [], drift: [], lagging: [] });
  });

  it('reports each field in which a view drifted from the log', async () => {
    await project(store, views);
    const view = (await views.get('a'))!;
    await views.save({ ...view, revision: view.revision + 1, size: 9, name: 'edited' }, 8n);

    const report = await verifyReadModel(store, views);

    expect(report.ok).toBe(false);
    expect(report.drift).toEqual([
      {
        volume_id: 'a',
        revision: 5,
        fields: [
          { field: 'size', expected: 3, actual: 9 },
          { field: 'name', expected: null, actual: 'edited' },
          { field: 'revision', expected: 5, actual: 6 },
        ],
      },
    ]);
  });

  it('reports a view the projector should have stored but did not', async () => {
    await project(store, views);
    const missing = new MemoryVolumeViewRepository();
    await missing.save((await views.get('a'))!, 8n);

    const report = await verifyReadModel(store, missing);

    expect(report.drift).toEqual([{ volume_id: 'b', revision: 1, fields: [{ field: 'view', expected: 'the view at revision 1', actual: null }] }]);
  });

  it('lists views the projector has not reached yet as lagging, which is no failure', async () => {
    await project(store, views, 4);

    const report = await verifyReadModel(store, views);

    expect(report).toMatchObject({ ok: true, drift: [] });
    expect(report.lagging).toEqual([
      { volume_id: 'a', view_revision: 3, log_revision: 5 },
      { volume_id: 'b', view_revision: null, log_revision: 1 },
    ]);
  });

  it('checks the rules of the history at every event', async () => {
    const shrink: VolumeEvent = { type: 'VolumeExtended', data: { operation_id: 'x', new_size: 1, status: 'available' } };
    await store.append('volume-a', stored([shrink], 'shrink', '2026-11-28T00:00:00.000Z'), 5);
    await store.append('volume-a', [{ id: 'a0000000-0000-4000-8000-0000000000e1', type: 'VolumeTeleported', data: {}, metadata: {} }], 6);
    await project(store, views, 8);
    await views.save({ ...(await views.get('a'))!, revision: 7 }, 8n);

    const report = await verifyReadModel(store, views);

    expect(report.drift).toEqual([]);
    expect(report.breaches.map((b) => [b.volume_id, b.revision, b.rule])).toEqual([
      ['a', 6, 'size_never_shrinks'],
      ['a', 7, 'metadata_complete'],
      ['a', 7, 'event_decodable'],
    ]);
    expect(report.breaches[2].message).toBe('Unknown volume event type VolumeTeleported');
  });

  it('checks the rules of the current state at the end of each stream', async () => {
    const reset: VolumeEvent = {
      type: 'VolumeStatusReset',
      data: { status: 'extending', attach_status: 'detached', migration_status: null, attachments_removed: false },
    };
    await store.append('volume-b', stored([reset], 'reset', '2026-11-28T00:00:00.000Z'), 1);
    await project(store, views);

    const report = await verifyReadModel(store, views);

    expect(report.breaches).toEqual([
      expect.objectContaining({ volume_id: 'b', revision: null, position: null, rule: 'transitional_status_has_pending_operation' }),
    ]);
  });

  it('notices a revision missing from the log', async () => {
    class GappedStore extends MemoryEventStore {
      override async readAll(options?: ReadAllOptions) {
        return (await super.readAll(options)).filter((e) => !(e.streamId === 'volume-a' && e.revision === 3));
      }
    }
    const gapped = new GappedStore();
    await gapped.append('volume-a', [...availableVolume('a'), ...extendCycles('a', 2)], 'no_stream');

    const report = await verifyReadModel(gapped, views);

    expect(report.breaches).toContainEqual(
      expect.objectContaining({ volume_id: 'a', revision: 4, rule: 'revisions_contiguous', message: 'expected revision 3, found 4' }),
    );
  });
});
