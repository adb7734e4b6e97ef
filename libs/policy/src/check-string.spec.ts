import { CheckStringError, parseCheckString, type Credentials, type Target } from './check-string';

const rules: Record<string, string> = { admin_api: 'is_admin:True', owner: 'project_id:%(project_id)s' };
const context = {
  rule: (name: string, target: Target, creds: Credentials): boolean =>
    name in rules ? parseCheckString(rules[name])(target, creds, context) : false,
};
const allows = (text: string, creds: Record<string, unknown>, target: Target = { project_id: 'p1' }) =>
  parseCheckString(text)(target, { roles: [], ...creds } as Credentials, context);

describe('oslo.policy check strings', () => {
  it('an empty string and @ allow, ! denies', () => {
    expect(allows('', {})).toBe(true);
    expect(allows('@', {})).toBe(true);
    expect(allows('!', {})).toBe(false);
  });

  it('role: matches case-insensitively', () => {
    expect(allows('role:Admin', { roles: ['admin'] })).toBe(true);
    expect(allows('role:member', { roles: ['reader'] })).toBe(false);
  });

  it('substitutes the target into generic checks', () => {
    expect(allows('project_id:%(project_id)s', { project_id: 'p1' })).toBe(true);
    expect(allows('project_id:%(project_id)s', { project_id: 'p2' })).toBe(false);
  });

  it('fails a check whose target attribute is missing', () => {
    expect(allows('user_id:%(user_id)s', { user_id: 'u' })).toBe(false);
  });

  it('compares booleans as Python prints them', () => {
    expect(allows('is_admin:True', { is_admin: true })).toBe(true);
    expect(allows('is_admin:True', { is_admin: false })).toBe(false);
    expect(allows('is_admin_project:False', { is_admin_project: false })).toBe(true);
  });

  it('follows rule: references, an unknown rule being false', () => {
    expect(allows('rule:admin_api', { is_admin: true })).toBe(true);
    expect(allows('rule:no_such_rule', { is_admin: true })).toBe(false);
  });

  it('binds not tighter than and, and tighter than or, with parentheses', () => {
    expect(allows('role:a or role:b and role:c', { roles: ['a'] })).toBe(true);
    expect(allows('(role:a or role:b) and role:c', { roles: ['a'] })).toBe(false);
    expect(allows('not role:a and role:b', { roles: ['b'] })).toBe(true);
    expect(allows('not (role:a or role:b)', { roles: ['b'] })).toBe(false);
    expect(allows('((role:admin)) or (role:reader and rule:owner)', { roles: ['reader'], project_id: 'p1' })).toBe(true);
  });

  it('matches a credential list entry and dotted paths', () => {
    expect(allows('service_roles:service', { service_roles: ['other', 'service'] })).toBe(true);
    expect(allows('token.project.id:%(project_id)s', { token: { project: { id: 'p1' } } })).toBe(true);
  });

  it('compares literal kinds with the substituted match', () => {
    expect(allows("'p1':%(project_id)s", {})).toBe(true);
    expect(allows("'p2':%(project_id)s", {})).toBe(false);
  });

  it.each(['role:a and', '(role:a', 'role:a)', 'admin', 'and role:a'])('rejects "%s"', (text) => {
    expect(() => parseCheckString(text)).toThrow(CheckStringError);
  });
});
