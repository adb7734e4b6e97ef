import { CinderFault } from '@app/cinder-api';
import { collectionLinks } from './collection-links';
import { paginationParams, processSortParams, sortParams } from './list-params';
import { literalEval } from './python-literal';
import { QueryParams } from './query-params';

const params = (query: string) => QueryParams.fromUrl(`/v3/p/volumes?${query}`);
const fault = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof CinderFault ? [error.status, error.message] : error;
  }
  return 'no fault';
};

describe('Cinder\'s list parameters', () => {
  it('reads limit, marker and offset, capping the limit at osapi_max_limit', () => {
    expect(paginationParams(params('limit=5&marker=m&offset=2&status=x'))).toEqual({ limit: 5, marker: 'm', offset: 2 });
    expect(paginationParams(params(''))).toEqual({ limit: 1000, marker: null, offset: 0 });
    expect(paginationParams(params('limit=5000')).limit).toBe(1000);
    expect(fault(() => paginationParams(params('limit=x')))).toEqual([400, 'limit param must be an integer']);
    expect(fault(() => paginationParams(params('limit=-1')))).toEqual([400, 'limit param must be positive']);
    expect(fault(() => paginationParams(params('offset=-1')))).toEqual([400, 'offset must be >= 0']);
  });

  it('pops what it reads, leaving the filters', () => {
    const p = params('limit=5&status=available&sort=size:asc&name=a');
    paginationParams(p);
    sortParams(p);
    expect([...p.toDict()]).toEqual([['status', 'available'], ['name', 'a']]);
  });

  it('sorts by created_at then id, newest first, by default; appends both to any other sort', () => {
    expect(processSortParams(sortParams(params('')))).toEqual({ keys: ['created_at', 'id'], dirs: ['desc', 'desc'] });
    expect(processSortParams(sortParams(params('sort=size:asc,name')))).toEqual({
      keys: ['size', 'name', 'created_at', 'id'],
      dirs: ['asc', 'desc', 'asc', 'asc'],
    });
    expect(processSortParams(sortParams(params('sort_key=size&sort_dir=asc')))).toEqual({ keys: ['size', 'created_at', 'id'], dirs: ['asc', 'asc', 'asc'] });
  });

  it('refuses a sort with sort_key, and an unknown direction', () => {
    expect(fault(() => sortParams(params('sort=size&sort_key=id')))).toEqual([
      400,
      "The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.",
    ]);
    expect(fault(() => processSortParams(sortParams(params('sort=size:up'))))).toEqual([
      400,
      "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'.",
    ]);
  });

  it('links to the next page with the query as sent and the last id as marker (the marker moves to the end)', () => {
    const query = params('marker=old&limit=2&sort=name%3Aasc&name~=a+b');
    const links = collectionLinks([{ id: 'x' }, { id: 'y' }], { query, baseUrl: 'http://h:8776/', projectId: 'p', collection: 'volumes/detail', count: null });
    expect(links).toEqual([{ rel: 'next', href: 'http://h:8776/v3/p/volumes/detail?limit=2&sort=name%3Aasc&name~=a+b&marker=y' }]);
    expect(collectionLinks([{ id: 'x' }], { query, baseUrl: 'http://h/', projectId: 'p', collection: 'volumes', count: null })).toEqual([]);
    // Without a limit, a page as long as osapi_max_limit has a next link.
    expect(collectionLinks([], { query: params(''), baseUrl: 'http://h/', projectId: 'p', collection: 'volumes', count: null })).toEqual([]);
  });
});

describe('literalEval (Python\'s ast.literal_eval on filter values)', () => {
  it.each([
    ["{'k': 'v', \"n\": 1}", { k: 'v', n: 1 }],
    ["['available', 'error']", ['available', 'error']],
    ["('a',)", ['a']],
    ['2', 2],
    ['-1.5', -1.5],
    ['True', true],
    ['None', null],
    ["'quoted'", 'quoted'],
  ])('%s', (text, value) => {
    expect(literalEval(text)).toEqual(value);
  });

  it.each(['available', 'a b', '{k: 1}', "'open", '1 2', ''])('refuses %j, which Cinder keeps as a string', (text) => {
    expect(() => literalEval(text)).toThrow();
  });
});
