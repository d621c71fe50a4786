import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsStore } from '../../src/host/storage/MetricsStore.js';
import { cleanupScratch, makeHost, message, pluginDir, waitFor } from '../helpers.js';

// A real local HTTPS server for allowed.example.test; the host is told to resolve test names to 127.0.0.1
// and to trust that address (as a host author would trust an internal API), nothing else.
const certDir = mkdtempSync(join(tmpdir(), 'maidkit-host-https-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
  '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'), '-subj', '/CN=allowed.example.test',
  '-addext', 'subjectAltName=DNS:allowed.example.test,DNS:other.example.test'], { stdio: 'ignore' });
const cert = readFileSync(join(certDir, 'cert.pem'));
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer({ cert, key: readFileSync(join(certDir, 'key.pem')) }, (req, res) => {
    if (req.url === '/to-private') return void res.writeHead(302, { location: 'https://10.0.0.1/' }).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello: 'from the host side', path: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  rmSync(certDir, { recursive: true, force: true });
  cleanupScratch();
});

const SQL_PLUGIN = `from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    word = event["content"]
    try:
        if word.startswith("put "):
            ctx.sql.execute("CREATE TABLE IF NOT EXISTS notes (body TEXT)")
            ctx.sql.execute("INSERT INTO notes (body) VALUES (?)", [word[4:]])
            ctx.log("put ok")
        elif word == "list":
            rows = ctx.sql.query("SELECT body FROM notes ORDER BY rowid")["rows"]
            ctx.log("list " + ",".join(r["body"] for r in rows))
        elif word == "attach":
            ctx.sql.execute("ATTACH DATABASE '/tmp/x.db' AS x")
    except Exception as e:
        ctx.log("error %s %s %s" % (type(e).__name__, getattr(e, "code", None), e))

plugin.run()
`;

describe('ctx.sql through the host', () => {
  it("GIVEN two installs of one plugin THEN each has its own database: neither sees the other's table, and uninstall drops it", async () => {
    const dbDir = mkdtempSync(join(tmpdir(), 'maidkit-host-db-'));
    const t = makeHost({ database: join(dbDir, 'host.db') });
    try {
      const dir = pluginDir(SQL_PLUGIN);
      const a = await t.host.install({ id: 'notes', version: '1.0.0', dir, capabilities: ['storage:sql'] }, { serverId: '1' });
      const b = await t.host.install({ id: 'notes', version: '1.0.0', dir, capabilities: ['storage:sql'] }, { serverId: '2' });
      t.host.dispatch('message_create', message('put alpha'), { serverId: '1' });
      await waitFor(() => t.events.find((e) => e.installId === a.installId && e.type === 'log' && e.message === 'put ok'));
      t.host.dispatch('message_create', message('list'), { serverId: '1' });
      t.host.dispatch('message_create', message('list'), { serverId: '2' });
      await waitFor(() => t.events.find((e) => e.installId === a.installId && e.type === 'log' && e.message === 'list alpha'));
      const other = (await waitFor(() => t.events.find((e) => e.installId === b.installId && e.type === 'log' && e.message.startsWith('error')))) as { message: string };
      expect(other.message).toMatch(/no such table: notes/);
      // The same query from the dashboard side (host-side, for install A) sees A's rows only.
      expect(await t.host.callService(a.installId, 'sql.query', { sql: 'SELECT body FROM notes' })).toEqual({ columns: ['body'], rows: [{ body: 'alpha' }] });
      // Files outside the plugin's database cannot be named.
      t.host.dispatch('message_create', message('attach'), { serverId: '1' });
      const attach = (await waitFor(() => t.events.find((e) => e.installId === a.installId && e.type === 'log' && e.message.includes('ATTACH')))) as { message: string };
      expect(attach.message).toMatch(/^error InvalidParams -32602 .*ATTACH statements are not allowed/);
      const file = join(dbDir, 'host.db.sql');
      expect(existsSync(file)).toBe(true);
      const before = execFileSync('ls', [file]).toString().trim().split('\n').filter((f) => f.endsWith('.sqlite'));
      expect(before).toHaveLength(2); // one file per install
      await t.host.uninstall(a.installId);
      expect(execFileSync('ls', [file]).toString().trim().split('\n').filter((f) => f.endsWith('.sqlite'))).toHaveLength(1);
    } finally {
      await t.close();
      rmSync(dbDir, { recursive: true, force: true });
    }
  });

  it('GIVEN an install without storage:sql THEN ctx.sql and the dashboard sql namespace are denied (-32001)', async () => {
    const t = makeHost();
    try {
      const { installId } = await t.host.install({ id: 'nosql', version: '1.0.0', dir: pluginDir(SQL_PLUGIN), capabilities: [] }, { serverId: '1' });
      t.host.dispatch('message_create', message('list'));
      const log = (await waitFor(() => t.events.find((e) => e.type === 'log' && e.message.startsWith('error')))) as { message: string };
      expect(log.message).toMatch(/CapabilityDenied -32001/);
      await expect(t.host.callService(installId, 'sql.query', { sql: 'SELECT 1' })).rejects.toMatchObject({ code: -32001 });
    } finally {
      await t.close();
    }
  });
});

