import { VolumeError, type VolumeErrorKind } from '@app/domain';
import { PolicyDenied } from '@app/policy';
import { ConcurrencyConflictError } from '@app/volume-commands';
import { toFault } from './to-fault';

describe('toFault', () => {
  it.each<[VolumeErrorKind, number, string]>([
    ['invalid_input', 400, 'Invalid input received: r'],
    ['invalid_volume', 400, 'Invalid volume: r'],
    ['invalid_snapshot', 400, 'Invalid snapshot: r'],
    ['invalid_host', 400, 'Invalid host: r'],
    ['bad_request', 400, 'r'],
    ['volume_not_found', 404, 'r'],
    ['not_found', 404, 'r'],
    ['conflict', 409, 'r'],
  ])('maps %s to %d "%s"', (kind, status, message) => {
    expect(toFault(new VolumeError(kind, 'r'))).toMatchObject({ status, message });
  });

  it('maps a policy denial to 403 naming the rule', () => {
    expect(toFault(new PolicyDenied('volume:extend'))).toMatchObject({
      status: 403,
      message: "Policy doesn't allow volume:extend to be performed.",
    });
  });

  it('maps a lost race to 409 asking for a retry', () => {
    expect(toFault(new ConcurrencyConflictError('v1', 5))?.status).toBe(409);
  });

  it('leaves anything else to be a 500', () => {
    expect(toFault(new Error('boom'))).toBeNull();
  });
});
