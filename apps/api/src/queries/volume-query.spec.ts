import { ApiVersion, CinderFault } from '@app/cinder-api';
import { timeScore, type VolumeView } from '@app/read-model';
import { sampleView } from '../../../../libs/read-model/src/volume-view.repository.contract';
import { paginationParams, processSortParams, sortParams } from './list-params';
import { listItems } from './listing';
import { QueryParams } from './query-params';
import { VOLUME_COLUMNS, volumeQuery } from './volume-query';

const v = (version: string) => ApiVersion.parse(version);

function volume(id: string, overrides: Partial<VolumeView> = {}, second = 0): VolumeView {
  return { ...sampleView(id, 1), created_at: `2026-11-27T10:00:${String(second).padStart(2, '0')}.000000`, ...overrides };
}

const filterOf = (query: string, isAdmin = false, version = '3.64') =>
  volumeQuery(QueryParams.fromUrl(`/v3/p/volumes?${query}`), isAdmin, v(version));

function faultOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof CinderFault) return [error.status, error.message];
    throw error;
  }
  return null;
}

describe('GET /volumes filters, as Cinder reads them', () => {
  const gold = volume('gold', { name: 'gold-1', metadata: { tier: 'gold' }, bootable: true, size: 3 });
  const plain = volume('plain', { name: 'Plain', status: 'error' });

  it('matches exact names, statuses, sizes and metadata', () => {
    expect(filterOf('name=gold-1').matches!(gold)).toBe(true);
    expect(filterOf('name=gold').matches!(gold)).toBe(false);
    expect(filterOf('status=error').matches!(plain)).toBe(true);
    expect(filterOf('size=3').matches!(gold)).toBe(true);
    expect(filterOf("metadata={'tier':'gold'}").matches!(gold)).toBe(true);
    expect(filterOf("metadata={'tier':'silver'}").matches!(gold)).toBe(false);
    expect(filterOf('bootable=true').matches!(gold)).toBe(true);
    expect(filterOf('bootable=0').matches!(gold)).toBe(false);
    expect(filterOf("status=['error','available']").matches!(plain)).toBe(true);
  });

  it('lets admins use like filters (3.34) and any attribute; one that names nothing finds nothing', () => {
    expect(filterOf('name~=LAI', true).matches!(plain)).toBe(true);
    expect(filterOf('name~=go_d', true).matches!(gold)).toBe(true);
    expect(filterOf('host=h@b', true).matches!(gold)).toBe(true);
    expect(filterOf('host=h@b%23p', true).matches!(gold)).toBe(true);
    expect(filterOf('host=h@x', true).matches!(gold)).toBe(false);
    expect(filterOf('no_such_column=1', true).matches).toBeNull();
    expect(filterOf('metadata=notadict', true).matches).toBeNull();
  });

  it('refuses a non-admin\'s unknown filters from 3.31, and drops them silently before', () => {
    expect(faultOf(() => filterOf('name~=a&host=x'))).toEqual([400, 'Invalid filters name~,host are found in query options.']);
    expect(filterOf('host=x', false, '3.30').matches!(gold)).toBe(true);
    expect(faultOf(() => filterOf('bootable=maybe'))).toEqual([400, "Invalid input received: 'bootable = maybe'"]);
    // Before 3.2 anything but a false spelling is true.
    expect(filterOf('bootable=maybe', false, '3.1').matches!(gold)).toBe(true);
  });

  it('compares times from 3.60', () => {
    const at = volume('t', {}, 30);
    expect(filterOf('created_at=gt:2026-11-27T10:00:29,lte:2026-11-27T10:00:30').matches!(at)).toBe(true);
    expect(filterOf('created_at=lt:2026-11-27T10:00:30').matches!(at)).toBe(false);
    expect(faultOf(() => filterOf('created_at=after:2026-11-27'))).toEqual([400, 'Invalid after operator']);
    expect(faultOf(() => filterOf('created_at=gt:yesterday'))).toEqual([400, 'Invalid yesterday value']);
  });

  it('honours all_tenants for admins only, and with_count from 3.45', () => {
    expect(filterOf('all_tenants=1', true)).toMatchObject({ allTenants: true });
    expect(filterOf('all_tenants=1', false)).toMatchObject({ allTenants: false });
    expect(filterOf('with_count=true')).toMatchObject({ withCount: true });
    expect(faultOf(() => filterOf('with_count=true', false, '3.44'))).toEqual([400, 'Invalid filters with_count are found in query options.']);
  });

  it('hides a migration\'s target volume from non-admins, and deleted volumes from everyone', () => {
    const target = volume('target', { migration_status: 'target:abc' });
    expect(filterOf('').matches!(target)).toBe(false);
    expect(filterOf('', true).matches!(target)).toBe(true);
    expect(filterOf('', true).matches!(volume('gone', { deleted: true }))).toBe(false);
  });
});

describe('a page of volumes', () => {
  let views: Map<string, VolumeView>;
  const source = () => {
    const entries = [...views.values()]
      .map((view) => ({ member: view.id, score: timeScore(view.created_at) }))
      .sort((a, b) => b.score - a.score || (a.member < b.member ? 1 : -1));
    return { entries, load: async (ids: readonly string[]) => ids.map((id) => views.get(id) ?? null), matches: () => true };
  };
  const page = async (query: string) => {
    const params = QueryParams.fromUrl(`/v3/p/volumes?${query}`);
    const paging = paginationParams(params);
    const sort = processSortParams(sortParams(params));
    const withCount = params.has('with_count');
    const marker = paging.marker ? views.get(paging.marker)! : null;
    const { items, count } = await listItems(source(), { sort, columns: VOLUME_COLUMNS, marker, limit: paging.limit, offset: paging.offset, withCount });
    return { ids: items.map((i) => i.id), count };
  };

  beforeEach(() => {
    views = new Map();
    // Two volumes share a created_at: the id breaks the tie.
    for (const [id, second, size] of [['a', 1, 5], ['b', 2, 1], ['c', 2, 3], ['d', 4, 2]] as const) {
      views.set(id, volume(id, { size, name: id.toUpperCase() }, second));
    }
  });

  it('goes newest first, ties by id descending, page after page by marker', async () => {
    expect((await page('limit=2')).ids).toEqual(['d', 'c']);
    expect((await page('limit=2&marker=c')).ids).toEqual(['b', 'a']);
    expect((await page('limit=2&marker=a')).ids).toEqual([]);
    expect((await page('limit=1&offset=1&marker=d')).ids).toEqual(['b']);
  });

  it('keeps its place while volumes are created between pages', async () => {
    const first = await page('limit=2');
    views.set('e', volume('e', {}, 9));
    views.set('bb', volume('bb', {}, 2));
    expect((await page(`limit=10&marker=${first.ids.at(-1)}`)).ids).toEqual(['bb', 'b', 'a']);
  });

  it('sorts by any column, with created_at and id after it', async () => {
    expect((await page('sort=size:asc')).ids).toEqual(['b', 'd', 'c', 'a']);
    expect((await page('sort=size:asc&limit=2&marker=d')).ids).toEqual(['c', 'a']);
    expect((await page('sort_key=display_name&sort_dir=asc')).ids).toEqual(['a', 'b', 'c', 'd']);
    await expect(page('sort=colour')).rejects.toThrow('Invalid sort key');
  });

  it('counts every match, whatever the page', async () => {
    expect(await page('limit=1&with_count=true')).toEqual({ ids: ['d'], count: 4 });
  });
});
