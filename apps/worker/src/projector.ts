import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { LogFollower } from '@app/infrastructure';
import { projectVolume, VOLUME_VIEW_REPOSITORY, volumeIdOfEvent, type VolumeViewRepository } from '@app/read-model';
import { VOLUME_STREAM_PREFIX } from '@app/volume-commands';

/** Keeps the volume views in Redis, each update stored atomically with the checkpoint. */
@Injectable()
export class Projector implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly follower: LogFollower;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(VOLUME_VIEW_REPOSITORY) views: VolumeViewRepository,
  ) {
    this.follower = new LogFollower(store, {
      name: 'Projector',
      streamPrefixes: [VOLUME_STREAM_PREFIX],
      checkpoint: () => views.checkpoint(),
      handle: async (event) => {
        const current = await views.get(volumeIdOfEvent(event));
        const next = projectVolume(current, event);
        if (next && next !== current) await views.save(next, event.position);
        else await views.saveCheckpoint(event.position);
      },
    });
  }

  onApplicationBootstrap() {
    this.follower.start();
  }

  async onModuleDestroy() {
    await this.follower.stop();
  }
}
