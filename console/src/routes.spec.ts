import { parseRoute, volumeHref } from './routes';

describe('parseRoute', () => {
  it('names each view by its hash', () => {
    expect(parseRoute('#/volumes')).toEqual({ view: 'volumes' });
    expect(parseRoute('#/operations')).toEqual({ view: 'operations' });
    expect(parseRoute('#/throughput')).toEqual({ view: 'throughput' });
    expect(parseRoute('#/volumes/7f1c')).toEqual({ view: 'volume', id: '7f1c' });
  });

  it('falls back to the volumes list for an empty or unknown hash', () => {
    expect(parseRoute('')).toEqual({ view: 'volumes' });
    expect(parseRoute('#/nope')).toEqual({ view: 'volumes' });
  });

  it('round-trips a volume id through its link', () => {
    expect(parseRoute(volumeHref('a b/c'))).toEqual({ view: 'volume', id: 'a b/c' });
  });
});
