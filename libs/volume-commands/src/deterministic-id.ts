import { createHash } from 'node:crypto';

const NAMESPACE = 'c1a7b9e0-5f2d-4d5e-9a61-0c1d2e3f4a5b';

/** A name-based (version 5) UUID: the same name always gives the same id. */
export function deterministicUuid(name: string): string {
  const bytes = createHash('sha1').update(NAMESPACE).update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
