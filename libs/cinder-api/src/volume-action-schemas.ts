/**
 * Request body schemas of the 25 volume actions (`POST /v3/{project_id}/volumes/{id}/action`), as
 * Cinder declares them in `cinder/api/schemas/{volume_actions,admin_actions,volume_image_metadata,
 * volume_unmanage}.py`: each validates the WHOLE body (`{"<action>": {...}}`), dictionaries in
 * Cinder's key order, because that order decides which error is reported first.
 *
 * Two things Cinder checks inside jsonschema cannot be expressed with the keywords json-schema.ts
 * knows, because they are custom format checkers that cinder-formats.ts does not register:
 * - os-reset_status: `validate_volume_reset_body`, `volume_status`, `volume_attach_status`,
 *   `volume_migration_status` (they raise Cinder's own bare messages);
 * - os-set_image_metadata: `mysql_text` (a value of more than 65535 UTF-8 bytes).
 * The schemas below still carry those `format` keywords where Cinder has them (validate() skips
 * formats it does not know, as jsonschema does), and validateVolumeActionBody / validateResetStatus
 * run the checks in Cinder's order.
 */
import { badRequest, invalidInput } from './fault';
import { type Schema, validate } from './json-schema';
import type { ApiVersion } from './microversion';
import { boolean, nameAllowZeroMinLength, uuid, uuidAllowNull } from './parameter-types';
import { isPyDict, PyFloat, pyKeys } from './python-json';
import { pythonRepr, pythonStr } from './python-repr';
import { extendSchema } from './volume-schemas';
import { VOLUME_STATUSES } from '@app/domain/volume-status';

/** The actions registered on the volumes resource (§4), nothing else. */
export const VOLUME_ACTION_NAMES = [
  'os-extend',
  'os-extend_volume_completion',
  'os-reset_status',
  'revert',
  'os-set_image_metadata',
  'os-unset_image_metadata',
  'os-show_image_metadata',
  'os-attach',
  'os-detach',
  'os-unmanage',
  'os-force_detach',
  'os-retype',
  'os-migrate_volume',
  'os-migrate_volume_completion',
  'os-force_delete',
  'os-set_bootable',
  'os-volume_upload_image',
  'os-reserve',
  'os-unreserve',
  'os-begin_detaching',
  'os-roll_detaching',
  'os-terminate_connection',
  'os-initialize_connection',
  'os-update_readonly_flag',
  'os-reimage',
] as const;

export type VolumeActionName = (typeof VOLUME_ACTION_NAMES)[number];

export const isVolumeActionName = (name: string): name is VolumeActionName =>
  (VOLUME_ACTION_NAMES as readonly string[]).includes(name);

/** `cinder.objects.fields.VolumeStatus.ALL`: what os-reset_status accepts, in Cinder's order (defined by the domain). */
export { VOLUME_STATUSES };

/** The two attach statuses os-reset_status accepts (a list in Cinder, so it prints as one). */
export const RESET_ATTACH_STATUSES = ['attached', 'detached'] as const;

/** `VolumeMigrationStatus.ALL`; `none` is stored as null. */
export const VOLUME_MIGRATION_STATUSES = ['migrating', 'error', 'success', 'completing', 'none', 'starting'] as const;

/** Every action schema has this frame: exactly the action key, whose value `value` describes. */
function actionBody(action: VolumeActionName, value: Schema): Schema {
  return { type: 'object', properties: { [action]: value }, required: [action], additionalProperties: false };
}

/** Used twice by admin_actions.py; not a BOOL: any string is accepted and read as truthiness. */
const completionError: Schema = { type: ['string', 'null', 'boolean'] };

const extendVolumeCompletionSchema = actionBody('os-extend_volume_completion', {
  type: 'object',
  properties: { error: completionError },
  additionalProperties: false,
});

/**
 * The formats are Cinder's custom checkers (see validateResetStatus); validate() alone does not
 * run them.
 */
const resetStatusSchema = actionBody('os-reset_status', {
  type: 'object',
  format: 'validate_volume_reset_body',
  properties: {
    status: { type: ['string', 'null'], format: 'volume_status' },
    attach_status: { type: ['string', 'null'], format: 'volume_attach_status' },
    migration_status: { type: ['string', 'null'], format: 'volume_migration_status' },
  },
  additionalProperties: false,
});

