import { describe, expect, it } from 'vitest';
import {
  COMMAND_NAME_PATTERN,
  ValidationError,
  commandSize,
  toApplicationCommand,
  toApplicationCommands,
  validateCommandDeclarations,
  type ValidationIssue,
} from '../src/index.js';

/** The seed 001 declaration, verbatim. */
const greet = {
  name: 'greet',
  description: 'Say hello to someone',
  options: [
    { name: 'user', description: 'Who to greet', type: 6, required: true },
    { name: 'message', description: 'Custom greeting', type: 3, required: false },
  ],
};

const opt = (extra: Record<string, unknown> = {}) => ({ name: 'o', description: 'd', type: 3, ...extra });
const cmd = (extra: Record<string, unknown> = {}) => ({ name: 'c', description: 'd', ...extra });
const one = (decl: unknown) => validateCommandDeclarations([decl]);
const codes = (issues: ValidationIssue[]) => issues.map((i) => `${i.code} ${i.path}`);

describe('seed 001', () => {
  it('GIVEN the greet declaration THEN it passes unchanged and converts to a type 1 command', () => {
    expect(validateCommandDeclarations([greet])).toEqual([]);
    const json = toApplicationCommand(greet);
    expect(json).toEqual({ ...greet, type: 1 });
    expect(json).not.toBe(greet);
    expect(json.options).not.toBe(greet.options);
  });
});

describe('names', () => {
  it('GIVEN U+02BC THEN the name passes; GIVEN the ASCII apostrophe THEN it fails with a hint', () => {
    expect(COMMAND_NAME_PATTERN.test('don\u02BCt')).toBe(true);
    expect(one(cmd({ name: 'don\u02BCt' }))).toEqual([]);
    const issues = one(cmd({ name: "don't" }));
    expect(codes(issues)).toEqual(['INVALID_NAME /0/name']);
    expect(issues[0]!.hint).toContain('U+02BC');
  });

  it('GIVEN Devanagari and Thai with combining marks, digits, - and _ THEN they pass', () => {
    for (const name of ['नमस्ते', 'สวัสดี', 'a-b_c', '123', 'привет', 'ß']) expect(one(cmd({ name }))).toEqual([]);
  });

  it('GIVEN 32 characters THEN pass; 33 THEN TOO_LONG; empty THEN TOO_SHORT', () => {
    expect(one(cmd({ name: 'a'.repeat(32) }))).toEqual([]);
    expect(codes(one(cmd({ name: 'a'.repeat(33) })))).toEqual(['TOO_LONG /0/name']);
    expect(codes(one(cmd({ name: '' })))).toEqual(['TOO_SHORT /0/name']);
    // Length counts code points: 32 astral digits are 64 UTF-16 units.
    expect(one(cmd({ name: '𝟙'.repeat(32) }))).toEqual([]);
  });

  it('GIVEN spaces, upper case or punctuation THEN the right code', () => {
    expect(codes(one(cmd({ name: 'two words' })))).toEqual(['INVALID_NAME /0/name']);
    expect(codes(one(cmd({ name: 'Greet' })))).toEqual(['NOT_LOWERCASE /0/name']);
    expect(codes(one(cmd({ name: 'Ñu' })))).toEqual(['NOT_LOWERCASE /0/name']);
    expect(codes(one(cmd({ options: [opt({ name: 'User' })] })))).toEqual(['NOT_LOWERCASE /0/options/0/name']);
    expect(codes(one(cmd({ name: 'a.b' })))).toEqual(['INVALID_NAME /0/name']);
  });

  it('GIVEN user and message commands THEN names may have capitals and spaces and description must be empty', () => {
    expect(one({ type: 2, name: 'Show Profile' })).toEqual([]);
    expect(one({ type: 3, name: 'Report Message', description: '' })).toEqual([]);
    expect(codes(one({ type: 3, name: 'x', description: 'no' }))).toEqual(['FIELD_NOT_ALLOWED /0/description']);
    expect(codes(one({ type: 2, name: 'x', options: [] }))).toEqual(['FIELD_NOT_ALLOWED /0/options']);
    expect(codes(one({ type: 4, name: 'x' }))).toEqual(['INVALID_ENUM /0/type']);
  });
});

