import { randomEventIds, type CommandContext } from '../command-context';

/** A plain user's request context, for tests of what records events. */
export const testCommandContext = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  actor: { user_id: 'u', project_id: 'p', roles: [], is_admin: false, service: false, service_roles: [] },
  request_id: 'req-1',
  correlation_id: 'req-1',
  causation_id: null,
  microversion: '3.0',
  now: new Date(),
  eventId: randomEventIds(),
  ...overrides,
});
