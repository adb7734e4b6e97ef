import { decide, evolve, initialState, type VolumeCommand, type VolumeState } from '@app/domain';
import { toVolumeEvent } from '@app/volume-commands';
import { CinderClient } from './support/cinder-client';
import { engineEnv, startHttpEngine, type EngineEnv, type EngineProcess } from './support/engine-process';
import { EventLog } from './support/event-log';

/**
 * 50 conflicting requests on one volume at once. Optimistic concurrency must leave the volume in
 * a state a serial order explains: each accepted request's events sit in the stream as one batch
 * the decider accepts from the state before it, each refused request left nothing and was refused
 * for a status the volume really had, and no request was lost to the race (no 409s).
 */
describe('50 conflicting requests on one volume', () => {
  let env: EngineEnv;
  let engine: EngineProcess;
  let cinder: CinderClient;
  let log: EventLog;

  beforeAll(async () => {
    // Extends are held before their backend call so the race is between the API requests alone.
    env = await engineEnv({ STORAGE_BACKEND: 'faulty-file', BACKEND_DELAYS: 'extend.before=600000' });
    const started = await startHttpEngine('all-in-one', env);
    engine = started.engine;
    cinder = new CinderClient(started.base, 'race', { 'OpenStack-API-Version': 'volume 3.42' });
    log = new EventLog(env.DATA_DIR);
  });
  afterAll(async () => {
    await log?.close();
    await engine?.kill();
  });

  it('serialises them: every answer is explained by the order in the log', async () => {
    const { id } = await cinder.createVolume(1);
    await cinder.waitForStatus(id, 'available');
    await cinder.action(id, { 'os-attach': { host_name: 'compute-1', mountpoint: '/dev/vdb' } });
    const setupRevision = (await log.revision(id))!;

    const bodies = Array.from({ length: 50 }, (_, i) => {
      const pick = i % 5;
      if (pick === 0) return { 'os-reserve': {} };
      if (pick === 1) return { 'os-extend': { new_size: 2 + (i % 3) } };
      if (pick === 2) return { 'os-begin_detaching': {} };
      if (pick === 3) return { 'os-roll_detaching': {} };
      return { 'os-unreserve': {} };
    });
    const answers = await Promise.all(bodies.map((body) => cinder.action(id, body)));

    expect(answers.filter((a) => a.status === 409)).toEqual([]);
    expect(answers.every((a) => [202, 400].includes(a.status))).toBe(true);

    const events = (await log.eventsSince(id, setupRevision + 1));
    const byRequest = new Map<string, number>();
    for (const event of events) byRequest.set(String(event.metadata.request_id), (byRequest.get(String(event.metadata.request_id)) ?? 0) + 1);

    // Refused requests recorded nothing; accepted ones recorded their events as one batch.
    for (const answer of answers) {
      const requestId = answer.headers.get('x-openstack-request-id')!;
      if (answer.status === 400) expect(byRequest.has(requestId)).toBe(false);
    }
    const batches: string[] = [];
    for (const event of events) {
      const requestId = String(event.metadata.request_id);
      if (batches[batches.length - 1] !== requestId) batches.push(requestId);
    }
    expect(new Set(batches).size).toBe(batches.length);

    // Replay: each accepted request, decided again on the state before its batch, gives its batch.
    let state: VolumeState = initialState();
    const statuses = new Set<string>();
    for (const event of await log.eventsSince(id, 0)) {
      if (event.revision > setupRevision) {
        const requestId = String(event.metadata.request_id);
        const answer = answers.find((a) => a.headers.get('x-openstack-request-id') === requestId);
        if (answer && event.id === events.find((e) => e.metadata.request_id === requestId)!.id) {
          const body = bodies[answers.indexOf(answer)];
          const replayed = decide(commandFor(id, body, event.data), state);
          const recorded = events.filter((e) => e.metadata.request_id === requestId).map((e) => e.type);
          expect(replayed.map((e) => e.type)).toEqual(recorded);
        }
      }
      state = evolve(state, toVolumeEvent(event));
      if (state.exists) statuses.add(state.status);
    }

    // Each refusal names a status the volume actually had.
    for (const answer of answers.filter((a) => a.status === 400)) {
      const named = /currently ([a-z_-]+)\.|the status is ([a-z_-]+)\.|must be 'in-use'/.exec(answer.json.badRequest.message);
      expect(named).not.toBeNull();
      const status = named![1] ?? named![2];
      if (status) expect(statuses).toContain(status);
    }
    expect(state.exists && ['in-use', 'attaching', 'detaching', 'extending'].includes(state.status)).toBe(true);
  });
});

/** The domain command an action body stood for, with the operation id its event recorded. */
function commandFor(volumeId: string, body: Record<string, unknown>, data: Record<string, unknown>): VolumeCommand {
  const [action] = Object.keys(body);
  switch (action) {
    case 'os-extend':
      return {
        type: 'ExtendVolume',
        volume_id: volumeId,
        data: { operation_id: String(data.operation_id), new_size: (body[action] as { new_size: number }).new_size, allow_attached: true },
      };
    case 'os-reserve':
      return { type: 'ReserveVolume', volume_id: volumeId, data: {} };
    case 'os-unreserve':
      return { type: 'UnreserveVolume', volume_id: volumeId, data: {} };
    case 'os-begin_detaching':
      return { type: 'BeginDetachingVolume', volume_id: volumeId, data: {} };
    default:
      return { type: 'RollDetachingVolume', volume_id: volumeId, data: {} };
  }
}
