/**
 * `json.loads` as Cinder runs it (oslo `jsonutils.loads`, CPython's C scanner), producing values
 * that keep what Python's messages print and JSON.parse would lose:
 * - a number written with a fraction or exponent is a Python float (`PyFloat`), so `3.0` is not
 *   an integer and prints as `3.0`;
 * - integers beyond 2^53 are BigInts, so they print exactly;
 * - objects remember their source key order, which JavaScript reorders for integer-like keys.
 * It also accepts what Python accepts and JSON.parse does not: `NaN`, `Infinity`, `-Infinity`.
 */
import { internalError, malformedRequestBody } from './fault';
import { PY_INT_MAX_STR_DIGITS } from './python-text';

/** A JSON number that Python reads as `float`. Arithmetic and JSON.stringify see the plain number. */
export class PyFloat {
  constructor(readonly value: number) {}

  valueOf(): number {
    return this.value;
  }

  toJSON(): number {
    return this.value;
  }
}

/** A Python dict: what JSON objects decode to (a PyFloat is an object in JavaScript but not a dict). */
export function isPyDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PyFloat);
}

const sourceKeyOrder = new WeakMap<object, readonly string[]>();

/** The keys of a parsed object in the order Python's dict holds them (first occurrence in the text). */
export function pyKeys(dict: object): readonly string[] {
  return sourceKeyOrder.get(dict) ?? Object.keys(dict);
}

// Python raises RecursionError (not ValueError) on deep nesting; Cinder does not catch it, so the
// request fails with 500. The exact depth depends on the Python stack at the time; this is the
// default recursion limit, and it also keeps our own recursion far from the JS stack limit.
const MAX_DEPTH = 1000;
// JavaScript iterates these keys first, in numeric order, whatever the insertion order.
const INTEGER_LIKE_KEY = /^(?:0|[1-9][0-9]*)$/;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
};

/** Throws the fault Cinder answers with: 400 `Malformed request body`, or 500 when nested too deep. */
export function parsePythonJson(text: string): unknown {
  const parser = new Parser(text);
  const value = parser.value(0);
  parser.end();
  return value;
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  end(): void {
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail();
  }

  value(depth: number): unknown {
    this.skipSpace();
    switch (this.text[this.pos]) {
      case '{':
        return this.object(depth + 1);
      case '[':
        return this.array(depth + 1);
      case '"':
        return this.string();
      case 't':
        return this.word('true', true);
      case 'f':
        return this.word('false', false);
      case 'n':
        return this.word('null', null);
      case 'N':
        return this.word('NaN', new PyFloat(NaN));
      case 'I':
        return this.word('Infinity', new PyFloat(Infinity));
      default:
        return this.number();
    }
  }

  private object(depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw internalError();
    this.pos++;
    const dict: Record<string, unknown> = {};
    const keys: string[] = [];
    let reordered = false;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return dict;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail();
      const key = this.string();
      this.skipSpace();
      this.expect(':');
      const item = this.value(depth);
      if (!Object.hasOwn(dict, key)) {
        keys.push(key);
        reordered ||= INTEGER_LIKE_KEY.test(key);
      }
      // A duplicate key keeps its first position and takes the last value, as a dict does.
      // defineProperty, because assigning '__proto__' would replace the prototype instead.
      Object.defineProperty(dict, key, { value: item, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      if (this.text[this.pos] === '}') break;
      this.expect(',');
      this.skipSpace();
    }
    this.pos++;
    if (reordered) sourceKeyOrder.set(dict, keys);
    return dict;
  }

  private array(depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw internalError();
    this.pos++;
    const list: unknown[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return list;
    }
    for (;;) {
      list.push(this.value(depth));
      this.skipSpace();
      if (this.text[this.pos] === ']') break;
      this.expect(',');
    }
    this.pos++;
    return list;
  }

  private string(): string {
    const text = this.text;
    let pos = this.pos + 1;
    let chunkStart = pos;
    let result = '';
    for (;;) {
      if (pos >= text.length) this.fail();
      const code = text.charCodeAt(pos);
      if (code === 0x22) break;
      if (code < 0x20) this.fail();
      if (code !== 0x5c) {
        pos++;
        continue;
      }
      result += text.slice(chunkStart, pos);
      const escape = text[pos + 1];
      if (escape === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!HEX4.test(hex)) this.fail();
        // Surrogate pairs written as two escapes join by plain concatenation; lone ones stay lone, as in Python.
        result += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else {
        const decoded = escape === undefined ? undefined : ESCAPES[escape];
        if (decoded === undefined) this.fail();
        result += decoded;
        pos += 2;
      }
      chunkStart = pos;
    }
    this.pos = pos + 1;
    return result + text.slice(chunkStart, pos);
  }

  // Python's number grammar is JSON's; the scanner stops where the grammar stops, so "1." or
  // "01" leave a character that the enclosing value rejects.
  private number(): unknown {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text[pos] === '-') {
      if (text.startsWith('Infinity', pos + 1)) {
        this.pos = pos + 9;
        return new PyFloat(-Infinity);
      }
      pos++;
    }
    if (text[pos] === '0') pos++;
    else if (isDigit(text, pos)) pos = skipDigits(text, pos);
    else this.fail();
    const integerEnd = pos;
    if (text[pos] === '.' && isDigit(text, pos + 1)) pos = skipDigits(text, pos + 1);
    if (text[pos] === 'e' || text[pos] === 'E') {
      const sign = text[pos + 1] === '+' || text[pos + 1] === '-' ? 1 : 0;
      if (isDigit(text, pos + 1 + sign)) pos = skipDigits(text, pos + 1 + sign);
    }
    this.pos = pos;
    const literal = text.slice(start, pos);
    if (pos !== integerEnd) return new PyFloat(Number(literal));
    if (literal.replace('-', '').length > PY_INT_MAX_STR_DIGITS) this.fail();
    const integer = Number(literal);
    if (!Number.isSafeInteger(integer)) return BigInt(literal);
    // Python has no negative integer zero.
    return integer === 0 ? 0 : integer;
  }

  private word(word: string, value: unknown): unknown {
    if (!this.text.startsWith(word, this.pos)) this.fail();
    this.pos += word.length;
    return value;
  }

  private expect(char: string): void {
    if (this.text[this.pos] !== char) this.fail();
    this.pos++;
  }

  private skipSpace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
      pos++;
    }
    this.pos = pos;
  }

  private fail(): never {
    throw malformedRequestBody();
  }
}

function isDigit(text: string, pos: number): boolean {
  const code = text.charCodeAt(pos);
  return code >= 0x30 && code <= 0x39;
}

function skipDigits(text: string, pos: number): number {
  while (isDigit(text, pos)) pos++;
  return pos;
}
