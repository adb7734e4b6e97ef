import { Inject, Injectable } from '@nestjs/common';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { isPending, type ExistingVolume, type VolumeCommand, type VolumeState } from '@app/domain';
import { IMAGE_SERVICE, type ImageRecord, type ImageService } from '@app/image-service';
import type { BackendJob } from '@app/job-queue';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import { placed, progressBetween, type BackendOperation, type OperationRun } from './backend-operation';

/**
 * os-reimage: the image's data, fetched to the conversion folder, replaces the volume's (converted
 * to raw when it is not); the volume keeps its size and takes the image's metadata.
 */
@Injectable()
export class ReimageVolumeOperation implements BackendOperation {
  readonly jobs = ['reimage_volume'] as const;

  constructor(
    @Inject(STORAGE_BACKEND) private readonly backend: StorageBackend,
    @Inject(IMAGE_SERVICE) private readonly images: ImageService,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {}

  isPending(state: VolumeState, job: BackendJob): state is ExistingVolume {
    return isPending(state, 'reimage', job.data.operation_id, 'downloading');
  }

  async run({ job, volume, control }: OperationRun): Promise<VolumeCommand> {
    const imageId = volume.pending!.image_id!;
    const image = await this.images.get(imageId);
    if (!image) return this.fail(job, volume, `Image ${imageId} could not be found.`);
    if (image.status !== 'active') return this.fail(job, volume, `Image ${imageId} is not active.`);
    const staging = join(this.config.imageConversionDir, `reimage-${job.id}`);
    await mkdir(this.config.imageConversionDir, { recursive: true });
    try {
      await this.images.download(imageId, staging);
      await control.reportProgress(30);
      await this.backend.importImage(placed(volume), volume.size, staging, image.disk_format ?? 'raw', {
        onProgress: progressBetween(control, 30, 99),
      });
    } finally {
      await rm(staging, { force: true });
    }
    return {
      type: 'CompleteVolumeReimage',
      volume_id: volume.id,
      data: { operation_id: job.data.operation_id, volume_image_metadata: glanceMetadata(image) },
    };
  }

  fail(job: BackendJob, volume: ExistingVolume, reason: string): VolumeCommand {
    return { type: 'FailVolumeReimage', volume_id: volume.id, data: { operation_id: job.data.operation_id, reason } };
  }
}

/** What Cinder copies from an image into a volume's image metadata (cinder/volume/flows/manager/create_volume.py). */
export function glanceMetadata(image: ImageRecord): Record<string, string> {
  const core = {
    image_id: image.id,
    image_name: image.name,
    checksum: image.checksum,
    container_format: image.container_format,
    disk_format: image.disk_format,
    min_disk: image.min_disk,
    min_ram: image.min_ram,
    size: image.size,
  };
  const metadata: Record<string, string> = { ...image.properties };
  for (const [key, value] of Object.entries(core)) if (value !== null && value !== undefined) metadata[key] = String(value);
  return metadata;
}
