import {
  decideVolumeTypes,
  emptyCatalog,
  evolveVolumeTypes,
  isMultiattachType,
  sizeLimits,
  VOLUME_TYPES_STREAM,
  VolumeTypeError,
  type VolumeTypeCommand,
  type VolumeTypeEvent,
} from './volume-type-catalog';

const gold = { id: 't-gold', name: 'gold', description: null, is_public: true, extra_specs: { volume_backend_name: 'file' } };
const given = (...events: VolumeTypeEvent[]) => events.reduce(evolveVolumeTypes, emptyCatalog());
const refused = (command: VolumeTypeCommand, events: VolumeTypeEvent[]) => {
  try {
    decideVolumeTypes(command, given(...events));
  } catch (error) {
    return error as VolumeTypeError;
  }
  throw new Error('not refused');
};

describe('volume type catalog', () => {
  it('creates a type with a unique name', () => {
    expect(decideVolumeTypes({ type: 'CreateVolumeType', data: gold }, emptyCatalog())).toEqual([{ type: 'VolumeTypeCreated', data: gold }]);
    const error = refused({ type: 'CreateVolumeType', data: { ...gold, id: 't2' } }, [{ type: 'VolumeTypeCreated', data: gold }]);
    expect(error).toMatchObject({ status: 409, message: 'Volume Type gold already exists.' });
  });

  it('sets and unsets extra specs', () => {
    const catalog = given(
      { type: 'VolumeTypeCreated', data: gold },
      { type: 'VolumeTypeExtraSpecsSet', data: { id: 't-gold', extra_specs: { multiattach: '<is> True' } } },
    );
    expect(catalog.types['t-gold'].extra_specs).toEqual({ volume_backend_name: 'file', multiattach: '<is> True' });
    expect(isMultiattachType(catalog.types['t-gold'])).toBe(true);
    const after = evolveVolumeTypes(catalog, { type: 'VolumeTypeExtraSpecUnset', data: { id: 't-gold', key: 'multiattach' } });
    expect(isMultiattachType(after.types['t-gold'])).toBe(false);
  });

  it('refuses to unset a key the type does not have', () => {
    const error = refused({ type: 'UnsetVolumeTypeExtraSpec', data: { id: 't-gold', key: 'nope' } }, [{ type: 'VolumeTypeCreated', data: gold }]);
    expect(error).toMatchObject({ status: 404, message: 'Volume Type t-gold has no extra specs with key nope.' });
  });

  it('refuses to rename onto another type\'s name, but allows keeping its own', () => {
    const events: VolumeTypeEvent[] = [
      { type: 'VolumeTypeCreated', data: gold },
      { type: 'VolumeTypeCreated', data: { ...gold, id: 't-silver', name: 'silver' } },
    ];
    expect(refused({ type: 'UpdateVolumeType', data: { id: 't-silver', name: 'gold' } }, events).status).toBe(409);
    expect(decideVolumeTypes({ type: 'UpdateVolumeType', data: { id: 't-gold', name: 'gold', description: 'd' } }, given(...events))).toHaveLength(1);
  });

  it('refuses to delete the default type or a type in use', () => {
    const events: VolumeTypeEvent[] = [{ type: 'VolumeTypeCreated', data: gold }];
    expect(refused({ type: 'DeleteVolumeType', data: { id: 't-gold', in_use: false, is_default: true } }, events).status).toBe(400);
    expect(refused({ type: 'DeleteVolumeType', data: { id: 't-gold', in_use: true, is_default: false } }, events).status).toBe(400);
    expect(decideVolumeTypes({ type: 'DeleteVolumeType', data: { id: 't-gold', in_use: false, is_default: false } }, given(...events)))
      .toEqual([{ type: 'VolumeTypeDeleted', data: { id: 't-gold' } }]);
  });

  it('refuses commands on an unknown type', () => {
    expect(refused({ type: 'SetVolumeTypeExtraSpecs', data: { id: 'x', extra_specs: {} } }, [])).toMatchObject({
      status: 404,
      message: 'Volume type x could not be found.',
    });
  });

  it('reads provisioning size limits', () => {
    expect(sizeLimits({ ...gold, extra_specs: { 'provisioning:min_vol_size': '2', 'provisioning:max_vol_size': ' 10 ' } })).toEqual({ min: 2, max: 10 });
    expect(sizeLimits(gold)).toEqual({ min: undefined, max: undefined });
  });
});

describe('the catalog stream', () => {
  it('is not followed as a volume stream', () => {
    expect(VOLUME_TYPES_STREAM.startsWith('volume-')).toBe(false);
  });
});
