import type { Actor } from '@app/volume-commands';

/** Who is calling, as the request's identity says (noauth for now; keystone headers come later). */
export type Caller = Actor;

/**
 * Cinder's noauth middleware: `X-Auth-Token: <user>:<project>` (project defaults to the user),
 * and every caller is an admin. `X-User-Id`/`X-Project-Id` are accepted too, as a gateway would set
 * them. With neither, Cinder answers 204 handing out a token (`null` here means exactly that).
 */
export function noauthCaller(headers: Record<string, string | string[] | undefined>): Caller | null {
  const token = header(headers, 'x-auth-token');
  let user: string | undefined;
  let project: string | undefined;
  if (token !== undefined) {
    const colon = token.indexOf(':');
    user = colon < 0 ? token : token.slice(0, colon);
    project = colon < 0 ? user : token.slice(colon + 1) || user;
  } else {
    user = header(headers, 'x-user-id');
    project = header(headers, 'x-project-id') ?? header(headers, 'x-tenant-id');
    if (user === undefined || project === undefined) return null;
  }
  return { user_id: user, project_id: project, roles: ['admin'], is_admin: true, service: false, service_roles: [] };
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
