export * from './infrastructure.module';
export * from './log-follower';
export * from './run-or-explain';
export * from './redis-checkpoint';
