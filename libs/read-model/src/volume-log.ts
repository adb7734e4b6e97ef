import type { VolumeLog } from '@app/audit';
import { toVolumeEvent, VOLUME_STREAM_PREFIX, volumeIdOf, volumeStreamId } from '@app/volume-commands';

/** The engine's volume streams, for the audit tools (see VolumeLog for why it is passed around). */
export const VOLUME_LOG: VolumeLog = {
  streamPrefix: VOLUME_STREAM_PREFIX,
  streamId: volumeStreamId,
  volumeIdOf,
  decode: toVolumeEvent,
};
