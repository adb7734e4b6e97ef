import { given } from '../testing/decider-specification';
import { available, CREATE_OP, createRequested, VOLUME_ID, volumeCreated } from '../testing/volume-fixtures';
import { evolve, initialState } from '../volume-state';

describe('create', () => {
  describe('when the volume does not exist', () => {
    it('records a create request with the time it was given', () => {
      const { volume_id, created_at, ...data } = createRequested().data;
      given()
        .when({ type: 'CreateVolume', volume_id, data: { ...data, now: created_at } })
        .then([createRequested()])
        .leaving({ status: 'creating', pending: { kind: 'create', operation_id: CREATE_OP }, deleted: false });
    });

    it('records the facts the handler knows beyond the request', () => {
      const { volume_id, created_at, ...data } = createRequested({ volume_type_id: 't1', encryption_key_id: 'k1' }).data;
      given()
        .when({ type: 'CreateVolume', volume_id, data: { ...data, now: created_at } })
        .then([createRequested({ volume_type_id: 't1', encryption_key_id: 'k1' })])
        .leaving({ volume_type_id: 't1', encryption_key_id: 'k1', group_id: null, snapshots: [], admin_metadata: {} });
    });
  });

  describe('when no backend could hold it', () => {
    it('records the request without a host, to be failed by the worker as Cinder\'s scheduler does', () => {
      const { volume_id, created_at, ...data } = createRequested({ host: null }).data;
      given()
        .when({ type: 'CreateVolume', volume_id, data: { ...data, now: created_at } })
        .then([createRequested({ host: null })])
        .leaving({ status: 'creating', host: null });
      given(createRequested({ host: null }))
        .when({ type: 'FailVolumeCreate', volume_id: VOLUME_ID, data: { operation_id: CREATE_OP, reason: 'No valid backend was found.' } })
        .then([{ type: 'VolumeCreateFailed', data: { operation_id: CREATE_OP, reason: 'No valid backend was found.' } }])
        .leaving({ status: 'error', host: null });
    });
  });

  describe('when it exists', () => {
    it('refuses a second create of the same id', () => {
      const { volume_id, created_at, ...data } = createRequested().data;
      given(...available())
        .when({ type: 'CreateVolume', volume_id, data: { ...data, now: created_at } })
        .thenThrows('conflict', `Volume ${VOLUME_ID} already exists.`);
    });
  });

  describe('when creating', () => {
    it('records the backend having created it', () => {
      given(createRequested())
        .when({ type: 'CompleteVolumeCreate', volume_id: VOLUME_ID, data: volumeCreated.data as never })
        .then([volumeCreated])
        .leaving({ status: 'available', provider_location: '/data/volume-1', pending: null });
    });

    it('records a failed create', () => {
      given(createRequested())
        .when({ type: 'FailVolumeCreate', volume_id: VOLUME_ID, data: { operation_id: CREATE_OP, reason: 'no space' } })
        .then([{ type: 'VolumeCreateFailed', data: { operation_id: CREATE_OP, reason: 'no space' } }])
        .leaving({ status: 'error', pending: null });
    });

    it('ignores a completion of another operation', () => {
      given(createRequested())
        .when({
          type: 'CompleteVolumeCreate',
          volume_id: VOLUME_ID,
          data: { operation_id: 'other', host: 'h', provider_location: 'p' },
        })
        .thenNothingHappened();
    });
  });

  describe('when created already (the completion arrives twice)', () => {
    it('records nothing', () => {
      given(...available())
        .when({ type: 'CompleteVolumeCreate', volume_id: VOLUME_ID, data: volumeCreated.data as never })
        .thenNothingHappened();
    });
  });
});

describe('evolve', () => {
  it('ignores events on a volume that does not exist', () => {
    expect(evolve(initialState(), volumeCreated)).toEqual({ exists: false });
  });
});
