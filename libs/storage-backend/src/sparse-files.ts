import { createHash, randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { blocksOf, dataExtents } from './data-extents';

/** The unit of copying and of hole detection: a block of zeros is never written, so it stays a hole. */
export const BLOCK_SIZE = 1024 * 1024;
const ZEROS = Buffer.alloc(BLOCK_SIZE);

/** Told how far a long operation has got, in percent; awaited, so a listener may hold the copy. */
export type ProgressListener = (percent: number) => void | Promise<void>;

export interface CopyOptions {
  /** The copy's length in bytes; longer than the source pads it with a hole. Default: the source's. */
  length?: number;
  onProgress?: ProgressListener;
}

/**
 * A digest of a file's content that does not depend on how it is stored: the SHA-256 of its
 * non-zero blocks with their offsets, then its length. Equal content gives equal digests whether
 * the zeros are holes or written, and holes cost nothing to hash.
 */
class ContentDigest {
  private readonly hash = createHash('sha256');

  add(offset: number, block: Buffer) {
    this.hash.update(`${offset}:`);
    this.hash.update(block);
  }

  finish(length: number): string {
    this.hash.update(`length:${length}`);
    return this.hash.digest('hex');
  }
}

const isZero = (block: Buffer) => block.equals(block.length === BLOCK_SIZE ? ZEROS : ZEROS.subarray(0, block.length));

/**
 * Copies `source` to `destination` block by block, reading only where the source has data and
 * writing only the blocks that are not zero, so a sparse file gives a sparse copy quickly (what
 * `cp --sparse=always` does, with progress and a digest).
 * Returns the digest of the content written (see {@link contentDigest}). The copy is synced to
 * disk before this resolves.
 */
export async function copySparse(source: string, destination: string, options: CopyOptions = {}): Promise<string> {
  const input = await open(source, 'r');
  try {
    const { size } = await input.stat();
    const length = options.length ?? size;
    if (length < size) throw new Error(`Cannot copy ${size} bytes of ${source} into ${length} bytes`);
    const output = await open(destination, 'w');
    try {
      await output.truncate(length);
      const digest = new ContentDigest();
      const buffer = Buffer.allocUnsafe(BLOCK_SIZE);
      let reported = 0;
      await options.onProgress?.(0);
      for (const offset of blocksOf(await dataExtents(source, size), BLOCK_SIZE)) {
        const { bytesRead } = await input.read(buffer, 0, Math.min(BLOCK_SIZE, size - offset), offset);
        const block = buffer.subarray(0, bytesRead);
        if (bytesRead > 0 && !isZero(block)) {
          await output.write(block, 0, bytesRead, offset);
          digest.add(offset, block);
        }
        const percent = Math.floor(((offset + bytesRead) / size) * 100);
        if (options.onProgress && percent >= reported + 5 && percent < 100) {
          reported = percent;
          await options.onProgress(percent);
        }
      }
      await output.sync();
      await options.onProgress?.(100);
      return digest.finish(length);
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/** The digest {@link copySparse} returns, read from a file. */
export async function contentDigest(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const digest = new ContentDigest();
    const buffer = Buffer.allocUnsafe(BLOCK_SIZE);
    for (const offset of blocksOf(await dataExtents(path, size), BLOCK_SIZE)) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(BLOCK_SIZE, size - offset), offset);
      const block = buffer.subarray(0, bytesRead);
      if (bytesRead > 0 && !isZero(block)) digest.add(offset, block);
    }
    return digest.finish(size);
  } finally {
    await file.close();
  }
}

/**
 * Writes `target` through a temporary sibling that replaces it by rename only once `write` has
 * finished, so a crash leaves either the old file or the new one, never half of one. Each call
 * has its own temporary name: two runs of the same job never write into each other's file.
 * Leftovers of earlier runs that crashed are removed after a successful replace.
 */
export async function replaceAtomically<T>(target: string, write: (temporary: string) => Promise<T>): Promise<T> {
  const temporary = `${target}.part-${randomBytes(4).toString('hex')}`;
  try {
    const result = await write(temporary);
    await rename(temporary, target);
    await removeLeftovers(target);
    return result;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The temporary files of earlier, interrupted writes of `target`. */
export async function removeLeftovers(target: string) {
  const prefix = `${basename(target)}.part-`;
  const names = await readdir(dirname(target)).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => name.startsWith(prefix)).map((name) => rm(join(dirname(target), name), { force: true })));
}

/**
 * A file's whole content as a stream of blocks, read only where it holds data: its holes come as
 * blocks of zeros that cost no disk read. For whoever must see every byte (an MD5 checksum, an
 * upload) of a mostly empty file.
 */
export async function* readSparse(path: string): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const blocks = new Set(blocksOf(await dataExtents(path, size), BLOCK_SIZE));
    for (let offset = 0; offset < size; offset += BLOCK_SIZE) {
      const length = Math.min(BLOCK_SIZE, size - offset);
      if (!blocks.has(offset)) {
        yield length === BLOCK_SIZE ? ZEROS : ZEROS.subarray(0, length);
        continue;
      }
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await file.read(buffer, 0, length, offset);
      yield bytesRead === length ? buffer : Buffer.concat([buffer.subarray(0, bytesRead), Buffer.alloc(length - bytesRead)]);
    }
  } finally {
    await file.close();
  }
}
