import { initialState, evolve, type ExistingVolume } from '@app/domain';
import type { Caller } from '@app/identity';
import type { VolumeView } from '@app/read-model';
import { consoleVolumeList, consoleVolumeRow, type ConsoleVolumeRow } from './console-volumes';

const caller = (is_admin: boolean): Caller => ({ user_id: 'u', project_id: 'p1', roles: [], is_admin, is_admin_project: true, service: false, service_roles: [] });

function view(overrides: Partial<VolumeView>): VolumeView {
  const base = evolve(initialState(), {
    type: 'VolumeCreateRequested',
    data: {
      volume_id: 'v1', operation_id: 'op', project_id: 'p1', user_id: 'u', size: 1, name: 'one', description: null,
      availability_zone: 'nova', volume_type: null, metadata: {}, multiattach: false, host: 'h@file#a', created_at: '2026-11-27T10:00:00.000000',
    },
  } as never) as ExistingVolume;
  return { ...base, updated_at: '2026-11-27T10:00:00.500000', revision: 0, ...overrides };
}

describe('the console\'s volume table', () => {
  const now = Date.parse('2026-11-27T10:10:00Z');

  it('marks a volume stranded once it has stayed in a transitional status longer than STUCK_AFTER_MS', () => {
    expect(consoleVolumeRow(view({}), caller(true), now, 60_000)).toMatchObject({ status: 'creating', waiting_for: 'job', stranded: true, updated_at: '2026-11-27T10:00:00.500Z' });
    expect(consoleVolumeRow(view({}), caller(true), now, 3_600_000)).toMatchObject({ stranded: false });
    expect(consoleVolumeRow(view({ status: 'available', pending: null }), caller(true), now, 60_000)).toMatchObject({ waiting_for: null, stranded: false });
  });

  it('shows the host to admins only', () => {
    expect(consoleVolumeRow(view({}), caller(true), now, 1).host).toBe('h@file#a');
    expect(consoleVolumeRow(view({}), caller(false), now, 1).host).toBeNull();
  });

  it('counts statuses over every filter but the status, and lists each filter\'s values', () => {
    const row = (id: string, status: string, project_id: string, host: string | null, volume_type: string | null) =>
      ({ ...consoleVolumeRow(view({}), caller(true), now, 1), id, status, project_id, host, volume_type }) as ConsoleVolumeRow;
    const rows = [row('a', 'available', 'p1', 'h1', 't1'), row('b', 'error', 'p1', 'h2', null), row('c', 'available', 'p2', 'h1', 't2')];
    expect(consoleVolumeList(rows, { status: 'available', host: 'h1' })).toEqual({
      volumes: [rows[0], rows[2]],
      counts: { available: 2 },
      total: 2,
      facets: { projects: ['p1', 'p2'], hosts: ['h1', 'h2'], volume_types: ['t1', 't2'] },
    });
    expect(consoleVolumeList(rows, { project_id: 'p1' })).toMatchObject({ counts: { available: 1, error: 1 }, total: 2 });
  });
});
