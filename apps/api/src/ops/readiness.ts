import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { REDIS } from '@app/infrastructure';
import { projectionLag } from '@app/observability';
import { VOLUME_VIEW_REPOSITORY, type VolumeViewRepository } from '@app/read-model';
import { VOLUME_STREAM_PREFIX } from '@app/volume-commands';

/** Rejects after `ms`: a store that accepts connections but never answers must not hang a probe. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const OPS_OPTIONS = Symbol('OpsOptions');

const messageOf = (error: unknown) => (error as Error)?.message ?? String(error);

/** What /readyz checks: the event store answers, Redis answers, the read model is not far behind. */
@Injectable()
export class ReadinessChecks {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(VOLUME_VIEW_REPOSITORY) private readonly views: VolumeViewRepository,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    @Inject(OPS_OPTIONS) private readonly options: { projectionReadiness: boolean },
  ) {}

  /** The checks /readyz runs in this process. */
  all() {
    return [
      () => this.eventStore(),
      () => this.redisServer(),
      ...(this.options.projectionReadiness ? [() => this.projection()] : []),
    ];
  }

  async eventStore() {
    const check = this.indicators.check('event_store');
    try {
      await withTimeout(this.store.streamRevision('health-probe'), 2000, 'the event store');
      return check.up({ kind: this.config.eventStore });
    } catch (error) {
      return check.down({ kind: this.config.eventStore, message: messageOf(error) });
    }
  }

  async redisServer() {
    const check = this.indicators.check('redis');
    // Commands wait in ioredis's offline queue while it reconnects: answer from its state instead.
    if (this.redis.status !== 'ready') return check.down({ message: `the connection is ${this.redis.status}` });
    try {
      await withTimeout(this.redis.ping(), 1000, 'Redis');
      return check.up();
    } catch (error) {
      return check.down({ message: messageOf(error) });
    }
  }

  async projection() {
    const check = this.indicators.check('projection');
    const max = this.config.readyMaxProjectionLag;
    try {
      const lag = await withTimeout(
        (async () => projectionLag(this.store, await this.views.checkpoint(), VOLUME_STREAM_PREFIX, max + 1))(),
        3000,
        'the projection lag',
      );
      const data = { lag_events: lag.events, lag_seconds: Math.round(lag.seconds), max_lag_events: max };
      return lag.events > max ? check.down(data) : check.up(data);
    } catch (error) {
      return check.down({ message: messageOf(error) });
    }
  }
}
