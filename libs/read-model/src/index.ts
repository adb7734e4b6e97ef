export * from './volume-view';
export * from './volume-view.repository';
export * from './memory-volume-view.repository';
export * from './redis-volume-view.repository';
export * from './volume-reader';
