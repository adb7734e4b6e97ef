import type { ServiceReport } from './backend-registry.port';
import { choosePool } from './scheduler';

const NOW = new Date('2026-11-27T10:00:00Z');
const pool = (name: string, free: number, backendName = 'file') => ({
  name,
  total_capacity_gb: 1000,
  allocated_capacity_gb: 1000 - free,
  free_capacity_gb: free,
  volume_backend_name: backendName,
  storage_protocol: 'file',
});
const service = (host: string, reportedSecondsAgo: number, ...pools: ReturnType<typeof pool>[]): ServiceReport => ({
  host,
  zone: 'nova',
  pools,
  reported_at: new Date(NOW.getTime() - reportedSecondsAgo * 1000).toISOString(),
});
const request = (size: number, extra_specs: Record<string, string> = {}) => ({ size, extra_specs, now: NOW, serviceDownTimeMs: 60000 });

describe('choosePool', () => {
  it('picks the pool with the most free space', () => {
    const services = [service('a@file', 1, pool('a@file#p1', 100), pool('a@file#p2', 300))];
    expect(choosePool(services, request(10))?.name).toBe('a@file#p2');
  });

  it('skips pools without room for the volume', () => {
    expect(choosePool([service('a@file', 1, pool('a@file#p1', 5))], request(10))).toBeNull();
  });

  it('skips services that stopped reporting', () => {
    const services = [service('a@file', 61, pool('a@file#big', 900)), service('b@file', 5, pool('b@file#small', 50))];
    expect(choosePool(services, request(10))?.name).toBe('b@file#small');
  });

  it('honours the type\'s volume_backend_name', () => {
    const services = [service('a@file', 1, pool('a@file#p', 900, 'file')), service('a@gold', 1, pool('a@gold#p', 10, 'gold'))];
    expect(choosePool(services, request(5, { volume_backend_name: 'gold' }))?.name).toBe('a@gold#p');
    expect(choosePool(services, request(5, { volume_backend_name: 'silver' }))).toBeNull();
  });
});
