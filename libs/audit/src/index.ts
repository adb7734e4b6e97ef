// Audit and replay building blocks shared by the CLI, the API's audit endpoint and the worker.
// Depends only on the domain and the event-store port: the command executor imports the state
// snapshot loader from here, so nothing here may import `@app/volume-commands` (see VolumeLog).
export * from './volume-log';
export * from './event-filter';
export * from './volume-history';
export * from './log-pages';
export * from './state-snapshot';
export * from './volume-state-loader';
export * from './transitional-statuses';
export * from './volume-invariants';
export * from './stuck-volumes';
export * from './stuck-volume-scan';
export * from './audit-export';
