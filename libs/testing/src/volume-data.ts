import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';

const MiB = 1024 * 1024;
const REGION = 64 * 1024;

/** Where a guest's writes land in a test volume: its start, its middle and its last MiB. */
export const guestOffsets = (size: number) => [0, Math.floor(size / 2 / MiB) * MiB, size - MiB];

const region = (seed: string) => Buffer.from(`${seed}|`.repeat(Math.ceil(REGION / (seed.length + 1)))).subarray(0, REGION);

/** Writes what a guest would, marked with `seed`, into a volume's (or snapshot's) file. */
export async function writeGuestData(path: string, seed: string) {
  const file = await open(path, 'r+');
  try {
    const { size } = await file.stat();
    for (const offset of guestOffsets(size)) await file.write(region(seed), 0, REGION, offset);
  } finally {
    await file.close();
  }
}

/** Which seed's guest data the file holds at every guest offset: the seed, 'zeros', or 'mixed'. */
export async function guestDataOf(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const seen = new Set<string>();
    for (const offset of guestOffsets(size)) {
      const buffer = Buffer.alloc(REGION);
      await file.read(buffer, 0, REGION, offset);
      const text = buffer.toString('latin1');
      seen.add(buffer.equals(Buffer.alloc(REGION)) ? 'zeros' : text.slice(0, text.indexOf('|')));
    }
    return seen.size === 1 ? [...seen][0] : `mixed(${[...seen].join(',')})`;
  } finally {
    await file.close();
  }
}

/** The file backend's layout: `<DATA_DIR>/backends/<pool>/volume-<id>` and `snapshot-<id>`. */
export const volumeFile = (dataDir: string, pool: string, volumeId: string) => join(dataDir, 'backends', pool, `volume-${volumeId}`);
export const snapshotFile = (dataDir: string, pool: string, snapshotId: string) => join(dataDir, 'backends', pool, `snapshot-${snapshotId}`);

export const fileExists = (path: string) => stat(path).then(() => true, () => false);
