export * from './backend-job';
export * from './bullmq-backend-jobs';
