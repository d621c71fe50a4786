import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKey, encodePublicKeyFile, encodeSignedRelease, signRelease } from '@maidkit/integrity';
import { readPlugin } from '@maidkit/manifest';
import { admin, examplesDir, startBot, zipFolder, type Running } from './helpers.js';

/** A stand-in for Discord's attachment CDN: serves the files it is given. */
async function cdn(files: Record<string, Uint8Array>): Promise<{ server: Server; host: string }> {
  const server = createServer((req, res) => {
    const body = files[req.url ?? ''];
    res.writeHead(body ? 200 : 404);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const attachment = (id: string, url: string, filename: string) => ({ id, filename, size: 1, url, proxy_url: url, content_type: 'application/zip' });

describe('the example bot with trusted keys: only bundles with a valid signed release statement install', () => {
  let r: Running;
  let site: Awaited<ReturnType<typeof cdn>>;
  const key = SigningKey.generate({ kid: 'publisher-2026' });
  const other = SigningKey.generate({ kid: 'someone-else' });
  let zip: Uint8Array;

  beforeAll(async () => {
    zip = await zipFolder(join(examplesDir, 'hello-plugin'));
    const bundle = await readPlugin(zip);
    const sign = (k: SigningKey) => new TextEncoder().encode(encodeSignedRelease(signRelease({ pluginId: 'my_plugin', version: '1.0.0', zipBytes: zip, files: bundle.contents, capabilities: ['discord:send_message'], expiresIn: 3600 }, k)));
    const tampered = zip.slice();
    tampered[tampered.length - 30] = (tampered[tampered.length - 30] ?? 0) ^ 0xff;
    site = await cdn({ '/hello.zip': zip, '/hello.zip.statement.json': sign(key), '/forged.statement.json': sign(other), '/tampered.zip': tampered });
    const dir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'keys-'));
    const trust = join(dir, 'publisher.key.pub');
    writeFileSync(trust, encodePublicKeyFile(key));
    r = await startBot({ trustedKeys: trust, downloadHosts: [site.host] }, ['hello-plugin']);
    writeFileSync(join(r.bundleDir, 'hello.zip'), zip);
  });
  afterAll(async () => {
    await r.close();
    site.server.close();
  });

  const install = (bundle: string, statement?: string) =>
    admin(r, 'install', [{ name: 'bundle', type: 11, value: '901' }, ...(statement ? [{ name: 'statement', type: 11, value: '902' }] : [])], {
      resolved: { attachments: { '901': attachment('901', `http://${site.host}/${bundle}`, bundle), ...(statement ? { '902': attachment('902', `http://${site.host}/${statement}`, statement) } : {}) } },
    });

  it('GIVEN a folder or a zip without a statement THEN signature_required', async () => {
    expect(await admin(r, 'install', [{ name: 'path', type: 3, value: 'hello-plugin' }])).toContain('`signature_required`');
    expect(await admin(r, 'install', [{ name: 'path', type: 3, value: 'hello.zip' }])).toContain('`signature_required`');
    expect(await install('hello.zip')).toContain('`signature_required`');
  });

  it('GIVEN a statement signed by an unknown key, or altered bytes THEN signature_invalid naming the integrity code', async () => {
    const forged = await install('hello.zip', 'forged.statement.json');
    expect(forged).toContain('`signature_invalid`');
    expect(forged).toMatch(/key_unknown|threshold_not_met/);
    const text = await install('tampered.zip', 'hello.zip.statement.json');
    expect(text).toContain('`signature_invalid`');
    expect(text).toMatch(/sha256_mismatch|size_mismatch/);
    expect(r.bot.host.list()).toEqual([]);
  });

  it('GIVEN a download host that is not allowed THEN the bundle is not fetched', async () => {
    const text = await admin(r, 'install', [{ name: 'bundle', type: 11, value: '903' }], { resolved: { attachments: { '903': attachment('903', 'http://evil.example/x.zip', 'x.zip') } } });
    expect(text).toContain('`bundle_download_failed`');
  });

  it('GIVEN the attached zip and its genuine statement THEN it installs, naming the signer', async () => {
    const text = await install('hello.zip', 'hello.zip.statement.json');
    expect(text).toContain('Installed **My Plugin**');
    expect(text).toContain('Signed by: publisher-2026');
  });
});
