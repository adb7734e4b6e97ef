import type { RecordedEvent } from '@app/event-store';
import { cinderTime, projectVolume } from './volume-view';

const at = (revision: number, type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: `e${revision}`,
  streamId: 'volume-v1',
  revision,
  position: BigInt(100 + revision),
  recordedAt: `2026-11-27T10:00:0${revision}.123Z`,
  type,
  data,
  metadata: { schema_version: 1 },
});

const requested = at(0, 'VolumeCreateRequested', {
  volume_id: 'v1', operation_id: 'c', project_id: 'p1', user_id: 'u1', size: 1, name: 'n', description: null,
  availability_zone: 'nova', volume_type: null, metadata: {}, multiattach: false, host: 'h@b#p',
  created_at: '2026-11-27T10:00:00.123000',
});
const created = at(1, 'VolumeCreated', { operation_id: 'c', host: 'h@b#p', provider_location: '/x' });

describe('projectVolume', () => {
  it('starts a view at creation, not yet updated', () => {
    expect(projectVolume(null, requested)).toMatchObject({ id: 'v1', status: 'creating', revision: 0, updated_at: null });
  });

  it('moves the view on, stamping updated_at in Cinder\'s format', () => {
    const view = projectVolume(projectVolume(null, requested), created);
    expect(view).toMatchObject({ status: 'available', revision: 1, updated_at: '2026-11-27T10:00:01.123000' });
  });

  it('returns the same view for an event it already applied (redelivery)', () => {
    const view = projectVolume(projectVolume(null, requested), created)!;
    expect(projectVolume(view, created)).toBe(view);
    expect(projectVolume(view, requested)).toBe(view);
  });

  it('formats times as naive UTC with microseconds', () => {
    expect(cinderTime('2017-06-05T08:44:28.000Z')).toBe('2017-06-05T08:44:28.000000');
  });
});
