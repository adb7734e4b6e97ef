import 'reflect-metadata';
import { runOrExplain } from '@app/infrastructure';
import { ApiModule } from './api.module';
import { startApi } from './create-api-app';

runOrExplain('api', () => startApi(ApiModule, 'cinder-api'));
