import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { VolumeCommand, VolumeState } from '@app/domain';
import { SqliteEventStore, type RecordedEvent } from '@app/event-store';
import { VolumeCommandExecutor, volumeStreamId, type CommandContext } from '@app/volume-commands';

/**
 * The event log of an engine under test, opened beside its processes (SQLite is shared between
 * processes): tests read what was recorded, and send commands the HTTP API does not offer yet
 * (snapshots, DELETE) exactly as a handler would, through the command executor.
 */
export class EngineLog {
  readonly store: SqliteEventStore;
  private readonly executor: VolumeCommandExecutor;

  constructor(dataDir: string) {
    this.store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
    this.executor = new VolumeCommandExecutor(this.store);
  }

  execute(command: VolumeCommand) {
    const requestId = `req-${randomUUID()}`;
    const ctx: CommandContext = {
      actor: { user_id: 'tester', project_id: 'e2eproject', roles: ['admin'], is_admin: true, service: false, service_roles: [] },
      request_id: requestId,
      correlation_id: requestId,
      causation_id: requestId,
      microversion: null,
      now: new Date(),
      eventId: () => randomUUID(),
    };
    return this.executor.execute(command, ctx);
  }

  async state(volumeId: string): Promise<VolumeState> {
    return (await this.executor.load(volumeId)).state;
  }

  events(volumeId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(volumeStreamId(volumeId));
  }

  async types(volumeId: string): Promise<string[]> {
    return (await this.events(volumeId)).map((event) => event.type);
  }

  /** How many events of `type` the volume has; `where` narrows them by their data. */
  async count(volumeId: string, type: string, where: (data: Record<string, unknown>) => boolean = () => true): Promise<number> {
    return (await this.events(volumeId)).filter((event) => event.type === type && where(event.data)).length;
  }

  /** Polls until the volume has an event of one of `types`; returns it. */
  async waitForEvent(volumeId: string, types: string[], timeoutMs = 20000): Promise<RecordedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.events(volumeId)).find((event) => types.includes(event.type));
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`volume ${volumeId} recorded none of ${types.join(', ')} in ${timeoutMs} ms: ${(await this.types(volumeId)).join(' -> ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close() {
    return this.store.close();
  }
}

/** Commands for what has no HTTP endpoint yet: snapshots and DELETE /volumes/{id}. */
export const commands = {
  createSnapshot: (volume_id: string, snapshot_id = randomUUID()): VolumeCommand => ({
    type: 'CreateSnapshot',
    volume_id,
    data: {
      operation_id: randomUUID(), snapshot_id, name: `snap-${snapshot_id.slice(0, 8)}`, description: null, force: false,
      backend_frozen: false, now: new Date().toISOString(),
    },
  }),
  deleteSnapshot: (volume_id: string, snapshot_id: string): VolumeCommand => ({
    type: 'DeleteSnapshot',
    volume_id,
    data: { snapshot_id, operation_id: randomUUID(), force: false, backend_frozen: false },
  }),
  deleteVolume: (volume_id: string, cascade = false): VolumeCommand => ({
    type: 'DeleteVolume',
    volume_id,
    data: { operation_id: randomUUID(), now: new Date().toISOString(), cascade, force: false, backend_frozen: false },
  }),
};