// The snapshot id is not checked as a UUID, and unknown fields are tolerated (§1.2).
const revertSchema = actionBody('revert', {
  type: 'object',
  properties: { snapshot_id: { type: ['string', 'null'] } },
  additionalProperties: true,
});

const IMAGE_METADATA_KEY = '^[a-zA-Z0-9-_:. /]{1,255}$';
// The same test as re.search(IMAGE_METADATA_KEY, key): Python's `$` also matches before a final
// newline.
const IMAGE_METADATA_KEY_REGEX = /^[a-zA-Z0-9\-_:. /]{1,255}\n?$/;
const MYSQL_TEXT_MAX_BYTES = 65535;

/** `parameter_types.image_metadata`: values must fit a MySQL TEXT column (`mysql_text`). */
const imageMetadata: Schema = {
  type: 'object',
  patternProperties: { [IMAGE_METADATA_KEY]: { type: 'string', format: 'mysql_text' } },
  additionalProperties: false,
};

const setImageMetadataSchema = actionBody('os-set_image_metadata', {
  type: 'object',
  properties: { metadata: imageMetadata },
  required: ['metadata'],
  additionalProperties: false,
});

const unsetImageMetadataSchema = actionBody('os-unset_image_metadata', {
  type: 'object',
  properties: { key: { type: 'string', minLength: 1, maxLength: 255 } },
  required: ['key'],
  additionalProperties: false,
});

// "At least one of instance_uuid / host_name" is Cinder's anyOf of two `required`s, checked after
// `required: mountpoint` and before unknown fields.
const attachSchema = actionBody('os-attach', {
  type: 'object',
  properties: {
    instance_uuid: uuid,
    mountpoint: { type: 'string', minLength: 1, maxLength: 255 },
    host_name: { type: 'string', maxLength: 255 },
    mode: { type: 'string', enum: ['rw', 'ro'] },
  },
  required: ['mountpoint'],
  anyOf: [{ required: ['instance_uuid'] }, { required: ['host_name'] }],
  additionalProperties: false,
});

// null passes the schema (the handler then fails with 500, §1.2.9).
const detachSchema = actionBody('os-detach', {
  type: ['object', 'null'],
  properties: { attachment_id: uuidAllowNull },
  additionalProperties: false,
});

const connectorOrNull: Schema = { type: ['string', 'object', 'null'] };

const forceDetachSchema = actionBody('os-force_detach', {
  type: 'object',
  properties: { connector: connectorOrNull, attachment_id: { type: ['string', 'null'] } },
  additionalProperties: false,
});

// The type admits null but the enum does not, so null is refused ("None is not one of ...").
const retypeSchema = actionBody('os-retype', {
  type: 'object',
  properties: {
    new_type: { type: 'string' },
    migration_policy: { type: ['string', 'null'], enum: ['on-demand', 'never'] },
  },
  required: ['new_type'],
  additionalProperties: false,
});

const migrateVolumeSchema = actionBody('os-migrate_volume', {
  type: 'object',
  properties: {
    host: { type: 'string', maxLength: 255 },
    force_host_copy: boolean,
    lock_volume: boolean,
  },
  required: ['host'],
  additionalProperties: false,
});

// 3.16: a cluster may replace the host. "Exactly one of them" is not a schema rule: see
// migrateVolumeDestination.
const migrateVolumeV316Schema = actionBody('os-migrate_volume', {
  type: 'object',
  properties: {
    host: { type: ['string', 'null'], maxLength: 255 },
    force_host_copy: boolean,
    lock_volume: boolean,
    cluster: nameAllowZeroMinLength,
  },
  additionalProperties: false,
});

const migrateVolumeCompletionSchema = actionBody('os-migrate_volume_completion', {
  type: 'object',
  properties: { new_volume: uuid, error: completionError },
  required: ['new_volume'],
  additionalProperties: false,
});

const setBootableSchema = actionBody('os-set_bootable', {
  type: 'object',
  properties: { bootable: boolean },
  required: ['bootable'],
  additionalProperties: false,
});

