import { open, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VolumeCommand } from '@app/domain';
import { LocalImageService } from '@app/image-service';
import { commands, EngineLog, fileExists, guestDataOf, snapshotFile, volumeFile, writeGuestData } from '@app/testing';
import { CinderClient } from './support/cinder-client';
import { EngineProcess, engineEnv, startHttpEngine, waitFor, type EngineEnv } from './support/engine-process';

type Point = 'before' | 'during' | 'after';
const GiB = 1024 ** 3;
const HOLD_MS = 120000;
const IMAGE_ID = '7c1d2e3f-0000-4000-8000-0000000000a1';

interface Prepared {
  id: string;
  host: string;
  file: string;
  snapshotId?: string;
  imageId?: string;
}

/** One backend operation, as the suite drives and checks it. */
interface Scenario {
  name: string;
  /** The fault operation whose points hold it (retype with migration is held by migrate's). */
  fault: string;
  points: Point[];
  /** The event that completes it: exactly one must be recorded. */
  completion: string;
  failure: string;
  prepare: (p: Helpers) => Promise<Prepared | null>;
  /** Sends the request; returns the volume it acts on. */
  request: (p: Helpers, prepared: Prepared | null) => Promise<Prepared>;
  verify: (p: Helpers, prepared: Prepared) => Promise<void>;
}

interface Helpers {
  env: EngineEnv;
  cinder: CinderClient;
  log: EngineLog;
  volume: (seed: string) => Promise<Prepared>;
  snapshot: (volumeId: string) => Promise<string>;
  act: (volumeId: string, body: object) => Promise<Record<string, any> | null>;
  send: (command: VolumeCommand) => Promise<void>;
}

const otherFilePool = (host: string) => (host === 'node1@file#a' ? 'node1@file#b' : 'node1@file#a');
const firstBytes = async (path: string, length: number) => {
  const file = await open(path, 'r');
  const buffer = Buffer.alloc(length);
  await file.read(buffer, 0, length, 0);
  await file.close();
  return buffer.toString('latin1');
};

