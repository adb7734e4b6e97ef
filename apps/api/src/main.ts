import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { runOrExplain } from '@app/infrastructure';
import { ApiModule } from './api.module';
import { startApi } from './create-api-app';

runOrExplain('api', () => startApi(ApiModule, loadConfig()));
