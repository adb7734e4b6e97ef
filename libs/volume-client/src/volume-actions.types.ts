/**
 * The bodies of the 25 volume actions, as Cinder's Block Storage v3 API takes them (what goes
 * under the action's key). Booleans may also be Cinder's string spellings ("True", "yes", ...).
 */
type Bool = boolean | string;
type Connector = Record<string, unknown> | string | null;

export interface VolumeActionBodies {
  'os-extend': { new_size: number | string };
  'os-extend_volume_completion': { error?: string | boolean | null };
  'os-reset_status': { status?: string | null; attach_status?: string | null; migration_status?: string | null };
  revert: { snapshot_id: string | null };
  'os-set_image_metadata': { metadata: Record<string, string> };
  'os-unset_image_metadata': { key: string };
  'os-show_image_metadata': Record<string, never>;
  'os-attach': { mountpoint: string; instance_uuid?: string; host_name?: string; mode?: 'rw' | 'ro' };
  'os-detach': { attachment_id?: string | null };
  'os-unmanage': Record<string, never>;
  'os-force_detach': { connector?: Connector; attachment_id?: string | null };
  'os-retype': { new_type: string; migration_policy?: 'on-demand' | 'never' };
  'os-migrate_volume': { host?: string | null; cluster?: string | null; force_host_copy?: Bool; lock_volume?: Bool };
  'os-migrate_volume_completion': { new_volume: string; error?: string | boolean | null };
  'os-force_delete': Record<string, never>;
  'os-set_bootable': { bootable: Bool };
  'os-volume_upload_image': {
    image_name: string;
    force?: Bool;
    disk_format?: 'raw' | 'vmdk' | 'vdi' | 'qcow2' | 'vhd' | 'vhdx' | 'ploop';
    container_format?: string | null;
    visibility?: 'community' | 'public' | 'private' | 'shared';
    protected?: Bool;
  };
  'os-reserve': Record<string, never>;
  'os-unreserve': Record<string, never>;
  'os-begin_detaching': Record<string, never>;
  'os-roll_detaching': Record<string, never>;
  'os-terminate_connection': { connector: Connector };
  'os-initialize_connection': { connector: Record<string, unknown> | string };
  'os-update_readonly_flag': { readonly: Bool };
  'os-reimage': { image_id: string; reimage_reserved?: Bool };
}

export type VolumeActionName = keyof VolumeActionBodies;

/** What the actions answer in their bodies (those that answer one). */
export interface VolumeActionAnswers {
  'os-set_image_metadata': { metadata: Record<string, string> };
  'os-show_image_metadata': { metadata: Record<string, string> };
  'os-initialize_connection': { connection_info: { driver_volume_type: string; data: Record<string, unknown>; enforce_multipath?: boolean } };
  'os-migrate_volume_completion': { save_volume_id: string };
  'os-volume_upload_image': { 'os-volume_upload_image': Record<string, unknown> & { image_id: string; status: string } };
}

export type VolumeActionAnswer<A extends VolumeActionName> = A extends keyof VolumeActionAnswers ? VolumeActionAnswers[A] : undefined;

/** An answer: the status Cinder gave and, for the actions that have one, the body. */
export interface VolumeActionResult<A extends VolumeActionName> {
  status: number;
  body: VolumeActionAnswer<A>;
}

/** Options of one call. */
export interface CallOptions {
  /** Makes a retry safe: the same key again applies once and answers the same. */
  idempotencyKey?: string;
  /** Ties every event and job the command causes to the sender's workflow. */
  correlationId?: string;
  /** Defaults to the client's microversion. */
  microversion?: string;
}

/** Cinder refused the action: its status and fault body (`{"badRequest": {...}}`, ...). */
export class VolumeActionError extends Error {
  override readonly name = 'VolumeActionError';
  constructor(
    readonly status: number,
    readonly fault: Record<string, { code: number; message: string }>,
  ) {
    super(Object.values(fault)[0]?.message ?? `Volume action refused with ${status}`);
  }
}
