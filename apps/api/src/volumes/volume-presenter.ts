import type { ApiVersion } from '@app/cinder-api';
import type { VolumeView } from '@app/read-model';
import type { Caller } from '@app/identity';

export interface PresentationContext {
  version: ApiVersion;
  caller: Caller;
  /** Whether a policy rule lets the caller see an attribute of this volume. */
  allows: (rule: string) => boolean;
  /** e.g. http://host:8776/ */
  baseUrl: string;
}

/**
 * Cinder's detailed volume representation (cinder/api/v2/views/volumes.py and the v3 additions),
 * with the admin-only fields shown to admins and fields gated by microversion as Cinder gates them.
 */
export function presentVolume(view: VolumeView, { version, caller, allows, baseUrl }: PresentationContext) {
  const volume: Record<string, unknown> = {
    id: view.id,
    status: view.status,
    size: view.size,
    availability_zone: view.availability_zone,
    created_at: view.created_at,
    updated_at: view.updated_at,
    // Only attached attachments, and their host only to admins (cinder/api/v2/views/volumes.py).
    attachments: view.attachments
      .filter((a) => a.attach_status === 'attached')
      .map((a) => ({
        server_id: a.instance_uuid,
        attachment_id: a.id,
        attached_at: a.attached_at,
        host_name: caller.is_admin ? a.attached_host : null,
        volume_id: view.id,
        device: a.mountpoint,
        id: view.id,
      })),
    name: view.name,
    description: view.description,
    volume_type: view.volume_type,
    snapshot_id: null,
    source_volid: null,
    metadata: { ...view.metadata, ...visibleAdminMetadata(view.admin_metadata) },
    links: [
      { href: `${baseUrl}v3/${view.project_id}/volumes/${view.id}`, rel: 'self' },
      { href: `${baseUrl}${view.project_id}/volumes/${view.id}`, rel: 'bookmark' },
    ],
    user_id: view.user_id,
    bootable: String(view.bootable),
    encrypted: view.encryption_key_id !== null,
    replication_status: view.replication_status,
    consistencygroup_id: view.consistencygroup_id,
    multiattach: view.multiattach,
  };
  if (caller.is_admin) volume.migration_status = view.migration_status;
  if (Object.keys(view.volume_image_metadata).length && allows('volume_extension:volume_image_metadata:show')) {
    volume.volume_image_metadata = view.volume_image_metadata;
  }
  if (allows('volume_extension:volume_tenant_attribute')) volume['os-vol-tenant-attr:tenant_id'] = view.project_id;
  if (allows('volume_extension:volume_host_attribute')) volume['os-vol-host-attr:host'] = view.host;
  if (allows('volume_extension:volume_mig_status_attribute')) {
    volume['os-vol-mig-status-attr:migstat'] = view.migration_status;
    volume['os-vol-mig-status-attr:name_id'] = null;
  }
  if (version.atLeast('3.13')) volume.group_id = view.group_id;
  if (version.atLeast('3.21') && caller.is_admin) volume.provider_id = null;
  if (version.atLeast('3.48')) {
    volume.shared_targets = false;
    if (caller.is_admin) volume.service_uuid = null;
  }
  if (version.atLeast('3.61') && caller.is_admin) volume.cluster_name = view.cluster_name;
  if (version.atLeast('3.63')) volume.volume_type_id = view.volume_type_id;
  if (version.atLeast('3.65')) volume.consumes_quota = true;
  return volume;
}

/** cinder.utils.add_visible_admin_metadata: `readonly` and `attached_mode` show in `metadata`. */
function visibleAdminMetadata(admin: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(admin).filter(([key]) => key === 'readonly' || key === 'attached_mode'));
}
