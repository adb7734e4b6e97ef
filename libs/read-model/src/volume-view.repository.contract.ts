import { evolve, initialState, type ExistingVolume } from '@app/domain';
import type { VolumeView } from './volume-view';
import type { VolumeViewRepository } from './volume-view.repository';

/** A view as the projector would store it: the domain's fold of a create, then the given status and size. */
export const sampleView = (id: string, revision: number, status: VolumeView['status'] = 'available'): VolumeView => {
  const created = evolve(initialState(), {
    type: 'VolumeCreateRequested',
    data: {
      volume_id: id, operation_id: 'c', project_id: 'p1', user_id: 'u1', size: 1, name: 'vol', description: null,
      availability_zone: 'nova', volume_type: null, metadata: { k: 'v' }, multiattach: false, host: 'h@b#p',
      created_at: '2026-11-27T10:00:00.000000',
    },
  }) as ExistingVolume;
  return {
    ...created,
    status,
    size: revision + 1,
    pending: null,
    updated_at: revision ? '2026-11-27T10:00:01.000000' : null,
    revision,
  };
};

/** The behaviour every VolumeViewRepository adapter must have. */
export function describeVolumeViewRepositoryContract(
  name: string,
  create: () => Promise<{ repository: VolumeViewRepository; cleanup: () => Promise<void> }>,
) {
  describe(`VolumeViewRepository contract: ${name}`, () => {
    let ctx: Awaited<ReturnType<typeof create>>;
    const id = () => `vol-${Math.random().toString(36).slice(2)}`;

    beforeEach(async () => {
      ctx = await create();
    });
    afterEach(() => ctx.cleanup());

    it('has no view and no checkpoint at first', async () => {
      expect(await ctx.repository.get(id())).toBeNull();
      expect(await ctx.repository.checkpoint()).toBeUndefined();
    });

    it('stores a view together with the checkpoint', async () => {
      const v = id();
      await ctx.repository.save(sampleView(v, 0, 'creating'), 5n);
      expect(await ctx.repository.get(v)).toEqual(sampleView(v, 0, 'creating'));
      expect(await ctx.repository.checkpoint()).toBe(5n);
    });

    it('reads several views at once, in the order asked, null where there is none', async () => {
      const [a, b] = [id(), id()];
      await ctx.repository.save(sampleView(a, 0), 1n);
      await ctx.repository.save(sampleView(b, 1), 2n);
      expect(await ctx.repository.getMany([b, id(), a])).toEqual([sampleView(b, 1), null, sampleView(a, 0)]);
      expect(await ctx.repository.getMany([])).toEqual([]);
    });

    it('never moves a view back to an older revision (a redelivered event)', async () => {
      const v = id();
      await ctx.repository.save(sampleView(v, 3, 'available'), 10n);
      await ctx.repository.save(sampleView(v, 2, 'extending'), 9n);
      expect(await ctx.repository.get(v)).toMatchObject({ revision: 3, status: 'available' });
    });

    it('never moves the checkpoint backwards', async () => {
      await ctx.repository.save(sampleView(id(), 0), 20n);
      await ctx.repository.save(sampleView(id(), 0), 7n);
      await ctx.repository.saveCheckpoint(3n);
      expect(await ctx.repository.checkpoint()).toBe(20n);
      await ctx.repository.saveCheckpoint(21n);
      expect(await ctx.repository.checkpoint()).toBe(21n);
    });

    it('keeps positions beyond 2^53 exact, and ordered', async () => {
      await ctx.repository.saveCheckpoint(9007199254740993n);
      await ctx.repository.saveCheckpoint(9007199254740992n);
      expect(await ctx.repository.checkpoint()).toBe(9007199254740993n);
      await ctx.repository.saveCheckpoint(9007199254740995n);
      expect(await ctx.repository.checkpoint()).toBe(9007199254740995n);
    });
  });
}
