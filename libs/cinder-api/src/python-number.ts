/**
 * Cinder's `_SchemaValidator._number_from_str`: `int(value)`, else `float(value)`, else nothing.
 * It runs before `minimum`/`maximum`, so numeric strings are range-checked and the message shows
 * the converted number.
 */
import { internalError } from './fault';
import { PyFloat } from './python-json';
import { PY_INT_MAX_STR_DIGITS, pyStrip } from './python-text';

export type PyNumber = number | bigint | PyFloat;

// Python accepts single underscores between digits in both int() and float().
const DIGITS = '[0-9]+(?:_[0-9]+)*';
const INT_TEXT = new RegExp(`^[+-]?${DIGITS}$`);
const FLOAT_TEXT = new RegExp(
  `^[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:e[+-]?${DIGITS})?|inf(?:inity)?|nan)$`,
  'i',
);

/** `undefined` where Python's int() and float() both raise ValueError or TypeError. */
export function numberFromStr(value: unknown): PyNumber | undefined {
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (value instanceof PyFloat) {
    // int(nan) fails and float(nan) stays nan; int(inf) raises OverflowError, which escapes as a 500.
    if (Number.isNaN(value.value)) return value;
    if (!Number.isFinite(value.value)) throw internalError();
    return Math.trunc(value.value);
  }
  if (typeof value !== 'string') return undefined;
  const stripped = pyStrip(value);
  const text = stripped.replaceAll('_', '');
  if (INT_TEXT.test(stripped) && text.replace(/^[+-]/, '').length <= PY_INT_MAX_STR_DIGITS) {
    const integer = BigInt(text);
    return Number.isSafeInteger(Number(integer)) ? Number(integer) : integer;
  }
  if (FLOAT_TEXT.test(stripped)) return new PyFloat(floatOf(text.toLowerCase()));
  return undefined;
}

// Number() reads decimal text as float() does, but spells the special values differently.
function floatOf(text: string): number {
  if (text.endsWith('nan')) return NaN;
  if (text.endsWith('inf') || text.endsWith('infinity')) return text.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}
