import { Inject, Injectable } from '@nestjs/common';
import {
  decideVolumeTypes,
  DEFAULT_VOLUME_TYPE_NAME,
  emptyCatalog,
  evolveVolumeTypes,
  VOLUME_TYPE_EVENT_SCHEMA_VERSIONS,
  VOLUME_TYPES_STREAM,
  type VolumeType,
  type VolumeTypeCatalog,
  type VolumeTypeCommand,
  type VolumeTypeEvent,
} from '@app/domain/volume-type/volume-type-catalog';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@app/event-store';
import type { CommandContext } from './command-context';
import { deterministicUuid } from './deterministic-id';
import { toStoredEvents } from './stored-events';
import { ConcurrencyConflictError } from './volume-command-executor';

export const DEFAULT_VOLUME_TYPE_ID = deterministicUuid(`volume-type/${DEFAULT_VOLUME_TYPE_NAME}`);

/**
 * The volume type catalog: folded from its stream, cached until the stream moves on (one cheap
 * head lookup per read), changed through the same read-decide-append cycle as volumes.
 */
@Injectable()
export class VolumeTypeCatalogService {
  private cached: { revision: number; catalog: VolumeTypeCatalog } | null = null;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async catalog(): Promise<{ catalog: VolumeTypeCatalog; revision: number | null }> {
    const head = await this.store.streamRevision(VOLUME_TYPES_STREAM);
    if (head === null) return { catalog: emptyCatalog(), revision: null };
    if (this.cached?.revision !== head) {
      const events = await this.store.readStream(VOLUME_TYPES_STREAM);
      const catalog = events.reduce(
        (state, e) => evolveVolumeTypes(state, { type: e.type, data: e.data } as VolumeTypeEvent),
        emptyCatalog(),
      );
      this.cached = { revision: events[events.length - 1].revision, catalog };
    }
    return { catalog: this.cached.catalog, revision: this.cached.revision };
  }

  /** By id, or by name when no type has that id (Cinder resolves `new_type` the same way). */
  async find(idOrName: string): Promise<VolumeType | undefined> {
    const { catalog } = await this.catalog();
    return catalog.types[idOrName] ?? Object.values(catalog.types).find((t) => t.name === idOrName);
  }

  async defaultType(): Promise<VolumeType | undefined> {
    return (await this.catalog()).catalog.types[DEFAULT_VOLUME_TYPE_ID];
  }

  async execute(command: VolumeTypeCommand, ctx: CommandContext): Promise<VolumeTypeCatalog> {
    for (let attempt = 1; ; attempt++) {
      const { catalog, revision } = await this.catalog();
      const events = decideVolumeTypes(command, catalog);
      try {
        await this.store.append(
          VOLUME_TYPES_STREAM,
          toStoredEvents(events, VOLUME_TYPE_EVENT_SCHEMA_VERSIONS, ctx),
          revision ?? 'no_stream',
        );
        return events.reduce(evolveVolumeTypes, catalog);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= 5) throw new ConcurrencyConflictError(VOLUME_TYPES_STREAM, attempt);
      }
    }
  }
}
