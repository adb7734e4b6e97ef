import { Inject, Injectable, Logger } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { isPending, type ExistingVolume, type VolumeCommand, type VolumeState } from '@app/domain';
import { IMAGE_SERVICE, type ImageService } from '@app/image-service';
import type { BackendJob } from '@app/job-queue';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import { placed, progressBetween, type BackendOperation, type OperationRun } from './backend-operation';

/**
 * os-volume_upload_image: the volume's data, converted to the image's disk format when it is not
 * raw, staged in the conversion folder and uploaded to the image the API created. Two steps, the
 * second checkpointed: a run after the upload went through only records it.
 */
@Injectable()
export class UploadToImageOperation implements BackendOperation {
  readonly jobs = ['upload_volume_to_image'] as const;
  private readonly logger = new Logger('UploadToImage');

  constructor(
    @Inject(STORAGE_BACKEND) private readonly backend: StorageBackend,
    @Inject(IMAGE_SERVICE) private readonly images: ImageService,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {}

  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume {
    return isPending(state, 'upload', job.data.operation_id, 'uploading');
  }

  async run({ job, volume, control }: OperationRun): Promise<VolumeCommand> {
    const imageId = volume.pending!.image_id!;
    if (control.checkpoint?.uploaded === true) return this.complete(job);
    const image = await this.images.get(imageId);
    if (!image) return this.fail(job, volume, `Image ${imageId} could not be found.`);
    if (image.status === 'active') return this.complete(job);
    const format = image.disk_format ?? 'raw';
    const staging = join(this.config.imageConversionDir, `upload-${job.id}.${format}`);
    try {
      await this.backend.exportVolume(placed(volume), staging, format, { onProgress: progressBetween(control, 0, 70) });
      await this.images.upload(imageId, staging);
    } finally {
      await rm(staging, { force: true });
    }
    await control.saveCheckpoint({ uploaded: true });
    await control.reportProgress(99);
    return this.complete(job);
  }

  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand {
    return { type: 'FailVolumeUploadToImage', volume_id: volume.id, data: { operation_id: job.data.operation_id, reason } };
  }

  /** cinder/volume/manager.py `copy_volume_to_image`: an image still queued or saving is deleted. */
  async cleanUpAfterFailure(_job: BackendJob, volume: ExistingVolume) {
    const imageId = volume.pending!.image_id!;
    try {
      const image = await this.images.get(imageId);
      if (image && (image.status === 'queued' || image.status === 'saving')) await this.images.delete(imageId);
    } catch (error) {
      this.logger.warn(`Image ${imageId} of a failed upload could not be removed: ${(error as Error).message}`);
    }
  }

  private complete(job: BackendJob): VolumeCommand {
    return { type: 'CompleteVolumeUploadToImage', volume_id: job.data.volume_id, data: { operation_id: job.data.operation_id } };
  }
}
