import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { CheckStringError, parseCheckString, type Check, type Credentials, type Target } from './check-string';
import { DEFAULT_RULES } from './cinder-policies';

export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
}

/** A rule denied the caller; the API answers 403 naming the rule, as Cinder does. */
export class PolicyDenied extends Error {
  override readonly name = 'PolicyDenied';
  constructor(readonly rule: string) {
    super(`Policy doesn't allow ${rule} to be performed.`);
  }
}

/** Cinder's rules with their defaults, overridden by an operator's policy file where it says so. */
export class Policy {
  private readonly checks = new Map<string, Check>();
  private readonly context = { rule: (name: string, target: Target, creds: Credentials) => this.enforce(name, creds, target) };

  constructor(overrides: Record<string, string> = {}) {
    for (const { name, checkString } of DEFAULT_RULES) this.checks.set(name, parseCheckString(checkString));
    for (const [name, checkString] of Object.entries(overrides)) {
      try {
        this.checks.set(name, parseCheckString(checkString));
      } catch (error) {
        if (error instanceof CheckStringError) throw new PolicyFileError(`Rule "${name}": ${error.message}`);
        throw error;
      }
    }
  }

  /** Reads a policy.yaml (or JSON) file of `"rule": "check string"` entries. */
  static fromFile(path: string): Policy {
    let parsed: unknown;
    try {
      parsed = load(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new PolicyFileError(`Cannot read the policy file ${path}: ${(error as Error).message}`);
    }
    if (parsed === null || parsed === undefined) return new Policy();
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new PolicyFileError(`The policy file ${path} must map rule names to check strings`);
    }
    const overrides: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') {
        throw new PolicyFileError(`Rule "${name}" in ${path} must be a check string, got ${JSON.stringify(value)}`);
      }
      overrides[name] = value;
    }
    try {
      return new Policy(overrides);
    } catch (error) {
      if (error instanceof PolicyFileError) throw new PolicyFileError(`${path}: ${error.message}`);
      throw error;
    }
  }

  /** An unknown rule is false, as in oslo.policy's `rule:` check. */
  enforce(rule: string, creds: Credentials, target: Target): boolean {
    const check = this.checks.get(rule);
    return check ? check(target, creds, this.context) : false;
  }

  authorize(rule: string, creds: Credentials, target: Target): void {
    if (!this.enforce(rule, creds, target)) throw new PolicyDenied(rule);
  }
}
