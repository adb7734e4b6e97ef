import { limitParam } from './list-params';
import type { QueryParams } from './query-params';

export interface Link {
  href: string;
  rel: 'next';
}

/**
 * cinder/api/common.py `_get_collection_links`: a `next` link when the page is as long as the
 * limit allows (the limit, or osapi_max_limit without one), pointing just after its last item.
 * With `with_count` Cinder compares the limit with the total count instead of the page's length,
 * so every page, the last too, then has a next link: kept as Cinder does it.
 */
export function collectionLinks(
  items: ReadonlyArray<{ id: string }>,
  { query, baseUrl, projectId, collection, count }: { query: QueryParams; baseUrl: string; projectId: string; collection: string; count: number | null },
): Link[] {
  const itemCount = count || items.length;
  const limit = limitParam(query.get('limit'));
  if (!items.length || limit > itemCount) return [];
  const last = items[items.length - 1].id;
  return [{ href: `${baseUrl}v3/${projectId}/${collection}?${query.encodeWithMarker(last)}`, rel: 'next' }];
}
