import { MemoryEventStore } from '@app/event-store';
import { MemoryVolumeViewRepository } from './memory-volume-view.repository';
import { VolumeReader } from './volume-reader';
import { projectVolume } from './volume-view';

const createRequested = {
  id: 'a0000000-0000-4000-8000-000000000000',
  type: 'VolumeCreateRequested',
  data: {
    volume_id: 'v1', operation_id: 'c', project_id: 'p1', user_id: 'u1', size: 1, name: null, description: null,
    availability_zone: 'nova', volume_type: null, metadata: {}, multiattach: false, host: 'h@b#p', created_at: 't',
  },
  metadata: { schema_version: 1 },
};
const created = {
  id: 'a0000000-0000-4000-8000-000000000001',
  type: 'VolumeCreated',
  data: { operation_id: 'c', host: 'h@b#p', provider_location: '/x' },
  metadata: { schema_version: 1 },
};
const extendRequested = {
  id: 'a0000000-0000-4000-8000-000000000002',
  type: 'VolumeExtendRequested',
  data: { operation_id: 'e', new_size: 5, previous_status: 'available' },
  metadata: { schema_version: 1 },
};

describe('VolumeReader (read-your-writes)', () => {
  let store: MemoryEventStore;
  let views: MemoryVolumeViewRepository;
  let reader: VolumeReader;

  beforeEach(async () => {
    store = new MemoryEventStore();
    views = new MemoryVolumeViewRepository();
    reader = new VolumeReader(store, views);
    await store.append('volume-v1', [createRequested, created], 'no_stream');
  });

  it('has nothing for a volume without a stream', async () => {
    expect(await reader.get('nope')).toBeNull();
  });

  it('folds the stream when the projector has not seen the volume yet', async () => {
    expect(await reader.get('v1')).toMatchObject({ status: 'available', revision: 1 });
  });

  it('tops a lagging view up with the events the projector has not reached', async () => {
    const [first, second] = await store.readStream('volume-v1');
    await views.save(projectVolume(projectVolume(null, first), second)!, second.position);
    await store.append('volume-v1', [extendRequested], 1);
    expect(await reader.get('v1')).toMatchObject({ status: 'extending', revision: 2, size: 1 });
  });

  it('answers from the view alone when it is current', async () => {
    const [first, second] = await store.readStream('volume-v1');
    const view = projectVolume(projectVolume(null, first), second)!;
    await views.save({ ...view, name: 'only-in-the-view' }, second.position);
    expect(await reader.get('v1')).toMatchObject({ name: 'only-in-the-view' });
  });
});
