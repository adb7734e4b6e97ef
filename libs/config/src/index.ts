export * from './engine-config';
export * from './engine-config.module';
export * from './redis-options';
