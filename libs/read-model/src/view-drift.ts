import { isDeepStrictEqual } from 'node:util';
import type { VolumeView } from './volume-view';

export interface FieldDrift {
  field: string;
  /** What the log says. */
  expected: unknown;
  /** What the read model holds. */
  actual: unknown;
}

/**
 * The top-level fields in which a stored view differs from the view folded from the log. Both are
 * compared as the JSON data a view is stored as, so a field the fold left undefined, or an object
 * of another realm (a clone), is not mistaken for drift.
 */
export function viewDrift(folded: VolumeView, stored: VolumeView | null): FieldDrift[] {
  if (!stored) return [{ field: 'view', expected: `the view at revision ${folded.revision}`, actual: null }];
  const expected = asData(folded);
  const actual = asData(stored);
  const fields = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  return fields
    .filter((field) => !isDeepStrictEqual(expected[field], actual[field]))
    .map((field) => ({ field, expected: expected[field] ?? null, actual: actual[field] ?? null }));
}

const asData = (view: VolumeView) => JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
