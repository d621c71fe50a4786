/**
 * A small Python tokenizer: enough to tell real code from text. It knows strings (every prefix,
 * triple quotes, escapes, f-strings whose `{…}` holds nested strings as Python 3.12 allows), comments,
 * bracket nesting, backslash continuations and logical lines, so a `def` inside a string, a comment, a
 * class or a nested function is never mistaken for a top-level definition. It does not build an AST.
 */
export type TokenType = 'name' | 'number' | 'string' | 'op' | 'newline' | 'comment';

export interface Token {
  type: TokenType;
  /** The source text of the token (for strings, including prefix and quotes). */
  text: string;
  /** 1-based line of the token's start. */
  line: number;
  /** 0-based column of the token's start. */
  col: number;
  /** Indentation (column of the first token) of the logical line the token belongs to. */
  indent: number;
  /** Bracket depth before the token. */
  depth: number;
  /** True for the first token of a logical line. */
  lineStart: boolean;
}

export interface TokenizeResult {
  tokens: Token[];
  /** Set when the source could not be tokenized to the end (e.g. an unterminated string). */
  error?: { message: string; line: number; col: number };
}

// Sticky (`y`) patterns match at lastIndex without slicing the source: the tokenizer stays linear.
const STRING_PREFIX = /(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])?(?:'|")/y;
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]*/uy;
const NUMBER = /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y;
const OPS3 = new Set(['**=', '//=', '>>=', '<<=', '...']);
const OPS2 = new Set(['->', ':=', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=']);

function matchAt(re: RegExp, s: string, i: number): string | undefined {
  re.lastIndex = i;
  const m = re.exec(s);
  return m === null ? undefined : m[0];
}

/** A string literal starts here: a quote, or a valid prefix directly followed by one. */
function isStringStart(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c === 34 || c === 39) return true;
  if (!/[rRuUbBfF]/.test(s[i]!)) return false;
  return matchAt(STRING_PREFIX, s, i) !== undefined;
}

class TokenizeError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

export function tokenizePython(source: string): TokenizeResult {
  const tokens: Token[] = [];
  const s = source;
  let i = 0;
  let line = 1;
  let lineStartPos = 0;
  let depth = 0;
  let atLineStart = true;
  let indent = 0;

  const advanceLines = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      if (s.charCodeAt(k) === 10) {
        line++;
        lineStartPos = k + 1;
      }
    }
  };
  const push = (type: TokenType, start: number, end: number, startLine: number, startCol: number) => {
    if (atLineStart && type !== 'comment') indent = startCol;
    tokens.push({ type, text: s.slice(start, end), line: startLine, col: startCol, indent, depth, lineStart: atLineStart && type !== 'comment' });
    if (type !== 'comment') atLineStart = false;
  };

  try {
    while (i < s.length) {
      const c = s[i]!;
      if (c === '\n') {
        if (depth === 0 && !atLineStart) push('newline', i, i + 1, line, i - lineStartPos);
        if (depth === 0) atLineStart = true;
        i++;
        line++;
        lineStartPos = i;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
        i++;
        continue;
      }
      if (c === '\\' && (s[i + 1] === '\n' || (s[i + 1] === '\r' && s[i + 2] === '\n'))) {
        // Explicit line joining: the next physical line continues this logical line.
        i += s[i + 1] === '\n' ? 2 : 3;
        line++;
        lineStartPos = i;
        continue;
      }
      if (c === '#') {
        let j = s.indexOf('\n', i);
        if (j < 0) j = s.length;
        push('comment', i, j, line, i - lineStartPos);
        i = j;
        continue;
      }
      if (isStringStart(s, i)) {
        const startLine = line;
        const startCol = i - lineStartPos;
        const end = scanString(s, i);
        advanceLines(i, end);
        push('string', i, end, startLine, startCol);
        i = end;
        continue;
      }
      const num = (c >= '0' && c <= '9') || c === '.' ? matchAt(NUMBER, s, i) : undefined;
      if (num !== undefined && num !== '.' && num.length > 0) {
        push('number', i, i + num.length, line, i - lineStartPos);
        i += num.length;
        continue;
      }
      const name = matchAt(NAME, s, i);
      if (name !== undefined) {
        push('name', i, i + name.length, line, i - lineStartPos);
        i += name.length;
        continue;
      }
      const three = s.slice(i, i + 3);
      const op = OPS3.has(three) ? three : OPS2.has(three.slice(0, 2)) ? three.slice(0, 2) : c;
      if (op === '(' || op === '[' || op === '{') {
        push('op', i, i + 1, line, i - lineStartPos);
        depth++;
      } else if (op === ')' || op === ']' || op === '}') {
        depth = Math.max(0, depth - 1);
        push('op', i, i + 1, line, i - lineStartPos);
      } else push('op', i, i + op.length, line, i - lineStartPos);
      i += op.length;
    }
    if (!atLineStart && depth === 0) push('newline', s.length, s.length, line, s.length - lineStartPos);
    return { tokens };
  } catch (err) {
    if (!(err instanceof TokenizeError)) throw err;
    const before = s.slice(0, err.pos);
    const errLine = before.split('\n').length;
    return { tokens, error: { message: err.message, line: errLine, col: err.pos - (before.lastIndexOf('\n') + 1) } };
  }
}

