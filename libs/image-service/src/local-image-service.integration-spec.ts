import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeImageServiceContract } from './image-service.contract';
import { LocalImageService } from './local-image-service';

describeImageServiceContract('local folder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'images-'));
  return { images: new LocalImageService(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});
