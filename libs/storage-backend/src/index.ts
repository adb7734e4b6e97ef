export * from './storage-backend.port';
export * from './file-backend';
export * from './fault-injecting-backend';
