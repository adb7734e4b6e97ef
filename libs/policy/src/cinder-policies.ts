/**
 * Cinder's policy rules and their defaults (cinder/policies/*.py, new defaults), for every action
 * and query this engine serves. Names are Cinder's, so an operator's policy.yaml keeps its meaning.
 */
export interface PolicyRule {
  name: string;
  checkString: string;
  description: string;
  operations: string[];
}

export const ADMIN = 'rule:admin_api';
export const MEMBER = 'rule:xena_system_admin_or_project_member';
export const READER = 'rule:xena_system_admin_or_project_reader';

const rule = (name: string, checkString: string, description: string, ...operations: string[]): PolicyRule => ({
  name,
  checkString,
  description,
  operations,
});
const action = (name: string) => `POST /volumes/{volume_id}/action (${name})`;

export const BASE_RULES: PolicyRule[] = [
  rule('context_is_admin', 'role:admin', "Decides what is required for the 'is_admin:True' check to succeed."),
  rule(
    'admin_or_owner',
    'is_admin:True or (role:admin and is_admin_project:True) or project_id:%(project_id)s',
    'Default rule for most non-Admin APIs (deprecated defaults).',
  ),
  rule('admin_api', 'is_admin:True or (role:admin and is_admin_project:True)', 'Default rule for most Admin APIs.'),
  rule(
    'xena_system_admin_or_project_reader',
    '(role:admin) or (role:reader and project_id:%(project_id)s)',
    'NOTE: this purely role-based rule recognizes only project scope.',
  ),
  rule(
    'xena_system_admin_or_project_member',
    '(role:admin) or (role:member and project_id:%(project_id)s)',
    'NOTE: this purely role-based rule recognizes only project scope.',
  ),
];

export const VOLUME_RULES: PolicyRule[] = [
  rule('volume:create', MEMBER, 'Create volume.', 'POST /volumes'),
  rule('volume:create_from_image', MEMBER, 'Create volume from image.', 'POST /volumes'),
  rule('volume:get', READER, 'Show volume.', 'GET /volumes/{volume_id}'),
  rule('volume:get_all', READER, 'List volumes or get summary of volumes.', 'GET /volumes', 'GET /volumes/detail', 'GET /volumes/summary'),
  rule('volume:update', MEMBER, "Update volume or update a volume's bootable status.", 'PUT /volumes', action('os-set_bootable')),
  rule('volume:delete', MEMBER, 'Delete volume.', 'DELETE /volumes/{volume_id}'),
  rule('volume:force_delete', ADMIN, 'Force Delete a volume.', 'DELETE /volumes/{volume_id}'),
  rule('volume_extension:volume_host_attribute', ADMIN, 'List or show volume with host attribute.', 'GET /volumes/{volume_id}', 'GET /volumes/detail'),
  rule('volume_extension:volume_tenant_attribute', READER, 'List or show volume with tenant attribute.', 'GET /volumes/{volume_id}', 'GET /volumes/detail'),
  rule('volume_extension:volume_mig_status_attribute', ADMIN, 'List or show volume with migration status attribute.', 'GET /volumes/{volume_id}', 'GET /volumes/detail'),
  rule('volume:multiattach', MEMBER, 'Create multiattach capable volume.', 'POST /volumes'),
  rule('volume_extension:volume_image_metadata:show', READER, 'Include volume image metadata in volume views.', 'GET /volumes/{volume_id}', 'GET /volumes/detail'),
];

export const VOLUME_ACTION_RULES: PolicyRule[] = [
  rule('volume:extend', MEMBER, 'Extend a volume.', action('os-extend')),
  rule('volume:extend_attached_volume', MEMBER, 'Extend a attached volume.', action('os-extend')),
  rule('volume_extension:volume_admin_actions:extend_volume_completion', ADMIN, 'Complete a volume extend operation.', action('os-extend_volume_completion')),
  rule('volume_extension:volume_admin_actions:reset_status', ADMIN, "Reset status of a volume.", action('os-reset_status')),
  rule('volume:revert_to_snapshot', MEMBER, 'Revert a volume to a snapshot.', action('revert')),
  rule('volume_extension:volume_image_metadata:set', MEMBER, "Set image metadata for a volume.", action('os-set_image_metadata')),
  rule('volume_extension:volume_image_metadata:remove', MEMBER, "Remove specific image metadata from a volume.", action('os-unset_image_metadata')),
  rule('volume:get_volume_metadata', READER, "Show volume's metadata or one specified metadata with a given key.", action('os-show_image_metadata')),
  rule('volume:update_volume_metadata', MEMBER, "Update volume's metadata or one specified metadata with a given key.", action('os-set_image_metadata')),
  rule('volume:delete_volume_metadata', MEMBER, "Delete volume's metadata or one specified metadata with a given key.", action('os-unset_image_metadata')),
  rule('volume:update_volume_admin_metadata', ADMIN, "Update volume admin metadata.", action('os-update_readonly_flag'), action('os-attach')),
  rule('volume_extension:volume_actions:attach', MEMBER, 'Attach a volume.', action('os-attach')),
  rule('volume_extension:volume_actions:detach', MEMBER, 'Detach a volume.', action('os-detach')),
  rule('volume_extension:volume_unmanage', ADMIN, 'Stop managing a volume.', action('os-unmanage')),
  rule('volume_extension:volume_admin_actions:force_detach', ADMIN, 'Force detach a volume.', action('os-force_detach')),
  rule('volume:retype', MEMBER, 'Retype a volume.', action('os-retype')),
  rule('volume_extension:volume_admin_actions:migrate_volume', ADMIN, 'Migrate a volume to the specified host.', action('os-migrate_volume')),
  rule('volume_extension:volume_admin_actions:migrate_volume_completion', ADMIN, 'Complete a volume migration.', action('os-migrate_volume_completion')),
  rule('volume_extension:volume_admin_actions:force_delete', ADMIN, 'Force delete a volume.', action('os-force_delete')),
  rule('volume_extension:volume_actions:upload_image', MEMBER, 'Upload a volume to image.', action('os-volume_upload_image')),
  rule('volume_extension:volume_actions:upload_public', ADMIN, 'Upload a volume to image with public visibility.', action('os-volume_upload_image')),
  rule('volume_extension:volume_actions:reserve', MEMBER, 'Mark volume as reserved.', action('os-reserve')),
  rule('volume_extension:volume_actions:unreserve', MEMBER, 'Unmark volume as reserved.', action('os-unreserve')),
  rule('volume_extension:volume_actions:begin_detaching', MEMBER, 'Begin detach volumes.', action('os-begin_detaching')),
  rule('volume_extension:volume_actions:roll_detaching', MEMBER, 'Roll back volume status to "in-use".', action('os-roll_detaching')),
  rule('volume_extension:volume_actions:terminate_connection', MEMBER, 'Terminate volume attachment.', action('os-terminate_connection')),
  rule('volume_extension:volume_actions:initialize_connection', MEMBER, 'Initialize volume attachment.', action('os-initialize_connection')),
  rule('volume:update_readonly_flag', MEMBER, "Update volume's readonly flag.", action('os-update_readonly_flag')),
  rule('volume:reimage', MEMBER, 'Reimage a volume in available or error status.', action('os-reimage')),
  rule('volume:reimage_reserved', MEMBER, 'Reimage a volume in reserved status.', action('os-reimage')),
];

