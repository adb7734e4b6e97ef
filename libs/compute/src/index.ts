export * from './compute.port';
export * from './no-compute';
export * from './nova-compute';
