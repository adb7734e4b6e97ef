/** A UUID (or `req-<uuid>`) cut to its first eight hex digits, for dense tables; anything else as it is. */
export const shortId = (id: string) => id.replace(/^(req-)?([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, '$1$2…');
