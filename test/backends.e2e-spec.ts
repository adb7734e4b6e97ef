import { CinderClient } from './support/cinder-client';
import { EngineProcess, engineEnv, startHttpEngine, waitFor, type EngineEnv } from './support/engine-process';

describe('volume services and pools, from the workers\' reports', () => {
  let env: EngineEnv;
  let api: EngineProcess;
  let worker: EngineProcess;
  let cinder: CinderClient;

  beforeAll(async () => {
    env = await engineEnv({
      BACKENDS: 'node1@file#gold:100,node1@file#silver:50,node2@lvm#main:20',
      SERVICE_REPORT_INTERVAL_MS: '200',
      SERVICE_DOWN_TIME_MS: '1500',
    });
    const started = await startHttpEngine('api', env);
    api = started.engine;
    cinder = new CinderClient(started.base);
    worker = EngineProcess.start('worker', env);
    await waitFor(async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json?.services?.length === 2, 20000,
      () => worker.logs);
  });
  afterAll(async () => {
    await Promise.all([api?.kill(), worker?.kill()]);
  });

  it('lists each host@backend as an up, enabled cinder-volume service', async () => {
    const res = await cinder.request('GET', `/v3/${cinder.project}/os-services`, { headers: { 'OpenStack-API-Version': 'volume 3.49' } });
    expect(res.status).toBe(200);
    expect(res.json.services.map((s: Record<string, unknown>) => [s.binary, s.host, s.status, s.state, s.zone, s.backend_state])).toEqual([
      ['cinder-volume', 'node1@file', 'enabled', 'up', 'nova', 'up'],
      ['cinder-volume', 'node2@lvm', 'enabled', 'up', 'nova', 'up'],
    ]);
    expect(res.json.services[0].updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  });

  it('lists the pools, with their capacity in detail', async () => {
    const names = await cinder.request('GET', `/v3/${cinder.project}/scheduler-stats/get_pools`);
    expect(names.json.pools).toEqual([{ name: 'node1@file#gold' }, { name: 'node1@file#silver' }, { name: 'node2@lvm#main' }]);
    const detail = await cinder.request('GET', `/v3/${cinder.project}/scheduler-stats/get_pools?detail=true`);
    expect(detail.json.pools[2]).toMatchObject({
      name: 'node2@lvm#main',
      capabilities: { pool_name: 'main', total_capacity_gb: 20, free_capacity_gb: 20, volume_backend_name: 'lvm', storage_protocol: 'file' },
    });
  });

  it('counts a volume\'s size against its pool once the worker reports again', async () => {
    const { id } = await cinder.createVolume(3);
    await cinder.waitForStatus(id, 'available');
    const host = (await cinder.getVolume(id))['os-vol-host-attr:host'] as string;
    await waitFor(async () => {
      const pools = (await cinder.request('GET', `/v3/${cinder.project}/scheduler-stats/get_pools?detail=true`)).json.pools;
      return pools.find((p: { name: string }) => p.name === host)?.capabilities.allocated_capacity_gb === 3;
    }, 5000);
  });

  it('shows a service as down once its worker stops reporting, and up again when it returns', async () => {
    await worker.kill('SIGKILL');
    const states = async () => (await cinder.request('GET', `/v3/${cinder.project}/os-services`)).json.services.map((s: { state: string }) => s.state);
    await waitFor(async () => (await states()).every((s: string) => s === 'down'), 5000);
    worker = EngineProcess.start('worker', env);
    await waitFor(async () => (await states()).every((s: string) => s === 'up'), 20000);
  });
});
