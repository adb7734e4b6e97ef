import type { Credentials } from './check-string';
import { DEFAULT_RULES } from './cinder-policies';
import { Policy } from './policy';

const TARGET = { project_id: 'own-project', user_id: 'someone' };

/** The personas an operator thinks in, as Keystone would describe them. */
const PERSONAS: Array<[string, Credentials & Record<string, unknown>]> = [
  ['admin', { roles: ['admin', 'member', 'reader'], project_id: 'admin-project', is_admin: true, is_admin_project: true }],
  ['member', { roles: ['member', 'reader'], project_id: 'own-project', is_admin: false, is_admin_project: false }],
  ['reader', { roles: ['reader'], project_id: 'own-project', is_admin: false, is_admin_project: false }],
  ['other project\'s member', { roles: ['member', 'reader'], project_id: 'other-project', is_admin: false, is_admin_project: false }],
];

/** Markdown table of every rule's default and which personas it lets through. */
export function policyMatrixMarkdown(): string {
  const policy = new Policy();
  const lines = [
    '# Policy matrix',
    '',
    'Generated from `libs/policy/src/cinder-policies.ts` by `npm run docs:policy`; a unit test fails',
    'when this file and the code disagree. Each rule can be overridden in the file named by',
    '`POLICY_FILE`, with the syntax of Cinder\'s policy.yaml. ✓ = allowed by the default rule for a volume',
    'of the member\'s own project.',
    '',
    `| Rule | Default | ${PERSONAS.map(([name]) => name).join(' | ')} | Used by |`,
    `|---|---|${PERSONAS.map(() => ':-:').join('|')}|---|`,
  ];
  for (const rule of DEFAULT_RULES) {
    const cells = PERSONAS.map(([, creds]) => (policy.enforce(rule.name, creds, TARGET) ? '✓' : '✗'));
    const used = rule.operations.length ? rule.operations.map((o) => `\`${o}\``).join('<br>') : '(base rule)';
    lines.push(`| \`${rule.name}\` | \`${rule.checkString}\` | ${cells.join(' | ')} | ${used} |`);
  }
  return `${lines.join('\n')}\n`;
}
