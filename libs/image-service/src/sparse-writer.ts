import { open } from 'node:fs/promises';

/**
 * Writes a stream of bytes to a file, leaving holes where whole chunks are zero (images of
 * volumes are mostly empty), and truncating the file to the stream's length. Returns the length.
 */
export async function writeSparse(chunks: AsyncIterable<Uint8Array>, path: string): Promise<number> {
  const file = await open(path, 'w');
  try {
    let offset = 0;
    for await (const chunk of chunks) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (!isZero(bytes)) await file.write(bytes, 0, bytes.length, offset);
      offset += bytes.length;
    }
    await file.truncate(offset);
    await file.sync();
    return offset;
  } finally {
    await file.close();
  }
}

const ZEROS = Buffer.alloc(1024 * 1024);

function isZero(bytes: Buffer): boolean {
  for (let start = 0; start < bytes.length; start += ZEROS.length) {
    const slice = bytes.subarray(start, start + ZEROS.length);
    if (!slice.equals(ZEROS.subarray(0, slice.length))) return false;
  }
  return true;
}
