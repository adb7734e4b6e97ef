import { MemoryEventStore, WrongExpectedRevisionError, type ExpectedRevision, type NewEvent } from '@app/event-store';
import { quotaStreamId } from '@app/domain/quota/project-quota';
import { ProjectQuotaService } from './project-quota.service';
import { testCommandContext } from './testing/test-command-context';

const limits = { volumes: 50, gigabytes: 1000 };
const reserve = (service: ProjectQuotaService, volume: string) =>
  service.execute('p1', { type: 'ReserveQuota', data: { volume_id: volume, volumes: 1, gigabytes: 1, reason: 'create', limits } }, testCommandContext());

describe('ProjectQuotaService', () => {
  it('counts every reserve once, whether they race in one process or across processes', async () => {
    const store = new MemoryEventStore();
    const [api1, api2] = [new ProjectQuotaService(store), new ProjectQuotaService(store)];
    await Promise.all(Array.from({ length: 40 }, (_, i) => reserve(i % 2 ? api1 : api2, `v${i}`)));
    expect(await store.streamRevision(quotaStreamId('p1'))).toBe(39);
    // The 51st volume is refused by both, from their kept state caught up with the other's reserves.
    await Promise.all(Array.from({ length: 10 }, (_, i) => reserve(api1, `w${i}`)));
    await expect(reserve(api2, 'x')).rejects.toThrow("VolumeLimitExceeded: Maximum number of volumes allowed (50) exceeded for quota 'volumes'.");
    await expect(reserve(api1, 'y')).rejects.toThrow(/VolumeLimitExceeded/);
  });

  it('serves racing reserves of one project in turn within a process, so none loses a race', async () => {
    class CountingStore extends MemoryEventStore {
      conflicts = 0;
      override async append(streamId: string, events: NewEvent[], expected: ExpectedRevision) {
        try {
          return await super.append(streamId, events, expected);
        } catch (error) {
          if (error instanceof WrongExpectedRevisionError) this.conflicts++;
          throw error;
        }
      }
    }
    const store = new CountingStore();
    const service = new ProjectQuotaService(store);

    await Promise.all(Array.from({ length: 20 }, (_, i) => reserve(service, `v${i}`)));

    expect(store.conflicts).toBe(0);
    expect(await store.streamRevision(quotaStreamId('p1'))).toBe(19);
  });

  it('gives back what a volume holds', async () => {
    const store = new MemoryEventStore();
    const service = new ProjectQuotaService(store);
    await reserve(service, 'v1');
    await service.execute('p1', { type: 'ReleaseQuota', data: { volume_id: 'v1', volumes: 0, gigabytes: 0, reason: 'deleted', all: true } }, testCommandContext());
    const events = await store.readStream(quotaStreamId('p1'));
    expect(events.map((e) => [e.type, e.data.volumes, e.data.gigabytes])).toEqual([
      ['QuotaReserved', 1, 1],
      ['QuotaReleased', 1, 1],
    ]);
  });
});
