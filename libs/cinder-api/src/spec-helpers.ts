// Shared by this library's specs; not exported from the index.
import { CinderFault } from './fault';
import { type Schema, validate } from './json-schema';
import { parsePythonJson } from './python-json';

/** The CinderFault `run` throws; fails the test if it returns or throws anything else. */
export function faultOf(run: () => unknown): CinderFault {
  try {
    run();
  } catch (error) {
    if (error instanceof CinderFault) return error;
    throw error;
  }
  throw new Error('expected a CinderFault, but nothing was thrown');
}

/** The 400 message for a JSON text, or undefined when it validates. */
export function validationMessage(schema: Schema, json: string): string | undefined {
  try {
    validate(schema, parsePythonJson(json));
  } catch (error) {
    if (error instanceof CinderFault && error.status === 400) return error.message;
    throw error;
  }
  return undefined;
}
