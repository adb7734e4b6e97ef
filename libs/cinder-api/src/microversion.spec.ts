import { ApiVersion, MAX_VERSION, MIN_VERSION, negotiateMicroversion, versionHeaders } from './microversion';
import { faultOf } from './spec-helpers';

const faultFor = (header: string) => faultOf(() => negotiateMicroversion(header));

const GENERIC_400 =
  'The server could not comply with the request since it is either malformed or otherwise incorrect.';
const GENERIC_500 = 'The server has either erred or is incapable of performing the requested operation.';

describe('ApiVersion', () => {
  it('orders by major, then minor, numerically', () => {
    expect(ApiVersion.parse('3.9').compare('3.10')).toBeLessThan(0);
    expect(ApiVersion.parse('3.42').compare(new ApiVersion(3, 42))).toBe(0);
    expect(ApiVersion.parse('4.0').compare('3.71')).toBeGreaterThan(0);
  });

  it('answers atLeast inclusively', () => {
    expect(ApiVersion.parse('3.42').atLeast('3.42')).toBe(true);
    expect(ApiVersion.parse('3.41').atLeast('3.42')).toBe(false);
  });

  it('prints as major.minor', () => {
    expect(new ApiVersion(3, 0).toString()).toBe('3.0');
  });

  it('refuses a malformed version written in code', () => {
    expect(() => ApiVersion.parse('3.07')).toThrow('not a microversion: 3.07');
  });
});

describe('negotiateMicroversion', () => {
  it('defaults to the minimum, not the maximum, when the header is absent', () => {
    expect(negotiateMicroversion(undefined).version.toString()).toBe(MIN_VERSION);
  });

  it.each([
    ['volume 3.42', '3.42'],
    ['volume 3.0', '3.0'],
    ['volume 3.71', '3.71'],
    ['volumev3 3.5', '3.5'],
    ['compute 2.1, volume 3.5', '3.5'],
    ['compute 2.1,volume  3.6 ', '3.6'],
    ['volume 3.7, volume 3.9', '3.7'],
    ['volume\t3.8', '3.8'],
    ['volume latest', MAX_VERSION],
  ])('reads "%s" as %s', (header, version) => {
    expect(negotiateMicroversion(header).version.toString()).toBe(version);
  });

  it.each(['compute 2.1', '', 'Volume 3.1', 'identity 3, network 2.0'])(
    'answers 400 with the generic text when no entry contains "volume": "%s"',
    (header) => {
      const fault = faultFor(header);
      expect([fault.status, fault.message]).toEqual([400, GENERIC_400]);
      expect(fault.headers).toEqual({});
    },
  );

  it.each(['volume 3.1 extra', 'volume', 'volume3.1'])(
    'answers 500 when the volume entry is not exactly two words: "%s"',
    (header) => {
      const fault = faultFor(header);
      expect([fault.status, fault.key, fault.message]).toEqual([500, 'computeFault', GENERIC_500]);
    },
  );

  it.each(['3.07', '3', 'v3.1', '03.1', '3.1.0', 'LATEST', '3.-1', '0.5'])(
    'answers 400 for the malformed version "volume %s", without version headers',
    (version) => {
      const fault = faultFor(`volume ${version}`);
      expect([fault.status, fault.message]).toEqual([
        400,
        `API Version String ${version} is of invalid format. Must be of format MajorNum.MinorNum.`,
      ]);
      expect(fault.headers).toEqual({});
    },
  );

  it('answers 406 for a version above the maximum and echoes it in the headers', () => {
    const fault = faultFor('volume 3.72');
    expect(fault.toBody()).toEqual({
      computeFault: {
        code: 406,
        message: 'Version 3.72 is not supported by the API. Minimum is 3.0 and maximum is 3.71.',
      },
    });
    expect(fault.headers).toEqual({ 'OpenStack-API-Version': 'volume 3.72', Vary: 'OpenStack-API-Version' });
  });

  it('echoes an out-of-range version exactly, however large', () => {
    const fault = faultFor('volume 99999999999999999999.1');
    expect(fault.message).toBe(
      'Version 99999999999999999999.1 is not supported by the API. Minimum is 3.0 and maximum is 3.71.',
    );
    expect(fault.headers['OpenStack-API-Version']).toBe('volume 99999999999999999999.1');
  });

  it.each(['2.0', '1.0', '21.0', '12.0'])('leaves the headers off the 406 for "volume %s" (Cinder quirk)', (version) => {
    const fault = faultFor(`volume ${version}`);
    expect(fault.status).toBe(406);
    expect(fault.headers).toEqual({});
  });

  it('keeps the headers on a 406 below the minimum that contains neither 1.0 nor 2.0', () => {
    expect(faultFor('volume 2.9').headers).toEqual({
      'OpenStack-API-Version': 'volume 2.9',
      Vary: 'OpenStack-API-Version',
    });
  });
});

describe('versionHeaders', () => {
  it('names the negotiated version and varies on the header', () => {
    expect(versionHeaders(ApiVersion.parse('3.42'))).toEqual({
      'OpenStack-API-Version': 'volume 3.42',
      Vary: 'OpenStack-API-Version',
    });
  });
});
