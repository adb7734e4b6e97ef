import type { BackendRegistry, ServiceReport } from './backend-registry.port';

const report = (host: string, at: string): ServiceReport => ({
  host,
  zone: 'nova',
  reported_at: at,
  pools: [{ name: `${host}#p`, total_capacity_gb: 10, allocated_capacity_gb: 1, free_capacity_gb: 9, volume_backend_name: 'b', storage_protocol: 'file' }],
});

/** The behaviour every BackendRegistry adapter must have. */
export function describeBackendRegistryContract(name: string, create: () => Promise<{ registry: BackendRegistry; cleanup: () => Promise<void> }>) {
  describe(`BackendRegistry contract: ${name}`, () => {
    let ctx: Awaited<ReturnType<typeof create>>;
    beforeEach(async () => {
      ctx = await create();
    });
    afterEach(() => ctx.cleanup());

    it('lists nothing before any report', async () => {
      expect(await ctx.registry.services()).toEqual([]);
    });

    it('keeps the latest report of each service, listed by host', async () => {
      await ctx.registry.report(report('b@file', '2026-01-01T00:00:00.000Z'));
      await ctx.registry.report(report('a@file', '2026-01-01T00:00:00.000Z'));
      await ctx.registry.report(report('b@file', '2026-01-01T00:00:10.000Z'));
      const services = await ctx.registry.services();
      expect(services.map((s) => [s.host, s.reported_at])).toEqual([
        ['a@file', '2026-01-01T00:00:00.000Z'],
        ['b@file', '2026-01-01T00:00:10.000Z'],
      ]);
      expect(services[1].pools[0]).toEqual(report('b@file', '').pools[0]);
    });
  });
}
