import type { ApiVersion } from '@app/cinder-api';
import type { Snapshot } from '@app/domain';
import type { VolumeView } from '@app/read-model';

/** Cinder's snapshot representation (cinder/api/v3/views/snapshots.py and its extensions). */
export function presentSnapshot(
  snapshot: Snapshot,
  volume: VolumeView,
  { version, extendedAttributes, updatedAt }: { version: ApiVersion; extendedAttributes: boolean; updatedAt: string | null },
) {
  const view: Record<string, unknown> = {
    id: snapshot.id,
    created_at: snapshot.created_at,
    updated_at: updatedAt,
    name: snapshot.name,
    description: snapshot.description,
    volume_id: volume.id,
    status: snapshot.status,
    size: snapshot.volume_size,
    metadata: {},
  };
  if (extendedAttributes) {
    view['os-extended-snapshot-attributes:project_id'] = volume.project_id;
    view['os-extended-snapshot-attributes:progress'] = snapshot.status === 'available' ? '100%' : '0%';
  }
  if (version.atLeast('3.14')) view.group_snapshot_id = null;
  if (version.atLeast('3.41')) view.user_id = volume.user_id;
  if (version.atLeast('3.65')) view.consumes_quota = true;
  return view;
}
