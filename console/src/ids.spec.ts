import { shortId } from './ids';

describe('shortId', () => {
  it('keeps the first eight hex digits of a UUID, and of a request id', () => {
    expect(shortId('705fdb74-3884-4c7a-afaf-e2c74ee7239c')).toBe('705fdb74…');
    expect(shortId('req-732bbc43-1c2d-4e5f-8a9b-0c1d2e3f4a5b')).toBe('req-732bbc43…');
  });

  it('leaves anything else whole', () => {
    expect(shortId('my-volume')).toBe('my-volume');
  });
});
