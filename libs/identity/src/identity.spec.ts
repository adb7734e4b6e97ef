import { noauthCaller } from './caller';

describe('noauthCaller', () => {
  it('reads user:project from the token, every caller an admin', () => {
    expect(noauthCaller({ 'x-auth-token': 'alice:p1' })).toMatchObject({
      user_id: 'alice', project_id: 'p1', is_admin: true, roles: ['admin'],
    });
  });

  it('defaults the project to the user when the token has no colon', () => {
    expect(noauthCaller({ 'x-auth-token': 'bob' })).toMatchObject({ user_id: 'bob', project_id: 'bob' });
  });

  it('accepts the gateway headers', () => {
    expect(noauthCaller({ 'x-user-id': 'u', 'x-project-id': 'p' })).toMatchObject({ user_id: 'u', project_id: 'p' });
  });

  it('has no caller without a token or headers', () => {
    expect(noauthCaller({})).toBeNull();
    expect(noauthCaller({ 'x-user-id': 'u' })).toBeNull();
  });
});
