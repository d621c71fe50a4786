import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline/Pipeline.js';
import { MemoryPipelineStore } from '../src/pipeline/MemoryPipelineStore.js';
import { SqlitePipelineStore } from '../src/pipeline/SqlitePipelineStore.js';
import type { Actor, PipelineStore, StaticChecker } from '../src/pipeline/types.js';
import { encodeSignedRelease } from '../src/release.js';
import { TrustSet } from '../src/TrustSet.js';
import { verifyBundle } from '../src/verifyBundle.js';
import { makeZip, readZip } from './helpers/zip.js';
import { pluginZip, testKey } from './helpers/fixtures.js';

const author: Actor = { id: 'alice', role: 'author' };
const reviewer: Actor = { id: 'rita', role: 'reviewer' };
const admin: Actor = { id: 'adam', role: 'admin' };
const key = testKey(1);
const trust = new TrustSet({ keys: [{ kid: key.kid, publicKey: key.publicKey }] });

/** Stands in for the host's checker (@maidkit/manifest): reads the zip, the manifest, and scans for https:// URLs. */
const checker: StaticChecker = (zipBytes) => {
  const files = readZip(zipBytes);
  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as { id: string; version: string; capabilities_required?: string[] };
  const source = new TextDecoder().decode(files.get('__main__.py'));
  const proxyDomains = [...source.matchAll(/https:\/\/([a-z0-9.-]+)/g)].map((m) => m[1] as string);
  const diagnostics = files.has('evil.so') ? [{ code: 'layout.unexpected_file', severity: 'error' as const, message: 'evil.so is not allowed', path: 'evil.so' }] : [];
  return { ok: diagnostics.length === 0, pluginId: manifest.id, version: manifest.version, capabilities: manifest.capabilities_required ?? [], files, proxyDomains, diagnostics };
};

let clock = Date.UTC(2027, 0, 15, 12, 0, 0);
const now = () => new Date((clock += 1000));
const tmp = () => mkdtempSync(join(tmpdir(), 'maidkit-pipeline-'));

const stores: [string, () => PipelineStore][] = [
  ['in-memory', () => new MemoryPipelineStore()],
  ['SQLite', () => new SqlitePipelineStore(join(tmp(), 'pipeline.db'))],
];

