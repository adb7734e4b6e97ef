import type { CinderFault } from './fault';
import { noSuchAction, parseJsonBody, selectAction } from './json-body';
import { PyFloat, pyKeys } from './python-json';
import { faultOf } from './spec-helpers';

const JSON_TYPE = 'application/json';
const body = (text: string): Buffer => Buffer.from(text, 'utf8');

const statusAndMessage = (fault: CinderFault): [number, string] => [fault.status, fault.message];

describe('selectAction', () => {
  it('returns the single key and the whole decoded body', () => {
    expect(selectAction(body('{"os-extend": {"new_size": 3}}'), JSON_TYPE)).toEqual({
      action: 'os-extend',
      body: { 'os-extend': { new_size: 3 } },
    });
  });

  it('accepts the vendor media type, ignores parameters, and keeps the last duplicate key', () => {
    const selected = selectAction(
      body('{"os-extend": {"new_size": 2}, "os-extend": {"new_size": 3.0}}'),
      'application/vnd.openstack.volume+json; charset=utf-8',
    );
    expect(selected.action).toBe('os-extend');
    expect((selected.body as { 'os-extend': { new_size: PyFloat } })['os-extend'].new_size).toEqual(new PyFloat(3));
  });

  it('returns an integer-like action name from a body that has only that key', () => {
    const { action, body: decoded } = selectAction(body('{"1": {}}'), JSON_TYPE);
    expect(action).toBe('1');
    expect(pyKeys(decoded as object)).toEqual(['1']);
  });

  it.each([
    [Buffer.alloc(0), JSON_TYPE],
    [undefined, JSON_TYPE],
    [Buffer.alloc(0), 'text/plain'],
    [Buffer.alloc(0), undefined],
  ])('answers "no such action: None" for an empty body (%#)', (raw, contentType) => {
    expect(statusAndMessage(faultOf(() => selectAction(raw, contentType)))).toEqual([
      400,
      'There is no such action: None. Verify the request body and Content-Type header and try again.',
    ]);
  });

  it.each([undefined, 'text/plain', '', 'application/xml', 'Application/JSON', 'application/json ; charset=utf-8', 'json'])(
    'answers 415 for a non-empty body with Content-Type %p',
    (contentType) => {
      expect(statusAndMessage(faultOf(() => selectAction(body('{"os-extend": {}}'), contentType)))).toEqual([
        415,
        'Unsupported Content-Type',
      ]);
    },
  );

  it('judges the Content-Type before the JSON', () => {
    expect(faultOf(() => selectAction(body('not json'), 'text/plain')).status).toBe(415);
  });

  it.each([
    ['{', 'invalid JSON'],
    ['{}', 'an object without keys'],
    ['{"os-extend": {}, "os-reserve": {}}', 'an object with two keys'],
    ['[]', 'an empty list'],
    ['[1, 2]', 'a list of two'],
    ['""', 'an empty string'],
    ['"ab"', 'a string of two characters'],
  ])('answers 400 Malformed request body for %s (%s)', (text) => {
    expect(statusAndMessage(faultOf(() => selectAction(body(text), JSON_TYPE)))).toEqual([
      400,
      'Malformed request body',
    ]);
  });

  it.each(['[1]', '["os-extend"]', '"a"', '"😀"', '5', '3.5', 'true', 'false', 'null', 'NaN'])(
    'answers 404 for %s, which has no keys to dispatch on',
    (text) => {
      expect(statusAndMessage(faultOf(() => selectAction(body(text), JSON_TYPE)))).toEqual([
        404,
        'The resource could not be found.',
      ]);
    },
  );

  it('answers 400 Malformed request body for bytes that are not UTF-8', () => {
    const raw = Buffer.concat([body('{"os-extend": "'), Buffer.from([0xff]), body('"}')]);
    expect(statusAndMessage(faultOf(() => selectAction(raw, JSON_TYPE)))).toEqual([400, 'Malformed request body']);
  });

  it('answers 400 Malformed request body for a UTF-8 byte order mark, as json.loads does', () => {
    const raw = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body('{"os-extend": {}}')]);
    expect(faultOf(() => selectAction(raw, JSON_TYPE)).message).toBe('Malformed request body');
  });
});

describe('noSuchAction', () => {
  it('names the action in Cinder\'s words', () => {
    expect(statusAndMessage(noSuchAction('os-foo'))).toEqual([
      400,
      'There is no such action: os-foo. Verify the request body and Content-Type header and try again.',
    ]);
  });
});

describe('parseJsonBody', () => {
  it('returns undefined when there is no body, whatever the Content-Type', () => {
    expect(parseJsonBody(Buffer.alloc(0), 'text/plain')).toBeUndefined();
    expect(parseJsonBody(undefined, undefined)).toBeUndefined();
  });

  it('decodes any JSON value, floats marked', () => {
    expect(parseJsonBody(body('{"volume": {"size": 1.0}}'), JSON_TYPE)).toEqual({ volume: { size: new PyFloat(1) } });
    expect(parseJsonBody(body('[]'), JSON_TYPE)).toEqual([]);
  });

  it('answers 415 for a body without a Content-Type', () => {
    expect(faultOf(() => parseJsonBody(body('{}'), undefined)).status).toBe(415);
  });

  it('answers 400 Malformed request body for invalid JSON', () => {
    expect(statusAndMessage(faultOf(() => parseJsonBody(body('{"volume": }'), JSON_TYPE)))).toEqual([
      400,
      'Malformed request body',
    ]);
  });
});
