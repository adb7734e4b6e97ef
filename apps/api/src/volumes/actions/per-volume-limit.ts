import { overLimit } from '@app/cinder-api';

/** Cinder's per-volume size quota (`per_volume_size_limit`): 413 with `retryAfter`, as its quota errors are. */
export function checkPerVolumeLimit(size: number, limitGb: number) {
  if (limitGb >= 0 && size > limitGb) {
    throw overLimit(`VolumeSizeExceedsLimit: Requested volume size ${size}G is larger than maximum allowed limit ${limitGb}G.`);
  }
}