describe('descriptions', () => {
  it('GIVEN 100 characters THEN pass; 101 THEN TOO_LONG; empty or missing THEN fail', () => {
    expect(one(cmd({ description: 'd'.repeat(100) }))).toEqual([]);
    expect(codes(one(cmd({ description: 'd'.repeat(101) })))).toEqual(['TOO_LONG /0/description']);
    expect(codes(one(cmd({ description: '' })))).toEqual(['TOO_SHORT /0/description']);
    expect(codes(one({ name: 'c' }))).toEqual(['REQUIRED /0/description']);
    expect(codes(one(cmd({ options: [opt({ description: 'x'.repeat(101) })] })))).toEqual(['TOO_LONG /0/options/0/description']);
  });

  it('GIVEN localizations THEN each is checked and unknown locales are named', () => {
    expect(one(cmd({ description_localizations: { fr: 'Dire bonjour', de: null } }))).toEqual([]);
    expect(codes(one(cmd({ name_localizations: { fr: 'Salut', xx: 'ok' } })))).toEqual([
      'NOT_LOWERCASE /0/name_localizations/fr',
      'INVALID_ENUM /0/name_localizations/xx',
    ]);
    expect(codes(one(cmd({ description_localizations: { fr: 'x'.repeat(101) } })))).toEqual(['TOO_LONG /0/description_localizations/fr']);
  });
});

describe('options', () => {
  it('GIVEN each value type 3–11 THEN it passes; 0, 12 and strings THEN INVALID_ENUM naming the set', () => {
    for (const type of [3, 4, 5, 6, 7, 8, 9, 10, 11]) expect(one(cmd({ options: [opt({ type })] }))).toEqual([]);
    for (const type of [0, 12, 'string', 3.5]) {
      const issues = one(cmd({ options: [opt({ type })] }));
      expect(codes(issues)).toEqual(['INVALID_ENUM /0/options/0/type']);
      expect(issues[0]!.message).toContain('10 number');
    }
    expect(codes(one(cmd({ options: [{ name: 'o', description: 'd' }] })))).toEqual(['REQUIRED /0/options/0/type']);
  });

  it('GIVEN 25 options THEN pass; 26 THEN TOO_MANY at /options/25', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => opt({ name: `o${i}` }));
    expect(one(cmd({ options: many(25) }))).toEqual([]);
    expect(codes(one(cmd({ options: many(26) })))).toEqual(['TOO_MANY /0/options/25']);
  });

  it('GIVEN a required option after an optional one THEN REQUIRED_AFTER_OPTIONAL on the late one', () => {
    const issues = one(cmd({ options: [opt({ name: 'a' }), opt({ name: 'b', required: true })] }));
    expect(codes(issues)).toEqual(['REQUIRED_AFTER_OPTIONAL /0/options/1/required']);
    expect(issues[0]!.message).toContain('"b"');
  });

  it('GIVEN duplicate option or command names THEN DUPLICATE_NAME', () => {
    expect(codes(one(cmd({ options: [opt({ name: 'a' }), opt({ name: 'a' })] })))).toEqual(['DUPLICATE_NAME /0/options/1/name']);
    expect(codes(validateCommandDeclarations([cmd(), cmd()]))).toEqual(['DUPLICATE_NAME /1/name']);
    // A user command may share a chat-input command's name.
    expect(validateCommandDeclarations([cmd(), { type: 2, name: 'c' }])).toEqual([]);
  });

  it('GIVEN min_length/max_length THEN 0–6000 and 1–6000, min ≤ max, strings only', () => {
    expect(one(cmd({ options: [opt({ min_length: 0, max_length: 6000 })] }))).toEqual([]);
    expect(codes(one(cmd({ options: [opt({ min_length: -1 })] })))).toEqual(['OUT_OF_RANGE /0/options/0/min_length']);
    expect(codes(one(cmd({ options: [opt({ max_length: 6001 })] })))).toEqual(['OUT_OF_RANGE /0/options/0/max_length']);
    expect(codes(one(cmd({ options: [opt({ max_length: 0 })] })))).toEqual(['OUT_OF_RANGE /0/options/0/max_length']);
    expect(codes(one(cmd({ options: [opt({ min_length: 6001 })] })))).toEqual(['OUT_OF_RANGE /0/options/0/min_length']);
    expect(codes(one(cmd({ options: [opt({ min_length: 5, max_length: 4 })] })))).toEqual(['MIN_GREATER_THAN_MAX /0/options/0/min_length']);
    expect(codes(one(cmd({ options: [opt({ type: 4, max_length: 4 })] })))).toEqual(['FIELD_NOT_ALLOWED /0/options/0/max_length']);
  });

  it('GIVEN min_value/max_value THEN integers within ±(2^53−1), numbers within ±2^53, min ≤ max', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(one(cmd({ options: [opt({ type: 4, min_value: -max, max_value: max })] }))).toEqual([]);
    expect(codes(one(cmd({ options: [opt({ type: 4, max_value: max + 1 })] })))).toEqual(['OUT_OF_RANGE /0/options/0/max_value']);
    expect(codes(one(cmd({ options: [opt({ type: 4, min_value: 1.5 })] })))).toEqual(['OUT_OF_RANGE /0/options/0/min_value']);
    expect(one(cmd({ options: [opt({ type: 10, min_value: -(2 ** 53), max_value: 0.5 })] }))).toEqual([]);
    expect(codes(one(cmd({ options: [opt({ type: 10, min_value: -(2 ** 53) - 2 })] })))).toEqual(['OUT_OF_RANGE /0/options/0/min_value']);
    expect(codes(one(cmd({ options: [opt({ type: 10, min_value: 2, max_value: 1 })] })))).toEqual(['MIN_GREATER_THAN_MAX /0/options/0/min_value']);
    expect(codes(one(cmd({ options: [opt({ type: 3, min_value: 1 })] })))).toEqual(['FIELD_NOT_ALLOWED /0/options/0/min_value']);
    expect(codes(one(cmd({ options: [opt({ type: 10, max_value: '5' })] })))).toEqual(['TYPE_MISMATCH /0/options/0/max_value']);
  });
});

