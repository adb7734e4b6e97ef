import { spawn } from 'node:child_process';
import { BackendError } from './storage-backend.port';
import type { ProgressListener } from './sparse-files';

/** Glance's disk formats that qemu-img can write or read, by qemu-img's own name for them. */
export const QEMU_FORMATS: Readonly<Record<string, string>> = {
  raw: 'raw',
  qcow2: 'qcow2',
  vmdk: 'vmdk',
  vdi: 'vdi',
  vhd: 'vpc',
  vhdx: 'vhdx',
  ploop: 'parallels',
};

export interface ImageInfo {
  format: string;
  /** Bytes the image holds when converted to raw. */
  virtual_size: number;
  /** A file the image reads through (qcow2 backing file, external data file): never trusted. */
  external_file: string | null;
}

/**
 * The qemu-img tool (Debian: qemu-utils), which Cinder also uses to convert between raw volumes
 * and image formats. Absent, every call fails with a BackendError saying how to install it.
 */
export class QemuImg {
  constructor(private readonly binary = 'qemu-img') {}

  async convert(
    source: string,
    sourceFormat: string,
    destination: string,
    destinationFormat: string,
    onProgress?: ProgressListener,
  ): Promise<void> {
    const from = this.qemuFormat(sourceFormat);
    const to = this.qemuFormat(destinationFormat);
    const why = `Converting ${sourceFormat} to ${destinationFormat}`;
    await this.run(['convert', '-p', '-f', from, '-O', to, source, destination], why, (line) => {
      // qemu-img -p prints "    (42.00/100%)" as it goes.
      const match = /\((\d+(?:\.\d+)?)\/100%\)/.exec(line);
      if (match) void onProgress?.(Math.floor(Number(match[1])));
    });
  }

  async info(path: string, format: string): Promise<ImageInfo> {
    const output = await this.run(['info', '--output=json', '-f', this.qemuFormat(format), path], `Reading a ${format} image`);
    const parsed = JSON.parse(output) as {
      format: string;
      'virtual-size': number;
      'backing-filename'?: string;
      'format-specific'?: { data?: { 'data-file'?: string } };
    };
    return {
      format: parsed.format,
      virtual_size: parsed['virtual-size'],
      external_file: parsed['backing-filename'] ?? parsed['format-specific']?.data?.['data-file'] ?? null,
    };
  }

  private qemuFormat(diskFormat: string): string {
    const name = QEMU_FORMATS[diskFormat];
    if (!name) {
      throw new BackendError(
        `Disk format ${diskFormat} cannot be converted; supported formats are ${Object.keys(QEMU_FORMATS).join(', ')}.`,
      );
    }
    return name;
  }

  private run(args: string[], why: string, onOutput?: (text: string) => void): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        onOutput?.(chunk.toString());
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'ENOENT'
            ? new BackendError(
                `${why} needs qemu-img, which is not installed on this worker (looked for "${this.binary}"). ` +
                  'Install it (Debian/Ubuntu: apt-get install qemu-utils) or use the raw disk format.',
              )
            : new BackendError(`${why} failed: qemu-img could not be started: ${error.message}`),
        );
      });
      child.once('close', (code) => {
        if (code === 0) resolve(stdout);
        else reject(new BackendError(`${why} failed: qemu-img exited with ${code}: ${stderr.trim().slice(0, 500)}`));
      });
    });
  }
}
