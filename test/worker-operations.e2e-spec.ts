import { Queue } from 'bullmq';
import { execFileSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redisOptions } from '@app/config';
import { LocalImageService } from '@app/image-service';
import { commands, EngineLog, FakeNova, fileExists, guestDataOf, snapshotFile, volumeFile, writeGuestData } from '@app/testing';
import { CinderClient } from './support/cinder-client';
import { engineEnv, startHttpEngine, waitFor, type EngineEnv, type EngineProcess } from './support/engine-process';

const GiB = 1024 ** 3;

/**
 * Every backend operation through the running engine (all-in-one: API, reactor, workers) and the
 * real file backend: each reaches Cinder's final status, and the bytes on disk are where they
 * should be. Snapshots and DELETE have no HTTP endpoint yet; those commands go through the
 * command executor on the engine's own event log, exactly as a handler would send them.
 */
describe('backend operations, end to end on the file backend', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let cinder: CinderClient;
  let log: EngineLog;
  let nova: FakeNova;
  let images: LocalImageService;
  let queue: Queue;
  const typeIds: Record<string, string> = {};

  beforeAll(async () => {
    nova = new FakeNova();
    const novaUrl = await nova.start();
    env = await engineEnv({
      BACKENDS: 'node1@file#gold:100,node1@file#silver:100,node2@other#main:100',
      SERVICE_REPORT_INTERVAL_MS: '200',
      COMPUTE: 'nova',
      NOVA_URL: novaUrl,
      NOVA_AUTH_TOKEN: 'nova-service-token',
    });
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    cinder = new CinderClient(started.base, 'e2eproject', { 'OpenStack-API-Version': 'volume 3.71' });
    log = new EngineLog(env.DATA_DIR);
    images = new LocalImageService(join(env.DATA_DIR, 'images'));
    queue = new Queue('volume-operations', { connection: redisOptions(env.REDIS_URL), prefix: env.QUEUE_PREFIX });
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 2, 20000,
      () => engine.logs);
    for (const [name, backend] of [['file-only', 'file'], ['file-again', 'file'], ['other-backend', 'other'], ['nowhere', 'nowhere']]) {
      const res = await cinder.request('POST', `/v3/${cinder.project}/types`, { body: { volume_type: { name, extra_specs: { volume_backend_name: backend } } } });
      typeIds[name] = res.json.volume_type.id;
    }
  });

  afterAll(async () => {
    await queue?.close();
    await log?.close();
    await engine?.kill();
    await nova?.stop();
  });

  /** A new available volume with guest data `seed` written into its file, on a pool of the `file` backend. */
  async function volume(seed = 'A', size = 1, extra: object = { volume_type: 'file-only' }) {
    const { id } = await cinder.createVolume(size, extra);
    await cinder.waitForStatus(id, 'available');
    const host = (await cinder.getVolume(id))['os-vol-host-attr:host'] as string;
    const file = volumeFile(env.DATA_DIR, host, id);
    await writeGuestData(file, seed);
    return { id, host, file };
  }

  async function snapshotOf(volumeId: string) {
    const command = commands.createSnapshot(volumeId);
    await log.execute(command);
    await log.waitForEvent(volumeId, ['SnapshotCreated', 'SnapshotCreateFailed']);
    return (command.data as { snapshot_id: string }).snapshot_id;
  }

  const reasonOf = async (volumeId: string, type: string) => (await log.events(volumeId)).find((e) => e.type === type)?.data.reason;

  describe('create', () => {
    it('makes a sparse file of the size on the chosen pool: available, progress 100', async () => {
      const { id } = await cinder.createVolume(2);
      expect(await cinder.waitForStatus(id, 'available')).toEqual(['creating', 'available']);
      const host = (await cinder.getVolume(id))['os-vol-host-attr:host'];
      const file = volumeFile(env.DATA_DIR, host, id);
      expect((await stat(file)).size).toBe(2 * GiB);
      const createEvent = (await log.events(id))[0];
      expect((await queue.getJob(`create_volume-${createEvent.id}`))?.progress).toBe(100);
    });

    it('fails with Cinder\'s scheduler message when no backend could take it: error', async () => {
      const { id } = await cinder.createVolume(1, { volume_type: 'nowhere' });
      await cinder.waitForStatus(id, 'error');
      expect(await reasonOf(id, 'VolumeCreateFailed')).toBe('No valid backend was found. No weighed backends available');
    });
  });

  describe('extend', () => {
    it('grows the file, keeping its data: available with the new size', async () => {
      const v = await volume('X');
      expect((await cinder.action(v.id, { 'os-extend': { new_size: 3 } })).status).toBe(202);
      await waitFor(async () => (await cinder.getVolume(v.id)).size === 3, 20000);
      expect((await cinder.getVolume(v.id)).status).toBe('available');
      expect((await stat(v.file)).size).toBe(3 * GiB);
    });

    it('tells Nova about an attached volume that grew: in-use', async () => {
      const v = await volume('Y');
      const server = '95d9ef50-507d-11e5-b970-0800200c9a66';
      expect((await cinder.action(v.id, { 'os-attach': { instance_uuid: server, mountpoint: '/dev/vdc' } })).status).toBe(202);
      await cinder.waitForStatus(v.id, 'in-use');
      expect((await cinder.action(v.id, { 'os-extend': { new_size: 2 } })).status).toBe(202);
      await waitFor(async () => (await cinder.getVolume(v.id)).size === 2, 20000);
      expect((await cinder.getVolume(v.id)).status).toBe('in-use');
      await waitFor(() => nova.events.some((e) => e.server_uuid === server), 5000);
      expect(nova.events).toContainEqual({ name: 'volume-extended', server_uuid: server, tag: v.id });
    });
  });

  describe('snapshots and revert', () => {
    it('takes a sparse copy of the volume, reverts to it (available, snapshot available), and deletes it', async () => {
      const v = await volume('BEFORE');
      const snapshotId = await snapshotOf(v.id);
      expect(await log.count(v.id, 'SnapshotCreated')).toBe(1);
      const snapFile = snapshotFile(env.DATA_DIR, v.host, snapshotId);
      expect(await guestDataOf(snapFile)).toBe('BEFORE');
      expect((await stat(snapFile)).blocks * 512).toBeLessThan(16 * 1024 * 1024);

      await writeGuestData(v.file, 'AFTER');
      expect((await cinder.action(v.id, { revert: { snapshot_id: snapshotId } })).status).toBe(202);
      await log.waitForEvent(v.id, ['VolumeReverted', 'VolumeRevertFailed']);
      expect((await cinder.getVolume(v.id)).status).toBe('available');
      expect(await guestDataOf(v.file)).toBe('BEFORE');
      expect((await log.state(v.id)) as any).toMatchObject({ snapshots: [{ id: snapshotId, status: 'available' }] });

      await log.execute(commands.deleteSnapshot(v.id, snapshotId));
      await log.waitForEvent(v.id, ['SnapshotDeleted', 'SnapshotDeleteFailed']);
      expect(await log.count(v.id, 'SnapshotDeleted')).toBe(1);
      expect(await fileExists(snapFile)).toBe(false);
      expect((await log.state(v.id)) as any).toMatchObject({ snapshots: [] });
    });
  });

  describe('retype', () => {
    it('changes the type in place on the same backend: available, same pool', async () => {
      const v = await volume('R1');
      expect((await cinder.action(v.id, { 'os-retype': { new_type: 'file-again' } })).status).toBe(202);
      await log.waitForEvent(v.id, ['VolumeRetyped', 'VolumeRetypeFailed']);
      expect(await cinder.getVolume(v.id)).toMatchObject({ status: 'available', volume_type: 'file-again', 'os-vol-host-attr:host': v.host });
      expect(await guestDataOf(v.file)).toBe('R1');
    });

    it('migrates to a pool of the new type\'s backend when allowed (on-demand): available, data moved', async () => {
      const v = await volume('R2');
      expect((await cinder.action(v.id, { 'os-retype': { new_type: 'other-backend', migration_policy: 'on-demand' } })).status).toBe(202);
      await log.waitForEvent(v.id, ['VolumeRetyped', 'VolumeRetypeFailed']);
      expect(await cinder.getVolume(v.id)).toMatchObject({
        status: 'available', volume_type: 'other-backend', 'os-vol-host-attr:host': 'node2@other#main', migration_status: 'success',
      });
      expect(await guestDataOf(volumeFile(env.DATA_DIR, 'node2@other#main', v.id))).toBe('R2');
      expect(await fileExists(v.file)).toBe(false);
    });

    it('refuses a retype needing migration without on-demand: back to available, type unchanged, Cinder\'s reason', async () => {
      const v = await volume('R3');
      expect((await cinder.action(v.id, { 'os-retype': { new_type: 'other-backend', migration_policy: 'never' } })).status).toBe(202);
      await log.waitForEvent(v.id, ['VolumeRetyped', 'VolumeRetypeFailed']);
      expect(await reasonOf(v.id, 'VolumeRetypeFailed')).toBe('Retype requires migration but is not allowed.');
      expect(await cinder.getVolume(v.id)).toMatchObject({ status: 'available', volume_type: 'file-only', 'os-vol-host-attr:host': v.host });
    });
  });

  describe('migrate', () => {
    it('moves the data to the pool asked for, checksummed, and removes the source: available, host changed', async () => {
      const v = await volume('M1');
      const destination = v.host === 'node1@file#silver' ? 'node1@file#gold' : 'node1@file#silver';
      expect((await cinder.action(v.id, { 'os-migrate_volume': { host: destination, lock_volume: true } })).status).toBe(202);
      await log.waitForEvent(v.id, ['VolumeMigrated', 'VolumeMigrationFailed']);
      expect(await cinder.getVolume(v.id)).toMatchObject({ status: 'available', 'os-vol-host-attr:host': destination, migration_status: 'success' });
      expect(await guestDataOf(volumeFile(env.DATA_DIR, destination, v.id))).toBe('M1');
      expect(await fileExists(v.file)).toBe(false);
      expect(await log.types(v.id)).toEqual(['VolumeCreateRequested', 'VolumeCreated', 'VolumeMigrationRequested', 'VolumeMigrated']);
    });

    it('picks a pool of a host@backend named without one', async () => {
      const v = await volume('M2');
      expect((await cinder.action(v.id, { 'os-migrate_volume': { host: 'node2@other' } })).status).toBe(202);
      await log.waitForEvent(v.id, ['VolumeMigrated', 'VolumeMigrationFailed']);
      expect((await cinder.getVolume(v.id))['os-vol-host-attr:host']).toBe('node2@other#main');
      expect(await guestDataOf(volumeFile(env.DATA_DIR, 'node2@other#main', v.id))).toBe('M2');
    });
  });

  describe('images', () => {
    it('uploads the volume as a raw image: available, the image active with the volume\'s bytes', async () => {
      const v = await volume('U1');
      const res = await cinder.action(v.id, { 'os-volume_upload_image': { image_name: 'raw-copy' } });
      expect(res.status).toBe(202);
      const imageId = res.json['os-volume_upload_image'].image_id;
      await log.waitForEvent(v.id, ['VolumeUploadedToImage', 'VolumeUploadToImageFailed']);
      expect((await cinder.getVolume(v.id)).status).toBe('available');
      expect(await images.get(imageId)).toMatchObject({ status: 'active', size: GiB, disk_format: 'raw' });
      expect(await guestDataOf(join(env.DATA_DIR, 'images', `${imageId}.img`))).toBe('U1');
    });

    it('uploads as qcow2 through qemu-img, and reimages another volume from it', async () => {
      const v = await volume('Q1');
      const res = await cinder.action(v.id, { 'os-volume_upload_image': { image_name: 'qcow', disk_format: 'qcow2' } });
      const imageId = res.json['os-volume_upload_image'].image_id;
      await log.waitForEvent(v.id, ['VolumeUploadedToImage', 'VolumeUploadToImageFailed']);
      const data = join(env.DATA_DIR, 'images', `${imageId}.img`);
      expect((await readFile(data)).subarray(0, 4).toString('latin1')).toBe('QFI\xfb');

      const target = await volume('OLD');
      expect((await cinder.action(target.id, { 'os-reimage': { image_id: imageId } })).status).toBe(202);
      await log.waitForEvent(target.id, ['VolumeReimaged', 'VolumeReimageFailed']);
      expect(await cinder.getVolume(target.id)).toMatchObject({ status: 'available', size: 1, bootable: 'true' });
      expect(await guestDataOf(target.file)).toBe('Q1');
    });

    it('reimages a volume from a raw image: back to its status, its size kept, the image\'s metadata', async () => {
      const imageId = '7c1d2e3f-0000-4000-8000-000000000001';
      await images.create({ id: imageId, name: 'debian', disk_format: 'raw', container_format: 'bare', visibility: 'public', protected: false, properties: { os_distro: 'debian' } });
      const source = join(env.DATA_DIR, 'debian.raw');
      await writeFile(source, Buffer.alloc(0));
      execFileSync('truncate', ['-s', '8M', source]);
      await writeGuestData(source, 'IMG');
      await images.upload(imageId, source);

      const v = await volume('OLD', 2);
      expect((await cinder.action(v.id, { 'os-reimage': { image_id: imageId } })).status).toBe(202);
      await log.waitForEvent(v.id, ['VolumeReimaged', 'VolumeReimageFailed']);
      const shown = await cinder.getVolume(v.id);
      expect(shown).toMatchObject({ status: 'available', size: 2, bootable: 'true' });
      expect(shown.volume_image_metadata).toMatchObject({ image_id: imageId, image_name: 'debian', disk_format: 'raw', os_distro: 'debian', size: String(8 * 1024 * 1024) });
      expect((await stat(v.file)).size).toBe(2 * GiB);
      // The image's bytes at its start, zeros where the old data lay beyond it.
      const head = Buffer.alloc(16);
      const fh = await (await import('node:fs/promises')).open(v.file, 'r');
      await fh.read(head, 0, 16, 0);
      await fh.close();
      expect(head.toString('latin1')).toBe('IMG|IMG|IMG|IMG|');
      expect(await guestDataOf(v.file)).toBe('mixed(IMG,zeros)');
    });
  });

  describe('unmanage and delete', () => {
    it('unmanages: the volume is gone from the engine, its file stays', async () => {
      const v = await volume('UN');
      expect((await cinder.action(v.id, { 'os-unmanage': {} })).status).toBe(202);
      await log.waitForEvent(v.id, ['VolumeUnmanaged', 'VolumeUnmanageFailed']);
      expect((await cinder.request('GET', `/v3/${cinder.project}/volumes/${v.id}`)).status).toBe(404);
      expect(await guestDataOf(v.file)).toBe('UN');
    });

    it('force-deletes: gone, and its file with it', async () => {
      const v = await volume('FD');
      expect((await cinder.action(v.id, { 'os-force_delete': {} })).status).toBe(202);
      await log.waitForEvent(v.id, ['VolumeDeleted', 'VolumeDeleteFailed']);
      expect((await cinder.request('GET', `/v3/${cinder.project}/volumes/${v.id}`)).status).toBe(404);
      expect(await fileExists(v.file)).toBe(false);
    });

    it('deletes with its snapshots (cascade): gone, no file left', async () => {
      const v = await volume('DEL');
      const snapshotId = await snapshotOf(v.id);
      await log.execute(commands.deleteVolume(v.id, true));
      await log.waitForEvent(v.id, ['VolumeDeleted', 'VolumeDeleteFailed']);
      expect((await cinder.request('GET', `/v3/${cinder.project}/volumes/${v.id}`)).status).toBe(404);
      expect(await fileExists(v.file)).toBe(false);
      expect(await fileExists(snapshotFile(env.DATA_DIR, v.host, snapshotId))).toBe(false);
    });
  });
});
