/** How a status is coloured: settled, busy (a transition in flight), failed, attached or gone. */
export type StatusFamily = 'ok' | 'busy' | 'error' | 'attached' | 'gone' | 'other';

const SETTLED = new Set(['available', 'succeeded']);
const ATTACHED = new Set(['in-use', 'reserved']);
const GONE = new Set(['deleted', 'cancelled']);
const BUSY = new Set([
  'creating', 'deleting', 'attaching', 'detaching', 'extending', 'retyping', 'reverting', 'managing',
  'unmanaging', 'downloading', 'uploading', 'backing-up', 'restoring-backup', 'awaiting-transfer',
  'maintenance', 'running',
]);

export function statusFamily(status: string | null | undefined): StatusFamily {
  if (!status) return 'gone';
  if (status.startsWith('error') || status === 'failed') return 'error';
  if (SETTLED.has(status)) return 'ok';
  if (ATTACHED.has(status)) return 'attached';
  if (GONE.has(status)) return 'gone';
  if (BUSY.has(status)) return 'busy';
  return 'other';
}

/** Statuses in a stable order for the counts: settled first, then busy, then failed. */
export function sortStatuses(statuses: Iterable<string>): string[] {
  const rank: Record<StatusFamily, number> = { ok: 0, attached: 1, busy: 2, other: 3, error: 4, gone: 5 };
  return [...new Set(statuses)].sort((a, b) => rank[statusFamily(a)] - rank[statusFamily(b)] || a.localeCompare(b));
}