describe('choices', () => {
  const choices = (n: number, value: (i: number) => unknown = (i) => `v${i}`) => Array.from({ length: n }, (_, i) => ({ name: `n${i}`, value: value(i) }));

  it('GIVEN 25 choices THEN pass; 26 THEN TOO_MANY', () => {
    expect(one(cmd({ options: [opt({ choices: choices(25) })] }))).toEqual([]);
    expect(codes(one(cmd({ options: [opt({ choices: choices(26) })] })))).toEqual(['TOO_MANY /0/options/0/choices/25']);
  });

  it('GIVEN choices typed unlike the option THEN TYPE_MISMATCH or OUT_OF_RANGE', () => {
    expect(codes(one(cmd({ options: [opt({ choices: [{ name: 'a', value: 1 }] })] })))).toEqual(['TYPE_MISMATCH /0/options/0/choices/0/value']);
    expect(codes(one(cmd({ options: [opt({ type: 4, choices: [{ name: 'a', value: 'x' }] })] })))).toEqual(['TYPE_MISMATCH /0/options/0/choices/0/value']);
    expect(codes(one(cmd({ options: [opt({ type: 4, choices: [{ name: 'a', value: 1.5 }] })] })))).toEqual(['OUT_OF_RANGE /0/options/0/choices/0/value']);
    expect(codes(one(cmd({ options: [opt({ type: 4, choices: [{ name: 'a', value: 2 ** 53 }] })] })))).toEqual(['OUT_OF_RANGE /0/options/0/choices/0/value']);
    expect(one(cmd({ options: [opt({ type: 4, choices: [{ name: 'a', value: Number.MAX_SAFE_INTEGER }] })] }))).toEqual([]);
    expect(one(cmd({ options: [opt({ type: 10, choices: [{ name: 'a', value: 0.25 }] })] }))).toEqual([]);
    expect(codes(one(cmd({ options: [opt({ type: 5, choices: [] })] })))).toEqual(['FIELD_NOT_ALLOWED /0/options/0/choices']);
  });

  it('GIVEN choice name 100 and string value 100 THEN pass; 101 THEN TOO_LONG', () => {
    expect(one(cmd({ options: [opt({ choices: [{ name: 'n'.repeat(100), value: 'v'.repeat(100) }] })] }))).toEqual([]);
    expect(codes(one(cmd({ options: [opt({ choices: [{ name: 'n'.repeat(101), value: 'v'.repeat(101) }] })] })))).toEqual([
      'TOO_LONG /0/options/0/choices/0/name',
      'TOO_LONG /0/options/0/choices/0/value',
    ]);
    expect(codes(one(cmd({ options: [opt({ choices: [{ name: '', value: 'v' }] })] })))).toEqual(['TOO_SHORT /0/options/0/choices/0/name']);
  });

  it('GIVEN choices with autocomplete THEN FIELD_NOT_ALLOWED; autocomplete on a boolean THEN FIELD_NOT_ALLOWED', () => {
    expect(codes(one(cmd({ options: [opt({ autocomplete: true, choices: choices(1) })] })))).toEqual(['FIELD_NOT_ALLOWED /0/options/0/choices']);
    expect(codes(one(cmd({ options: [opt({ type: 5, autocomplete: true })] })))).toEqual(['FIELD_NOT_ALLOWED /0/options/0/autocomplete']);
  });
});

