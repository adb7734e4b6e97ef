export * from './storage-backend.port';
export * from './sparse-files';
export * from './qemu-img';
export * from './file-backend';
export * from './fault-injecting-backend';
