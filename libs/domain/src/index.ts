export * from './volume-status';
export * from './volume-events';
export * from './volume-commands';
export * from './volume-errors';
export * from './volume-state';
export * from './decide';
