/**
 * Commands a volume can be asked to carry out. Ids and the time come in from outside (the domain
 * has no clock and no randomness).
 */

export interface CreateVolume {
  type: 'CreateVolume';
  volume_id: string;
  data: {
    operation_id: string;
    project_id: string;
    user_id: string;
    size: number;
    name: string | null;
    description: string | null;
    availability_zone: string;
    volume_type: string | null;
    metadata: Record<string, string>;
    multiattach: boolean;
    host: string;
    now: string;
  };
}

/** The backend reports the volume's storage exists. */
export interface CompleteVolumeCreate {
  type: 'CompleteVolumeCreate';
  volume_id: string;
  data: { operation_id: string; host: string; provider_location: string };
}

export interface FailVolumeCreate {
  type: 'FailVolumeCreate';
  volume_id: string;
  data: { operation_id: string; reason: string };
}

export interface ExtendVolume {
  type: 'ExtendVolume';
  volume_id: string;
  data: {
    operation_id: string;
    new_size: number;
    /** Microversion ≥ 3.42: an `in-use` volume may be extended. */
    allow_attached: boolean;
  };
}

export interface CompleteVolumeExtend {
  type: 'CompleteVolumeExtend';
  volume_id: string;
  data: { operation_id: string };
}

export interface FailVolumeExtend {
  type: 'FailVolumeExtend';
  volume_id: string;
  data: { operation_id: string; reason: string };
}

export type VolumeCommand =
  | CreateVolume
  | CompleteVolumeCreate
  | FailVolumeCreate
  | ExtendVolume
  | CompleteVolumeExtend
  | FailVolumeExtend;
