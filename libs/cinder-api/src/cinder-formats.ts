/**
 * The `format` checkers Cinder registers with jsonschema (`cinder/api/validation/validators.py`).
 * A checker returns false for jsonschema's "<value> is not a '<format>'" error, or throws the
 * fault Cinder itself raises from inside the checker, which ends validation with that fault.
 */
import { invalidInput } from './fault';
import { codePointLength, pyStrip } from './python-text';

export type FormatChecker = (value: unknown) => boolean;

/**
 * oslo `uuidutils.is_uuid_like`: after dropping every `urn:` and `uuid:`, surrounding braces and
 * all hyphens, 32 hex digits of either case.
 */
export function isUuidLike(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const hex = value
    .replaceAll('urn:', '')
    .replaceAll('uuid:', '')
    .replace(/^[{}]+|[{}]+$/g, '')
    .replaceAll('-', '');
  return /^[0-9a-fA-F]{32}$/.test(hex);
}

/**
 * `_validate_string_length(..., mandatory=False, max_length=255, remove_whitespaces=True)`: the
 * schemas using it put `type: string|null` first, so only strings and None get here, and None
 * and '' pass untouched.
 */
function strippedAtMost255(entity: string): FormatChecker {
  return (value) => {
    if (typeof value !== 'string' || value === '') return true;
    const length = codePointLength(pyStrip(value));
    if (length > 255) throw invalidInput(`${entity} has ${length} characters, more than 255.`);
    return true;
  };
}

// Formats not listed here are not checked at all, as in jsonschema.
export const FORMAT_CHECKERS: Readonly<Record<string, FormatChecker>> = {
  uuid: isUuidLike,
  name_non_mandatory_remove_white_spaces: strippedAtMost255('name'),
  description_non_mandatory_remove_white_spaces: strippedAtMost255('description'),
};
