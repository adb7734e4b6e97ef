import { execFile } from 'node:child_process';

/**
 * Lists a file's data with lseek(SEEK_DATA/SEEK_HOLE) through perl (Node's fs has no lseek, and
 * perl is part of every Debian and Ubuntu base system). A file system without hole support
 * answers one extent: the whole file.
 */
const LIST_EXTENTS = `
open(my $f, "<", $ARGV[0]) or die "$!\\n";
my $size = -s $f; my $pos = 0;
while ($pos < $size) {
  my $data = sysseek($f, $pos, 3);
  last unless defined $data;
  my $hole = sysseek($f, $data, 4);
  print 0 + $data, " ", 0 + $hole, "\\n";
  $pos = $hole;
}`;

export type Extent = [start: number, end: number];

/**
 * Where a file holds data, as [start, end) byte ranges; reading only these skips its holes, which
 * would otherwise cost a zero-filled page each. Without perl (or lseek's hole support), the whole
 * file is one extent, which is always correct, only slower.
 */
export function dataExtents(path: string, size: number): Promise<Extent[]> {
  return new Promise((resolve) => {
    execFile('perl', ['-e', LIST_EXTENTS, path], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) return resolve(size > 0 ? [[0, size]] : []);
      const extents = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ').map(Number) as Extent)
        .filter(([start, end]) => Number.isFinite(start) && Number.isFinite(end) && end > start);
      resolve(extents.map(([start, end]) => [start, Math.min(end, size)]));
    });
  });
}

/** The offsets of the `blockSize` blocks that overlap the extents, in order: the only ones that can hold data. */
export function blocksOf(extents: readonly Extent[], blockSize: number): number[] {
  const blocks: number[] = [];
  for (const [start, end] of extents) {
    for (let block = Math.floor(start / blockSize) * blockSize; block < end; block += blockSize) {
      if (blocks.length === 0 || blocks[blocks.length - 1] < block) blocks.push(block);
    }
  }
  return blocks;
}
