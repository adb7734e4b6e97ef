import { VolumeError, type VolumeCommand } from '@app/domain';
import { MemoryEventStore, WrongExpectedRevisionError, type ExpectedRevision, type NewEvent } from '@app/event-store';
import type { CommandContext } from './command-context';
import { deterministicUuid } from './deterministic-id';
import { ConcurrencyConflictError, VolumeCommandExecutor } from './volume-command-executor';

const VOLUME = 'v1';
const ctx = (name: string): CommandContext => ({
  actor: { user_id: 'alice', project_id: 'p1', roles: ['member'], is_admin: false, service: false, service_roles: [] },
  request_id: `req-${name}`,
  correlation_id: `corr-${name}`,
  causation_id: `req-${name}`,
  microversion: '3.42',
  now: new Date('2026-11-27T10:00:00.000Z'),
  eventId: (index) => deterministicUuid(`${name}/${index}`),
});
const create: VolumeCommand = {
  type: 'CreateVolume',
  volume_id: VOLUME,
  data: {
    operation_id: 'c', project_id: 'p1', user_id: 'alice', size: 1, name: null, description: null,
    availability_zone: 'nova', volume_type: null, metadata: {}, multiattach: false, host: 'h@b#p',
    now: '2026-11-27T10:00:00.000000',
  },
};
const extend = (operation_id: string, new_size: number): VolumeCommand => ({
  type: 'ExtendVolume', volume_id: VOLUME, data: { operation_id, new_size, allow_attached: false },
});

async function availableVolume(store: MemoryEventStore) {
  const executor = new VolumeCommandExecutor(store);
  await executor.execute(create, ctx('create'));
  await executor.execute(
    { type: 'CompleteVolumeCreate', volume_id: VOLUME, data: { operation_id: 'c', host: 'h@b#p', provider_location: '/x' } },
    ctx('created'),
  );
  return executor;
}

describe('VolumeCommandExecutor', () => {
  it('appends what the decider decided, with the request in every event\'s metadata', async () => {
    const store = new MemoryEventStore();
    const executor = await availableVolume(store);
    const outcome = await executor.execute(extend('e1', 2), ctx('extend'));

    expect(outcome.state).toMatchObject({ status: 'extending' });
    const [, , requested] = await store.readStream('volume-v1');
    expect(requested).toMatchObject({
      id: deterministicUuid('extend/0'),
      type: 'VolumeExtendRequested',
      revision: 2,
      metadata: {
        schema_version: 1,
        request_id: 'req-extend',
        correlation_id: 'corr-extend',
        causation_id: 'req-extend',
        microversion: '3.42',
        timestamp: '2026-11-27T10:00:00.000Z',
        actor: { user_id: 'alice', project_id: 'p1', service: false },
      },
    });
    expect(outcome.position).toBe(requested.position);
  });

  it('appends nothing when the decider records nothing', async () => {
    const store = new MemoryEventStore();
    const executor = await availableVolume(store);
    const outcome = await executor.execute({ type: 'CompleteVolumeExtend', volume_id: VOLUME, data: { operation_id: 'x' } }, ctx('late'));
    expect(outcome).toMatchObject({ events: [], position: null });
    expect(await store.streamRevision('volume-v1')).toBe(1);
  });

  it('re-decides after losing a race, so the loser gets Cinder\'s answer for the new state', async () => {
    const store = new RacingStore();
    const executor = await availableVolume(store);
    // Another API process extends the same volume between our read and our append.
    store.beforeNextAppend = () =>
      new VolumeCommandExecutor(store).execute(extend('other', 3), ctx('other'));

    await expect(executor.execute(extend('mine', 2), ctx('mine'))).rejects.toThrow(
      new VolumeError('invalid_volume', "Volume v1 status must be '{'status': 'available'}' to extend, currently extending."),
    );
    const types = (await store.readStream('volume-v1')).map((e) => e.type);
    expect(types).toEqual(['VolumeCreateRequested', 'VolumeCreated', 'VolumeExtendRequested']);
    expect(store.conflicts).toBe(1);
  });

  it('gives up with a ConcurrencyConflictError after a bounded number of lost races', async () => {
    const store = new RacingStore();
    const executor = await availableVolume(store);
    store.alwaysConflict = true;
    await expect(executor.execute(extend('e', 2), ctx('e'))).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(store.conflicts).toBe(8);
  });
});

/** A real in-memory store whose next append first lets a competing writer in (once). */
class RacingStore extends MemoryEventStore {
  beforeNextAppend: (() => Promise<unknown>) | null = null;
  alwaysConflict = false;
  conflicts = 0;

  override async append(streamId: string, events: NewEvent[], expected: ExpectedRevision) {
    const competitor = this.beforeNextAppend;
    this.beforeNextAppend = null;
    if (competitor) await competitor();
    if (this.alwaysConflict) {
      this.conflicts++;
      throw new WrongExpectedRevisionError(streamId, expected, 99);
    }
    try {
      return await super.append(streamId, events, expected);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) this.conflicts++;
      throw error;
    }
  }
}


describe('VolumeCommandExecutor taking turns', () => {
  it('runs racing commands on one volume one after another in a process, so none loses a race', async () => {
    const store = new RacingStore();
    const executor = await availableVolume(store);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => executor.execute(i % 2 ? { type: 'ReserveVolume', volume_id: VOLUME, data: {} } : { type: 'UnreserveVolume', volume_id: VOLUME, data: {} }, ctx(`r${i}`))),
    );
    expect(store.conflicts).toBe(0);
    expect(outcomes.filter((o) => o.status === 'rejected' && !(o.reason instanceof VolumeError))).toEqual([]);
  });
});
