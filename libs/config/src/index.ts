export * from './engine-config';
export * from './redis-options';
