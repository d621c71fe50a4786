import { diagnostic, pointer, type Diagnostic } from './diagnostics.js';

/** Deeper nesting than any manifest needs; stops stack exhaustion on hostile input. */
const MAX_DEPTH = 64;

export interface ParsedJson {
  /** The parsed document, or undefined when it could not be parsed. */
  value: unknown;
  diagnostics: Diagnostic[];
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Decodes (strict UTF-8, BOM tolerated) and parses a JSON file. Unlike `JSON.parse` it reports the line
 * and column of a syntax error, refuses repeated keys (a reviewer may read the first while Python and the
 * host use the last),
 * and stores `__proto__` as a plain own key rather than changing the object's prototype.
 */
export function parseJsonFile(input: Uint8Array | string, file: string): ParsedJson {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return { value: undefined, diagnostics: [diagnostic('json.invalid_utf8', 'error', '', `${file} is not valid UTF-8`, { file, hint: 'Save the file as UTF-8.' })] };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const diagnostics: Diagnostic[] = [];
  try {
    const value = new Parser(text, file, diagnostics).document();
    return { value, diagnostics };
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    const { line, column } = lineColumn(text, err.offset);
    diagnostics.push(
      diagnostic('json.syntax', 'error', '', `${file}: ${err.message} at line ${line}, column ${column}`, {
        file,
        hint: 'Check for a missing comma or quote, or a trailing comma, near that position.',
      }),
    );
    return { value: undefined, diagnostics };
  }
}

/** Parses a JSON file that must hold an object: adds `json.not_object` otherwise. */
export function parseJsonObject(input: Uint8Array | string, file: string): { value: Record<string, unknown> | undefined; diagnostics: Diagnostic[] } {
  const parsed = parseJsonFile(input, file);
  if (parsed.value === undefined) return { value: undefined, diagnostics: parsed.diagnostics };
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    parsed.diagnostics.push(
      diagnostic('json.not_object', 'error', '', `${file} must hold a JSON object ({ … })`, { file, hint: 'Wrap the fields in { }.' }),
    );
    return { value: undefined, diagnostics: parsed.diagnostics };
  }
  return { value: parsed.value as Record<string, unknown>, diagnostics: parsed.diagnostics };
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

class Parser {
  private i = 0;
  private readonly path: Array<string | number> = [];

  constructor(
    private readonly s: string,
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  document(): unknown {
    this.ws();
    const v = this.value(0);
    this.ws();
    if (this.i < this.s.length) this.fail('unexpected text after the JSON value');
    return v;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.i);
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  private value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      case undefined:
        return this.fail('unexpected end of file');
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return this.number();
        return this.fail(`unexpected character ${JSON.stringify(c)}`);
    }
  }

  private literal<T>(word: string, v: T): T {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return v;
    }
    return this.fail('unexpected token');
  }

  private number(): number {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail('invalid number');
    this.i += m[0].length;
    return Number(m[0]);
  }

  private string(): string {
    const s = this.s;
    this.i++; // opening quote
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= s.length) this.fail('unterminated string');
      const c = s.charCodeAt(this.i);
      if (c === 34) {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail('control character in string (escape it)');
      if (c === 92) {
        out += s.slice(start, this.i);
        const e = s[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && Object.hasOwn(simple, e)) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u') {
          const hex = s.slice(this.i + 2, this.i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 6;
        } else this.fail('invalid escape');
        start = this.i;
        continue;
      }
      this.i++;
    }
  }

  private array(depth: number): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      this.path.push(out.length);
      out.push(this.value(depth + 1));
      this.path.pop();
      this.ws();
      const c = this.s[this.i];
      if (c === ',') this.i++;
      else if (c === ']') {
        this.i++;
        return out;
      } else this.fail("expected ',' or ']'");
    }
  }

  private object(depth: number): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a "quoted" key');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.ws();
      this.path.push(key);
      const v = this.value(depth + 1);
      if (Object.hasOwn(out, key)) {
        this.diagnostics.push(
          diagnostic('json.duplicate_key', 'error', pointer(...this.path), `key "${key}" appears twice; readers disagree on which one counts`, {
            file: this.file,
            hint: 'Remove one of the two: a reviewer may read the first while the host uses the last.',
          }),
        );
      }
      this.path.pop();
      // defineProperty keeps "__proto__" an ordinary own key.
      Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
      this.ws();
      const c = this.s[this.i];
      if (c === ',') this.i++;
      else if (c === '}') {
        this.i++;
        return out;
      } else this.fail("expected ',' or '}'");
    }
  }
}
