import { sortStatuses, statusFamily } from './status';

describe('statusFamily', () => {
  it.each([
    ['available', 'ok'],
    ['in-use', 'attached'],
    ['extending', 'busy'],
    ['detaching', 'busy'],
    ['creating', 'busy'],
    ['error', 'error'],
    ['error_extending', 'error'],
    ['failed', 'error'],
    ['succeeded', 'ok'],
    ['running', 'busy'],
    [null, 'gone'],
  ])('%s is %s', (status, family) => {
    expect(statusFamily(status)).toBe(family);
  });
});

describe('sortStatuses', () => {
  it('puts settled statuses first and failures last, alphabetically within a family, once each', () => {
    expect(sortStatuses(['error', 'extending', 'available', 'creating', 'in-use', 'available'])).toEqual([
      'available', 'in-use', 'creating', 'extending', 'error',
    ]);
  });
});