/**
 * Cinder's `valid_description_regex`: code points up to U+FFFE that are not in a C* category nor
 * a Z* category other than Zs. Cinder spells it as one generated character class, thousands of
 * characters long, which its "does not match" message repeats; this spelling admits the same
 * characters (up to Unicode-version differences) but prints differently in that one message.
 */
export const PRINTABLE_PATTERN = '^(?:(?=[\\0-\\uffff])[\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}\\p{Zs}])*$';

/** `parameter_types.description`, which volume_actions.py uses for container_format. */
const containerFormat: Schema = {
  type: ['string', 'null'],
  minLength: 0,
  maxLength: 255,
  pattern: PRINTABLE_PATTERN,
};

const uploadImageProperties: Readonly<Record<string, Schema>> = {
  image_name: { type: 'string', minLength: 1, maxLength: 255 },
  force: boolean,
  disk_format: { type: 'string', enum: ['raw', 'vmdk', 'vdi', 'qcow2', 'vhd', 'vhdx', 'ploop'] },
  container_format: containerFormat,
};

const uploadImageSchema = uploadImageSchemaWith(uploadImageProperties);
const uploadImageV31Schema = uploadImageSchemaWith({
  ...uploadImageProperties,
  visibility: { type: 'string', enum: ['community', 'public', 'private', 'shared'] },
  protected: boolean,
});

function uploadImageSchemaWith(properties: Readonly<Record<string, Schema>>): Schema {
  return actionBody('os-volume_upload_image', {
    type: 'object',
    properties,
    required: ['image_name'],
    additionalProperties: false,
  });
}

const terminateConnectionSchema = actionBody('os-terminate_connection', {
  type: 'object',
  properties: { connector: connectorOrNull },
  required: ['connector'],
  additionalProperties: false,
});

// Not null here, unlike terminate.
const initializeConnectionSchema = actionBody('os-initialize_connection', {
  type: 'object',
  properties: { connector: { type: ['object', 'string'] } },
  required: ['connector'],
  additionalProperties: false,
});

const updateReadonlyFlagSchema = actionBody('os-update_readonly_flag', {
  type: 'object',
  properties: { readonly: boolean },
  required: ['readonly'],
  additionalProperties: false,
});

const reimageSchema = actionBody('os-reimage', {
  type: 'object',
  properties: { image_id: uuid, reimage_reserved: boolean },
  required: ['image_id'],
  additionalProperties: false,
});

type SchemaChoice = Schema | null | ((version: ApiVersion) => Schema);

// null: Cinder does not look at the value under the key at all ({}, null, 5 and "x" all pass).
const SCHEMAS: { readonly [A in VolumeActionName]: SchemaChoice } = {
  'os-extend': extendSchema,
  'os-extend_volume_completion': extendVolumeCompletionSchema,
  'os-reset_status': resetStatusSchema,
  revert: revertSchema,
  'os-set_image_metadata': setImageMetadataSchema,
  'os-unset_image_metadata': unsetImageMetadataSchema,
  'os-show_image_metadata': null,
  'os-attach': attachSchema,
  'os-detach': detachSchema,
  'os-unmanage': null,
  'os-force_detach': forceDetachSchema,
  'os-retype': retypeSchema,
  'os-migrate_volume': (version) => (version.atLeast('3.16') ? migrateVolumeV316Schema : migrateVolumeSchema),
  'os-migrate_volume_completion': migrateVolumeCompletionSchema,
  'os-force_delete': null,
  'os-set_bootable': setBootableSchema,
  'os-volume_upload_image': (version) => (version.atLeast('3.1') ? uploadImageV31Schema : uploadImageSchema),
  'os-reserve': null,
  'os-unreserve': null,
  'os-begin_detaching': null,
  'os-roll_detaching': null,
  'os-terminate_connection': terminateConnectionSchema,
  'os-initialize_connection': initializeConnectionSchema,
  'os-update_readonly_flag': updateReadonlyFlagSchema,
  'os-reimage': reimageSchema,
};

/**
 * The schema Cinder validates the whole body of `action` against at `version`, or null when it
 * does not validate the body at all. The action's own microversion gate (revert 3.40, os-reimage
 * 3.68: 404 before any validation) is the caller's; the schema does not depend on it.
 *
 * For os-reset_status and os-set_image_metadata, `validate()` with this schema leaves out Cinder's
 * custom format checks: use validateVolumeActionBody (or validateResetStatus) for those.
 *
 * Throws a plain Error for a name that is not a volume action: the dispatcher answers those with
 * 400 "There is no such action" before any schema is wanted.
 */