const HTTP_PLUGIN = (port: number) => `from mmo_maid_sdk import Plugin, Context
plugin = Plugin()

@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    url = event["content"].replace("PORT", "${port}")
    try:
        r = ctx.http.get(url)
        ctx.log("got %s %s" % (r.status, r.json()["hello"]))
    except Exception as e:
        ctx.log("refused %s %s %s" % (type(e).__name__, getattr(e, "code", None), e))

plugin.run()
`;

describe('ctx.http through the host', () => {
  it('GIVEN the manifest allow-lists one domain THEN it is fetched, and every other target is refused (domain, scheme, private address)', async () => {
    const t = makeHost({ http: { ca: cert, allowedPorts: [port], resolve: async () => ['127.0.0.1'], trustedAddresses: ['127.0.0.1'] } });
    try {
      await t.host.install({ id: 'fetcher', version: '1.0.0', dir: pluginDir(HTTP_PLUGIN(port)), capabilities: ['proxy:http'], proxyDomains: ['allowed.example.test'] }, { serverId: '1' });
      const logs = async (content: string, prefix: string) => {
        const n = t.events.length;
        t.host.dispatch('message_create', message(content));
        return ((await waitFor(() => t.events.slice(n).find((e) => e.type === 'log' && e.message.startsWith(prefix)))) as { message: string }).message;
      };
      expect(await logs('https://allowed.example.test:PORT/x', 'got')).toBe('got 200 from the host side');
      expect(await logs('https://other.example.test:PORT/x', 'refused')).toMatch(/^refused CapabilityDenied -32001 .*not in the plugin's proxy_domains_requested/);
      expect(await logs('http://allowed.example.test:PORT/x', 'refused')).toMatch(/^refused CapabilityDenied -32001 .*only https/);
      expect(await logs('https://allowed.example.test:PORT/to-private', 'refused')).toMatch(/^refused CapabilityDenied -32001 .*(domain|10\.0\.0\.1)/);
      expect(await logs('https://127.0.0.1:PORT/x', 'refused')).toMatch(/^refused CapabilityDenied -32001/);
    } finally {
      await t.close();
    }
  });

  it('GIVEN no trusted addresses THEN an allow-listed name resolving to loopback is refused as SSRF', async () => {
    const t = makeHost({ http: { ca: cert, allowedPorts: [port], resolve: async () => ['127.0.0.1'] } });
    try {
      await t.host.install({ id: 'fetcher', version: '1.0.0', dir: pluginDir(HTTP_PLUGIN(port)), capabilities: ['proxy:http'], proxyDomains: ['allowed.example.test'] }, { serverId: '1' });
      t.host.dispatch('message_create', message('https://allowed.example.test:PORT/x'));
      const log = (await waitFor(() => t.events.find((e) => e.type === 'log' && e.message.startsWith('refused')))) as { message: string };
      expect(log.message).toMatch(/CapabilityDenied -32001 .*127\.0\.0\.1, a loopback/);
    } finally {
      await t.close();
    }
  });
});

describe('MetricsStore periods and buckets', () => {
  const t0 = Date.UTC(2026, 10, 21, 15, 30);
  it('answers 24h hourly and 7d/30d daily in the chart widget\'s shape, labels oldest first', () => {
    const m = new MetricsStore();
    m.record('i', 'messages', 1, 'counter', t0 - 3 * 86_400_000);
    m.record('i', 'messages', 2, 'counter', t0 - 3_600_000);
    m.record('i', 'messages', 3, 'counter', t0);
    const week = m.query('i', 'messages', '7d', t0);
    expect(week.labels).toEqual(['2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21']);
    expect(week.series).toEqual([{ name: 'messages', data: [0, 0, 0, 1, 0, 0, 5] }]);
    const day = m.query('i', 'messages', '24h', t0);
    expect(day.labels).toHaveLength(24);
    expect(day.labels.at(-1)).toBe('2026-11-21T15:00Z');
    expect(day.series[0]!.data.slice(-2)).toEqual([2, 3]);
    expect(m.total('i', 'messages', '30d', t0)).toBe(6);
    expect(m.query('i', 'messages', '30d', t0).labels).toHaveLength(30);
  });

  it('keeps totals through compaction (minutes → hours → days) and drops what is older than a year', () => {
    const m = new MetricsStore();
    for (let d = 400; d >= 0; d--) m.record('i', 'c', 1, 'counter', t0 - d * 86_400_000);
    expect(m.total('i', 'c', '365d', t0)).toBe(365);
    expect(m.total('i', 'c', '30d', t0)).toBe(30);
    m.record('i', 'g', 5, 'gauge', t0 - 7_200_000);
    m.record('i', 'g', 9, 'gauge', t0);
    expect(m.total('i', 'g', '24h', t0)).toBe(9);
  });

  it('refuses periods outside the protocol or the retention', () => {
    for (const p of ['0h', '721h', '366d', '7w', '', '1.5d']) expect(MetricsStore.isPeriod(p)).toBe(false);
    for (const p of ['1h', '720h', '1d', '365d']) expect(MetricsStore.isPeriod(p)).toBe(true);
  });
});
