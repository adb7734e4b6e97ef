export type Route =
  | { view: 'volumes' }
  | { view: 'volume'; id: string }
  | { view: 'operations' }
  | { view: 'throughput' };

/** The view a location hash names; anything unknown is the volumes list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'volumes' && parts[1]) return { view: 'volume', id: parts[1] };
  if (parts[0] === 'operations') return { view: 'operations' };
  if (parts[0] === 'throughput') return { view: 'throughput' };
  return { view: 'volumes' };
}

export const volumeHref = (id: string) => `#/volumes/${encodeURIComponent(id)}`;
