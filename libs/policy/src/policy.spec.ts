import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_RULES } from './cinder-policies';
import { Policy, PolicyDenied, PolicyFileError } from './policy';
import { policyMatrixMarkdown } from './policy-matrix';

const volume = { project_id: 'p1', user_id: 'u1' };
const member = { roles: ['member', 'reader'], project_id: 'p1', is_admin: false, is_admin_project: false };
const reader = { roles: ['reader'], project_id: 'p1', is_admin: false, is_admin_project: false };
const outsider = { roles: ['member', 'reader'], project_id: 'p2', is_admin: false, is_admin_project: false };
const admin = { roles: ['admin'], project_id: 'admin', is_admin: true, is_admin_project: true };

const policyFile = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.yaml');
  writeFileSync(path, text);
  return path;
};

describe('Cinder default policy', () => {
  it.each([
    ['volume:extend', member, true],
    ['volume:extend', reader, false],
    ['volume:extend', outsider, false],
    ['volume:extend', admin, true],
    ['volume:get', reader, true],
    ['volume:get', outsider, false],
    ['volume_extension:volume_admin_actions:reset_status', member, false],
    ['volume_extension:volume_admin_actions:reset_status', admin, true],
    ['volume_extension:volume_host_attribute', member, false],
    ['volume_extension:volume_tenant_attribute', reader, true],
  ] as const)('%s for %j is %s', (rule, creds, allowed) => {
    expect(new Policy().enforce(rule, { ...creds, roles: [...creds.roles] }, volume)).toBe(allowed);
  });

  it('denies naming the rule in Cinder\'s words', () => {
    expect(() => new Policy().authorize('volume:extend', { ...reader, roles: ['reader'] }, volume)).toThrow(
      new PolicyDenied('volume:extend'),
    );
    expect(new PolicyDenied('volume:extend').message).toBe("Policy doesn't allow volume:extend to be performed.");
  });

  it('has a unique name for every rule', () => {
    const names = DEFAULT_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('policy file', () => {
  it('grants what the defaults deny', () => {
    const policy = Policy.fromFile(policyFile('"volume:extend": "role:reader and project_id:%(project_id)s"\n'));
    expect(policy.enforce('volume:extend', { ...reader, roles: ['reader'] }, volume)).toBe(true);
  });

  it('denies what the defaults grant, and keeps the rest', () => {
    const policy = Policy.fromFile(policyFile('volume:extend: "!"\n'));
    expect(policy.enforce('volume:extend', { ...admin, roles: ['admin'] }, volume)).toBe(false);
    expect(policy.enforce('volume:get', { ...admin, roles: ['admin'] }, volume)).toBe(true);
  });

  it('overrides base rules that other rules refer to', () => {
    const policy = Policy.fromFile(policyFile('admin_api: "role:cloud_admin"\n'));
    expect(policy.enforce('volume_extension:volume_admin_actions:reset_status', { ...admin, roles: ['admin'] }, volume)).toBe(false);
    expect(policy.enforce('volume_extension:volume_admin_actions:reset_status', { roles: ['cloud_admin'] }, volume)).toBe(true);
  });

  it.each([
    ['volume:extend: "role:a and"\n', /Rule "volume:extend": Check string "role:a and" ends too early/],
    ['- a list\n', /must map rule names to check strings/],
    ['volume:extend: [1, 2]\n', /must be a check string/],
    ['volume:extend: "x\n', /Cannot read the policy file/],
  ])('explains a bad file: %j', (text, message) => {
    expect(() => Policy.fromFile(policyFile(text))).toThrow(PolicyFileError);
    expect(() => Policy.fromFile(policyFile(text))).toThrow(message);
  });
});

describe('docs/policy-matrix.md', () => {
  it('is what the code generates (run `npm run docs:policy` after changing a rule)', () => {
    const committed = readFileSync(resolve(__dirname, '../../../docs/policy-matrix.md'), 'utf8');
    expect(committed).toBe(policyMatrixMarkdown());
  });
});