describe('subcommands and groups', () => {
  const sub = (name: string, options: unknown[] = []) => ({ type: 1, name, description: 'd', options });
  const group = (name: string, options: unknown[]) => ({ type: 2, name, description: 'd', options });

  it('GIVEN command → group → subcommand THEN pass', () => {
    expect(one(cmd({ options: [group('g', [sub('s', [opt()])]), sub('t')] }))).toEqual([]);
  });

  it('GIVEN a group in a group, a subcommand in a subcommand or a value in a group THEN INVALID_NESTING', () => {
    expect(codes(one(cmd({ options: [group('g', [group('h', [sub('s')])])] })))).toEqual(['INVALID_NESTING /0/options/0/options/0/type']);
    expect(codes(one(cmd({ options: [sub('s', [sub('t')])] })))).toEqual(['INVALID_NESTING /0/options/0/options/0/type']);
    expect(codes(one(cmd({ options: [group('g', [opt()])] })))).toEqual(['INVALID_NESTING /0/options/0/options/0/type']);
  });

  it('GIVEN subcommands mixed with plain options THEN INVALID_NESTING on the plain ones', () => {
    expect(codes(one(cmd({ options: [sub('s'), opt({ name: 'x' })] })))).toEqual(['INVALID_NESTING /0/options/1/type']);
  });

  it('GIVEN an empty group or fields that belong to value options THEN they are refused', () => {
    expect(codes(one(cmd({ options: [group('g', [])] })))).toEqual(['TOO_FEW /0/options/0/options']);
    expect(codes(one(cmd({ options: [{ ...sub('s'), required: true }] })))).toEqual(['FIELD_NOT_ALLOWED /0/options/0/required']);
    expect(codes(one(cmd({ options: [opt({ options: [] })] })))).toEqual(['FIELD_NOT_ALLOWED /0/options/0/options']);
  });
});

describe('size and count', () => {
  it('GIVEN 8,000 characters THEN pass; 8,001 THEN COMMAND_TOO_LARGE', () => {
    // name 1 + description 100 = 101; each option 1 + 100 + 25 choices × (100 + v) …
    // Options of 1 + 100 characters, then choices of up to 100 + 100 until exactly 8,000 + extra.
    const build = (extra: number) => {
      const options = Array.from({ length: 25 }, (_, i) => ({
        name: String.fromCharCode(97 + i),
        description: 'd'.repeat(100),
        type: 3,
        choices: [] as { name: string; value: string }[],
      }));
      const c = { name: 'c', description: 'd'.repeat(100), options };
      let left = 8000 + extra - commandSize(c);
      for (let i = 0; left > 0; i++) {
        const name = Math.min(100, left);
        const value = Math.min(100, left - name);
        c.options[Math.floor(i / 25)]!.choices.push({ name: `${i}`.padEnd(name, 'n'), value: 'v'.repeat(value) });
        left -= name + value;
      }
      return c;
    };
    expect(commandSize(build(0))).toBe(8000);
    expect(one(build(0))).toEqual([]);
    expect(codes(one(build(1)))).toEqual(['COMMAND_TOO_LARGE /0']);
  });

  it('GIVEN the longest localization THEN it counts instead of the default', () => {
    expect(commandSize({ name: 'ab', name_localizations: { fr: 'abcd' }, description: 'x' })).toBe(5);
  });

  it('GIVEN 100 chat-input commands THEN pass; 101 THEN TOO_MANY_COMMANDS at the root', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => cmd({ name: `c${i}` }));
    expect(validateCommandDeclarations(list(100))).toEqual([]);
    expect(codes(validateCommandDeclarations(list(101)))).toEqual(['TOO_MANY_COMMANDS ']);
    const users = Array.from({ length: 16 }, (_, i) => ({ type: 2, name: `U ${i}` }));
    expect(codes(validateCommandDeclarations(users))).toEqual(['TOO_MANY_COMMANDS ']);
    expect(validateCommandDeclarations(users.slice(0, 15))).toEqual([]);
  });
});

