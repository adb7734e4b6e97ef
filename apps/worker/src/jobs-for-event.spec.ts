import type { RecordedEvent } from '@app/event-store';
import { jobForEvent } from './jobs-for-event';

const event = (type: string): RecordedEvent => ({
  id: 'e7c4a3f0-0000-4000-8000-000000000001',
  type,
  streamId: 'volume-3a81fdac-e8ae-4e61-b6a2-2e14ff316f19',
  revision: 2,
  position: 7n,
  recordedAt: '2026-11-27T10:00:00.000Z',
  data: { operation_id: 'op-1', new_size: 3 },
  metadata: {},
});

describe('jobForEvent', () => {
  it('starts an extend job named after the requesting event', () => {
    expect(jobForEvent(event('VolumeExtendRequested'))).toEqual({
      name: 'extend_volume',
      id: 'extend_volume-e7c4a3f0-0000-4000-8000-000000000001',
      data: {
        volume_id: '3a81fdac-e8ae-4e61-b6a2-2e14ff316f19',
        operation_id: 'op-1',
        event_id: 'e7c4a3f0-0000-4000-8000-000000000001',
      },
    });
  });

  it('starts a create job for a create request', () => {
    expect(jobForEvent(event('VolumeCreateRequested'))?.name).toBe('create_volume');
  });

  it.each(['VolumeExtended', 'VolumeExtendFailed', 'VolumeCreated'])('starts nothing for %s', (type) => {
    expect(jobForEvent(event(type))).toBeNull();
  });
});
