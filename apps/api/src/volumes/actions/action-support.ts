import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { BACKEND_REGISTRY, type BackendRegistry } from '@app/backend-registry';
import { COMPUTE_SERVICE, type ComputeService } from '@app/compute';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { attachmentsToCheckWithCompute, type AttachmentDeletionFacts, type ExistingVolume, type VolumeCommand } from '@app/domain';
import type { VolumeType } from '@app/domain/volume-type/volume-type-catalog';
import type { Caller } from '@app/identity';
import { IMAGE_SERVICE, type ImageService } from '@app/image-service';
import type { VolumeView } from '@app/read-model';
import { STORAGE_BACKEND, type StorageBackend } from '@app/storage-backend';
import { ExecuteVolumeCommand, formatCinderTime, VolumeTypeCatalogService, type CommandOutcome } from '@app/volume-commands';
import { commandContext } from '../command-context.factory';
import { QuotaReservations } from '../quota-reservations';
import { VolumeAccess, type GetPolicy } from '../volume-access';
import type { ActionCall } from './volume-action';

type CommandWithoutId<C> = C extends { volume_id: string } ? Omit<C, 'volume_id'> : never;

/** What the action handlers share: lookups, policy, the command bus, and the outside services. */
@Injectable()
export class ActionSupport {
  constructor(
    private readonly access: VolumeAccess,
    private readonly commandBus: CommandBus,
    private readonly quota: QuotaReservations,
    readonly types: VolumeTypeCatalogService,
    @Inject(ENGINE_CONFIG) readonly config: EngineConfig,
    @Inject(BACKEND_REGISTRY) readonly registry: BackendRegistry,
    @Inject(COMPUTE_SERVICE) private readonly compute: ComputeService,
    @Inject(IMAGE_SERVICE) readonly images: ImageService,
    @Inject(STORAGE_BACKEND) readonly backend: StorageBackend,
  ) {}

  caller(call: ActionCall): Caller {
    return call.origin.caller;
  }

  /** §0.9: the volume, 404 unless the caller may see it. */
  find(call: ActionCall, getPolicy: GetPolicy = 'hide', volumeId = call.volumeId): Promise<VolumeView> {
    return this.access.find(volumeId, this.caller(call), getPolicy);
  }

  /** `volume:get` checked after another rule (the image-metadata setters): denial hides the volume. */
  hideUnlessVisible(call: ActionCall, volume: VolumeView) {
    if (!this.access.allows('volume:get', this.caller(call), volume)) this.access.notFound(volume.id);
  }

  authorize(call: ActionCall, rule: string, target: object) {
    this.access.authorize(rule, this.caller(call), target);
  }

  /**
   * Cinder checks a few admin-metadata rules on an elevated copy of the caller's context, so they
   * pass under the default rules and bite only where a policy file narrows `admin_api`.
   */
  authorizeElevated(call: ActionCall, rule: string, target: object) {
    const caller = this.caller(call);
    this.access.authorize(rule, { ...caller, is_admin: true, roles: [...new Set([...caller.roles, 'admin'])] }, target);
  }

  execute(call: ActionCall, command: CommandWithoutId<VolumeCommand>, volumeId = call.volumeId): Promise<CommandOutcome> {
    return this.commandBus.execute(
      new ExecuteVolumeCommand({ ...command, volume_id: volumeId } as VolumeCommand, commandContext(call.origin, call.extraMetadata)),
    );
  }

  /** Reserves project quota for a command on the volume, and gives it back if the volume refuses. */
  withQuota<T>(call: ActionCall, volume: ExistingVolume, amount: { volumes: number; gigabytes: number }, reason: string, command: () => Promise<T>) {
    return this.quota.around(volume.project_id, volume.id, amount, reason, commandContext(call.origin), command);
  }

  /** The #2004555 facts: a service may always; otherwise which attachments Nova still uses. */
  async attachmentFacts(call: ActionCall, volume: ExistingVolume): Promise<AttachmentDeletionFacts> {
    const caller = this.caller(call);
    if (caller.service) return { caller_is_service: true, attachments_in_use_by_compute: [] };
    const inUse: string[] = [];
    for (const attachment of attachmentsToCheckWithCompute(volume)) {
      const nova = await this.compute.serverVolumeAttachment(attachment.instance_uuid!, volume.id);
      if (nova?.attachment_id === attachment.id) inUse.push(attachment.id);
    }
    return { caller_is_service: false, attachments_in_use_by_compute: inUse };
  }

  /** The volume's type, or the default type for a volume that has none. */
  async typeOf(volume: ExistingVolume): Promise<VolumeType | undefined> {
    return (volume.volume_type_id && (await this.types.find(volume.volume_type_id))) || this.types.defaultType();
  }

  operationId = () => randomUUID();
  now = () => formatCinderTime(new Date());
}
