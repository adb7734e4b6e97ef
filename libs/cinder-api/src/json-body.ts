/**
 * Request bodies as Cinder's `wsgi.Resource` reads them, in its order: the Content-Type is judged
 * before the JSON, and for `POST .../action` the JSON's shape before the action name.
 */
import { badRequest, CinderFault, malformedRequestBody, resourceNotFound, unsupportedContentType } from './fault';
import { isPyDict, parsePythonJson, pyKeys } from './python-json';
import { pythonStr } from './python-repr';
import { codePointLength } from './python-text';

const JSON_MEDIA_TYPES: readonly string[] = ['application/json', 'application/vnd.openstack.volume+json'];

// fatal: invalid UTF-8 is a malformed body. ignoreBOM keeps a BOM in the text, where Python's
// json.loads rejects it too.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The decoded body, or `undefined` when there is none (Cinder then calls the handler without one,
 * whatever the Content-Type says).
 */
export function parseJsonBody(raw: Buffer | undefined, contentType: string | undefined): unknown {
  if (raw === undefined || raw.length === 0) return undefined;
  // A missing header counts too: Cinder's eventlet server substitutes text/plain.
  if (contentType === undefined || !isJsonMediaType(contentType)) throw unsupportedContentType();
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw malformedRequestBody();
  }
  return parsePythonJson(text);
}

/**
 * The action named by the body's single key, and the whole body (what the action's schema
 * validates). Whether the name is a registered action is for the caller: see noSuchAction.
 */
export function selectAction(
  raw: Buffer | undefined,
  contentType: string | undefined,
): { action: string; body: unknown } {
  if (raw === undefined || raw.length === 0) throw noSuchAction(null);
  const body = parseJsonBody(raw, contentType);
  // Cinder's action_peek_json: `len(decoded) != 1` is malformed; a value without len() (number,
  // bool, null) or without .keys() (one-element list or one-character string) ends in a 404.
  const size = pyLen(body);
  if (size === undefined) throw resourceNotFound();
  if (size !== 1) throw malformedRequestBody();
  if (!isPyDict(body)) throw resourceNotFound();
  return { action: pyKeys(body)[0], body };
}

/** `null` stands for Python's None: an empty body names no action. */
export function noSuchAction(name: string | null): CinderFault {
  return badRequest(
    `There is no such action: ${pythonStr(name)}. Verify the request body and Content-Type header and try again.`,
  );
}

// webob takes everything before the first ';' as is: no trimming and no case folding.
function isJsonMediaType(contentType: string): boolean {
  return JSON_MEDIA_TYPES.includes(contentType.split(';', 1)[0]);
}

function pyLen(value: unknown): number | undefined {
  if (typeof value === 'string') return codePointLength(value);
  if (Array.isArray(value)) return value.length;
  if (isPyDict(value)) return pyKeys(value).length;
  return undefined;
}
