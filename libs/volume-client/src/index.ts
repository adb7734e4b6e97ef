export * from './volume-actions.types';
export * from './transports';
export * from './volume-client';
