/**
 * The JSON-Schema (Draft 4) subset Cinder's request schemas use, reporting the way Cinder's
 * `_SchemaValidator` does: the first error jsonschema's `iter_errors` would yield (keywords in the
 * schema's own key order, depth first), worded as jsonschema 4.23+ words it.
 */
import { FORMAT_CHECKERS } from './cinder-formats';
import { badRequest } from './fault';
import { isPyDict, PyFloat, pyKeys } from './python-json';
import { pythonRepr, pythonStr } from './python-repr';
import { numberFromStr } from './python-number';
import { codePointLength } from './python-text';

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

export interface Schema {
  readonly type?: JsonType | readonly JsonType[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly patternProperties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: boolean;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly format?: string;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
}

/**
 * Throws 400 with Cinder's message: `Invalid input for field/attribute <last path element>.
 * Value: <str(instance)>. <jsonschema message>`, or the bare message for the document itself.
 * Format checkers may throw a fault of their own instead.
 */
export function validate(schema: Schema, instance: unknown): void {
  const error = firstError(schema, instance);
  if (error === undefined) return;
  const { path, message } = error;
  throw badRequest(
    path.length === 0
      ? message
      : `Invalid input for field/attribute ${path[path.length - 1]}. Value: ${pythonStr(error.instance)}. ${message}`,
  );
}

interface SchemaError {
  message: string;
  /** Property names from the validated document down to `instance`. */
  path: string[];
  instance: unknown;
}

type Keyword<K extends keyof Schema> = (
  value: NonNullable<Schema[K]>,
  instance: unknown,
  schema: Schema,
) => SchemaError | string | undefined;

function firstError(schema: Schema, instance: unknown): SchemaError | undefined {
  for (const key of Object.keys(schema) as (keyof Schema)[]) {
    const keyword = KEYWORDS[key] as Keyword<typeof key> | undefined;
    const value = schema[key];
    if (keyword === undefined || value === undefined) continue;
    const error = keyword(value as never, instance, schema);
    if (typeof error === 'string') return { message: error, path: [], instance };
    if (error !== undefined) return error;
  }
  return undefined;
}

const isValid = (schema: Schema, instance: unknown): boolean => firstError(schema, instance) === undefined;

function descend(schema: Schema, instance: unknown, step: string): SchemaError | undefined {
  const error = firstError(schema, instance);
  error?.path.unshift(step);
  return error;
}

const KEYWORDS: { readonly [K in keyof Schema]-?: Keyword<K> } = {
  type(types, instance) {
    const list: readonly JsonType[] = typeof types === 'string' ? [types] : types;
    if (list.some((type) => isType(instance, type))) return undefined;
    return `${pythonRepr(instance)} is not of type ${list.map(pythonRepr).join(', ')}`;
  },

  properties(properties, instance) {
    if (!isPyDict(instance)) return undefined;
    for (const [name, subschema] of Object.entries(properties)) {
      if (!Object.hasOwn(instance, name)) continue;
      const error = descend(subschema, instance[name], name);
      if (error) return error;
    }
    return undefined;
  },

  patternProperties(patterns, instance) {
    if (!isPyDict(instance)) return undefined;
    for (const [pattern, subschema] of Object.entries(patterns)) {
      for (const name of pyKeys(instance)) {
        if (!pySearch(pattern, name)) continue;
        const error = descend(subschema, instance[name], name);
        if (error) return error;
      }
    }
    return undefined;
  },

  additionalProperties(allowed, instance, schema) {
    if (allowed || !isPyDict(instance)) return undefined;
    const patterns = Object.keys(schema.patternProperties ?? {});
    const extras = pyKeys(instance)
      .filter((name) => !Object.hasOwn(schema.properties ?? {}, name))
      .filter((name) => !patterns.some((pattern) => pySearch(pattern, name)));
    if (extras.length === 0) return undefined;
    const listed = extras.sort(byCodePoint).map(pythonRepr).join(', ');
    if (patterns.length > 0) {
      const verb = extras.length === 1 ? 'does' : 'do';
      const regexes = patterns.sort(byCodePoint).map(pythonRepr).join(', ');
      return `${listed} ${verb} not match any of the regexes: ${regexes}`;
    }
    return `Additional properties are not allowed (${listed} ${extras.length === 1 ? 'was' : 'were'} unexpected)`;
  },

  required(names, instance) {
    if (!isPyDict(instance)) return undefined;
    const missing = names.find((name) => !Object.hasOwn(instance, name));
    return missing === undefined ? undefined : `${pythonRepr(missing)} is a required property`;
  },

  enum(values, instance) {
    if (values.some((value) => pyEqual(value, instance))) return undefined;
    return `${pythonRepr(instance)} is not one of ${pythonRepr(values)}`;
  },

  pattern(pattern, instance) {
    if (typeof instance !== 'string' || pySearch(pattern, instance)) return undefined;
    return `${pythonRepr(instance)} does not match ${pythonRepr(pattern)}`;
  },

  minLength(limit, instance) {
    if (typeof instance !== 'string' || codePointLength(instance) >= limit) return undefined;
    return `${pythonRepr(instance)} ${limit === 1 ? 'should be non-empty' : 'is too short'}`;
  },

  maxLength(limit, instance) {
    if (typeof instance !== 'string' || codePointLength(instance) <= limit) return undefined;
    return `${pythonRepr(instance)} ${limit === 0 ? 'is expected to be empty' : 'is too long'}`;
  },

  // Cinder replaces these two to range-check numeric strings too (`"0"` is reported as `0`).
  minimum(limit, instance) {
    const number = numberFromStr(instance);
    if (number === undefined || !(Number(number) < limit)) return undefined;
    return `${pythonRepr(number)} is less than the minimum of ${pythonRepr(limit)}`;
  },

  maximum(limit, instance) {
    const number = numberFromStr(instance);
    if (number === undefined || !(Number(number) > limit)) return undefined;
    return `${pythonRepr(number)} is greater than the maximum of ${pythonRepr(limit)}`;
  },

  format(format, instance) {
    if (!Object.hasOwn(FORMAT_CHECKERS, format) || FORMAT_CHECKERS[format](instance)) return undefined;
    return `${pythonRepr(instance)} is not a ${pythonRepr(format)}`;
  },

  anyOf(subschemas, instance) {
    if (subschemas.some((subschema) => isValid(subschema, instance))) return undefined;
    return `${pythonRepr(instance)} is not valid under any of the given schemas`;
  },

  oneOf(subschemas, instance) {
    const first = subschemas.findIndex((subschema) => isValid(subschema, instance));
    if (first === -1) return `${pythonRepr(instance)} is not valid under any of the given schemas`;
    const alsoValid = subschemas.slice(first + 1).filter((subschema) => isValid(subschema, instance));
    if (alsoValid.length === 0) return undefined;
    const reprs = [...alsoValid, subschemas[first]].map(pythonRepr).join(', ');
    return `${pythonRepr(instance)} is valid under each of ${reprs}`;
  },
};

// Draft 4's type checker: booleans are not numbers, and a float is never an integer, even 3.0.
function isType(instance: unknown, type: JsonType): boolean {
  switch (type) {
    case 'object':
      return isPyDict(instance);
    case 'array':
      return Array.isArray(instance);
    case 'string':
      return typeof instance === 'string';
    case 'integer':
      return typeof instance === 'bigint' || (typeof instance === 'number' && Number.isInteger(instance));
    case 'number':
      return typeof instance === 'bigint' || typeof instance === 'number' || instance instanceof PyFloat;
    case 'boolean':
      return typeof instance === 'boolean';
    case 'null':
      return instance === null || instance === undefined;
  }
}

// jsonschema's `equal`: booleans never equal numbers, ints equal floats of the same value.
function pyEqual(a: unknown, b: unknown): boolean {
  const x = a === undefined ? null : a instanceof PyFloat ? a.value : a;
  const y = b === undefined ? null : b instanceof PyFloat ? b.value : b;
  if (x === y) return true;
  if (typeof x === 'boolean' || typeof y === 'boolean' || typeof x === 'string' || typeof y === 'string') return false;
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((item, i) => pyEqual(item, y[i]));
  if (isPyDict(x) && isPyDict(y)) {
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    return keys.every((key) => Object.hasOwn(y, key) && pyEqual(x[key], y[key]));
  }
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
  // Loose equality compares a BigInt with a number exactly, as Python compares int with float.
  return numeric(x) && numeric(y) && x == y;
}

const regexCache = new Map<string, RegExp>();

/**
 * `re.search`. Python's `$` also matches before a final newline, so `"3\n"` passes `^[0-9]+$`;
 * the translation keeps that. The patterns in Cinder's schemas need nothing else translated.
 */
function pySearch(pattern: string, text: string): boolean {
  let regex = regexCache.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(pattern.replace(/(?<!\\)\$/g, '(?=\\n?$)'), 'u');
    regexCache.set(pattern, regex);
  }
  return regex.test(text);
}

// Python sorts strings by code point; Array.prototype.sort compares UTF-16 units.
function byCodePoint(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = left[i].codePointAt(0)! - right[i].codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}
