/**
 * oslo.policy's check strings, parsed and evaluated as oslo.policy does (oslo_policy/_parser.py,
 * _checks.py): `@`, `!`, `rule:NAME`, `role:NAME`, `KIND:MATCH` generic checks with `%(attr)s`
 * substitution from the target, `not` > `and` > `or`, parentheses. An empty string allows all.
 */

/** The caller's credentials (any object with roles: a Caller qualifies). */
export interface Credentials {
  roles: string[];
}
/** What the action is on: its attributes fill `%(attr)s` (a volume's project_id, user_id, ...). */
export type Target = object;

export interface PolicyContext {
  /** Evaluates another rule by name (`rule:NAME`); an unknown rule is false. */
  rule(name: string, target: Target, creds: Credentials): boolean;
}

export type Check = (target: Target, creds: Credentials, context: PolicyContext) => boolean;

export class CheckStringError extends Error {
  override readonly name = 'CheckStringError';
}

export function parseCheckString(text: string): Check {
  const tokens = tokenize(text);
  if (tokens.length === 0) return () => true;
  const parser = new Parser(tokens, text);
  const check = parser.parseOr();
  if (!parser.done()) throw new CheckStringError(`Unexpected "${parser.peek()}" in check string "${text}"`);
  return check;
}

/** oslo splits on whitespace and peels parentheses off the ends of each word. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    let core = word;
    const opening: string[] = [];
    const closing: string[] = [];
    while (core.startsWith('(')) {
      opening.push('(');
      core = core.slice(1);
    }
    while (core.endsWith(')')) {
      closing.push(')');
      core = core.slice(0, -1);
    }
    tokens.push(...opening);
    if (core) tokens.push(core);
    tokens.push(...closing);
  }
  return tokens;
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: string[],
    private readonly text: string,
  ) {}

  done() {
    return this.index >= this.tokens.length;
  }

  peek() {
    return this.tokens[this.index];
  }

  private keyword(word: string) {
    if (this.peek()?.toLowerCase() !== word) return false;
    this.index++;
    return true;
  }

  parseOr(): Check {
    const checks = [this.parseAnd()];
    while (this.keyword('or')) checks.push(this.parseAnd());
    return checks.length === 1 ? checks[0] : (t, c, ctx) => checks.some((check) => check(t, c, ctx));
  }

  private parseAnd(): Check {
    const checks = [this.parseNot()];
    while (this.keyword('and')) checks.push(this.parseNot());
    return checks.length === 1 ? checks[0] : (t, c, ctx) => checks.every((check) => check(t, c, ctx));
  }

  private parseNot(): Check {
    if (this.keyword('not')) {
      const inner = this.parseNot();
      return (t, c, ctx) => !inner(t, c, ctx);
    }
    return this.parseAtom();
  }

  private parseAtom(): Check {
    const token = this.tokens[this.index++];
    if (token === undefined) throw new CheckStringError(`Check string "${this.text}" ends too early`);
    if (token === '(') {
      const inner = this.parseOr();
      if (this.tokens[this.index++] !== ')') throw new CheckStringError(`Missing ")" in check string "${this.text}"`);
      return inner;
    }
    if (token === ')' || ['and', 'or', 'not'].includes(token.toLowerCase())) {
      throw new CheckStringError(`Unexpected "${token}" in check string "${this.text}"`);
    }
    return atomCheck(token);
  }
}

function atomCheck(token: string): Check {
  if (token === '@') return () => true;
  if (token === '!') return () => false;
  const colon = token.indexOf(':');
  if (colon < 0) throw new CheckStringError(`"${token}" is not a check (expected KIND:MATCH, @ or !)`);
  const kind = token.slice(0, colon);
  const match = token.slice(colon + 1);
  if (kind === 'rule') return (target, creds, ctx) => ctx.rule(match, target, creds);
  if (kind === 'role') {
    return (target, creds) => {
      const role = substitute(match, target);
      return role !== null && creds.roles.some((r) => r.toLowerCase() === role.toLowerCase());
    };
  }
  return genericCheck(kind, match);
}

/** `KIND:MATCH`: MATCH (after substitution) against the credential KIND, or a literal KIND. */
function genericCheck(kind: string, match: string): Check {
  const literal = pythonLiteral(kind);
  return (target, creds) => {
    const expected = substitute(match, target);
    if (expected === null) return false;
    if (literal !== undefined) return expected === literal;
    return findInCredentials(creds, kind.split('.'), expected);
  };
}

function findInCredentials(value: unknown, path: string[], expected: string): boolean {
  if (Array.isArray(value)) return value.some((item) => findInCredentials(item, path, expected));
  if (path.length === 0) return pythonStr(value) === expected;
  if (value === null || typeof value !== 'object' || !(path[0] in value)) return false;
  return findInCredentials((value as Record<string, unknown>)[path[0]], path.slice(1), expected);
}

/** Python's `match % target`: every `%(key)s` replaced; a missing key fails the check. */
function substitute(match: string, target: Target): string | null {
  let missing = false;
  const result = match.replace(/%\(([^)]+)\)s/g, (_, key: string) => {
    if (!(key in target)) {
      missing = true;
      return '';
    }
    return pythonStr((target as Record<string, unknown>)[key]);
  });
  return missing ? null : result;
}

/** `ast.literal_eval` of a check's kind: quoted strings, numbers, True/False/None. */
function pythonLiteral(kind: string): string | undefined {
  if (/^'.*'$|^".*"$/.test(kind)) return kind.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(kind)) return kind;
  if (kind === 'True' || kind === 'False' || kind === 'None') return kind;
  return undefined;
}

function pythonStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  return String(value);
}
