import { statusAfterDetach } from './detach-status';
import { available } from './testing/volume-fixtures';
import { fold, type Attachment, type ExistingVolume } from './volume-state';

const volume = (overrides: Partial<ExistingVolume> = {}) => ({ ...(fold(available()) as ExistingVolume), ...overrides });
const remaining = (...statuses: string[]): Attachment[] =>
  statuses.map((attach_status, index) => ({
    id: `a${index}`,
    attach_status,
    instance_uuid: null,
    attached_host: null,
    mountpoint: null,
    attach_mode: null,
    connection_info: null,
    attached_at: null,
  }));

describe('the status once an attachment is gone (§2.3)', () => {
  it('is in-use while an attached attachment remains', () => {
    expect(statusAfterDetach(volume(), remaining('reserved', 'attached'))).toEqual({ status: 'in-use', attach_status: 'attached' });
  });

  it('takes the alphabetically first remaining status otherwise', () => {
    expect(statusAfterDetach(volume(), remaining('reserved', 'detaching'))).toEqual({ status: 'detaching', attach_status: 'detaching' });
    expect(statusAfterDetach(volume(), remaining('reserved'))).toEqual({ status: 'reserved', attach_status: 'reserved' });
  });

  it('ignores failed attachments', () => {
    expect(statusAfterDetach(volume(), remaining('error_attaching'))).toEqual({ status: 'available', attach_status: 'detached' });
  });

  it('leaves the status to a migration in progress or an upload', () => {
    expect(statusAfterDetach(volume({ status: 'in-use', migration_status: 'migrating' }), [])).toEqual({
      status: 'in-use',
      attach_status: 'detached',
    });
    expect(statusAfterDetach(volume({ status: 'uploading' }), [])).toEqual({ status: 'uploading', attach_status: 'detached' });
  });

  it('writes available after a finished or failed migration', () => {
    for (const migration_status of ['success', 'error']) {
      expect(statusAfterDetach(volume({ status: 'in-use', migration_status }), [])).toEqual({
        status: 'available',
        attach_status: 'detached',
      });
    }
  });
});
