import { join } from 'node:path';
import type { EngineConfig } from '@app/config';
import { GlanceImageService } from './glance-image-service';
import type { ImageService } from './image-service.port';
import { LocalImageService } from './local-image-service';

/** `IMAGE_SERVICE=local` keeps images under `<DATA_DIR>/images`; `glance` talks to Glance's v2 API. */
export function createImageService(config: Pick<EngineConfig, 'dataDir' | 'imageService'>): ImageService {
  const settings = config.imageService;
  return settings.kind === 'glance'
    ? new GlanceImageService({ url: settings.url, token: settings.token })
    : new LocalImageService(join(config.dataDir, 'images'));
}
