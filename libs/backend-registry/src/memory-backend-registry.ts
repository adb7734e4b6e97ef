import type { BackendRegistry, ServiceReport } from './backend-registry.port';

/** For unit tests only. */
export class MemoryBackendRegistry implements BackendRegistry {
  private readonly reports = new Map<string, ServiceReport>();

  async report(service: ServiceReport) {
    this.reports.set(service.host, structuredClone(service));
  }

  async services() {
    return [...this.reports.values()].map((s) => structuredClone(s)).sort((a, b) => a.host.localeCompare(b.host));
  }

  async close() {}
}
