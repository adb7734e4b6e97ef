import { MemoryEventStore } from '@app/event-store';
import { commandOutcome } from './command-observer';
import { jobOutcome } from './job-observer';
import { EngineMetrics } from './metrics';
import { projectionLag } from './projection-lag';

const event = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, type: 'T', data: {}, metadata: {} });

describe('metrics', () => {
  it('reads sourced gauges when scraped, and a failing source only silences its gauge', async () => {
    const metrics = new EngineMetrics();
    metrics.addSource(metrics.queueJobs, async () => [{ labels: { queue: 'q', state: 'waiting' }, value: 3 }]);
    metrics.addSource(metrics.projectionLagEvents, async () => {
      throw new Error('Redis away');
    });
    metrics.setStrandedVolumes([{ waiting_for: 'job' }, { waiting_for: 'job' }]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('cinder_queue_jobs{queue="q",state="waiting"} 3');
    expect(text).toContain('cinder_stranded_volumes{waiting_for="job"} 2');
    expect(text).toContain('cinder_stranded_volumes{waiting_for="external"} 0');
    expect(text).not.toContain('cinder_projection_lag_events{');
  });

  it('reports the appends and commits of a store that counts them, and nothing for one that does not', async () => {
    const counting = new EngineMetrics();
    counting.reportAppendStats({ appendStats: () => ({ appends: 48, commits: 3 }) });
    const other = new EngineMetrics();
    other.reportAppendStats(new MemoryEventStore());

    const text = await counting.registry.metrics();
    expect(text).toContain('cinder_event_store_appends{store="sqlite"} 48');
    expect(text).toContain('cinder_event_store_commits{store="sqlite"} 3');
    expect(await other.registry.metrics()).not.toContain('cinder_event_store_appends{');
  });

  it('names the outcome of commands and jobs', () => {
    expect(commandOutcome({ events: [{}] })).toBe('recorded');
    expect(commandOutcome({ events: [] })).toBe('unchanged');
    expect(commandOutcome(null, Object.assign(new Error('no'), { name: 'VolumeError' }))).toBe('refused');
    expect(commandOutcome(null, Object.assign(new Error('race'), { name: 'ConcurrencyConflictError' }))).toBe('conflict');
    expect(commandOutcome(null, new Error('disk'))).toBe('error');
    expect(jobOutcome('VolumeExtended')).toBe('succeeded');
    expect(jobOutcome('VolumeExtendFailed')).toBe('failed');
    expect(jobOutcome('skipped: the operation is no longer pending')).toBe('skipped');
    expect(jobOutcome(null)).toBe('retried');
  });

  it('measures projection lag as the followed events after the checkpoint, bounded', async () => {
    const store = new MemoryEventStore();
    await store.append('volume-a', [event(1), event(2)], 'no_stream');
    await store.append('snapshot-x', [event(3)], 'no_stream');
    await store.append('volume-a', [event(4)], 1);
    const [first] = await store.readAll({ maxCount: 1 });
    expect((await projectionLag(store, undefined, 'volume-', 100)).events).toBe(3);
    expect((await projectionLag(store, first.position, 'volume-', 100)).events).toBe(2);
    expect((await projectionLag(store, undefined, 'volume-', 2)).events).toBe(2);
    const head = (await store.readAll()).at(-1)!.position;
    expect(await projectionLag(store, head, 'volume-', 100)).toEqual({ events: 0, seconds: 0 });
  });
});