export function actionSchemaFor(action: string, version: ApiVersion): Schema | null {
  if (!isVolumeActionName(action)) throw new Error(`not a volume action: ${action}`);
  const choice = SCHEMAS[action];
  return typeof choice === 'function' ? choice(version) : choice;
}

/**
 * Everything Cinder's `@validation.schema` (plus os-reset_status's `validate_update`) does for the
 * body of `action`, in Cinder's order, including the custom format checks validate() cannot run.
 * Throws CinderFault 400; returns nothing for actions whose body Cinder does not validate.
 */
export function validateVolumeActionBody(action: string, version: ApiVersion, body: unknown): void {
  if (action === 'os-reset_status') return validateResetStatus(body);
  if (action === 'os-set_image_metadata') return validateSetImageMetadata(body);
  const schema = actionSchemaFor(action, version);
  if (schema !== null) validate(schema, body);
}

const RESET = 'os-reset_status';
const RESET_SHAPE: Schema = { type: 'object', properties: { [RESET]: { type: 'object' } } };
const MUST_SPECIFY = "Must specify 'status', 'attach_status' or 'migration_status' for update.";

const RESET_FIELDS: readonly (readonly [string, (value: string) => string | undefined])[] = [
  [
    'status',
    (value) =>
      (VOLUME_STATUSES as readonly string[]).includes(value.toLowerCase())
        ? undefined
        : `Volume status: ${value} is invalid, valid statuses are: ${tupleRepr(VOLUME_STATUSES)}.`,
  ],
  [
    'attach_status',
    (value) =>
      (RESET_ATTACH_STATUSES as readonly string[]).includes(value.toLowerCase())
        ? undefined
        : `Volume attach status: ${value} is invalid, valid statuses are: ${pythonRepr(RESET_ATTACH_STATUSES)}.`,
  ],
  [
    'migration_status',
    (value) =>
      (VOLUME_MIGRATION_STATUSES as readonly string[]).includes(value.toLowerCase())
        ? undefined
        : `Volume migration status: ${value} is invalid, valid statuses are: ${tupleRepr(VOLUME_MIGRATION_STATUSES)}.`,
  ],
];

/**
 * os-reset_status, complete and in the order jsonschema walks Cinder's schema (`admin_actions.reset`),
 * first failure wins:
 * 1. the body is an object, and its `os-reset_status` value is an object (generic messages);
 * 2. `validate_volume_reset_body`: none of status / attach_status / migration_status is truthy
 *    (absent, null, "", or a falsy non-string such as 0 or []) → `Must specify 'status',
 *    'attach_status' or 'migration_status' for update.`;
 * 3. for status, attach_status, migration_status in that order, when present: the type
 *    (string or null; generic `Invalid input for field/attribute …`), then, for a non-empty
 *    string, membership ignoring case → `Volume status: <v> is invalid, valid statuses are:
 *    ('creating', …).` / `Volume attach status: <v> is invalid, valid statuses are:
 *    ['attached', 'detached'].` / `Volume migration status: <v> is invalid, valid statuses are:
 *    ('migrating', 'error', 'success', 'completing', 'none', 'starting').`;
 * 4. unknown fields inside the action, then the top-level `required` / unknown keys (generic).
 * The Cinder messages in 2 and 3 are bare (InvalidParameterValue), not wrapped in `Invalid input
 * for field/attribute`.
 *
 * It runs the generic schema itself, so it may be called alone. Called after
 * `validate(actionSchemaFor('os-reset_status', v), body)`, it only adds steps 2 and 3 to a body
 * that already passed, which differs from Cinder when a body fails both ways: an unknown field
 * then wins over "Must specify…" or an invalid status, and a wrong type of a later field over an
 * invalid earlier status. validateVolumeActionBody calls this function alone.
 *
 * Values are not normalised here: the handler lower-cases them and maps migration "none" to null.
 */