describe.each(stores)('Pipeline with the %s store', (_name, makeStore) => {
  const make = () => new Pipeline({ store: makeStore(), checker, now });

  it('GIVEN the happy path THEN submitted → pending_review → approved, the statement verifies against the bytes, and every step is recorded with who and when', async () => {
    const p = make();
    const { zipBytes, files } = pluginZip('1.0.0');
    expect((await p.submit({ pluginId: 'my_plugin', version: '1.0.0', zipBytes }, author)).state).toBe('submitted');
    const checked = await p.runStaticCheck('my_plugin', '1.0.0');
    expect(checked.state).toBe('pending_review');
    expect(checked.check?.bundleDigest).toMatch(/^h1:/);
    const approved = await p.approve('my_plugin', '1.0.0', reviewer, key, { expiresIn: 3600 });
    expect(approved.state).toBe('approved');
    const verified = await verifyBundle({ zipBytes, files, statement: encodeSignedRelease(approved.statement!), trust, expect: { pluginId: 'my_plugin', version: '1.0.0' }, now: approved.statement!.statement.issuedAt });
    expect(verified.statement.capabilities).toEqual(['discord:send_message']);
    const history = await p.history('my_plugin', '1.0.0');
    expect(history.map((e) => [e.action, e.from, e.to, e.actor.id])).toEqual([
      ['submit', null, 'submitted', 'alice'],
      ['check_passed', 'submitted', 'pending_review', 'static-check'],
      ['approve', 'pending_review', 'approved', 'rita'],
    ]);
    for (const e of history) expect(Date.parse(e.at)).toBeGreaterThan(0);
  });

  it('GIVEN the static check finds errors, or the manifest names another version THEN rejected with the findings recorded', async () => {
    const p = make();
    await p.submit({ pluginId: 'my_plugin', version: '1.0.0', zipBytes: pluginZip('1.0.0', { 'evil.so': 'x' }).zipBytes }, author);
    const bad = await p.runStaticCheck('my_plugin', '1.0.0');
    expect(bad.state).toBe('rejected');
    expect(bad.check?.diagnostics.map((d) => d.code)).toEqual(['layout.unexpected_file']);
    await p.submit({ pluginId: 'my_plugin', version: '1.0.1', zipBytes: pluginZip('9.9.9').zipBytes }, author);
    expect((await p.runStaticCheck('my_plugin', '1.0.1')).check?.diagnostics.map((d) => d.code)).toEqual(['pipeline_check_mismatch']);
  });

  it('GIVEN source with literal https URLs THEN the detected proxy domains are recorded, deduplicated, for the reviewer', async () => {
    const p = make();
    const zipBytes = makeZip([
      { name: 'manifest.json', data: JSON.stringify({ id: 'my_plugin', name: 'P', version: '1.0.0', description: 'd' }) },
      { name: '__main__.py', data: 'URL = "https://api.example.com/v1"\nOTHER = "https://api.example.com/v2"\nCDN = "https://cdn.example.org/x"\n' },
    ]);
    await p.submit({ pluginId: 'my_plugin', version: '1.0.0', zipBytes }, author);
    expect((await p.runStaticCheck('my_plugin', '1.0.0')).check?.proxyDomains).toEqual(['api.example.com', 'cdn.example.org']);
  });

  it.each([
    ['approve a submitted version (skipping the check)', async (p: Pipeline) => p.approve('my_plugin', '1.0.0', reviewer, key), 'pipeline_illegal_transition'],
    ['yank a pending version', async (p: Pipeline) => p.yank('my_plugin', '1.0.0', admin, 'x'), 'pipeline_illegal_transition'],
    ['reject without a reason', async (p: Pipeline) => p.reject('my_plugin', '1.0.0', reviewer, ' '), 'pipeline_illegal_transition'],
    ['approve as the author', async (p: Pipeline) => p.approve('my_plugin', '1.0.0', { id: 'bob', role: 'author' }, key), 'pipeline_forbidden'],
    ['submit as a reviewer', async (p: Pipeline) => p.submit({ pluginId: 'my_plugin', version: '2.0.0', zipBytes: new Uint8Array(1) }, reviewer), 'pipeline_forbidden'],
    ['act on a version that does not exist', async (p: Pipeline) => p.runStaticCheck('my_plugin', '9.0.0'), 'pipeline_not_found'],
    ['submit the same version twice', async (p: Pipeline) => p.submit({ pluginId: 'my_plugin', version: '1.0.0', zipBytes: new Uint8Array(1) }, author), 'pipeline_illegal_transition'],
    ['submit an oversize bundle', async (p: Pipeline) => p.submit({ pluginId: 'my_plugin', version: '3.0.0', zipBytes: new Uint8Array(10_000_001) }, author), 'bundle_too_large'],
    ['act without an actor', async (p: Pipeline) => p.reject('my_plugin', '1.0.0', {} as Actor, 'x'), 'pipeline_forbidden'],
  ])('GIVEN an attempt to %s THEN %s', async (_n, attempt, code) => {
    const p = make();
    await p.submit({ pluginId: 'my_plugin', version: '1.0.0', zipBytes: pluginZip('1.0.0').zipBytes }, author);
    await expect(attempt(p)).rejects.toMatchObject({ code });
    expect((await p.get('my_plugin', '1.0.0'))?.state).toBe('submitted');
  });

  it('GIVEN an approved version THEN it is immutable: no re-approval, rejection, re-submission; a reviewer cannot yank, an admin can', async () => {
    const p = make();
    await p.submit({ pluginId: 'my_plugin', version: '1.0.0', zipBytes: pluginZip('1.0.0').zipBytes }, author);
    await p.runStaticCheck('my_plugin', '1.0.0');
    const approved = await p.approve('my_plugin', '1.0.0', reviewer, key);
    await expect(p.approve('my_plugin', '1.0.0', admin, key)).rejects.toMatchObject({ code: 'pipeline_immutable' });
    await expect(p.reject('my_plugin', '1.0.0', admin, 'changed my mind')).rejects.toMatchObject({ code: 'pipeline_immutable' });
    await expect(p.submit({ pluginId: 'my_plugin', version: '1.0.0', zipBytes: new Uint8Array(5) }, author)).rejects.toMatchObject({ code: 'pipeline_immutable' });
    await expect(p.yank('my_plugin', '1.0.0', reviewer, 'malware')).rejects.toMatchObject({ code: 'pipeline_forbidden' });
    const yanked = await p.yank('my_plugin', '1.0.0', admin, 'reported as malware');
    expect(yanked.state).toBe('yanked');
    expect(yanked.statement).toEqual(approved.statement);
    await expect(p.yank('my_plugin', '1.0.0', admin, 'again')).rejects.toMatchObject({ code: 'pipeline_immutable' });
    const last = (await p.history('my_plugin', '1.0.0')).at(-1);
    expect(last).toMatchObject({ action: 'yank', actor: admin, reason: 'reported as malware', from: 'approved', to: 'yanked' });
  });
});

