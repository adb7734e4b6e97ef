import { FakeNova } from '@app/testing';
import { ComputeUnavailableError } from './compute.port';
import { NoComputeService } from './no-compute';
import { NovaComputeService } from './nova-compute';

describe('NovaComputeService against a Nova API on loopback', () => {
  let nova: FakeNova;
  let compute: NovaComputeService;

  beforeEach(async () => {
    nova = new FakeNova();
    compute = new NovaComputeService({ url: await nova.start(), token: 'service-token' });
  });
  afterEach(() => nova.stop());

  it('reads the Cinder attachment id Nova holds for a server and volume', async () => {
    nova.attach('srv-1', 'vol-1', 'att-1');
    expect(await compute.serverVolumeAttachment('srv-1', 'vol-1')).toEqual({ attachment_id: 'att-1' });
    expect(nova.requests[0]).toEqual({ method: 'GET', url: '/v2.1/servers/srv-1/os-volume_attachments/vol-1', token: 'service-token' });
  });

  it('answers null when Nova knows no such server or attachment', async () => {
    expect(await compute.serverVolumeAttachment('srv-x', 'vol-1')).toBeNull();
  });

  it('sends volume-extended as an external event', async () => {
    await compute.notifyVolumeExtended('srv-1', 'vol-1');
    expect(nova.events).toEqual([{ name: 'volume-extended', server_uuid: 'srv-1', tag: 'vol-1' }]);
  });

  it('reports Nova errors as unavailable, with the status', async () => {
    nova.failWith = 503;
    await expect(compute.serverVolumeAttachment('srv-1', 'vol-1')).rejects.toThrow(ComputeUnavailableError);
    await expect(compute.serverVolumeAttachment('srv-1', 'vol-1')).rejects.toThrow(/Nova answered 503/);
  });

  it('reports an unreachable Nova as unavailable', async () => {
    await nova.stop();
    await expect(compute.serverVolumeAttachment('srv-1', 'vol-1')).rejects.toThrow(/could not be reached/);
  });
});

describe('NoComputeService', () => {
  it('knows no server using any attachment', async () => {
    expect(await new NoComputeService().serverVolumeAttachment()).toBeNull();
    await expect(new NoComputeService().notifyVolumeExtended()).resolves.toBeUndefined();
  });
});
