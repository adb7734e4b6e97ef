/**
 * Python's `ast.literal_eval` for what Cinder applies it to: query filter values such as
 * `{'k': 'v'}`, `['available', 'error']`, `2`, `True`. Anything it cannot read throws, and Cinder
 * then keeps the raw string (`status=available` stays the string `available`).
 */
export function literalEval(text: string): unknown {
  const parser = new Parser(text);
  const value = parser.value();
  parser.end();
  return value;
}

export class NotALiteral extends Error {}

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  end() {
    this.space();
    if (this.at !== this.text.length) this.fail();
  }

  value(): unknown {
    this.space();
    const c = this.text[this.at];
    if (c === "'" || c === '"') return this.string();
    if (c === '[') return this.sequence(']');
    if (c === '(') return this.sequence(')');
    if (c === '{') return this.dict();
    const word = /^[A-Za-z_]\w*/.exec(this.text.slice(this.at))?.[0];
    if (word) {
      this.at += word.length;
      if (word === 'True') return true;
      if (word === 'False') return false;
      if (word === 'None') return null;
      this.fail();
    }
    const number = /^[-+]?(?:\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)/.exec(this.text.slice(this.at))?.[0];
    if (number) {
      this.at += number.length;
      return Number(number.replace(/_/g, ''));
    }
    return this.fail();
  }

  private string(): string {
    const quote = this.text[this.at++];
    let out = '';
    while (this.at < this.text.length) {
      const c = this.text[this.at++];
      if (c === quote) return out;
      if (c === '\\') {
        const escaped = this.text[this.at++];
        out += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' } as Record<string, string>)[escaped] ?? `\\${escaped}`;
      } else out += c;
    }
    return this.fail();
  }

  private sequence(close: string): unknown[] {
    this.at++;
    const items: unknown[] = [];
    for (;;) {
      this.space();
      if (this.text[this.at] === close) {
        this.at++;
        return items;
      }
      items.push(this.value());
      this.space();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== close) this.fail();
    }
  }

  private dict(): Record<string, unknown> {
    this.at++;
    const dict: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.text[this.at] === '}') {
        this.at++;
        return dict;
      }
      const key = this.value();
      this.space();
      if (this.text[this.at++] !== ':') this.fail();
      dict[String(key)] = this.value();
      this.space();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== '}') this.fail();
    }
  }

  private space() {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private fail(): never {
    throw new NotALiteral(`not a Python literal: ${this.text}`);
  }
}
