import { describe, expect, it } from 'vitest';
import { checkProxyDomains, domainMatches, parseJsonFile, parseRequirements, scanProxyDomains, validateProxyDomain } from '../src/index.js';

describe('proxy domains', () => {
  it('GIVEN valid hostnames and wildcards THEN they normalize to lower case', () => {
    expect(validateProxyDomain('API.Example.COM').domain).toBe('api.example.com');
    expect(validateProxyDomain('*.example.com').domain).toBe('*.example.com');
    expect(validateProxyDomain('xn--bcher-kva.example').domain).toBe('xn--bcher-kva.example');
  });

  it('GIVEN wrong shapes THEN each has its own code and a hint that shows the fix', () => {
    const code = (d: string) => validateProxyDomain(d).diagnostics[0];
    expect(code('https://api.example.com/x')).toMatchObject({ code: 'proxy.domain_has_scheme', hint: 'Write only the hostname: "api.example.com".' });
    expect(code('[::1]')?.code).toBe('proxy.domain_is_ip');
    expect(code('10.0.0.1')?.code).toBe('proxy.domain_is_ip');
    expect(code('localhost')?.code).toBe('proxy.invalid_domain');
    expect(code('example.com.')?.code).toBe('proxy.invalid_domain');
    expect(code('-bad.example.com')?.code).toBe('proxy.invalid_domain');
    expect(code('api.*.example.com')?.code).toBe('proxy.invalid_wildcard');
    expect(code('*')?.code).toBe('proxy.invalid_wildcard');
    expect(code('bücher.example')?.hint).toContain('xn--bcher-kva.example');
  });

  it('GIVEN a wildcard THEN it matches subdomains at any depth but not the domain itself or look-alikes', () => {
    expect(domainMatches('*.example.com', 'a.example.com')).toBe(true);
    expect(domainMatches('*.example.com', 'a.b.example.com')).toBe(true);
    expect(domainMatches('*.example.com', 'example.com')).toBe(false);
    expect(domainMatches('*.example.com', 'evilexample.com')).toBe(false);
    expect(domainMatches('example.com', 'EXAMPLE.com')).toBe(true);
  });

  it('GIVEN Python sources THEN only https URLs in real strings are detected (not comments, not f-string holes)', () => {
    const text = [
      '# https://in-a-comment.example/',
      'A = "https://api.example.com/v1?q=1"',
      "B = f'https://{host}/path'",
      "C = f'https://static.example.org/{name}'",
      'D = """',
      '  see https://docs.example.net:8443/page',
      '"""',
      'E = "http://plain-http.example"',
      "F = 'https://user:pw@auth.example.io/'",
    ].join('\n');
    const found = scanProxyDomains([{ path: '__main__.py', text }]);
    expect(found.map((f) => [f.domain, f.line])).toEqual([
      ['api.example.com', 2],
      ['static.example.org', 4],
      ['docs.example.net', 6],
      ['auth.example.io', 9],
    ]);
  });

  it('GIVEN declared and detected lists THEN undeclared and unused are both warned, once each', () => {
    const detected = scanProxyDomains([{ path: 'm.py', text: 'a = "https://a.example.com/x"\nb = "https://a.example.com/y"\nc = "https://cdn.other.org/"\n' }]);
    const d = checkProxyDomains(['a.example.com', 'unused.example.com', '*.other.org'], detected);
    expect(d.map((x) => [x.code, x.severity, x.path])).toEqual([['proxy.unused_domain', 'warning', '/proxy_domains_requested/1']]);
    const d2 = checkProxyDomains([], detected);
    expect(d2.map((x) => [x.code, x.path])).toEqual([
      ['proxy.undeclared_domain', 'm.py:1'],
      ['proxy.undeclared_domain', 'm.py:3'],
    ]);
  });
});

describe('requirements.txt', () => {
  it('GIVEN PEP 508 lines THEN names, extras, specifiers, markers and hashes are parsed', () => {
    const text = [
      '# comment',
      'requests[socks,security] >=2.31, <3 ; python_version >= "3.8" and sys_platform != \'win32\'',
      'Django_Extensions==3.2.*',
      'attrs~=23.1  # inline comment',
      'numpy (>=1.24)',
      'pkg==1.0 \\',
      '    --hash=sha256:0123abcd',
      '',
      'plain',
    ].join('\n');
    const r = parseRequirements(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.requirements.map((q) => [q.name, q.normalizedName, q.line])).toEqual([
      ['requests', 'requests', 2],
      ['Django_Extensions', 'django-extensions', 3],
      ['attrs', 'attrs', 4],
      ['numpy', 'numpy', 5],
      ['pkg', 'pkg', 6],
      ['plain', 'plain', 9],
    ]);
    expect(r.requirements[0]).toMatchObject({ extras: ['socks', 'security'], specifiers: [{ operator: '>=', version: '2.31' }, { operator: '<', version: '3' }], marker: 'python_version >= "3.8" and sys_platform != \'win32\'' });
    expect(r.requirements[4]?.hashes).toEqual(['sha256:0123abcd']);
  });

  it('GIVEN bad lines THEN each is reported with its line number, and good lines survive', () => {
    const r = parseRequirements('ok==1\n==2\nname>=\nname ; bogus_var == "x"\nname[\nname~=1\nfine\n');
    expect(r.requirements.map((q) => q.name)).toEqual(['ok', 'fine']);
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['requirements.invalid_line', 'requirements.txt:2'],
      ['requirements.invalid_line', 'requirements.txt:3'],
      ['requirements.invalid_line', 'requirements.txt:4'],
      ['requirements.invalid_line', 'requirements.txt:5'],
      ['requirements.invalid_line', 'requirements.txt:6'],
    ]);
  });

  it('GIVEN lenient mode (MCDR) THEN problems are warnings', () => {
    const r = parseRequirements('-e .\ngit+https://x\n', { mode: 'lenient' });
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['requirements.unsupported_option', 'warning'],
      ['requirements.invalid_line', 'warning'],
    ]);
  });
});

describe('JSON files', () => {
  it('GIVEN a syntax error THEN the message gives line and column', () => {
    const r = parseJsonFile('{\n  "id": "x"\n  "name": "y"\n}', 'manifest.json');
    expect(r.diagnostics[0]?.message).toContain('line 3, column 3');
  });

  it('GIVEN "__proto__" keys THEN they stay own properties and nothing is polluted', () => {
    const r = parseJsonFile('{"__proto__": {"polluted": true}, "constructor": 1}', 'x.json');
    const v = r.value as Record<string, unknown>;
    expect(Object.hasOwn(v, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('GIVEN hostile shapes THEN errors, not crashes: deep nesting, lone surrogate escapes, BOM, trailing text', () => {
    expect(parseJsonFile('['.repeat(100_000), 'x.json').diagnostics[0]?.code).toBe('json.syntax');
    expect(parseJsonFile('"\\ud800"', 'x.json').value).toBe('\ud800');
    expect(parseJsonFile('\ufeff{"a":1}', 'x.json').value).toEqual({ a: 1 });
    expect(parseJsonFile('{} {}', 'x.json').diagnostics[0]?.code).toBe('json.syntax');
    expect(parseJsonFile('{"a": 01}', 'x.json').diagnostics[0]?.code).toBe('json.syntax');
    expect(parseJsonFile('{"a": "tab\there"}', 'x.json').diagnostics[0]?.code).toBe('json.syntax');
    expect(parseJsonFile('', 'x.json').diagnostics[0]?.code).toBe('json.syntax');
  });
});
