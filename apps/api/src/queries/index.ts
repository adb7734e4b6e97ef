import { JobProgressReader } from './job-progress';
import { OperationsController } from './operations.controller';
import { ProjectionsController } from './projections.controller';
import { ReadModelQueries } from './read-model-queries';
import { SnapshotQueriesController } from './snapshot-queries.controller';
import { VolumeListController } from './volume-list.controller';

/** The GET side of the API over the read models: registered in ApiModule. */
export const QUERY_CONTROLLERS = [VolumeListController, SnapshotQueriesController, OperationsController, ProjectionsController];
export const QUERY_PROVIDERS = [ReadModelQueries, JobProgressReader];
