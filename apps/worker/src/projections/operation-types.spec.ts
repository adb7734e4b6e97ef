import { OPERATION_TYPE_BY_EVENT } from '@app/read-model';
import { JOB_BY_EVENT } from '../jobs-for-event';

describe('the operations read model', () => {
  it('names each operation and its job as the reactor does, so an operation\'s job id is the job\'s', () => {
    expect(OPERATION_TYPE_BY_EVENT).toEqual(JOB_BY_EVENT);
  });
});
