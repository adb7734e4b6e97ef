export * from './backend-registry.port';
export * from './redis-backend-registry';
export * from './memory-backend-registry';
export * from './scheduler';
