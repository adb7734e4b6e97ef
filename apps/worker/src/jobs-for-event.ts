import type { RecordedEvent } from '@app/event-store';
import type { BackendJob } from '@app/job-queue';
import { volumeIdOf } from '@app/volume-commands';

const JOB_BY_EVENT: Partial<Record<string, BackendJob['name']>> = {
  VolumeCreateRequested: 'create_volume',
  VolumeExtendRequested: 'extend_volume',
};

/** The backend job an event asks for, if any; its id is derived from the event's id. */
export function jobForEvent(event: RecordedEvent): BackendJob | null {
  const name = JOB_BY_EVENT[event.type];
  if (!name) return null;
  return {
    name,
    id: `${name}-${event.id}`,
    data: {
      volume_id: volumeIdOf(event.streamId),
      operation_id: String(event.data.operation_id),
      event_id: event.id,
    },
  };
}