/** Returns the index just past the string literal starting at `start` (prefix included). */
function scanString(s: string, start: number): number {
  let i = start;
  let fmt = false;
  while (s[i] !== "'" && s[i] !== '"') {
    if (s[i] === 'f' || s[i] === 'F') fmt = true;
    i++;
  }
  const q = s[i]!;
  const triple = s[i + 1] === q && s[i + 2] === q;
  const quote = triple ? q + q + q : q;
  i += quote.length;
  for (;;) {
    if (i >= s.length) throw new TokenizeError(triple ? 'unterminated triple-quoted string' : 'unterminated string', start);
    const c = s[i]!;
    if (c === '\\') {
      // Even in raw strings a backslash keeps the next quote from closing the string.
      i += 2;
      continue;
    }
    if (!triple && c === '\n') throw new TokenizeError('unterminated string (end of line)', start);
    if (s.startsWith(quote, i)) return i + quote.length;
    if (fmt && c === '{') {
      if (s[i + 1] === '{') {
        i += 2;
        continue;
      }
      i = scanReplacementField(s, i + 1);
      continue;
    }
    i++;
  }
}

/** Skips an f-string `{expression!r:spec}`; nested strings may reuse the outer quote (PEP 701). */
function scanReplacementField(s: string, start: number): number {
  let i = start;
  let depth = 1;
  while (i < s.length) {
    const c = s[i]!;
    if (isStringStart(s, i) && !(i > 0 && /[\p{L}\p{Nd}_]/u.test(s[i - 1]!))) {
      i = scanString(s, i);
      continue;
    }
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  throw new TokenizeError('unterminated f-string expression', start);
}

/** The value of a plain (non-f, non-bytes) string token, escapes decoded; undefined for f-strings. */
export function stringValue(token: Token): string | undefined {
  const m = /^([rRuUbBfF]*)('''|"""|'|")/.exec(token.text);
  if (!m) return undefined;
  const prefix = m[1]!.toLowerCase();
  if (prefix.includes('f') || prefix.includes('b')) return undefined;
  const q = m[2]!;
  const body = token.text.slice(m[0].length, token.text.length - q.length);
  if (prefix.includes('r')) return body;
  return body.replace(/\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|N\{[^}]*\}|([0-7]{1,3})|\r?\n|(.))/gs, (all, x, u, U, oct, ch) => {
    if (x || u || U) return String.fromCodePoint(parseInt(x ?? u ?? U, 16));
    if (oct) return String.fromCharCode(parseInt(oct, 8));
    if (all.startsWith('\\\n') || all.startsWith('\\\r')) return '';
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };
    return ch !== undefined && Object.hasOwn(map, ch) ? map[ch]! : all;
  });
}

/** The text between the quotes of any string token (f-strings included), for scanning URLs. */
export function stringBody(token: Token): string {
  const m = /^([rRuUbBfF]*)('''|"""|'|")/.exec(token.text);
  if (!m) return token.text;
  return token.text.slice(m[0].length, token.text.length - m[2]!.length);
}
