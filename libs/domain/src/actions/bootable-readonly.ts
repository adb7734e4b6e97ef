import { invalidVolume } from '../volume-errors';
import type { ExistingVolume } from '../volume-state';

/** os-set_bootable: Cinder's generic volume update, hence its maintenance message. */
export interface SetVolumeBootable {
  type: 'SetVolumeBootable';
  volume_id: string;
  data: { bootable: boolean };
}

/** os-update_readonly_flag */
export interface UpdateVolumeReadonlyFlag {
  type: 'UpdateVolumeReadonlyFlag';
  volume_id: string;
  data: { readonly: boolean };
}

export type BootableReadonlyCommand = SetVolumeBootable | UpdateVolumeReadonlyFlag;

export interface VolumeBootableSet {
  type: 'VolumeBootableSet';
  data: { bootable: boolean };
}

/** `readonly` as Cinder stores it in admin metadata: Python's str() of the flag. */
export interface VolumeReadonlyFlagUpdated {
  type: 'VolumeReadonlyFlagUpdated';
  data: { readonly: 'True' | 'False' };
}

export type BootableReadonlyEvent = VolumeBootableSet | VolumeReadonlyFlagUpdated;

export function setVolumeBootable({ data }: SetVolumeBootable, volume: ExistingVolume): BootableReadonlyEvent[] {
  if (volume.status === 'maintenance') throw invalidVolume('The volume cannot be updated during maintenance.');
  return [{ type: 'VolumeBootableSet', data: { bootable: data.bootable } }];
}

export function updateVolumeReadonlyFlag(
  { data }: UpdateVolumeReadonlyFlag,
  volume: ExistingVolume,
): BootableReadonlyEvent[] {
  if (volume.status !== 'available') {
    throw invalidVolume(
      `Volume ${volume.id} status must be available to update readonly flag, but current status is: ${volume.status}.`,
    );
  }
  return [{ type: 'VolumeReadonlyFlagUpdated', data: { readonly: data.readonly ? 'True' : 'False' } }];
}

export function evolveBootableReadonly(state: ExistingVolume, event: BootableReadonlyEvent): ExistingVolume {
  switch (event.type) {
    case 'VolumeBootableSet':
      return { ...state, bootable: event.data.bootable };
    case 'VolumeReadonlyFlagUpdated':
      return { ...state, admin_metadata: { ...state.admin_metadata, readonly: event.data.readonly } };
  }
}