describe('SqlitePipelineStore durability', () => {
  it('GIVEN a database closed and reopened THEN records, bytes and history are all there', async () => {
    const path = join(tmp(), 'pipeline.db');
    const first = new SqlitePipelineStore(path);
    const p1 = new Pipeline({ store: first, checker, now });
    const { zipBytes } = pluginZip('1.0.0');
    await p1.submit({ pluginId: 'my_plugin', version: '1.0.0', zipBytes }, author);
    await p1.runStaticCheck('my_plugin', '1.0.0');
    await p1.approve('my_plugin', '1.0.0', reviewer, key);
    first.close();
    const second = new SqlitePipelineStore(path);
    const p2 = new Pipeline({ store: second, checker, now });
    expect((await p2.get('my_plugin', '1.0.0'))?.state).toBe('approved');
    expect(Buffer.from(second.bundle('my_plugin', '1.0.0')!)).toEqual(Buffer.from(zipBytes));
    expect(await p2.history('my_plugin', '1.0.0')).toHaveLength(3);
    second.close();
  });

  it('GIVEN hand-written SQL against an approved row or the log THEN the triggers refuse it', async () => {
    const path = join(tmp(), 'pipeline.db');
    const store = new SqlitePipelineStore(path);
    const p = new Pipeline({ store, checker, now });
    await p.submit({ pluginId: 'my_plugin', version: '1.0.0', zipBytes: pluginZip('1.0.0').zipBytes }, author);
    await p.runStaticCheck('my_plugin', '1.0.0');
    await p.approve('my_plugin', '1.0.0', reviewer, key);
    store.close();
    const db = new Database(path);
    expect(() => db.prepare("UPDATE maidkit_plugin_versions SET state = 'pending_review'").run()).toThrow(/immutable/);
    expect(() => db.prepare("UPDATE maidkit_plugin_versions SET bundle = x'00'").run()).toThrow(/immutable|never changes/);
    expect(() => db.prepare('DELETE FROM maidkit_plugin_transitions').run()).toThrow(/append-only/);
    db.close();
  });

  it('GIVEN a concurrent change between read and write THEN pipeline_conflict, not a lost update', async () => {
    const store = new MemoryPipelineStore();
    const p = new Pipeline({ store, checker, now });
    await p.submit({ pluginId: 'my_plugin', version: '1.0.0', zipBytes: pluginZip('1.0.0').zipBytes }, author);
    await p.runStaticCheck('my_plugin', '1.0.0');
    const racing: PipelineStore = {
      create: (...a) => store.create(...a),
      get: (...a) => store.get(...a),
      bundle: (...a) => store.bundle(...a),
      list: (...a) => store.list(...a),
      history: (...a) => store.history(...a),
      transition: async (expected, next, event) => {
        await new Pipeline({ store, checker, now }).reject('my_plugin', '1.0.0', admin, 'first');
        return store.transition(expected, next, event);
      },
    };
    await expect(new Pipeline({ store: racing, checker, now }).approve('my_plugin', '1.0.0', reviewer, key)).rejects.toMatchObject({ code: 'pipeline_conflict' });
    expect(store.get('my_plugin', '1.0.0')?.state).toBe('rejected');
  });
});
