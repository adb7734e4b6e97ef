import { decideQuota, emptyProjectQuota, evolveQuota, QuotaExceededError, quotaUsage, type QuotaEvent } from './project-quota';

const limits = { volumes: 2, gigabytes: 10 };
const given = (...events: QuotaEvent[]) => events.reduce(evolveQuota, emptyProjectQuota());
const reserved = (volume_id: string, volumes: number, gigabytes: number): QuotaEvent => ({ type: 'QuotaReserved', data: { volume_id, volumes, gigabytes, reason: 'create' } });

describe('project quota', () => {
  it('reserves within the limits', () => {
    expect(decideQuota({ type: 'ReserveQuota', data: { volume_id: 'v1', volumes: 1, gigabytes: 4, reason: 'create', limits } }, emptyProjectQuota())).toEqual([
      reserved('v1', 1, 4),
    ]);
  });

  it('refuses a volume past the volumes quota, with Cinder\'s message', () => {
    expect(() =>
      decideQuota({ type: 'ReserveQuota', data: { volume_id: 'v3', volumes: 1, gigabytes: 1, reason: 'create', limits } }, given(reserved('v1', 1, 1), reserved('v2', 1, 1))),
    ).toThrow(new QuotaExceededError("VolumeLimitExceeded: Maximum number of volumes allowed (2) exceeded for quota 'volumes'."));
  });

  it('refuses gigabytes past the quota, naming what is consumed', () => {
    expect(() =>
      decideQuota({ type: 'ReserveQuota', data: { volume_id: 'v1', volumes: 0, gigabytes: 7, reason: 'extend', limits } }, given(reserved('v1', 1, 4))),
    ).toThrow('VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 7G, quota is 10G and 4G has been consumed.');
  });

  it('treats -1 as unlimited', () => {
    const unlimited = { volumes: -1, gigabytes: -1 };
    expect(decideQuota({ type: 'ReserveQuota', data: { volume_id: 'v9', volumes: 1, gigabytes: 5000, reason: 'create', limits: unlimited } }, given(reserved('v1', 1, 4)))).toHaveLength(1);
  });

  it('releases what a volume holds, all of it when the volume is gone, and nothing twice', () => {
    const quota = given(reserved('v1', 1, 4), reserved('v1', 0, 2));
    expect(quotaUsage(quota)).toEqual({ volumes: 1, gigabytes: 6 });
    const gone = decideQuota({ type: 'ReleaseQuota', data: { volume_id: 'v1', volumes: 0, gigabytes: 0, reason: 'deleted', all: true } }, quota);
    expect(gone).toEqual([{ type: 'QuotaReleased', data: { volume_id: 'v1', volumes: 1, gigabytes: 6, reason: 'deleted' } }]);
    const after = gone.reduce(evolveQuota, quota);
    expect(quotaUsage(after)).toEqual({ volumes: 0, gigabytes: 0 });
    expect(decideQuota({ type: 'ReleaseQuota', data: { volume_id: 'v1', volumes: 0, gigabytes: 0, reason: 'deleted', all: true } }, after)).toEqual([]);
  });

  it('gives back a failed extend\'s gigabytes only', () => {
    const quota = given(reserved('v1', 1, 4), reserved('v1', 0, 2));
    const back = decideQuota({ type: 'ReleaseQuota', data: { volume_id: 'v1', volumes: 0, gigabytes: 2, reason: 'extend failed' } }, quota);
    expect(quotaUsage(back.reduce(evolveQuota, quota))).toEqual({ volumes: 1, gigabytes: 4 });
  });
});
