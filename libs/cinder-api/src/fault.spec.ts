import {
  badRequest,
  CinderFault,
  conflict,
  forbiddenByPolicy,
  internalError,
  invalidInput,
  invalidVolume,
  malformedRequestBody,
  malformedRequestUrl,
  overLimit,
  resourceNotFound,
  unauthorized,
  unsupportedContentType,
  volumeNotFound,
} from './fault';

describe('CinderFault', () => {
  it.each([
    [400, 'badRequest'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'itemNotFound'],
    [405, 'badMethod'],
    [409, 'conflictingRequest'],
    [413, 'overLimit'],
    [415, 'badMediaType'],
    [501, 'notImplemented'],
    [503, 'serviceUnavailable'],
    [406, 'computeFault'],
    [500, 'computeFault'],
    [502, 'computeFault'],
  ])('names a %i fault %s', (status, key) => {
    expect(new CinderFault(status, 'm').key).toBe(key);
  });

  it('renders the envelope with code first, then message, then extra fields', () => {
    const fault = new CinderFault(413, 'quota', {}, { retryAfter: '0' });
    expect(JSON.stringify(fault.toBody())).toBe('{"overLimit":{"code":413,"message":"quota","retryAfter":"0"}}');
  });

  it('is an Error carrying its message, with no headers unless given', () => {
    const fault = new CinderFault(409, 'busy');
    expect(fault).toBeInstanceOf(Error);
    expect(fault.message).toBe('busy');
    expect(fault.headers).toEqual({});
  });
});

describe('fault factories', () => {
  const cases: [CinderFault, number, string][] = [
    [
      badRequest(),
      400,
      'The server could not comply with the request since it is either malformed or otherwise incorrect.',
    ],
    [badRequest('no'), 400, 'no'],
    [invalidInput('bad size'), 400, 'Invalid input received: bad size'],
    [invalidVolume('busy'), 400, 'Invalid volume: busy'],
    [malformedRequestBody(), 400, 'Malformed request body'],
    [malformedRequestUrl(), 400, 'Malformed request url'],
    [unauthorized(), 401, 'The request you have made requires authentication.'],
    [forbiddenByPolicy('volume:extend'), 403, "Policy doesn't allow volume:extend to be performed."],
    [volumeNotFound('v-1'), 404, 'Volume v-1 could not be found.'],
    [resourceNotFound(), 404, 'The resource could not be found.'],
    [conflict('in use'), 409, 'in use'],
    [overLimit('VolumeSizeExceedsLimit: too big'), 413, 'VolumeSizeExceedsLimit: too big'],
    [unsupportedContentType(), 415, 'Unsupported Content-Type'],
    [
      internalError(),
      500,
      'The server has either erred or is incapable of performing the requested operation.',
    ],
  ];

  it.each(cases)('%# answers %i %s', (fault, status, message) => {
    expect(fault.status).toBe(status);
    expect(fault.message).toBe(message);
  });

  it('puts the retry hint of an over-limit fault in the body and in a header', () => {
    const fault = overLimit('quota');
    expect(fault.toBody()).toEqual({ overLimit: { code: 413, message: 'quota', retryAfter: '0' } });
    expect(fault.headers).toEqual({ 'Retry-After': '0' });
  });

  it('reports a policy denial under "forbidden"', () => {
    expect(forbiddenByPolicy('volume:get').toBody()).toEqual({
      forbidden: { code: 403, message: "Policy doesn't allow volume:get to be performed." },
    });
  });

  it('reports a server error as a computeFault', () => {
    expect(internalError().toBody()).toEqual({
      computeFault: {
        code: 500,
        message: 'The server has either erred or is incapable of performing the requested operation.',
      },
    });
  });
});