const SCENARIOS: Scenario[] = [
  {
    name: 'create', fault: 'create', points: ['before', 'after'], completion: 'VolumeCreated', failure: 'VolumeCreateFailed',
    prepare: async () => null,
    request: async ({ cinder, env }) => {
      const { id } = await cinder.createVolume(1, { volume_type: 'file-only' });
      const host = (await cinder.getVolume(id))['os-vol-host-attr:host'];
      return { id, host, file: volumeFile(env.DATA_DIR, host, id) };
    },
    verify: async ({ cinder }, v) => {
      expect((await cinder.getVolume(v.id)).status).toBe('available');
      expect((await stat(v.file)).size).toBe(GiB);
    },
  },
  {
    name: 'extend', fault: 'extend', points: ['before', 'after'], completion: 'VolumeExtended', failure: 'VolumeExtendFailed',
    prepare: ({ volume }) => volume('EXT'),
    request: async ({ act }, v) => (await act(v!.id, { 'os-extend': { new_size: 2 } }), v!),
    verify: async ({ cinder }, v) => {
      expect(await cinder.getVolume(v.id)).toMatchObject({ status: 'available', size: 2 });
      expect((await stat(v.file)).size).toBe(2 * GiB);
      expect(await firstBytes(v.file, 4)).toBe('EXT|');
    },
  },
  {
    name: 'revert', fault: 'revert', points: ['before', 'during', 'after'], completion: 'VolumeReverted', failure: 'VolumeRevertFailed',
    prepare: async ({ volume, snapshot }) => {
      const v = await volume('OLD');
      const snapshotId = await snapshot(v.id);
      await writeGuestData(v.file, 'NEW');
      return { ...v, snapshotId };
    },
    request: async ({ act }, v) => (await act(v!.id, { revert: { snapshot_id: v!.snapshotId } }), v!),
    verify: async ({ cinder, log }, v) => {
      expect((await cinder.getVolume(v.id)).status).toBe('available');
      expect(await log.state(v.id)).toMatchObject({ snapshots: [{ id: v.snapshotId, status: 'available' }] });
      expect(await guestDataOf(v.file)).toBe('OLD');
    },
  },
  {
    name: 'retype in place', fault: 'retype', points: ['before', 'after'], completion: 'VolumeRetyped', failure: 'VolumeRetypeFailed',
    prepare: ({ volume }) => volume('RT'),
    request: async ({ act }, v) => (await act(v!.id, { 'os-retype': { new_type: 'file-again' } }), v!),
    verify: async ({ cinder }, v) => {
      expect(await cinder.getVolume(v.id)).toMatchObject({ status: 'available', volume_type: 'file-again', 'os-vol-host-attr:host': v.host });
      expect(await guestDataOf(v.file)).toBe('RT');
    },
  },
  {
    name: 'retype with migration', fault: 'migrate', points: ['before', 'during', 'after'], completion: 'VolumeRetyped', failure: 'VolumeRetypeFailed',
    prepare: ({ volume }) => volume('RTM'),
    request: async ({ act }, v) => (await act(v!.id, { 'os-retype': { new_type: 'other-backend', migration_policy: 'on-demand' } }), v!),
    verify: async ({ cinder, env }, v) => {
      expect(await cinder.getVolume(v.id)).toMatchObject({
        status: 'available', volume_type: 'other-backend', 'os-vol-host-attr:host': 'node2@other#c', migration_status: 'success',
      });
      expect(await guestDataOf(volumeFile(env.DATA_DIR, 'node2@other#c', v.id))).toBe('RTM');
      expect(await fileExists(v.file)).toBe(false);
    },
  },
  {
    name: 'migrate', fault: 'migrate', points: ['before', 'during', 'after'], completion: 'VolumeMigrated', failure: 'VolumeMigrationFailed',
    prepare: ({ volume }) => volume('MIG'),
    request: async ({ act }, v) => (await act(v!.id, { 'os-migrate_volume': { host: otherFilePool(v!.host) } }), v!),
    verify: async ({ cinder, env }, v) => {
      const destination = otherFilePool(v.host);
      expect(await cinder.getVolume(v.id)).toMatchObject({ status: 'available', 'os-vol-host-attr:host': destination, migration_status: 'success' });
      expect(await guestDataOf(volumeFile(env.DATA_DIR, destination, v.id))).toBe('MIG');
      expect(await fileExists(v.file)).toBe(false);
    },
  },
  {
    name: 'upload to image', fault: 'upload', points: ['before', 'during', 'after'], completion: 'VolumeUploadedToImage', failure: 'VolumeUploadToImageFailed',
    prepare: ({ volume }) => volume('UP'),
    request: async ({ act }, v) => {
      const body = await act(v!.id, { 'os-volume_upload_image': { image_name: 'copy' } });
      return { ...v!, imageId: body!['os-volume_upload_image'].image_id };
    },
    verify: async ({ cinder, env }, v) => {
      expect((await cinder.getVolume(v.id)).status).toBe('available');
      expect(await new LocalImageService(join(env.DATA_DIR, 'images')).get(v.imageId!)).toMatchObject({ status: 'active', size: GiB });
      expect(await guestDataOf(join(env.DATA_DIR, 'images', `${v.imageId}.img`))).toBe('UP');
    },
  },
  {
    name: 'reimage', fault: 'reimage', points: ['before', 'during', 'after'], completion: 'VolumeReimaged', failure: 'VolumeReimageFailed',
    prepare: ({ volume }) => volume('OLD'),
    request: async ({ act }, v) => (await act(v!.id, { 'os-reimage': { image_id: IMAGE_ID } }), v!),
    verify: async ({ cinder }, v) => {
      expect(await cinder.getVolume(v.id)).toMatchObject({ status: 'available', size: 1, bootable: 'true' });
      expect((await stat(v.file)).size).toBe(GiB);
      expect(await firstBytes(v.file, 6)).toBe('IMAGE|');
      expect(await guestDataOf(v.file)).toBe('mixed(IMAGE,zeros)');
    },
  },
  {
    name: 'unmanage', fault: 'unmanage', points: ['before', 'after'], completion: 'VolumeUnmanaged', failure: 'VolumeUnmanageFailed',
    prepare: ({ volume }) => volume('UNM'),
    request: async ({ act }, v) => (await act(v!.id, { 'os-unmanage': {} }), v!),
    verify: async ({ cinder }, v) => {
      expect((await cinder.request('GET', `/v3/${cinder.project}/volumes/${v.id}`)).status).toBe(404);
      expect(await guestDataOf(v.file)).toBe('UNM');
    },
  },
  {
    name: 'delete (cascade)', fault: 'delete', points: ['before', 'after'], completion: 'VolumeDeleted', failure: 'VolumeDeleteFailed',
    prepare: async ({ volume, snapshot }) => {
      const v = await volume('DEL');
      return { ...v, snapshotId: await snapshot(v.id) };
    },
    request: async ({ send }, v) => (await send(commands.deleteVolume(v!.id, true)), v!),
    verify: async ({ cinder, env }, v) => {
      expect((await cinder.request('GET', `/v3/${cinder.project}/volumes/${v.id}`)).status).toBe(404);
      expect(await fileExists(v.file)).toBe(false);
      expect(await fileExists(snapshotFile(env.DATA_DIR, v.host, v.snapshotId!))).toBe(false);
    },
  },
  {
    name: 'force delete', fault: 'delete', points: ['before', 'after'], completion: 'VolumeDeleted', failure: 'VolumeDeleteFailed',
    prepare: ({ volume }) => volume('FD'),
    request: async ({ act }, v) => (await act(v!.id, { 'os-force_delete': {} }), v!),
    verify: async ({ cinder }, v) => {
      expect((await cinder.request('GET', `/v3/${cinder.project}/volumes/${v.id}`)).status).toBe(404);
      expect(await fileExists(v.file)).toBe(false);
    },
  },
  {
    name: 'snapshot create', fault: 'snapshot_create', points: ['before', 'during', 'after'], completion: 'SnapshotCreated', failure: 'SnapshotCreateFailed',
    prepare: ({ volume }) => volume('SNAP'),
    request: async ({ send }, v) => {
      const command = commands.createSnapshot(v!.id);
      await send(command);
      return { ...v!, snapshotId: (command.data as { snapshot_id: string }).snapshot_id };
    },
    verify: async ({ log, env }, v) => {
      expect(await log.state(v.id)).toMatchObject({ status: 'available', snapshots: [{ id: v.snapshotId, status: 'available' }] });
      expect(await guestDataOf(snapshotFile(env.DATA_DIR, v.host, v.snapshotId!))).toBe('SNAP');
    },
  },
  {
    name: 'snapshot delete', fault: 'snapshot_delete', points: ['before', 'after'], completion: 'SnapshotDeleted', failure: 'SnapshotDeleteFailed',
    prepare: async ({ volume, snapshot }) => {
      const v = await volume('SD');
      return { ...v, snapshotId: await snapshot(v.id) };
    },
    request: async ({ send }, v) => (await send(commands.deleteSnapshot(v!.id, v!.snapshotId!)), v!),
    verify: async ({ log, env }, v) => {
      expect(await log.state(v.id)).toMatchObject({ status: 'available', snapshots: [] });
      expect(await fileExists(snapshotFile(env.DATA_DIR, v.host, v.snapshotId!))).toBe(false);
      expect(await guestDataOf(v.file)).toBe('SD');
    },
  },
];

