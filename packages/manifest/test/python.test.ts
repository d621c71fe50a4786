import { describe, expect, it } from 'vitest';
import { analyzePython, decoratorArguments, moduleLiteral, tokenizePython, topLevelFunctions } from '../src/index.js';

const names = (src: string) => analyzePython(src).functions.map((f) => f.name);

describe('top-level function detection (Casa hooks)', () => {
  it('GIVEN plain and async defs at column 0 THEN both count', () => {
    expect(names('def on_load(api):\n    pass\n\nasync def on_message(api, m):\n    pass\n')).toEqual(['on_load', 'on_message']);
    expect(analyzePython('async def on_ready(api): pass\n').functions[0]).toMatchObject({ name: 'on_ready', async: true, line: 1 });
  });

  it('GIVEN a def inside strings of every kind THEN none counts', () => {
    const src = [
      "a = 'def on_load(api):'",
      'b = "def on_unload(api):"',
      "c = '''\ndef on_ready(api):\n    pass\n'''",
      'd = """\ndef on_error(api, e):\n"""',
      'e = rb"""\ndef on_clone_start(api, ctx):\n"""',
      "f = f'''\n{x}\ndef on_clone_finish(api, ctx):\n'''",
      "g = Rb'\\\ndef on_message(api, m):'",
      'def real(api):\n    pass',
    ].join('\n');
    expect(names(src)).toEqual(['real']);
  });

  it('GIVEN f-strings with nested quotes (PEP 701) and braces THEN the string ends where Python ends it', () => {
    const src = 'x = f"{d["k"]} {{literal}} {f\'{y}\'}"\ndef after(api):\n    pass\n';
    expect(names(src)).toEqual(['after']);
    const src2 = 'x = f"""{ {"a": 1}["a"] }\ndef inside(api): pass\n"""\ndef outside(api): pass\n';
    expect(names(src2)).toEqual(['outside']);
  });

  it('GIVEN a def in a comment, a class, a nested function or an if block THEN none counts', () => {
    const src = [
      '# def on_load(api):',
      'class Plugin:',
      '    def on_load(self, api):',
      '        def on_unload(api):',
      '            pass',
      'def outer(api):',
      '    def on_ready(api):',
      '        pass',
      'if True:',
      '    def on_error(api, e): pass',
    ].join('\n');
    expect(names(src)).toEqual(['outer']);
  });

  it('GIVEN a def after a bracket spanning lines or a backslash continuation THEN indentation is read per logical line', () => {
    const src = 'x = (1,\ndef_like := 2)\ny = 1 + \\\n    2\ndef real(api):\n    pass\n';
    expect(names(src)).toEqual(['real']);
    const src2 = 'items = [\n    "a",\n]\ndef on_load(api):\n    pass\n';
    expect(names(src2)).toEqual(['on_load']);
  });

  it('GIVEN decorators THEN the decorated def still counts and its line is the def line', () => {
    const fns = analyzePython('@decorator\ndef on_load(api):\n    pass\n').functions;
    expect(fns).toEqual([{ name: 'on_load', line: 2, async: false }]);
  });

  it('GIVEN an unterminated string THEN the tokenizer reports where, and keeps what came before', () => {
    const r = tokenizePython('def ok(api):\n    pass\nx = "open\n');
    expect(r.error).toMatchObject({ line: 3 });
    expect(topLevelFunctions(r.tokens).map((f) => f.name)).toEqual(['ok']);
    expect(tokenizePython("s = '''never").error?.message).toContain('triple-quoted');
  });

  it('GIVEN CRLF line endings and tabs THEN detection is unchanged', () => {
    expect(names('def a(api):\r\n\tpass\r\ndef b(api):\r\n\tpass\r\n')).toEqual(['a', 'b']);
  });
});

describe('decorator arguments (dashboard handlers)', () => {
  it('GIVEN @plugin.on_dashboard("name") with either quote THEN each name is found, strings and comments are not', () => {
    const src = [
      '@plugin.on_dashboard("get_settings")',
      'def a(ctx, params): ...',
      "@plugin.on_dashboard('save_settings')",
      'def b(ctx, params): ...',
      '# @plugin.on_dashboard("commented")',
      'doc = """\n@plugin.on_dashboard("in_string")\n"""',
      '@plugin.on_slash_command("greet")',
      'def c(ctx, e): ...',
    ].join('\n');
    expect(decoratorArguments(analyzePython(src).tokens, 'on_dashboard').map((d) => d.value)).toEqual(['get_settings', 'save_settings']);
  });
});

describe('module literals (MCDR PLUGIN_METADATA)', () => {
  it('GIVEN a dict literal with nested values, comments and implicit concatenation THEN it is parsed', () => {
    const src = "PLUGIN_METADATA = {\n    'id': 'my_plugin',  # the id\n    'version': '1.' '0.0',\n    'author': ['a', \"b\"],\n    'dependencies': {'mcdreforged': '>=2.0'},\n    'n': -3, 'ok': True, 'none': None, 'f': 1_000.5, 't': (1, 2),\n}\n";
    expect(moduleLiteral(analyzePython(src).tokens, 'PLUGIN_METADATA')).toEqual({
      found: true,
      line: 1,
      value: { id: 'my_plugin', version: '1.0.0', author: ['a', 'b'], dependencies: { mcdreforged: '>=2.0' }, n: -3, ok: true, none: null, f: 1000.5, t: [1, 2] },
    });
  });

  it('GIVEN a computed value THEN found but no value; GIVEN none THEN not found; indented assignments do not count', () => {
    const tokens = (s: string) => analyzePython(s).tokens;
    expect(moduleLiteral(tokens("PLUGIN_METADATA = dict(id='x')\n"), 'PLUGIN_METADATA')).toEqual({ found: true, line: 1 });
    expect(moduleLiteral(tokens("PLUGIN_METADATA = {'id': NAME}\n"), 'PLUGIN_METADATA')).toEqual({ found: true, line: 1 });
    expect(moduleLiteral(tokens("def f():\n    PLUGIN_METADATA = {'id': 'x'}\n"), 'PLUGIN_METADATA')).toEqual({ found: false });
    expect(moduleLiteral(tokens("x = 'PLUGIN_METADATA = {}'\n"), 'PLUGIN_METADATA')).toEqual({ found: false });
  });

  it('GIVEN escapes and a "__proto__" key THEN values are decoded and the key stays an own property', () => {
    const v = moduleLiteral(analyzePython("M = {'a': 'x\\ty\\u00e9', '__proto__': {'polluted': 1}}\n").tokens, 'M').value as Record<string, unknown>;
    expect(v['a']).toBe('x\tyé');
    expect(Object.hasOwn(v, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
