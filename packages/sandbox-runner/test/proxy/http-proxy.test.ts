import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forbiddenAddressReason } from '../../src/proxy/addressPolicy.js';
import { HttpProxy, HttpProxyError, type HttpProxyOptions } from '../../src/proxy/HttpProxy.js';

// A real local HTTPS server with a certificate for a few test names, all resolving to 127.0.0.1.
const dir = mkdtempSync(join(tmpdir(), 'maidkit-https-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
  '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=api.example.test',
  '-addext', 'subjectAltName=DNS:api.example.test,DNS:cdn.example.test,DNS:example.test,DNS:evil.test'], { stdio: 'ignore' });
const cert = readFileSync(join(dir, 'cert.pem'));
const key = readFileSync(join(dir, 'key.pem'));

let server: Server;
let port = 0;
const seen: Array<{ host: string | undefined; url: string | undefined; auth: string | undefined; body: string }> = [];

beforeAll(async () => {
  server = createServer({ cert, key }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ host: req.headers.host, url: req.url, auth: req.headers.authorization, body });
      const u = new URL(req.url ?? '/', 'https://x');
      const hop = (to: string, code = 302) => res.writeHead(code, { location: to }).end();
      switch (u.pathname) {
        case '/json': return void res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'a=b' }).end('{"ok":true}');
        case '/echo': return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`${req.method} ${body}`);
        case '/binary': return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0, 255, 1, 254]));
        case '/to-cdn': return hop(`https://cdn.example.test:${port}/json`);
        case '/to-evil': return hop(`https://evil.test:${port}/json`);
        case '/to-http': return hop(`http://api.example.test:${port}/json`);
        case '/to-metadata': return hop(`https://169.254.169.254/latest/meta-data/`);
        case '/loop': return hop('/loop');
        case '/post-303': return hop('/echo', 303);
        case '/big': return void res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(2 * 1024 * 1024) }).end(Buffer.alloc(2 * 1024 * 1024, 97));
        case '/big-chunked': {
          res.writeHead(200, { 'content-type': 'text/plain' });
          for (let i = 0; i < 64; i++) res.write(Buffer.alloc(64 * 1024, 98));
          return void res.end();
        }
        case '/hang': return; // never answers
        default: return void res.writeHead(404).end('nope');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

function proxy(overrides: Partial<HttpProxyOptions> = {}): HttpProxy {
  return new HttpProxy({
    allowedDomains: ['api.example.test', '*.example.test'],
    allowedPorts: [port],
    trustedAddresses: ['127.0.0.1'],
    resolve: async () => ['127.0.0.1'],
    ca: cert,
    ...overrides,
  });
}

async function refused(p: Promise<unknown>): Promise<HttpProxyError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(HttpProxyError);
  return err as HttpProxyError;
}

const url = (path: string, host = 'api.example.test') => `https://${host}:${port}${path}`;

describe('HttpProxy: what it fetches', () => {
  it('fetches an allow-listed HTTPS URL and returns status, headers (no cookies) and a text body', async () => {
    const res = await proxy().fetch({ url: url('/json') });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body!)).toEqual({ ok: true });
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('sends bodies and returns binary responses as base64', async () => {
    expect((await proxy().fetch({ method: 'POST', url: url('/echo'), body: 'hi' })).body).toBe('POST hi');
    expect((await proxy().fetch({ method: 'put', url: url('/echo'), body_base64: Buffer.from('bin').toString('base64') })).body).toBe('PUT bin');
    expect((await proxy().fetch({ url: url('/binary') })).body_base64).toBe(Buffer.from([0, 255, 1, 254]).toString('base64'));
  });

  it('follows a redirect to another allow-listed host and drops the Authorization header there', async () => {
    seen.length = 0;
    const res = await proxy().fetch({ url: url('/to-cdn'), headers: { Authorization: 'Bearer t' } });
    expect(res.status).toBe(200);
    expect(res.url).toBe(url('/json', 'cdn.example.test'));
    expect(seen.map((s) => s.auth)).toEqual(['Bearer t', undefined]);
  });

  it('turns a 303 after POST into a GET without the body', async () => {
    expect((await proxy().fetch({ method: 'POST', url: url('/post-303'), body: 'x' })).body).toBe('GET ');
  });

  it('matches *.domain against subdomains only, after case and trailing-dot normalisation', () => {
    const p = proxy({ allowedDomains: ['*.example.test', 'Exact.Test.'] });
    expect(p.allows('api.example.test')).toBe(true);
    expect(p.allows('a.b.example.test')).toBe(true);
    expect(p.allows('example.test')).toBe(false);
    expect(p.allows('evilexample.test')).toBe(false);
    expect(p.allows('EXACT.test')).toBe(true);
  });
});

