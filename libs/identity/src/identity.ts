/** Who is calling: what the request's identity says, recorded in every event it causes. */
export interface Caller {
  user_id: string;
  project_id: string;
  roles: string[];
  /** Cinder's `is_admin`: the policy rule `context_is_admin` (default `role:admin`) holds. */
  is_admin: boolean;
  /** Keystone's `X-Is-Admin-Project` (True unless the gateway says otherwise). */
  is_admin_project: boolean;
  /** A service (e.g. compute) acting with a valid service token with a service role. */
  service: boolean;
  service_roles: string[];
}

export type AuthStrategy = 'noauth' | 'keystone-headers';

export interface IdentityOptions {
  strategy: AuthStrategy;
  /** A service token carrying one of these roles marks the caller as a service. */
  serviceTokenRoles: string[];
  /** Cinder's `context_is_admin` check on the caller's credentials. */
  isAdmin: (caller: Omit<Caller, 'is_admin'>) => boolean;
}

export type Identification =
  | { kind: 'caller'; caller: Caller }
  /** noauth without a token: Cinder answers 204 handing out `user:project`. */
  | { kind: 'noauth-token'; token: string }
  | { kind: 'unauthenticated'; reason: string };

type Headers = Record<string, string | string[] | undefined>;

export function identify(headers: Headers, options: IdentityOptions): Identification {
  return options.strategy === 'noauth' ? noauth(headers) : keystoneHeaders(headers, options);
}

/**
 * Cinder's noauth middleware: `X-Auth-Token: <user>:<project>` (the project defaults to the user)
 * and every caller is an admin.
 */
function noauth(headers: Headers): Identification {
  const token = header(headers, 'x-auth-token');
  if (token === undefined) {
    const user = header(headers, 'x-auth-user') ?? 'admin';
    return { kind: 'noauth-token', token: `${user}:${header(headers, 'x-auth-project-id') ?? 'admin'}` };
  }
  const colon = token.indexOf(':');
  const user = colon < 0 ? token : token.slice(0, colon);
  const project = colon < 0 ? user : token.slice(colon + 1) || user;
  return {
    kind: 'caller',
    caller: {
      user_id: user,
      project_id: project,
      roles: ['admin'],
      is_admin: true,
      is_admin_project: true,
      service: false,
      service_roles: [],
    },
  };
}

/**
 * The headers keystonemiddleware sets at the gateway once it has validated the token. The gateway
 * must strip these headers from what clients send; nothing else vouches for them.
 */
function keystoneHeaders(headers: Headers, options: IdentityOptions): Identification {
  if (header(headers, 'x-identity-status') !== 'Confirmed') {
    return { kind: 'unauthenticated', reason: 'X-Identity-Status is not Confirmed' };
  }
  const user = header(headers, 'x-user-id') ?? header(headers, 'x-user');
  const project = header(headers, 'x-project-id') ?? header(headers, 'x-tenant-id') ?? header(headers, 'x-tenant');
  if (!user || !project) return { kind: 'unauthenticated', reason: 'the user or project id is missing' };

  const serviceConfirmed = header(headers, 'x-service-identity-status') === 'Confirmed';
  const serviceRoles = serviceConfirmed ? list(header(headers, 'x-service-roles')) : [];
  const lower = options.serviceTokenRoles.map((r) => r.toLowerCase());
  const caller = {
    user_id: user,
    project_id: project,
    roles: list(header(headers, 'x-roles') ?? header(headers, 'x-role')),
    is_admin_project: (header(headers, 'x-is-admin-project') ?? 'True').toLowerCase() === 'true',
    service: serviceRoles.some((r) => lower.includes(r.toLowerCase())),
    service_roles: serviceRoles,
  };
  return { kind: 'caller', caller: { ...caller, is_admin: options.isAdmin(caller) } };
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
