import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GlanceImageService } from '@app/image-service';
import { EngineLog, FakeGlance, guestDataOf, volumeFile, writeGuestData } from '@app/testing';
import { CinderClient } from './support/cinder-client';
import { engineEnv, startHttpEngine, waitFor, type EngineEnv, type EngineProcess } from './support/engine-process';

/** Upload to image and reimage with the images in Glance (IMAGE_SERVICE=glance), a fake one on loopback. */
describe('images in Glance', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let cinder: CinderClient;
  let log: EngineLog;
  let glance: FakeGlance;
  let glanceUrl: string;

  beforeAll(async () => {
    glance = new FakeGlance('glance-secret');
    glanceUrl = await glance.start();
    env = await engineEnv({
      SERVICE_REPORT_INTERVAL_MS: '200',
      IMAGE_SERVICE: 'glance',
      GLANCE_URL: glanceUrl,
      GLANCE_AUTH_TOKEN: 'glance-secret',
    });
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    cinder = new CinderClient(started.base, 'e2eproject', { 'OpenStack-API-Version': 'volume 3.71' });
    log = new EngineLog(env.DATA_DIR);
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 1, 20000,
      () => engine.logs);
  });

  afterAll(async () => {
    await log?.close();
    await engine?.kill();
    await glance?.stop();
  });

  async function volume(seed: string) {
    const { id } = await cinder.createVolume(1);
    await cinder.waitForStatus(id, 'available');
    const file = volumeFile(env.DATA_DIR, (await cinder.getVolume(id))['os-vol-host-attr:host'], id);
    await writeGuestData(file, seed);
    return { id, file };
  }

  it('uploads a volume into the image the API created in Glance, which becomes active with its bytes', async () => {
    const v = await volume('GLANCE');
    const res = await cinder.action(v.id, { 'os-volume_upload_image': { image_name: 'to-glance' } });
    expect(res.status).toBe(202);
    const imageId = res.json['os-volume_upload_image'].image_id;
    await log.waitForEvent(v.id, ['VolumeUploadedToImage', 'VolumeUploadToImageFailed']);
    expect((await cinder.getVolume(v.id)).status).toBe('available');
    expect(glance.image(imageId)).toMatchObject({ name: 'to-glance', status: 'active', size: 1024 ** 3, disk_format: 'raw', os_hash_algo: 'sha512' });
    expect(await guestDataOf(glance.dataPath(imageId))).toBe('GLANCE');
    expect(glance.requests.filter((r) => r.method === 'PUT' && r.url === `/v2/images/${imageId}/file`)).toHaveLength(1);
  });

  it('reimages a volume from a Glance image', async () => {
    const images = new GlanceImageService({ url: glanceUrl, token: 'glance-secret' });
    const imageId = '7c1d2e3f-0000-4000-8000-0000000000c1';
    await images.create({ id: imageId, name: 'cirros', disk_format: 'raw', container_format: 'bare', visibility: 'public', protected: false, properties: { os_distro: 'cirros' } });
    const source = join(env.DATA_DIR, 'cirros.raw');
    await writeFile(source, '');
    execFileSync('truncate', ['-s', '4M', source]);
    await writeGuestData(source, 'CIRROS');
    await images.upload(imageId, source);

    const v = await volume('OLD');
    expect((await cinder.action(v.id, { 'os-reimage': { image_id: imageId } })).status).toBe(202);
    await log.waitForEvent(v.id, ['VolumeReimaged', 'VolumeReimageFailed']);
    expect(await cinder.getVolume(v.id)).toMatchObject({
      status: 'available', size: 1, bootable: 'true', volume_image_metadata: { image_id: imageId, image_name: 'cirros', os_distro: 'cirros' },
    });
    expect(await guestDataOf(v.file)).toBe('mixed(CIRROS,zeros)');
  });

  it('answers os-reimage of an image Glance does not have with 404, changing nothing', async () => {
    const v = await volume('KEEP');
    const res = await cinder.action(v.id, { 'os-reimage': { image_id: '7c1d2e3f-0000-4000-8000-0000000000ff' } });
    expect(res.status).toBe(404);
    expect((await cinder.getVolume(v.id)).status).toBe('available');
  });
});
