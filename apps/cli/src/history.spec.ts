import type { RecordedEvent } from '@app/event-store';
import { formatTable, historyRows } from './history';

const recorded = (revision: number, type: string, data: Record<string, unknown>, service = false): RecordedEvent => ({
  id: `e${revision}`,
  streamId: 'volume-v1',
  revision,
  position: BigInt(revision + 1),
  recordedAt: `2026-11-27T10:00:0${revision}.000Z`,
  type,
  data,
  metadata: {
    schema_version: 1,
    timestamp: `2026-11-27T10:00:0${revision}.000Z`,
    request_id: `req-${revision}`,
    actor: { user_id: service ? 'cinder-engine' : 'alice', project_id: service ? 'service' : 'p1', service },
  },
});

const events = [
  recorded(0, 'VolumeCreateRequested', {
    volume_id: 'v1', operation_id: 'c', project_id: 'p1', user_id: 'alice', size: 1, name: null, description: null,
    availability_zone: 'nova', volume_type: null, metadata: {}, multiattach: false, host: 'h@b#p', created_at: 'x',
  }),
  recorded(1, 'VolumeCreated', { operation_id: 'c', host: 'h@b#p', provider_location: '/x' }, true),
  recorded(2, 'VolumeExtendRequested', { operation_id: 'e', new_size: 2, previous_status: 'available' }),
  recorded(3, 'VolumeExtended', { operation_id: 'e', new_size: 2, status: 'available' }, true),
];

describe('history', () => {
  it('shows who did what and the status each event moved the volume between', () => {
    expect(historyRows(events).map((r) => [r.type, r.actor, r.service, r.status_before, r.status_after])).toEqual([
      ['VolumeCreateRequested', 'alice@p1', false, null, 'creating'],
      ['VolumeCreated', 'cinder-engine@service', true, 'creating', 'available'],
      ['VolumeExtendRequested', 'alice@p1', false, 'available', 'extending'],
      ['VolumeExtended', 'cinder-engine@service', true, 'extending', 'available'],
    ]);
  });

  it('prints an aligned table', () => {
    const table = formatTable(historyRows(events)).split('\n');
    expect(table[0]).toMatch(/^REV\s+TIME\s+EVENT\s+ACTOR\s+REQUEST ID\s+STATUS$/);
    expect(table[3]).toContain('VolumeExtendRequested');
    expect(table[3]).toContain('available -> extending');
    expect(table[2]).toContain('cinder-engine@service (service)');
  });
});