export function validateResetStatus(body: unknown): void {
  validate(RESET_SHAPE, body);
  if (isPyDict(body) && Object.hasOwn(body, RESET)) {
    const update = body[RESET] as Record<string, unknown>;
    const given = (field: string) => (Object.hasOwn(update, field) ? update[field] : undefined);
    if (!RESET_FIELDS.some(([field]) => pyTruthy(given(field)))) throw badRequest(MUST_SPECIFY);
    for (const [field, check] of RESET_FIELDS) {
      if (!Object.hasOwn(update, field)) continue;
      validate({ type: 'object', properties: { [field]: { type: ['string', 'null'] } } }, update);
      const value = update[field];
      const message = typeof value === 'string' && value !== '' ? check(value) : undefined;
      if (message !== undefined) throw badRequest(message);
    }
  }
  validate(resetStatusSchema, body);
}

const SET_IMAGE_METADATA = 'os-set_image_metadata';
const SET_IMAGE_METADATA_SHAPE: Schema = {
  type: 'object',
  properties: { [SET_IMAGE_METADATA]: { type: 'object', properties: { metadata: { type: 'object' } } } },
};
const IMAGE_METADATA_VALUE_TYPE: Schema = {
  type: 'object',
  patternProperties: { [IMAGE_METADATA_KEY]: { type: 'string' } },
};

/**
 * os-set_image_metadata in Cinder's order: the enclosing types, then each metadata entry in the
 * body's key order (a key matching the pattern needs a string value of at most 65535 UTF-8 bytes,
 * else `Invalid input for field/attribute <key>. Value: <v>. '<v>' is not a 'mysql_text'`), then
 * the rest of the schema (unknown keys, `required`).
 */
function validateSetImageMetadata(body: unknown): void {
  validate(SET_IMAGE_METADATA_SHAPE, body);
  const action = isPyDict(body) && Object.hasOwn(body, SET_IMAGE_METADATA) ? body[SET_IMAGE_METADATA] : undefined;
  const metadata = isPyDict(action) && Object.hasOwn(action, 'metadata') ? action.metadata : undefined;
  if (isPyDict(metadata)) {
    for (const key of pyKeys(metadata)) {
      if (!IMAGE_METADATA_KEY_REGEX.test(key)) continue;
      const value = metadata[key];
      validate(IMAGE_METADATA_VALUE_TYPE, { [key]: value });
      if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > MYSQL_TEXT_MAX_BYTES) {
        throw badRequest(
          `Invalid input for field/attribute ${key}. Value: ${pythonStr(value)}. ${pythonRepr(value)} is not a 'mysql_text'`,
        );
      }
    }
  }
  validate(setImageMetadataSchema, body);
}

/**
 * Where os-migrate_volume goes, as `cinder.api.common.get_cluster_host` decides after the volume
 * lookup and the policy check (so not a schema rule): from 3.16 exactly one of `cluster` and
 * `host` must be truthy, else 400 `Invalid input received: One and only one of cluster and host
 * must be set.`; before 3.16 any `cluster` is ignored (the schema refuses it anyway) and an empty
 * host gives 400 `Invalid input received: Host field is missing.`. `params` is the validated
 * value under `os-migrate_volume`.
 */
export function migrateVolumeDestination(
  params: Readonly<Record<string, unknown>>,
  version: ApiVersion,
): { host: string | null; cluster: string | null } {
  const withCluster = version.atLeast('3.16');
  const cluster = withCluster ? given(params, 'cluster') : null;
  const host = given(params, 'host');
  if (pyTruthy(cluster) === pyTruthy(host)) {
    throw invalidInput(withCluster ? 'One and only one of cluster and host must be set.' : 'Host field is missing.');
  }
  return { host: (host as string | null) ?? null, cluster: (cluster as string | null) ?? null };
}

function given(params: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(params, key) ? (params[key] ?? null) : null;
}

/**
 * Python's `bool()` of a JSON-decoded value: None, False, 0, 0.0, '', [] and {} are false. The
 * `error` of os-extend_volume_completion and os-migrate_volume_completion is read this way, so
 * `"false"` and `"0"` mean an error.
 */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (value instanceof PyFloat) return value.value !== 0;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (isPyDict(value)) return pyKeys(value).length > 0;
  return true;
}

function tupleRepr(items: readonly string[]): string {
  return `(${items.map(pythonRepr).join(', ')}${items.length === 1 ? ',' : ''})`;
}