describe('hostile and malformed input', () => {
  it('GIVEN non-arrays, nulls and junk THEN typed issues, never a throw', () => {
    expect(codes(validateCommandDeclarations(null))).toEqual(['TYPE_MISMATCH ']);
    expect(codes(validateCommandDeclarations({ name: 'x' }))).toEqual(['TYPE_MISMATCH ']);
    expect(codes(validateCommandDeclarations([null, 3, 'x']))).toEqual(['TYPE_MISMATCH /0', 'TYPE_MISMATCH /1', 'TYPE_MISMATCH /2']);
    expect(codes(one(cmd({ options: 'x' })))).toEqual(['TYPE_MISMATCH /0/options']);
    expect(codes(one(cmd({ options: [null] })))).toEqual(['TYPE_MISMATCH /0/options/0']);
    expect(codes(one(cmd({ name: 5 })))).toEqual(['TYPE_MISMATCH /0/name']);
    expect(codes(one(cmd({ __proto__x: 1, 'a/b': 2 })))).toEqual(['UNKNOWN_FIELD /0/__proto__x', 'UNKNOWN_FIELD /0/a~1b']);
    expect(codes(one(cmd({ default_member_permissions: 8 })))).toEqual(['TYPE_MISMATCH /0/default_member_permissions']);
    expect(one(cmd({ default_member_permissions: '8', nsfw: false, contexts: [0, 1, 2], integration_types: [0, 1] }))).toEqual([]);
    expect(codes(one(cmd({ contexts: [3] })))).toEqual(['INVALID_ENUM /0/contexts/0']);
  });

  it('GIVEN a declaration with many faults THEN every issue is reported at once', () => {
    const issues = one({ name: 'Bad Name', description: '', options: [opt({ type: 99 }), opt({ type: 5, choices: [] })] });
    expect(codes(issues)).toEqual([
      'INVALID_NAME /0/name',
      'TOO_SHORT /0/description',
      'INVALID_ENUM /0/options/0/type',
      'DUPLICATE_NAME /0/options/1/name',
      'FIELD_NOT_ALLOWED /0/options/1/choices',
    ]);
  });

  it('GIVEN an invalid declaration THEN toApplicationCommand throws one ValidationError with paths relative to it', () => {
    try {
      toApplicationCommand(cmd({ name: 'X' }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const err = e as ValidationError;
      expect(err.code).toBe('NOT_LOWERCASE');
      expect(err.issues[0]!.path).toBe('/name');
      expect(err.message).toContain('name');
    }
    expect(() => toApplicationCommands([cmd(), cmd()])).toThrow(/already used/);
    expect(() => toApplicationCommand(cmd({ description: 'd'.repeat(100), options: Array.from({ length: 25 }, (_, i) => opt({ name: `o${i}`, description: 'x'.repeat(100), choices: Array.from({ length: 25 }, (_, j) => ({ name: 'n'.repeat(100), value: `${j}` })) })) }))).toThrow(/^invalid slash command: \(root\) \(\/c\): names, descriptions and choices total/);
    expect(toApplicationCommands([greet, { type: 3, name: 'Quote' }]).map((c) => c.type)).toEqual([1, 3]);
  });
});
