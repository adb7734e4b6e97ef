import { identify, type IdentityOptions } from './identity';

const noauth: IdentityOptions = { strategy: 'noauth', serviceTokenRoles: ['service'], isAdmin: () => false };
const keystone: IdentityOptions = {
  strategy: 'keystone-headers',
  serviceTokenRoles: ['service'],
  isAdmin: (c) => c.roles.includes('admin'),
};
const confirmed = { 'x-identity-status': 'Confirmed', 'x-user-id': 'u1', 'x-project-id': 'p1', 'x-roles': 'member, reader' };

describe('noauth', () => {
  it('reads user:project from the token, every caller an admin', () => {
    expect(identify({ 'x-auth-token': 'alice:p1' }, noauth)).toEqual({
      kind: 'caller',
      caller: expect.objectContaining({ user_id: 'alice', project_id: 'p1', is_admin: true, roles: ['admin'], service: false }),
    });
  });

  it('defaults the project to the user when the token has no colon', () => {
    expect(identify({ 'x-auth-token': 'bob' }, noauth)).toMatchObject({ caller: { user_id: 'bob', project_id: 'bob' } });
  });

  it('hands out a token when there is none, as Cinder does', () => {
    expect(identify({}, noauth)).toEqual({ kind: 'noauth-token', token: 'admin:admin' });
    expect(identify({ 'x-auth-user': 'u', 'x-auth-project-id': 'p' }, noauth)).toEqual({ kind: 'noauth-token', token: 'u:p' });
  });

  it('never trusts keystone headers', () => {
    expect(identify(confirmed, noauth)).toEqual({ kind: 'noauth-token', token: 'admin:admin' });
  });
});

describe('keystone-headers', () => {
  it('takes the caller from the headers the gateway set', () => {
    expect(identify(confirmed, keystone)).toEqual({
      kind: 'caller',
      caller: {
        user_id: 'u1', project_id: 'p1', roles: ['member', 'reader'], is_admin: false, is_admin_project: true,
        service: false, service_roles: [],
      },
    });
  });

  it('decides is_admin by the context_is_admin check', () => {
    expect(identify({ ...confirmed, 'x-roles': 'admin' }, keystone)).toMatchObject({ caller: { is_admin: true } });
  });

  it.each([
    ['no identity status', { ...confirmed, 'x-identity-status': undefined }],
    ['an invalid token', { ...confirmed, 'x-identity-status': 'Invalid' }],
    ['no user', { ...confirmed, 'x-user-id': undefined }],
    ['no project', { ...confirmed, 'x-project-id': undefined }],
  ])('is unauthenticated with %s', (_name, headers) => {
    expect(identify(headers, keystone)).toMatchObject({ kind: 'unauthenticated' });
  });

  it('ignores a noauth token', () => {
    expect(identify({ 'x-auth-token': 'admin:p1' }, keystone)).toMatchObject({ kind: 'unauthenticated' });
  });

  it('recognises a service by a confirmed service token with a service role', () => {
    const service = { ...confirmed, 'x-service-identity-status': 'Confirmed', 'x-service-roles': 'service,admin' };
    expect(identify(service, keystone)).toMatchObject({ caller: { service: true, service_roles: ['service', 'admin'] } });
  });

  it.each([
    ['an unconfirmed service token', { 'x-service-identity-status': 'Invalid', 'x-service-roles': 'service' }],
    ['a service token without a service role', { 'x-service-identity-status': 'Confirmed', 'x-service-roles': 'member' }],
    ['service roles in the user roles only', { 'x-roles': 'service' }],
  ])('is not a service with %s', (_name, extra) => {
    expect(identify({ ...confirmed, ...extra }, keystone)).toMatchObject({ caller: { service: false } });
  });

  it('reads X-Is-Admin-Project', () => {
    expect(identify({ ...confirmed, 'x-is-admin-project': 'False' }, keystone)).toMatchObject({ caller: { is_admin_project: false } });
  });
});
