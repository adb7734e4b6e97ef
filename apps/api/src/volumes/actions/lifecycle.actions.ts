import { isUp, parseHost } from '@app/backend-registry';
import { CinderFault, isUuidLike, migrateVolumeDestination, toBool } from '@app/cinder-api';
import { findByName } from '@app/domain/volume-type/volume-type-catalog';
import { retypeTarget } from './type-facts';
import { ACCEPTED, rawEmpty, type ActionCall, type VolumeAction } from './volume-action';
import type { ActionSupport } from './action-support';

/** §1.2.4 (≥ 3.40): a `volume:get` denial is a 403 here, not a 404. */
export const revert: VolumeAction = {
  name: 'revert',
  minVersion: '3.40',
  async run(call, s) {
    const volume = await s.find(call, 'forbid');
    s.authorize(call, 'volume:revert_to_snapshot', volume);
    await s.execute(call, { type: 'RevertVolumeToSnapshot', data: { operation_id: s.operationId(), snapshot_id: call.value.snapshot_id ?? null } });
    return ACCEPTED;
  },
};

/** §1.2.12: the new type by id or name, Cinder's two 404s; a multiattach target needs `volume:multiattach`. */
export const retype: VolumeAction = {
  name: 'os-retype',
  async run(call, s) {
    const volume = await s.find(call);
    s.authorize(call, 'volume:retype', volume);
    const target = retypeTarget(await newType(s, String(call.value.new_type)));
    if (target.multiattach) s.authorize(call, 'volume:multiattach', volume);
    await s.execute(call, {
      type: 'RetypeVolume',
      data: {
        operation_id: s.operationId(),
        new_type: target,
        migration_policy: call.value.migration_policy ?? null,
        front_end_qos_changes: false,
      },
    });
    return ACCEPTED;
  },
};

async function newType(s: ActionSupport, requested: string) {
  const { catalog } = await s.types.catalog();
  if (isUuidLike(requested) && catalog.types[requested]) return catalog.types[requested];
  const byName = findByName(catalog, requested);
  if (byName) return byName;
  throw new CinderFault(
    404,
    isUuidLike(requested) ? `Volume type ${requested} could not be found.` : `Volume type with name ${requested} could not be found.`,
  );
}

/** §1.2.13: one of host/cluster (≥ 3.16); the destination must be an up volume service. */
export const migrate: VolumeAction = {
  name: 'os-migrate_volume',
  async run(call, s) {
    const volume = await s.find(call);
    s.authorize(call, 'volume_extension:volume_admin_actions:migrate_volume', volume);
    const allowCluster = call.origin.version.atLeast('3.16');
    const { host, cluster } = migrateVolumeDestination(call.value, call.origin.version);
    await s.execute(call, {
      type: 'MigrateVolume',
      data: {
        operation_id: s.operationId(),
        host,
        cluster,
        force_host_copy: toBool(call.value.force_host_copy),
        lock_volume: toBool(call.value.lock_volume),
        allow_cluster: allowCluster,
        destination_service: await destination(s, host),
      },
    });
    return ACCEPTED;
  },
};

/** An up, enabled volume service serving the `host@backend` of the requested destination. */
async function destination(s: ActionSupport, host: string | null) {
  if (!host) return null;
  const { host: name, backend } = parseHost(host);
  const services = await s.registry.services();
  const service = services.find((candidate) => candidate.host === `${name}@${backend}`);
  return service && isUp(service, new Date(), s.config.serviceDownTimeMs) ? { cluster_name: null } : null;
}

/** §1.2.14: 200 with the id of the volume that keeps the data. */
export const migrateVolumeCompletion: VolumeAction = {
  name: 'os-migrate_volume_completion',
  async run(call, s) {
    const volume = await s.find(call);
    const newVolume = await s.find(call, 'hide', String(call.value.new_volume));
    s.authorize(call, 'volume_extension:volume_admin_actions:migrate_volume_completion', volume);
    const facts = await s.attachmentFacts(call, volume);
    await s.execute(call, {
      type: 'MigrateVolumeCompletion',
      data: {
        ...facts,
        error: call.value.error,
        new_volume: {
          id: newVolume.id,
          migration_status: newVolume.migration_status,
          host: newVolume.host ?? '',
          cluster_name: newVolume.cluster_name,
          provider_location: newVolume.provider_location,
        },
      },
    });
    const swapOnly = volume.migration_status === null && newVolume.migration_status === null;
    return { status: 200, body: { save_volume_id: swapOnly ? newVolume.id : volume.id } };
  },
};

const deleting = (name: string, type: 'UnmanageVolume' | 'ForceDeleteVolume', rule: string): VolumeAction => ({
  name,
  async run(call: ActionCall, s: ActionSupport) {
    const volume = await s.find(call);
    s.authorize(call, rule, volume);
    s.authorize(call, 'volume:delete', volume);
    const data = { operation_id: s.operationId(), now: s.now() };
    if (type === 'UnmanageVolume') {
      await s.execute(call, { type, data });
      return rawEmpty(202);
    }
    await s.execute(call, { type, data: { ...data, backend_frozen: false } });
    return ACCEPTED;
  },
});

/** §1.2.10: 202 with Cinder's raw text/html body. */
export const unmanage = deleting('os-unmanage', 'UnmanageVolume', 'volume_extension:volume_unmanage');
/** §1.2.15: any status, but not attached, migrating or with snapshots. */
export const forceDelete = deleting('os-force_delete', 'ForceDeleteVolume', 'volume_extension:volume_admin_actions:force_delete');
