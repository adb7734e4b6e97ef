import * as crypto from 'node:crypto';
import { EVENT_SCHEMA_VERSIONS } from '@app/domain';
import { schemaFingerprint } from './state-snapshot';

describe('schemaFingerprint', () => {
  afterEach(() => jest.restoreAllMocks());

  it('digests a version table once, however many loads ask for it', () => {
    const first = schemaFingerprint();
    const digest = jest.spyOn(crypto, 'createHash');

    expect(schemaFingerprint()).toBe(first);
    expect(schemaFingerprint(EVENT_SCHEMA_VERSIONS)).toBe(first);
    expect(digest).not.toHaveBeenCalled();
  });

  it('names the same versions alike and different versions apart', () => {
    const copy = { ...EVENT_SCHEMA_VERSIONS };

    expect(schemaFingerprint(copy)).toBe(schemaFingerprint());
    expect(schemaFingerprint({ ...copy, VolumeExtended: 2 })).not.toBe(schemaFingerprint());
  });
});
