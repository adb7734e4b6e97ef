import type { RecordedEvent } from '@app/event-store';
import { JOB_BY_EVENT, type BackendJob } from '@app/job-queue';
import { volumeIdOf } from '@app/volume-commands';

/** The backend job an event asks for, if any; its id is derived from the event's id. */
export function jobForEvent(event: RecordedEvent): BackendJob | null {
  const name = JOB_BY_EVENT[event.type];
  if (!name) return null;
  const data: BackendJob['data'] = {
    volume_id: volumeIdOf(event.streamId),
    operation_id: String(event.data.operation_id),
    event_id: event.id,
  };
  if (typeof event.data.snapshot_id === 'string' && name.endsWith('_snapshot')) data.snapshot_id = event.data.snapshot_id;
  if (name === 'retype_volume') data.migration_policy = (event.data.migration_policy as BackendJob['data']['migration_policy']) ?? null;
  return { name, id: `${name}-${event.id}`, data };
}
