/**
 * Python `str` behaviours that Cinder's messages and checks depend on and JavaScript does not share:
 * what counts as whitespace, and length in code points rather than UTF-16 units.
 */

// Python's str.isspace() set, used by split() and strip() without arguments. JavaScript's \s
// differs (it includes U+FEFF, lacks U+001C..U+001F and U+0085).
const SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE_RUN = new RegExp(`[${SPACE}]+`);
const EDGE_SPACE = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'g');

/** `s.split()`: whitespace-separated tokens, no empty ones. */
export function pySplit(s: string): string[] {
  return s.split(SPACE_RUN).filter((token) => token !== '');
}

/** `s.strip()`. */
export function pyStrip(s: string): string {
  return s.replace(EDGE_SPACE, '');
}

/** `len(s)`: Python counts code points, so an emoji is one character, not two. */
export function codePointLength(s: string): number {
  let length = 0;
  for (const _ of s) length++;
  return length;
}

/**
 * CPython (3.11+, and the security releases of older lines) refuses to convert decimal strings
 * of more digits than this to int; `json.loads` and `int()` raise ValueError.
 */
export const PY_INT_MAX_STR_DIGITS = 4300;
