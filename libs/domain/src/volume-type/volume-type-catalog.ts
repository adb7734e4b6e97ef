/**
 * Volume types live in one catalog stream (`volume_types`): they are few and admin-managed, and a
 * single consistency boundary makes Cinder's unique type names an atomic rule.
 */

export interface VolumeType {
  id: string;
  name: string;
  description: string | null;
  is_public: boolean;
  extra_specs: Record<string, string>;
}

export type VolumeTypeEvent =
  | { type: 'VolumeTypeCreated'; data: VolumeType }
  | { type: 'VolumeTypeUpdated'; data: { id: string; name?: string; description?: string | null; is_public?: boolean } }
  | { type: 'VolumeTypeExtraSpecsSet'; data: { id: string; extra_specs: Record<string, string> } }
  | { type: 'VolumeTypeExtraSpecUnset'; data: { id: string; key: string } }
  | { type: 'VolumeTypeDeleted'; data: { id: string } };

export type VolumeTypeCommand =
  | { type: 'CreateVolumeType'; data: VolumeType }
  | { type: 'UpdateVolumeType'; data: { id: string; name?: string; description?: string | null; is_public?: boolean } }
  | { type: 'SetVolumeTypeExtraSpecs'; data: { id: string; extra_specs: Record<string, string> } }
  | { type: 'UnsetVolumeTypeExtraSpec'; data: { id: string; key: string } }
  | { type: 'DeleteVolumeType'; data: { id: string; in_use: boolean; is_default: boolean } };

export const VOLUME_TYPE_EVENT_SCHEMA_VERSIONS: Record<VolumeTypeEvent['type'], number> = {
  VolumeTypeCreated: 1,
  VolumeTypeUpdated: 1,
  VolumeTypeExtraSpecsSet: 1,
  VolumeTypeExtraSpecUnset: 1,
  VolumeTypeDeleted: 1,
};

export interface VolumeTypeCatalog {
  types: Record<string, VolumeType>;
}

// Not under the `volume-` prefix: the reactor and projector follow only volume streams.
export const VOLUME_TYPES_STREAM = 'volume_types';
export const DEFAULT_VOLUME_TYPE_NAME = '__DEFAULT__';

/** Why a type command was refused, with the HTTP status Cinder answers. */
export class VolumeTypeError extends Error {
  override readonly name = 'VolumeTypeError';
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export const emptyCatalog = (): VolumeTypeCatalog => ({ types: {} });

export function decideVolumeTypes(command: VolumeTypeCommand, catalog: VolumeTypeCatalog): VolumeTypeEvent[] {
  switch (command.type) {
    case 'CreateVolumeType': {
      if (findByName(catalog, command.data.name)) {
        throw new VolumeTypeError(409, `Volume Type ${command.data.name} already exists.`);
      }
      return [{ type: 'VolumeTypeCreated', data: command.data }];
    }
    case 'UpdateVolumeType': {
      existing(catalog, command.data.id);
      const clash = command.data.name === undefined ? undefined : findByName(catalog, command.data.name);
      if (clash && clash.id !== command.data.id) {
        throw new VolumeTypeError(409, `Volume Type ${command.data.name} already exists.`);
      }
      return [{ type: 'VolumeTypeUpdated', data: command.data }];
    }
    case 'SetVolumeTypeExtraSpecs':
      existing(catalog, command.data.id);
      return [{ type: 'VolumeTypeExtraSpecsSet', data: command.data }];
    case 'UnsetVolumeTypeExtraSpec': {
      const type = existing(catalog, command.data.id);
      if (!(command.data.key in type.extra_specs)) {
        throw new VolumeTypeError(404, `Volume Type ${command.data.id} has no extra specs with key ${command.data.key}.`);
      }
      return [{ type: 'VolumeTypeExtraSpecUnset', data: command.data }];
    }
    case 'DeleteVolumeType': {
      existing(catalog, command.data.id);
      if (command.data.is_default) {
        throw new VolumeTypeError(400, 'Target volume type is still in use. Default volume type can not be deleted.');
      }
      if (command.data.in_use) {
        throw new VolumeTypeError(400, `Target volume type is still in use. Volume Type ${command.data.id} deletion is not allowed with volumes present with the type.`);
      }
      return [{ type: 'VolumeTypeDeleted', data: { id: command.data.id } }];
    }
    default: {
      const unexpected: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unexpected)}`);
    }
  }
}

export function evolveVolumeTypes(catalog: VolumeTypeCatalog, event: VolumeTypeEvent): VolumeTypeCatalog {
  const types = { ...catalog.types };
  switch (event.type) {
    case 'VolumeTypeCreated':
      types[event.data.id] = event.data;
      break;
    case 'VolumeTypeUpdated': {
      const { id, ...changes } = event.data;
      types[id] = { ...types[id], ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
      break;
    }
    case 'VolumeTypeExtraSpecsSet':
      types[event.data.id] = { ...types[event.data.id], extra_specs: { ...types[event.data.id].extra_specs, ...event.data.extra_specs } };
      break;
    case 'VolumeTypeExtraSpecUnset': {
      const { [event.data.key]: _removed, ...rest } = types[event.data.id].extra_specs;
      types[event.data.id] = { ...types[event.data.id], extra_specs: rest };
      break;
    }
    case 'VolumeTypeDeleted':
      delete types[event.data.id];
      break;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
  return { types };
}

export function findByName(catalog: VolumeTypeCatalog, name: string): VolumeType | undefined {
  return Object.values(catalog.types).find((t) => t.name === name);
}

function existing(catalog: VolumeTypeCatalog, id: string): VolumeType {
  const type = catalog.types[id];
  if (!type) throw new VolumeTypeError(404, `Volume type ${id} could not be found.`);
  return type;
}

/** `provisioning:min_vol_size` / `max_vol_size` extra specs, as Cinder reads them. */
export function sizeLimits(type: VolumeType): { min?: number; max?: number } {
  const read = (key: string) => {
    const raw = type.extra_specs[key];
    return raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
  };
  return { min: read('provisioning:min_vol_size'), max: read('provisioning:max_vol_size') };
}

/** A type is multiattach when its `multiattach` extra spec is `<is> True`. */
export const isMultiattachType = (type: VolumeType) => type.extra_specs.multiattach === '<is> True';