export const VOLUME_TYPE_RULES: PolicyRule[] = [
  rule('volume_extension:types_manage', ADMIN, 'Create, update and delete volume type.', 'POST /types', 'PUT /types/{type_id}', 'DELETE /types/{type_id}'),
  rule('volume_extension:type_get', READER, 'Get one specific volume type.', 'GET /types/{type_id}'),
  rule('volume_extension:type_get_all', READER, 'List volume types.', 'GET /types'),
  rule('volume_extension:access_types_extra_specs', ADMIN, 'Show all extra specs of a volume type, not only the user-visible ones.', 'GET /types', 'GET /types/{type_id}'),
  rule('volume_extension:types_extra_specs:index', READER, 'List type extra specs.', 'GET /types/{type_id}/extra_specs'),
  rule('volume_extension:types_extra_specs:show', READER, 'Show one specified type extra specs.', 'GET /types/{type_id}/extra_specs/{extra_spec_key}'),
  rule('volume_extension:types_extra_specs:create', ADMIN, 'Create type extra specs.', 'POST /types/{type_id}/extra_specs'),
  rule('volume_extension:types_extra_specs:update', ADMIN, 'Update type extra specs.', 'PUT /types/{type_id}/extra_specs/{extra_spec_key}'),
  rule('volume_extension:types_extra_specs:delete', ADMIN, 'Delete type extra specs.', 'DELETE /types/{type_id}/extra_specs/{extra_spec_key}'),
];

export const VOLUME_METADATA_AND_SNAPSHOT_RULES: PolicyRule[] = [
  rule('volume:create_volume_metadata', MEMBER, "Create volume metadata.", 'POST /volumes/{volume_id}/metadata'),
  rule('volume:create_snapshot', MEMBER, 'Create snapshot.', 'POST /snapshots'),
  rule('volume:get_snapshot', READER, 'Show snapshot.', 'GET /snapshots/{snapshot_id}'),
  rule('volume:get_all_snapshots', READER, 'List snapshots.', 'GET /snapshots', 'GET /snapshots/detail'),
  rule('volume:update_snapshot', MEMBER, 'Update snapshot.', 'PUT /snapshots/{snapshot_id}'),
  rule('volume:delete_snapshot', MEMBER, 'Delete snapshot.', 'DELETE /snapshots/{snapshot_id}'),
  rule('volume_extension:extended_snapshot_attributes', READER, 'List or show snapshots with extended attributes.', 'GET /snapshots/{snapshot_id}', 'GET /snapshots/detail'),
];

export const SERVICE_RULES: PolicyRule[] = [
  rule('volume_extension:services:index', ADMIN, 'List all services.', 'GET /os-services'),
  rule('scheduler_extension:scheduler_stats:get_pools', ADMIN, 'List all backend pools.', 'GET /scheduler-stats/get_pools'),
];

/** This engine's own extensions, outside Cinder's rule names. */
export const READ_MODEL_RULES: PolicyRule[] = [
  rule('engine:projections:get', ADMIN, "Show each read-model projection's checkpoint, lag and rate.", 'GET /projections'),
];

export const DEFAULT_RULES: PolicyRule[] = [
  ...BASE_RULES,
  ...VOLUME_RULES,
  ...VOLUME_ACTION_RULES,
  ...VOLUME_TYPE_RULES,
  ...VOLUME_METADATA_AND_SNAPSHOT_RULES,
  ...SERVICE_RULES,
  ...READ_MODEL_RULES,
];
