import type { ComputeService } from './compute.port';

/**
 * For deployments without Nova (`COMPUTE=none`): no server uses any attachment, and there is
 * nobody to notify.
 */
export class NoComputeService implements ComputeService {
  async serverVolumeAttachment() {
    return null;
  }

  async notifyVolumeExtended() {}
}
