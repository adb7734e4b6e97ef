/** The headers keystonemiddleware sets at the gateway for a validated token. */
export function keystoneHeaders(
  project: string,
  roles: string[],
  options: { user?: string; serviceRoles?: string[]; serviceStatus?: string } = {},
): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Identity-Status': 'Confirmed',
    'X-User-Id': options.user ?? `${roles[0]}-of-${project}`,
    'X-Project-Id': project,
    'X-Roles': roles.join(','),
  };
  if (options.serviceRoles) {
    headers['X-Service-Identity-Status'] = options.serviceStatus ?? 'Confirmed';
    headers['X-Service-Roles'] = options.serviceRoles.join(',');
  }
  return headers;
}

export const PERSONAS = {
  admin: (project = 'admin-project') => keystoneHeaders(project, ['admin', 'member', 'reader']),
  member: (project: string) => keystoneHeaders(project, ['member', 'reader']),
  reader: (project: string) => keystoneHeaders(project, ['reader']),
};
