/**
 * The few bits of Cinder's Python that decide what a client sees: how it joins alternatives into
 * a message, which values it treats as true, how it parses and sanitizes text.
 */

/** cinder.utils.build_or_str: `('available', 'error')` reads "available or error". */
export const orList = (values: readonly string[]) => values.join(' or ');

/**
 * Python truthiness of a JSON value Cinder uses without parsing it as a boolean
 * (os-extend_volume_completion and os-migrate_volume_completion `error`): any non-empty string,
 * even "false" or "0", is true.
 */
export const pythonTruthy = (value: string | boolean | null | undefined) =>
  value === true || (typeof value === 'string' && value.length > 0);

/** Python's int() of a string: surrounding whitespace, a sign and digit-group underscores allowed. */
export function pythonInt(text: string): number | null {
  const match = /^\s*([+-]?\d+(?:_\d+)*)\s*$/.exec(text);
  return match ? Number(match[1].replace(/_/g, '')) : null;
}

/**
 * cinder.volume.volume_utils.sanitize_hostname: keeps Latin-1 only, turns spaces and underscores
 * into hyphens, drops what is not a word character, dot or hyphen, lower-cases, trims dots and
 * hyphens. Attachments made without an instance are matched on this form of the host name.
 */
export function sanitizeHostname(hostname: string): string {
  return [...hostname]
    .filter((ch) => ch.codePointAt(0)! <= 0xff)
    .join('')
    .replace(/[ _]/g, '-')
    .replace(/[^\p{L}\p{N}_.-]+/gu, '')
    .toLowerCase()
    .replace(/^[.-]+|[.-]+$/g, '');
}
