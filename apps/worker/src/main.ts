import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { runOrExplain } from '@app/infrastructure';
import { WorkerModule } from './worker.module';

runOrExplain('worker', async () => {
  loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { abortOnError: false });
  app.enableShutdownHooks();
  return app;
});
