/**
 * Microversion negotiation as Cinder's `Request.set_api_version_request` does it. Only the
 * `OpenStack-API-Version` header counts; the legacy `X-OpenStack-Volume-API-Version` is ignored.
 */
import { badRequest, CinderFault, internalError } from './fault';
import { pySplit } from './python-text';

export const MIN_VERSION = '3.0';
export const MAX_VERSION = '3.71';

export const VERSION_HEADER = 'OpenStack-API-Version';

// Python's regex here also forbids leading zeros in either part, so a version that matches
// prints back exactly as it was sent.
const VERSION_PATTERN = /^([1-9][0-9]*)\.([1-9][0-9]*|0)$/;

export class ApiVersion {
  constructor(
    readonly major: number,
    readonly minor: number,
  ) {}

  /** For versions written in code (`'3.42'`); request headers go through negotiateMicroversion. */
  static parse(text: string): ApiVersion {
    const match = VERSION_PATTERN.exec(text);
    if (!match) throw new Error(`not a microversion: ${text}`);
    return new ApiVersion(Number(match[1]), Number(match[2]));
  }

  compare(other: ApiVersion | string): number {
    const that = typeof other === 'string' ? ApiVersion.parse(other) : other;
    return this.major - that.major || this.minor - that.minor;
  }

  atLeast(other: ApiVersion | string): boolean {
    return this.compare(other) >= 0;
  }

  toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

const MIN = ApiVersion.parse(MIN_VERSION);
const MAX = ApiVersion.parse(MAX_VERSION);

/** The headers Cinder puts on every v3 response, faults included. */
export function versionHeaders(version: ApiVersion): Record<string, string> {
  return headersEchoing(version.toString());
}

function headersEchoing(version: string): Record<string, string> {
  return { [VERSION_HEADER]: `volume ${version}`, Vary: VERSION_HEADER };
}

/**
 * Throws 400 (no `volume` entry, malformed version), 406 (outside [MIN, MAX]; the fault carries
 * the headers echoing the requested version) or 500 (Cinder crashes on an entry that is not
 * exactly two words).
 */
export function negotiateMicroversion(headerValue: string | undefined): { version: ApiVersion } {
  if (headerValue === undefined) return { version: MIN };
  // The first comma-separated entry that merely contains "volume" wins: "volumev3 3.5" works too.
  const entry = headerValue.split(',').find((segment) => segment.includes('volume'));
  if (entry === undefined) throw badRequest();
  const words = pySplit(entry);
  // `service, version = hdr.split()` raises ValueError, which nothing catches.
  if (words.length !== 2) throw internalError();
  const requested = words[1];
  if (requested === 'latest') return { version: MAX };
  const match = VERSION_PATTERN.exec(requested);
  if (!match) {
    throw badRequest(
      `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  }
  const version = new ApiVersion(Number(match[1]), Number(match[2]));
  if (version.compare(MIN) < 0 || version.compare(MAX) > 0) {
    throw new CinderFault(
      406,
      `Version ${requested} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${MAX_VERSION}.`,
      // Cinder's `_is_legacy_endpoint` quirk: no version headers when the string contains 1.0 or 2.0.
      requested.includes('1.0') || requested.includes('2.0') ? {} : headersEchoing(requested),
    );
  }
  return { version };
}
