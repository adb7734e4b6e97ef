import type { ApiVersion } from '@app/cinder-api';
import type { SnapshotDocument } from '@app/read-model';

/**
 * Cinder's snapshot representation (cinder/api/views/snapshots.py, the v3 additions of
 * cinder/api/v3/views/snapshots.py, then the `os-extended-snapshot-attributes` extension, which
 * adds its two fields to show and detail for callers its policy admits).
 */
export function presentSnapshot(
  snapshot: SnapshotDocument,
  { version, detail, extendedAttributes }: { version: ApiVersion; detail: boolean; extendedAttributes: boolean },
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: snapshot.id,
    created_at: snapshot.created_at,
    updated_at: snapshot.updated_at,
    name: snapshot.name,
    description: snapshot.description,
    volume_id: snapshot.volume_id,
    status: snapshot.status,
    size: snapshot.size,
    metadata: snapshot.metadata,
  };
  if (!detail) return view;
  if (version.atLeast('3.14')) view.group_snapshot_id = null;
  if (version.atLeast('3.41')) view.user_id = snapshot.user_id;
  if (version.atLeast('3.65')) view.consumes_quota = true;
  if (extendedAttributes) {
    view['os-extended-snapshot-attributes:project_id'] = snapshot.project_id;
    view['os-extended-snapshot-attributes:progress'] = snapshot.progress;
  }
  return view;
}
