/** A copy of a string map without the given keys (admin and image metadata are such maps). */
export function omitKeys(record: Record<string, string>, ...keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}
