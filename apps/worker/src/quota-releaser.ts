import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { evolve, initialState, type VolumeState } from '@app/domain';
import type { QuotaCommand } from '@app/domain/quota/project-quota';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { LogFollower, REDIS, RedisCheckpoint } from '@app/infrastructure';
import {
  deterministicUuid,
  ENGINE_ACTOR,
  ProjectQuotaService,
  toVolumeEvent,
  VOLUME_STREAM_PREFIX,
  volumeStreamId,
  volumeIdOf,
} from '@app/volume-commands';

/**
 * Gives project quota back when a volume goes (deleted, unmanaged) or an extend fails, as Cinder
 * commits or rolls back its reservations. Its event ids derive from the causing event, so a replay
 * (a lost checkpoint) gives back once; its checkpoint lives in Redis and is safe to lose.
 */
@Injectable()
export class QuotaReleaser implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly follower: LogFollower;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) redis: Redis,
    @Inject(ENGINE_CONFIG) config: EngineConfig,
    private readonly quotas: ProjectQuotaService,
  ) {
    const checkpoint = new RedisCheckpoint(redis, `${config.queuePrefix}:quota-releaser:checkpoint`);
    this.follower = new LogFollower(store, {
      name: 'QuotaReleaser',
      streamPrefixes: [VOLUME_STREAM_PREFIX],
      checkpoint: () => checkpoint.read(),
      handle: async (event) => {
        await this.release(event);
        await checkpoint.save(event.position);
      },
    });
  }

  onApplicationBootstrap() {
    this.follower.start();
  }

  async onModuleDestroy() {
    await this.follower.stop();
  }

  private async release(event: RecordedEvent) {
    if (!['VolumeDeleted', 'VolumeUnmanaged', 'VolumeExtendFailed'].includes(event.type)) return;
    const volumeId = volumeIdOf(event.streamId);
    const history = await this.store.readStream(volumeStreamId(volumeId), 0);
    const state = fold(history.filter((e) => e.revision <= event.revision));
    if (!state.exists) return;
    let command: QuotaCommand;
    if (event.type === 'VolumeExtendFailed') {
      const operation = String(event.data.operation_id);
      const requested = history.find((e) => e.type === 'VolumeExtendRequested' && e.data.operation_id === operation);
      if (!requested) return;
      const before = fold(history.filter((e) => e.revision < requested.revision));
      const growth = Number(requested.data.new_size) - (before.exists ? before.size : 0);
      command = { type: 'ReleaseQuota', data: { volume_id: volumeId, volumes: 0, gigabytes: growth, reason: `extend ${operation} failed` } };
    } else {
      command = { type: 'ReleaseQuota', data: { volume_id: volumeId, volumes: 0, gigabytes: 0, reason: event.type, all: true } };
    }
    await this.quotas.execute(state.project_id, command, {
      actor: ENGINE_ACTOR,
      request_id: `req-${deterministicUuid(`quota-release/${event.id}`)}`,
      correlation_id: String(event.metadata.correlation_id ?? event.id),
      causation_id: event.id,
      microversion: null,
      now: new Date(),
      eventId: (index) => deterministicUuid(`quota-release/${event.id}/${index}`),
    });
  }
}

function fold(events: RecordedEvent[]): VolumeState {
  return events.reduce((state, e) => evolve(state, toVolumeEvent(e)), initialState());
}