describe('HttpProxy: what it refuses', () => {
  it('refuses plain http and other schemes', async () => {
    expect((await refused(proxy().fetch({ url: `http://api.example.test:${port}/json` }))).code).toBe('http.scheme_not_allowed');
    expect((await refused(proxy().fetch({ url: 'file:///etc/passwd' }))).code).toBe('http.scheme_not_allowed');
    expect((await refused(proxy().fetch({ url: 'not a url' }))).code).toBe('http.invalid_url');
    expect((await refused(proxy().fetch({ url: `https://u:p@api.example.test:${port}/` }))).code).toBe('http.invalid_url');
  });

  it('refuses hosts the manifest did not declare, without connecting', async () => {
    seen.length = 0;
    expect((await refused(proxy().fetch({ url: url('/json', 'evil.test') }))).code).toBe('http.domain_not_allowed');
    expect((await refused(proxy().fetch({ url: `https://127.0.0.1:${port}/json` }))).code).toBe('http.domain_not_allowed');
    expect(seen).toEqual([]);
  });

  it('refuses a port that is not allowed', async () => {
    expect((await refused(proxy().fetch({ url: 'https://api.example.test:8443/json' }))).code).toBe('http.port_not_allowed');
  });

  it('refuses loopback, private, link-local/metadata and IPv6-embedded addresses (SSRF), and mixed DNS answers', async () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '192.168.1.1', '172.20.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::ffff:127.0.0.1', 'fd00::1', 'fe80::1', '64:ff9b::a9fe:a9fe']) {
      const p = proxy({ trustedAddresses: [], resolve: async () => [address] });
      const err = await refused(p.fetch({ url: url('/json') }));
      expect(err.code, address).toBe('http.address_not_allowed');
      expect(err.message).toContain(address);
    }
    const mixed = proxy({ trustedAddresses: [], resolve: async () => ['93.184.216.34', '127.0.0.1'] });
    expect((await refused(mixed.fetch({ url: url('/json') }))).code).toBe('http.address_not_allowed');
  });

  it('re-checks every redirect hop: undeclared host, plain http, metadata IP literal', async () => {
    expect((await refused(proxy().fetch({ url: url('/to-evil') }))).code).toBe('http.domain_not_allowed');
    expect((await refused(proxy().fetch({ url: url('/to-http') }))).code).toBe('http.scheme_not_allowed');
    expect((await refused(proxy().fetch({ url: url('/to-metadata') }))).code).toBe('http.domain_not_allowed');
    expect((await refused(proxy().fetch({ url: url('/loop') }))).code).toBe('http.too_many_redirects');
  });

  it('caps response size, declared or streamed', async () => {
    const p = proxy({ maxResponseBytes: 1024 * 1024 });
    expect((await refused(p.fetch({ url: url('/big') }))).code).toBe('http.response_too_large');
    expect((await refused(p.fetch({ url: url('/big-chunked') }))).code).toBe('http.response_too_large');
  });

  it('caps request size and time', async () => {
    expect((await refused(proxy({ maxRequestBytes: 10 }).fetch({ method: 'POST', url: url('/echo'), body: 'x'.repeat(11) }))).code).toBe('http.request_too_large');
    const started = Date.now();
    expect((await refused(proxy().fetch({ url: url('/hang'), timeout_ms: 300 }))).code).toBe('http.timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses headers the host owns, malformed headers, unknown methods and two bodies', async () => {
    const p = proxy();
    for (const headers of [{ Host: 'evil.test' }, { 'Transfer-Encoding': 'chunked' }, { 'X-Forwarded-For': '1.2.3.4' }, { 'X-Ok': 'a\r\nInjected: 1' }, { 'Bad Name': 'x' }]) {
      expect((await refused(p.fetch({ url: url('/json'), headers }))).code).toBe('http.invalid_request');
    }
    expect((await refused(p.fetch({ method: 'CONNECT', url: url('/json') }))).code).toBe('http.invalid_request');
    expect((await refused(p.fetch({ method: 'POST', url: url('/echo'), body: 'a', body_base64: 'YQ==' }))).code).toBe('http.invalid_request');
  });
});

describe('forbiddenAddressReason', () => {
  it('allows public addresses and names the range of every forbidden one', () => {
    for (const ok of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:93.184.216.34']) expect(forbiddenAddressReason(ok), ok).toBeUndefined();
    expect(forbiddenAddressReason('169.254.169.254')).toMatch(/metadata/);
    expect(forbiddenAddressReason('::ffff:10.0.0.1')).toMatch(/IPv4-mapped private/);
    expect(forbiddenAddressReason('2002:7f00:1::')).toMatch(/6to4-embedded loopback/);
    expect(forbiddenAddressReason('ff02::1')).toMatch(/multicast/);
    expect(forbiddenAddressReason('fe80::1%eth0')).toMatch(/link-local/);
    expect(forbiddenAddressReason('example.com')).toBe('not an IP address');
    expect(forbiddenAddressReason('1:2:3')).toBe('not an IP address');
  });
});
