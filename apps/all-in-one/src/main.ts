import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { runOrExplain } from '@app/infrastructure';
import { ApiModule } from '../../api/src/api.module';
import { startApi } from '../../api/src/create-api-app';
import { WorkerModule } from '../../worker/src/worker.module';

/** The quick start: the API, the reactor, the projector and the backend workers in one process. */
@Module({ imports: [ApiModule, WorkerModule] })
class AllInOneModule {}

runOrExplain('engine', () => startApi(AllInOneModule, 'cinder-engine'));
