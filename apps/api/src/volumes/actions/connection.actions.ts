import { connectionInfo, type VolumeConnectionInitialized } from '@app/domain';
import { ACCEPTED, type VolumeAction } from './volume-action';

/** §1.2.23: the backend validates the connector; 200 with the connection info. */
export const initializeConnection: VolumeAction = {
  name: 'os-initialize_connection',
  async run(call, s) {
    const volume = await s.find(call);
    s.authorize(call, 'volume_extension:volume_actions:initialize_connection', volume);
    const connector = call.value.connector;
    const { events } = await s.execute(call, {
      type: 'InitializeVolumeConnection',
      data: { connector, connector_error: s.backend.connectorError(connector) },
    });
    const initialized = events.find((e): e is VolumeConnectionInitialized => e.type === 'VolumeConnectionInitialized')!;
    const enforceMultipath = typeof connector === 'object' && connector !== null && connector.enforce_multipath === true;
    const info = connectionInfo(s.backend.connectionInfo({ id: volume.id, host: volume.host! }, connector), initialized);
    return {
      status: 200,
      body: {
        connection_info: {
          ...info,
          data: { ...info.data, qos_specs: null, enforce_multipath: enforceMultipath },
          enforce_multipath: enforceMultipath,
        },
      },
    };
  },
};

/** §1.2.22: the #2004555 guard, then the unreserve that follows a terminate. */
export const terminateConnection: VolumeAction = {
  name: 'os-terminate_connection',
  async run(call, s) {
    const volume = await s.find(call);
    s.authorize(call, 'volume_extension:volume_actions:terminate_connection', volume);
    s.authorize(call, 'volume_extension:volume_actions:unreserve', volume);
    const facts = await s.attachmentFacts(call, volume);
    await s.execute(call, { type: 'TerminateVolumeConnection', data: { ...facts, connector: call.value.connector ?? null } });
    return ACCEPTED;
  },
};
