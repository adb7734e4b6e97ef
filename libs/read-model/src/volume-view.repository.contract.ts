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

    it('stores the documents an event changed with its view, and reads them back decoded', async () => {
      const v = id();
      await ctx.repository.save(sampleView(v, 0, 'creating'), 1n, [
        { op: 'set', key: `:snapshot:${v}-s`, fields: { id: `${v}-s`, size: 3, metadata: { k: 'v' }, updated_at: null } },
        { op: 'index', key: `:snapshot-index:project:${v}`, member: `${v}-s`, score: 1_764_237_600_123_456 },
      ]);
      await ctx.repository.save(sampleView(v, 1), 2n, [{ op: 'set', key: `:snapshot:${v}-s`, fields: { size: 4 } }]);
      expect(await ctx.repository.documents([`:snapshot:${v}-s`, `:snapshot:${v}-none`])).toEqual([
        { id: `${v}-s`, size: 4, metadata: { k: 'v' }, updated_at: null },
        null,
      ]);
      expect(await ctx.repository.index(`:snapshot-index:project:${v}`)).toEqual([{ member: `${v}-s`, score: 1_764_237_600_123_456 }]);
    });

    it('creates a document whole, replacing what the key held, and sets its fields later', async () => {
      const v = id();
      await ctx.repository.save(sampleView(v, 0), 1n, [
        { op: 'set', key: `:operation:${v}`, fields: { stale: true } },
        { op: 'create', key: `:operation:${v}`, document: { id: v, state: 'running', error: null } },
      ]);
      await ctx.repository.save(sampleView(v, 1), 2n, [{ op: 'set', key: `:operation:${v}`, fields: { state: 'failed', error: 'disk full' } }]);
      expect(await ctx.repository.documents([`:operation:${v}`])).toEqual([{ id: v, state: 'failed', error: 'disk full' }]);
    });

    it('applies no change of an event whose revision the view already has (a redelivery)', async () => {
      const v = id();
      await ctx.repository.save(sampleView(v, 2), 5n, [{ op: 'set', key: `:operation:${v}`, fields: { state: 'succeeded' } }]);
      await ctx.repository.save(sampleView(v, 1), 4n, [
        { op: 'set', key: `:operation:${v}`, fields: { state: 'running' } },
        { op: 'index', key: `:operation-index:volume:${v}`, member: 'late', score: 1 },
      ]);
      expect(await ctx.repository.documents([`:operation:${v}`])).toEqual([{ state: 'succeeded' }]);
      expect(await ctx.repository.index(`:operation-index:volume:${v}`)).toEqual([]);
    });

    it('deletes documents and index entries', async () => {
      const v = id();
      await ctx.repository.save(sampleView(v, 0), 1n, [
        { op: 'set', key: `:snapshot:${v}`, fields: { id: v } },
        { op: 'index', key: `:volume-index:project:${v}`, member: 'a', score: 5 },
        { op: 'index', key: `:volume-index:project:${v}`, member: 'b', score: 5 },
      ]);
      await ctx.repository.save(sampleView(v, 1), 2n, [
        { op: 'delete', key: `:snapshot:${v}` },
        { op: 'unindex', key: `:volume-index:project:${v}`, member: 'a' },
      ]);
      expect(await ctx.repository.documents([`:snapshot:${v}`])).toEqual([null]);
      expect(await ctx.repository.index(`:volume-index:project:${v}`)).toEqual([{ member: 'b', score: 5 }]);
    });

    it('reads an index newest first, equal scores by id descending', async () => {
      const v = id();
      const key = `:volume-index:all:${v}`;
      await ctx.repository.save(sampleView(v, 0), 1n, [
        { op: 'index', key, member: 'b', score: 10 },
        { op: 'index', key, member: 'c', score: 20 },
        { op: 'index', key, member: 'a', score: 10 },
        { op: 'index', key, member: 'd', score: 10 },
      ]);
      expect((await ctx.repository.index(key)).map((e) => e.member)).toEqual(['c', 'd', 'b', 'a']);
      expect(await ctx.repository.index(`${key}-none`)).toEqual([]);
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
