import { stringValue, tokenizePython, type Token, type TokenizeResult } from './tokenize.js';

/** A function defined at module level: `def name(` or `async def name(` at column 0. */
export interface TopLevelFunction {
  name: string;
  line: number;
  async: boolean;
}

/** What the checks need from one Python file, computed from a single tokenization. */
export interface PythonModuleInfo {
  tokens: Token[];
  error?: TokenizeResult['error'];
  functions: TopLevelFunction[];
}

export function analyzePython(source: string): PythonModuleInfo {
  const result = tokenizePython(source);
  const info: PythonModuleInfo = { tokens: result.tokens, functions: topLevelFunctions(result.tokens) };
  if (result.error) info.error = result.error;
  return info;
}

/**
 * Top-level function definitions only: a `def` that starts a logical line at indentation 0 outside
 * brackets. Strings and comments are separate tokens, and bodies of classes, functions and `if` blocks
 * are indented, so none of those count.
 */
export function topLevelFunctions(tokens: readonly Token[]): TopLevelFunction[] {
  const out: TopLevelFunction[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (!t.lineStart || t.indent !== 0 || t.depth !== 0 || t.type !== 'name') continue;
    let isAsync = false;
    let d = t;
    let n = k + 1;
    if (t.text === 'async' && tokens[n]?.text === 'def') {
      isAsync = true;
      d = tokens[n]!;
      n++;
    }
    if (d.text !== 'def') continue;
    const name = tokens[n];
    if (name?.type === 'name') out.push({ name: name.text, line: t.line, async: isAsync });
  }
  return out;
}

/**
 * Decorator calls like `@plugin.on_dashboard("get_settings")` with a plain string argument: returns
 * each argument and its line. Only real decorators count (an `@` that starts a logical line).
 */
export function decoratorArguments(tokens: readonly Token[], method: string): Array<{ value: string; line: number }> {
  const out: Array<{ value: string; line: number }> = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (!(t.lineStart && t.type === 'op' && t.text === '@')) continue;
    let n = k + 1;
    let last: string | undefined;
    while (tokens[n]?.type === 'name') {
      last = tokens[n]!.text;
      if (tokens[n + 1]?.text === '.') n += 2;
      else {
        n++;
        break;
      }
    }
    if (last !== method || tokens[n]?.text !== '(') continue;
    const arg = tokens[n + 1];
    if (arg?.type !== 'string') continue;
    const value = stringValue(arg);
    if (value !== undefined) out.push({ value, line: t.line });
  }
  return out;
}

export type PythonLiteral = string | number | boolean | null | PythonLiteral[] | { [key: string]: PythonLiteral };

/**
 * The value assigned to a module-level name as a Python literal (dicts with string keys, lists,
 * tuples, strings, numbers, True/False/None). `found` false when never assigned at top level;
 * `value` undefined when assigned something that is not a plain literal. The last assignment wins.
 */
export function moduleLiteral(tokens: readonly Token[], name: string): { found: boolean; value?: PythonLiteral; line?: number } {
  let result: { found: boolean; value?: PythonLiteral; line?: number } = { found: false };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (!(t.lineStart && t.indent === 0 && t.type === 'name' && t.text === name)) continue;
    let n = k + 1;
    // Optional annotation: NAME: dict = {...}
    if (tokens[n]?.text === ':') {
      while (n < tokens.length && tokens[n]!.text !== '=' && tokens[n]!.type !== 'newline') n++;
    }
    if (tokens[n]?.text !== '=') continue;
    const parser = new LiteralParser(tokens, n + 1);
    const value = parser.parse();
    result = value === undefined ? { found: true, line: t.line } : { found: true, value, line: t.line };
  }
  return result;
}

class LiteralParser {
  constructor(
    private readonly tokens: readonly Token[],
    private i: number,
  ) {}

  parse(): PythonLiteral | undefined {
    try {
      const v = this.value();
      const end = this.tokens[this.i];
      if (end !== undefined && end.type !== 'newline' && end.type !== 'comment') return undefined;
      return v;
    } catch {
      return undefined;
    }
  }

  private peek(): Token | undefined {
    let t = this.tokens[this.i];
    while (t?.type === 'comment') t = this.tokens[++this.i];
    return t;
  }

  private next(): Token {
    const t = this.peek();
    if (!t) throw new Error('end');
    this.i++;
    return t;
  }

  private expect(text: string): void {
    if (this.next().text !== text) throw new Error(`expected ${text}`);
  }

  private value(): PythonLiteral {
    const t = this.next();
    if (t.type === 'string') {
      let s = stringValue(t);
      if (s === undefined) throw new Error('not a plain string');
      while (this.peek()?.type === 'string') {
        const more = stringValue(this.next());
        if (more === undefined) throw new Error('not a plain string');
        s += more;
      }
      return s;
    }
    if (t.type === 'number') return this.number(t.text);
    if (t.text === '-' || t.text === '+') {
      const n = this.next();
      if (n.type !== 'number') throw new Error('not a number');
      return (t.text === '-' ? -1 : 1) * this.number(n.text);
    }
    if (t.text === 'True') return true;
    if (t.text === 'False') return false;
    if (t.text === 'None') return null;
    if (t.text === '[' || t.text === '(') return this.sequence(t.text === '[' ? ']' : ')');
    if (t.text === '{') return this.dict();
    throw new Error('not a literal');
  }

  private number(text: string): number {
    const clean = text.replace(/_/g, '');
    if (/[jJ]$/.test(clean)) throw new Error('complex');
    const v = /^0[xob]/i.test(clean) ? Number(clean.toLowerCase()) : Number(clean);
    if (Number.isNaN(v)) throw new Error('number');
    return v;
  }

  private sequence(close: string): PythonLiteral[] {
    const out: PythonLiteral[] = [];
    for (;;) {
      if (this.peek()?.text === close) {
        this.i++;
        return out;
      }
      out.push(this.value());
      const sep = this.next();
      if (sep.text === close) return out;
      if (sep.text !== ',') throw new Error('expected ,');
    }
  }

  private dict(): { [key: string]: PythonLiteral } {
    const out: { [key: string]: PythonLiteral } = {};
    for (;;) {
      if (this.peek()?.text === '}') {
        this.i++;
        return out;
      }
      const key = this.value();
      if (typeof key !== 'string') throw new Error('non-string key');
      this.expect(':');
      const v = this.value();
      Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
      const sep = this.next();
      if (sep.text === '}') return out;
      if (sep.text !== ',') throw new Error('expected ,');
    }
  }
}
