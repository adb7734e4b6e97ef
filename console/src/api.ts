import type { Session } from './types';

const TOKEN_KEY = 'cinder-console-token';

/** A request the engine refused, with Cinder's fault message when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/**
 * The engine's API as the console calls it. In noauth mode every request carries the noauth
 * token (kept in localStorage); in keystone-headers mode the gateway in front of the engine adds
 * the identity headers, so the console sends none.
 */
export class Api {
  private token: string | null = localStorage.getItem(TOKEN_KEY);

  headers(): Record<string, string> {
    return this.token ? { 'X-Auth-Token': this.token, Accept: 'application/json' } : { Accept: 'application/json' };
  }

  setToken(token: string | null) {
    this.token = token;
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  }

  get currentToken() {
    return this.token;
  }

  /**
   * Who the console is. Asked first without a token when it has none: noauth answers 204 with a
   * token to use (as Cinder's noauth middleware does); keystone-headers answers from the
   * gateway's headers, or 401 when the console was opened around the gateway.
   */
  async session(): Promise<Session> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await fetch('/v3/console/session', { headers: this.headers() });
      if (response.status === 204) {
        const token = response.headers.get('X-Auth-Token');
        if (!token) throw new ApiError(204, 'The engine answered without a session or a token.', '/v3/console/session');
        this.setToken(token);
        continue;
      }
      if (response.status === 401 && this.token && attempt === 0) {
        // A token kept from a noauth engine means nothing to a keystone one: ask again without it.
        this.setToken(null);
        continue;
      }
      if (!response.ok) throw await toError(response, '/v3/console/session');
      return ((await response.json()) as { session: Session }).session;
    }
    throw new ApiError(401, 'The engine handed out a token it then refused.', '/v3/console/session');
  }

  async get<T>(path: string): Promise<T> {
    const response = await fetch(path, { headers: this.headers() });
    if (!response.ok) throw await toError(response, path);
    return (await response.json()) as T;
  }
}

/** Cinder's fault body `{"<kind>": {"code", "message"}}`, or the status line when there is none. */
async function toError(response: Response, path: string): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as Record<string, { message?: string }>;
    const fault = Object.values(body)[0];
    if (fault && typeof fault.message === 'string') message = fault.message;
  } catch {
    // Not JSON: the status line says enough.
  }
  return new ApiError(response.status, message, path);
}
