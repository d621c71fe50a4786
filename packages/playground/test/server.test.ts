import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlayground, type Playground } from '../src/index.js';
import { REPO } from './browser.js';

/** A raw HTTP request (fetch would not let us forge Host). */
function raw(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the playground server (hello plugin, real sandbox)', () => {
  let pg: Playground;
  let origin: string;
  const post = (path: string, body: string, headers: Record<string, string> = {}) => raw(pg.port, path, { method: 'POST', body, headers: { origin, 'content-type': 'application/json', ...headers } });

  beforeAll(async () => {
    pg = await startPlayground({ plugin: join(REPO, 'examples/hello-plugin'), watch: false });
    origin = new URL(pg.url).origin;
  });
  afterAll(async () => {
    await pg?.close();
  });

  it('GIVEN a typed !ping THEN the feed gets your message and the plugin\'s Pong!, and a late SSE subscriber gets them replayed', async () => {
    const sent = await post('/api/message', JSON.stringify({ content: '!ping' }));
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body)).toMatchObject({ ok: true, result: { messageId: expect.stringMatching(/^\d{17,20}$/), delivered: 1 } });
    await expect.poll(() => pg.hub.since().filter((e) => e.type === 'feed').map((e) => (e.data as { content: string }).content)).toEqual(['!ping', 'Pong!']);
    // SSE: history after Last-Event-ID only.
    const all = pg.hub.since();
    const last = all[all.length - 2]!.seq;
    const body = await new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port: pg.port, path: '/api/events', headers: { 'last-event-id': String(last) } }, (res) => {
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        let text = '';
        res.on('data', (c) => {
          text += c;
          if (text.includes(`id: ${all[all.length - 1]!.seq}\n`)) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.end();
    });
    expect(body).not.toContain(`id: ${last}\n`);
    expect(body).toContain(`id: ${all[all.length - 1]!.seq}\nevent: ${all[all.length - 1]!.type}\ndata: `);
  });

  it('GIVEN requests that do not come from the page THEN they are refused before anything runs', async () => {
    const before = pg.hub.since().length;
    // Another site posting to localhost (CSRF) and a request with no Origin at all.
    expect((await post('/api/message', '{"content":"x"}', { origin: 'http://evil.example' })).status).toBe(400);
    expect((await raw(pg.port, '/api/message', { method: 'POST', body: '{"content":"x"}', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    // A form post (no JSON content type) and a sandboxed frame (Origin: null).
    expect(JSON.parse((await post('/api/message', 'content=x', { 'content-type': 'application/x-www-form-urlencoded' })).body).error.message).toContain('Content-Type: application/json');
    expect((await post('/api/message', '{"content":"x"}', { origin: 'null' })).status).toBe(400);
    // DNS rebinding: a foreign Host header gets nothing, not even the page.
    expect((await raw(pg.port, '/', { headers: { host: `evil.example:${pg.port}` } })).status).toBe(421);
    expect((await raw(pg.port, '/api/state', { headers: { host: `evil.example:${pg.port}` } })).status).toBe(421);
    // Cross-site reads of the state and the stream.
    expect((await raw(pg.port, '/api/state', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(400);
    expect((await raw(pg.port, '/api/events', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(400);
    expect(pg.hub.since().length).toBe(before);
  });

  it('GIVEN malformed or oversized bodies and unknown routes THEN each gets a typed error with its code', async () => {
    expect(JSON.parse((await post('/api/message', '{"content":')).body).error).toMatchObject({ code: 'invalid_request', problems: [{ code: 'json' }] });
    const big = await post('/api/message', JSON.stringify({ content: 'x'.repeat(300_000) }));
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.code).toBe('payload_too_large');
    expect((await post('/api/nope', '{}')).status).toBe(404);
    expect((await raw(pg.port, '/api/message')).status).toBe(404);
    expect(JSON.parse((await post('/api/command', '{"name":"greet"}')).body).error).toMatchObject({ code: 'not_found', problems: [{ path: '/name', message: 'declared: (none)' }] });
    expect(JSON.parse((await post('/api/modal', '{"modalId":"1","values":{}}')).body).error.problems[0].code).toBe('unknown_modal');
    expect(JSON.parse((await post('/api/event', '{"name":"member_join","payload":{"username":5}}')).body).error.code).toBe('invalid_request');
    expect(JSON.parse((await post('/api/event', '{"name":"not_an_event","payload":{}}')).body).error.message).toContain('not one of the 16 Discord events');
  });

  it('GIVEN the page and its files THEN they are served with a CSP, and nothing else on disk is reachable', async () => {
    const page = await raw(pg.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain(`frame-src ${pg.pluginOrigin}`);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<script type="module" src="/app/app.js"></script>');
    expect((await raw(pg.port, '/app/app.js')).headers['content-type']).toMatch(/^text\/javascript/);
    for (const path of ['/app/../src/index.ts', '/app/%2e%2e/package.json', '/app/index.html/..', '/static/../package.json', '/app/render.js%00']) {
      expect((await raw(pg.port, path)).status, path).toBe(404);
    }
    // The page is only on 127.0.0.1; the other name serves plugin frames (dashboards), not the page.
    expect((await raw(pg.port, '/', { headers: { host: `localhost:${pg.port}` } })).status).toBe(404);
  });

  it('GIVEN a plugin that stored nothing THEN /api/kv is an empty list', async () => {
    expect(JSON.parse((await raw(pg.port, '/api/kv')).body)).toEqual({ entries: [], truncated: false });
  });
});