/**
 * The worker process is killed (SIGKILL) while it holds every operation at once at one of its
 * fault points: before the backend call, in the middle of a copy, or after the backend call but
 * before the completion is recorded. A new worker takes the jobs over once their locks expire;
 * every volume ends in its final status with exactly one completion event, and its bytes are
 * where they should be.
 */
describe('a worker killed (SIGKILL) before, during and after every backend operation', () => {
  let env: EngineEnv;
  let api: EngineProcess;
  let worker: EngineProcess;
  let helpers: Helpers;

  beforeAll(async () => {
    env = await engineEnv({
      BACKENDS: 'node1@file#a:100,node1@file#b:100,node2@other#c:100',
      SERVICE_REPORT_INTERVAL_MS: '200',
      STORAGE_BACKEND: 'faulty-file',
      JOB_LOCK_DURATION_MS: '2000',
      WORKER_CONCURRENCY: '32',
    });
    const started = await startHttpEngine('api', env);
    api = started.engine;
    const cinder = new CinderClient(started.base, 'e2eproject', { 'OpenStack-API-Version': 'volume 3.71' });
    const log = new EngineLog(env.DATA_DIR);
    helpers = {
      env,
      cinder,
      log,
      volume: async (seed) => {
        const { id } = await cinder.createVolume(1, { volume_type: 'file-only' });
        await cinder.waitForStatus(id, 'available');
        const host = (await cinder.getVolume(id))['os-vol-host-attr:host'];
        const file = volumeFile(env.DATA_DIR, host, id);
        await writeGuestData(file, seed);
        return { id, host, file };
      },
      snapshot: async (volumeId) => {
        const command = commands.createSnapshot(volumeId);
        await log.execute(command);
        await log.waitForEvent(volumeId, ['SnapshotCreated']);
        return (command.data as { snapshot_id: string }).snapshot_id;
      },
      act: async (volumeId, body) => {
        const res = await cinder.action(volumeId, body);
        if (res.status !== 202) throw new Error(`${JSON.stringify(body)} answered ${res.status}: ${res.text}`);
        return res.json;
      },
      send: async (command) => void (await log.execute(command)),
    };
    worker = EngineProcess.start('worker', env);
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 2, 20000,
      () => worker.logs);
    for (const [name, backend] of [['file-only', 'file'], ['file-again', 'file'], ['other-backend', 'other']]) {
      await cinder.request('POST', `/v3/${cinder.project}/types`, { body: { volume_type: { name, extra_specs: { volume_backend_name: backend } } } });
    }
    const images = new LocalImageService(join(env.DATA_DIR, 'images'));
    const source = join(env.DATA_DIR, 'image.raw');
    await writeFile(source, Buffer.alloc(8 * 1024 * 1024));
    await writeGuestData(source, 'IMAGE');
    await images.create({ id: IMAGE_ID, name: 'img', disk_format: 'raw', container_format: 'bare', visibility: 'public', protected: false });
    await images.upload(IMAGE_ID, source);
  });

  afterAll(async () => {
    await helpers?.log.close();
    await Promise.all([api?.kill(), worker?.kill()]);
  });

  it.each(['before', 'during', 'after'] as Point[])('at .%s', async (point) => {
    const scenarios = SCENARIOS.filter((scenario) => scenario.points.includes(point));
    const prepared = await Promise.all(scenarios.map((scenario) => scenario.prepare(helpers)));

    // The worker that will die holds every operation at this point.
    await worker.kill();
    const delays = [...new Set(scenarios.map((s) => `${s.fault}.${point}=${HOLD_MS}`))].join(',');
    const doomed = EngineProcess.start('worker', { ...env, BACKEND_DELAYS: delays });
    const targets = await Promise.all(scenarios.map((scenario, i) => scenario.request(helpers, prepared[i])));
    for (const [i, scenario] of scenarios.entries()) {
      await doomed.waitForLog(new RegExp(`Fault point ${scenario.fault}\\.${point} reached for volume ${targets[i].id}`), 30000);
    }
    await doomed.kill('SIGKILL');
    for (const [i, scenario] of scenarios.entries()) expect(await helpers.log.count(targets[i].id, scenario.completion)).toBe(0);

    // A new worker takes the stalled jobs over.
    worker = EngineProcess.start('worker', env);
    for (const [i, scenario] of scenarios.entries()) {
      const target = targets[i];
      await helpers.log.waitForEvent(target.id, [scenario.completion, scenario.failure], 30000).catch((error) => {
        throw new Error(`${scenario.name}: ${error.message}\n${worker.logs}`);
      });
      expect([scenario.name, await helpers.log.count(target.id, scenario.completion)]).toEqual([scenario.name, 1]);
      expect([scenario.name, await helpers.log.count(target.id, scenario.failure)]).toEqual([scenario.name, 0]);
      await scenario.verify(helpers, target);
    }
  });
});
