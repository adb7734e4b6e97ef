import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalImageService } from '@app/image-service';
import { commands, EngineLog, guestDataOf, volumeFile, writeGuestData } from '@app/testing';
import { CinderClient } from './support/cinder-client';
import { EngineProcess, engineEnv, startHttpEngine, waitFor, type EngineEnv } from './support/engine-process';

const FAILING_POINTS = [
  'extend.before', 'revert.before', 'retype.before', 'migrate.before', 'reimage.before', 'unmanage.before', 'delete.before',
  'snapshot_create.before', 'snapshot_delete.before',
];

/**
 * Cinder's failure semantics for every backend operation, with the real worker process: the
 * backend fails each one (BACKEND_FAILURES), the upload fails for want of qemu-img, a create fails
 * twice transiently. Each failure is recorded once, with its reason, and the volume ends in the
 * status Cinder gives it; a transient failure is retried with backoff and the operation succeeds.
 */
describe('backend failures, with the worker process', () => {
  let env: EngineEnv;
  let api: EngineProcess;
  let worker: EngineProcess;
  let cinder: CinderClient;
  let log: EngineLog;
  const v: Record<string, { id: string; host: string; file: string }> = {};
  const snapshots: Record<string, string> = {};
  const imageId = '7c1d2e3f-0000-4000-8000-0000000000f1';
  let uploadImageId: string;
  let createdId: string;

  beforeAll(async () => {
    env = await engineEnv({
      BACKENDS: 'node1@file#gold:100,node1@file#silver:100,node2@other#main:100',
      SERVICE_REPORT_INTERVAL_MS: '200',
      STORAGE_BACKEND: 'faulty-file',
      JOB_LOCK_DURATION_MS: '2000',
    });
    const started = await startHttpEngine('api', env);
    api = started.engine;
    cinder = new CinderClient(started.base, 'e2eproject', { 'OpenStack-API-Version': 'volume 3.71' });
    log = new EngineLog(env.DATA_DIR);
    worker = EngineProcess.start('worker', env);
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 2, 20000,
      () => worker.logs);
    for (const [name, backend] of [['file-only', 'file'], ['file-again', 'file'], ['other-backend', 'other']]) {
      await cinder.request('POST', `/v3/${cinder.project}/types`, { body: { volume_type: { name, extra_specs: { volume_backend_name: backend } } } });
    }

    // Everything the failing operations need, made while the backend still works.
    const names = ['extend', 'revert', 'retype', 'retypeMigrate', 'migrate', 'upload', 'reimage', 'unmanage', 'delete', 'forceDelete', 'snapshotCreate', 'snapshotDelete'];
    await Promise.all(names.map(async (name) => {
      const { id } = await cinder.createVolume(1, { volume_type: 'file-only' });
      await cinder.waitForStatus(id, 'available');
      const host = (await cinder.getVolume(id))['os-vol-host-attr:host'];
      v[name] = { id, host, file: volumeFile(env.DATA_DIR, host, id) };
      await writeGuestData(v[name].file, name);
    }));
    for (const name of ['revert', 'snapshotDelete']) {
      const command = commands.createSnapshot(v[name].id);
      await log.execute(command);
      await log.waitForEvent(v[name].id, ['SnapshotCreated']);
      snapshots[name] = (command.data as { snapshot_id: string }).snapshot_id;
    }
    const images = new LocalImageService(join(env.DATA_DIR, 'images'));
    await images.create({ id: imageId, name: 'img', disk_format: 'raw', container_format: 'bare', visibility: 'public', protected: false });
    await writeFile(join(env.DATA_DIR, 'img.raw'), Buffer.alloc(1024 * 1024, 1));
    await images.upload(imageId, join(env.DATA_DIR, 'img.raw'));

    // The failing worker: its PATH has perl (for sparse copies) but no qemu-img.
    await worker.kill();
    const bin = await mkdtemp(join(tmpdir(), 'no-qemu-'));
    await symlink('/usr/bin/perl', join(bin, 'perl'));
    worker = EngineProcess.start('worker', { ...env, PATH: bin, BACKEND_FAILURES: [...FAILING_POINTS, 'create.before*2'].join(',') });

    const actions: Array<[string, object]> = [
      ['extend', { 'os-extend': { new_size: 2 } }],
      ['revert', { revert: { snapshot_id: snapshots.revert } }],
      ['retype', { 'os-retype': { new_type: 'file-again' } }],
      ['retypeMigrate', { 'os-retype': { new_type: 'other-backend', migration_policy: 'on-demand' } }],
      ['migrate', { 'os-migrate_volume': { host: 'node2@other#main', lock_volume: true } }],
      ['upload', { 'os-volume_upload_image': { image_name: 'never', disk_format: 'qcow2' } }],
      ['reimage', { 'os-reimage': { image_id: imageId } }],
      ['unmanage', { 'os-unmanage': {} }],
      ['forceDelete', { 'os-force_delete': {} }],
    ];
    for (const [name, body] of actions) {
      const res = await cinder.action(v[name].id, body);
      if (res.status !== 202) throw new Error(`${name}: ${res.status} ${res.text}`);
      if (name === 'upload') uploadImageId = res.json['os-volume_upload_image'].image_id;
    }
    await log.execute(commands.deleteVolume(v.delete.id));
    await log.execute(commands.createSnapshot(v.snapshotCreate.id));
    await log.execute(commands.deleteSnapshot(v.snapshotDelete.id, snapshots.snapshotDelete));
    createdId = (await cinder.createVolume(1, { volume_type: 'file-only' })).id;
  });

  afterAll(async () => {
    await log?.close();
    await Promise.all([api?.kill(), worker?.kill()]);
  });

  /** The one failure event of the volume (it must be recorded exactly once) and its reason. */
  async function failure(name: string, type: string) {
    const event = await log.waitForEvent(v[name].id, [type], 20000);
    expect(await log.count(v[name].id, type)).toBe(1);
    return event.data;
  }

  it.each([
    ['extend', 'VolumeExtendFailed', 'error_extending'],
    ['revert', 'VolumeRevertFailed', 'error'],
    ['reimage', 'VolumeReimageFailed', 'error'],
    ['unmanage', 'VolumeUnmanageFailed', 'error_unmanaging'],
    ['delete', 'VolumeDeleteFailed', 'error_deleting'],
    ['forceDelete', 'VolumeDeleteFailed', 'error_deleting'],
  ])('%s: %s once, the volume %s', async (name, type, status) => {
    const data = await failure(name, type);
    expect(data.reason).toMatch(/^Injected failure at [a-z_]+\.before$/);
    expect((await cinder.getVolume(v[name].id)).status).toBe(status);
  });

  it('revert: the snapshot is available again, the volume\'s data untouched', async () => {
    await failure('revert', 'VolumeRevertFailed');
    expect(await log.state(v.revert.id)).toMatchObject({ snapshots: [{ id: snapshots.revert, status: 'available' }] });
    expect(await guestDataOf(v.revert.file)).toBe('revert');
  });

  it('retype in place: back to available with its old type', async () => {
    const data = await failure('retype', 'VolumeRetypeFailed');
    expect(data.reason).toBe('Injected failure at retype.before');
    expect(await cinder.getVolume(v.retype.id)).toMatchObject({ status: 'available', volume_type: 'file-only' });
  });

  it('retype with migration: back to available with its old type and host, migration_status error', async () => {
    const data = await failure('retypeMigrate', 'VolumeRetypeFailed');
    expect(data.reason).toBe('Injected failure at migrate.before');
    expect(await cinder.getVolume(v.retypeMigrate.id)).toMatchObject({
      status: 'available', volume_type: 'file-only', migration_status: 'error', 'os-vol-host-attr:host': v.retypeMigrate.host,
    });
    expect(await guestDataOf(v.retypeMigrate.file)).toBe('retypeMigrate');
  });

  it('migrate: unlocked from maintenance back to available, migration_status error, the data where it was', async () => {
    const data = await failure('migrate', 'VolumeMigrationFailed');
    expect(data.reason).toBe('Injected failure at migrate.before');
    expect(await cinder.getVolume(v.migrate.id)).toMatchObject({ status: 'available', migration_status: 'error', 'os-vol-host-attr:host': v.migrate.host });
    expect(await guestDataOf(v.migrate.file)).toBe('migrate');
  });

  it('upload as qcow2 without qemu-img: available again, a reason that says what to install, the image removed', async () => {
    const data = await failure('upload', 'VolumeUploadToImageFailed');
    expect(data.reason).toBe(
      'Converting raw to qcow2 needs qemu-img, which is not installed on this worker (looked for "qemu-img"). ' +
        'Install it (Debian/Ubuntu: apt-get install qemu-utils) or use the raw disk format.',
    );
    expect((await cinder.getVolume(v.upload.id)).status).toBe('available');
    expect(await new LocalImageService(join(env.DATA_DIR, 'images')).get(uploadImageId)).toBeNull();
  });

  it('snapshot create: the snapshot in error; snapshot delete: the snapshot in error_deleting', async () => {
    await failure('snapshotCreate', 'SnapshotCreateFailed');
    expect(await log.state(v.snapshotCreate.id)).toMatchObject({ status: 'available', snapshots: [{ status: 'error' }] });
    await failure('snapshotDelete', 'SnapshotDeleteFailed');
    expect(await log.state(v.snapshotDelete.id)).toMatchObject({ snapshots: [{ id: snapshots.snapshotDelete, status: 'error_deleting' }] });
  });

  it('a permanent failure runs its job once; a transient one is retried with backoff, then succeeds', async () => {
    await cinder.waitForStatus(createdId, 'available', 20000);
    expect(await log.count(createdId, 'VolumeCreated')).toBe(1);
    const createJob = `create_volume-${(await log.events(createdId))[0].id}`;
    expect(worker.logs).toContain(`${createJob} failed (attempt 1), will retry: Injected transient failure at create.before`);
    expect(worker.logs).toContain(`${createJob} failed (attempt 2), will retry`);
    expect(worker.logs.match(new RegExp(`Running ${createJob} `, 'g'))).toHaveLength(3);
    const extendJob = `extend_volume-${(await log.events(v.extend.id)).find((e) => e.type === 'VolumeExtendRequested')!.id}`;
    await failure('extend', 'VolumeExtendFailed');
    expect(worker.logs.match(new RegExp(`Running ${extendJob} `, 'g'))).toHaveLength(1);
  });
});
