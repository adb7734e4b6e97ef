import { FakeGlance } from '@app/testing';
import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GlanceImageService } from './glance-image-service';
import { describeImageServiceContract } from './image-service.contract';
import { ImageServiceError } from './image-service.port';

describeImageServiceContract('Glance v2 over HTTP (a fake Glance on loopback)', async () => {
  const glance = new FakeGlance('s3cret');
  const url = await glance.start();
  return { images: new GlanceImageService({ url, token: 's3cret' }), cleanup: () => glance.stop() };
});

describe('GlanceImageService', () => {
  let glance: FakeGlance;
  let images: GlanceImageService;
  let url: string;
  const id = '6f0f2b5e-0000-4000-8000-0000000000a1';
  const image = { id, name: 'vol-image', disk_format: 'qcow2', container_format: 'bare', visibility: 'private' as const, protected: false };

  beforeEach(async () => {
    glance = new FakeGlance('s3cret');
    url = await glance.start();
    images = new GlanceImageService({ url: `${url}/v2/`, token: 's3cret' });
  });
  afterEach(() => glance.stop());

  it('speaks Glance v2: create, show, upload as octet-stream, download, delete', async () => {
    await images.create(image);
    const source = join(tmpdir(), `glance-src-${process.pid}`);
    await writeFile(source, 'data');
    await images.upload(id, source);
    await images.download(id, `${source}.back`);
    await images.delete(id);
    await rm(source, { force: true });
    await rm(`${source}.back`, { force: true });
    expect(glance.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v2/images',
      `GET /v2/images/${id}`,
      `PUT /v2/images/${id}/file`,
      `GET /v2/images/${id}`,
      `GET /v2/images/${id}/file`,
      `DELETE /v2/images/${id}`,
    ]);
  });

  it('treats a refused token as a permanent failure and an unavailable Glance as transient', async () => {
    const wrongToken = new GlanceImageService({ url, token: 'nope' });
    await expect(wrongToken.get(id)).rejects.toMatchObject({ permanent: true, message: expect.stringContaining('Glance answered 401') });
    glance.failWith = 503;
    await expect(images.get(id)).rejects.toMatchObject({ permanent: false, message: expect.stringContaining('Glance answered 503') });
    glance.failWith = null;
    await glance.stop();
    const error = await images.get(id).catch((e) => e);
    expect(error).toBeInstanceOf(ImageServiceError);
    expect(error).toMatchObject({ permanent: false, message: expect.stringContaining('could not be reached') });
  });

  it('takes an image another run already made active as uploaded', async () => {
    await images.create(image);
    const source = join(tmpdir(), `glance-src2-${process.pid}`);
    await writeFile(source, 'first');
    await images.upload(id, source);
    await writeFile(source, 'second run');
    expect(await images.upload(id, source)).toMatchObject({ status: 'active', size: 5 });
    await rm(source, { force: true });
  });
});
