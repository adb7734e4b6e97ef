export * from './fake-nova';
