/**
 * The 25 actions of POST .../volumes/{id}/action, with the microversion that introduced the two
 * gated ones (§1.0). A name not listed here is "no such action"; a gated one below its version
 * is 404, as in Cinder.
 */
export const VOLUME_ACTIONS: Record<string, { minVersion?: string }> = {
  'os-extend': {},
  'os-extend_volume_completion': {},
  'os-reset_status': {},
  revert: { minVersion: '3.40' },
  'os-set_image_metadata': {},
  'os-unset_image_metadata': {},
  'os-show_image_metadata': {},
  'os-attach': {},
  'os-detach': {},
  'os-unmanage': {},
  'os-force_detach': {},
  'os-retype': {},
  'os-migrate_volume': {},
  'os-migrate_volume_completion': {},
  'os-force_delete': {},
  'os-set_bootable': {},
  'os-volume_upload_image': {},
  'os-reserve': {},
  'os-unreserve': {},
  'os-begin_detaching': {},
  'os-roll_detaching': {},
  'os-terminate_connection': {},
  'os-initialize_connection': {},
  'os-update_readonly_flag': {},
  'os-reimage': { minVersion: '3.68' },
};
