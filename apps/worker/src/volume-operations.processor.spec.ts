import type { CommandBus } from '@nestjs/cqrs';
import { isPending, type VolumeCommand } from '@app/domain';
import { MemoryEventStore } from '@app/event-store';
import type { BackendJob, JobControl } from '@app/job-queue';
import { BackendError } from '@app/storage-backend';
import { deterministicUuid, VolumeCommandExecutor, type CommandContext, type ExecuteVolumeCommand } from '@app/volume-commands';
import type { BackendOperation } from './operations/backend-operation';
import type { BackendOperations } from './operations/backend-operations';
import { VolumeOperationsProcessor } from './volume-operations.processor';

const VOLUME = '3a81fdac-e8ae-4e61-b6a2-2e14ff316f19';
const ctx = (name: string): CommandContext => ({
  actor: { user_id: 'u', project_id: 'p', roles: [], is_admin: true, service: false, service_roles: [] },
  request_id: `req-${name}`, correlation_id: name, causation_id: name, microversion: null, now: new Date('2026-11-27T10:00:00Z'),
  eventId: (i) => deterministicUuid(`${name}/${i}`),
});
const job: BackendJob = { name: 'extend_volume', id: 'extend_volume-ev1', data: { volume_id: VOLUME, operation_id: 'op-extend', event_id: 'ev1' } };
const control = (attempt = 1, maxAttempts = 5): JobControl & { progress: number[] } => {
  const progress: number[] = [];
  return {
    attempt, maxAttempts, progress, checkpoint: null,
    reportProgress: async (p) => void progress.push(p),
    saveCheckpoint: async () => undefined,
  };
};

/** An extending volume, and a processor whose one operation runs `work`. */
async function setUp(work: () => Promise<void>) {
  const store = new MemoryEventStore();
  const executor = new VolumeCommandExecutor(store);
  await executor.execute({
    type: 'CreateVolume', volume_id: VOLUME,
    data: {
      operation_id: 'op-create', project_id: 'p', user_id: 'u', size: 1, name: null, description: null, availability_zone: 'nova',
      volume_type: null, metadata: {}, multiattach: false, host: 'h@file#p', now: '2026-11-27T10:00:00.000000',
    },
  }, ctx('create'));
  await executor.execute({ type: 'CompleteVolumeCreate', volume_id: VOLUME, data: { operation_id: 'op-create', host: 'h@file#p', provider_location: '/x' } }, ctx('created'));
  await executor.execute({ type: 'ExtendVolume', volume_id: VOLUME, data: { operation_id: 'op-extend', new_size: 2, allow_attached: false } }, ctx('extend'));
  const calls = { run: 0, cleanUp: 0, after: [] as string[][] };
  const operation: BackendOperation = {
    jobs: ['extend_volume'],
    isPending: (state, j): state is any => isPending(state, 'extend', j.data.operation_id, 'extending'),
    run: async ({ job: j }) => {
      calls.run++;
      await work();
      return { type: 'CompleteVolumeExtend', volume_id: j.data.volume_id, data: { operation_id: j.data.operation_id } };
    },
    fail: (j, volume, reason): VolumeCommand => ({ type: 'FailVolumeExtend', volume_id: volume.id, data: { operation_id: j.data.operation_id, reason } }),
    cleanUpAfterFailure: async () => void calls.cleanUp++,
    afterRecorded: (_j, outcome) => void calls.after.push(outcome.events.map((e) => e.type)),
  };
  const commandBus = { execute: (command: ExecuteVolumeCommand) => executor.execute(command.command, command.ctx) } as unknown as CommandBus;
  const processor = new VolumeOperationsProcessor(executor, commandBus, { for: () => operation } as unknown as BackendOperations);
  const types = async () => (await store.readStream(`volume-${VOLUME}`)).map((e) => e.type);
  return { processor, store, calls, types };
}

describe('VolumeOperationsProcessor', () => {
  it('records the completion with event ids derived from the job id, reporting progress to 100', async () => {
    const { processor, store, calls, types } = await setUp(async () => undefined);
    const run = control();
    expect(await processor.process(job, run)).toBe('VolumeExtended');
    expect(await types()).toEqual(['VolumeCreateRequested', 'VolumeCreated', 'VolumeExtendRequested', 'VolumeExtended']);
    const [extended] = (await store.readStream(`volume-${VOLUME}`)).slice(-1);
    expect(extended.id).toBe(deterministicUuid(`${job.id}/0`));
    expect(extended.metadata).toMatchObject({ causation_id: 'ev1', correlation_id: 'ev1', actor: { user_id: 'cinder-engine', service: true } });
    expect(run.progress[0]).toBe(0);
    expect(run.progress[run.progress.length - 1]).toBe(100);
    expect(calls.after).toEqual([['VolumeExtended']]);
  });

  it('does nothing for an operation no longer pending: a second run of the same job', async () => {
    const { processor, calls, types } = await setUp(async () => undefined);
    await processor.process(job, control());
    expect(await processor.process(job, control())).toBe('skipped: the operation is no longer pending');
    expect(calls.run).toBe(1);
    expect((await types()).filter((t) => t === 'VolumeExtended')).toHaveLength(1);
  });

  it('records a permanent failure (BackendError) at once, with its reason, after cleaning up', async () => {
    const { processor, store, calls } = await setUp(async () => {
      throw new BackendError('Volume file /x does not exist');
    });
    expect(await processor.process(job, control(1))).toBe('VolumeExtendFailed');
    const [failed] = (await store.readStream(`volume-${VOLUME}`)).slice(-1);
    expect(failed.data).toMatchObject({ reason: 'Volume file /x does not exist', status: 'error_extending' });
    expect(calls.cleanUp).toBe(1);
  });

  it('retries a transient failure (throws, records nothing) until its attempts run out, then records it', async () => {
    const { processor, store, types } = await setUp(async () => {
      throw new Error('EIO: i/o error, read');
    });
    await expect(processor.process(job, control(1))).rejects.toThrow('EIO');
    await expect(processor.process(job, control(4))).rejects.toThrow('EIO');
    expect(await types()).not.toContain('VolumeExtendFailed');
    expect(await processor.process(job, control(5))).toBe('VolumeExtendFailed');
    const [failed] = (await store.readStream(`volume-${VOLUME}`)).slice(-1);
    expect(failed.data.reason).toBe('EIO: i/o error, read (gave up after 5 attempts)');
  });
});
