export * from './fake-nova';
export * from './fake-glance';
export * from './engine-log';
export * from './volume-data';
