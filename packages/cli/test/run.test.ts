import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';

const repo = resolve(__dirname, '../../..');
const tmp = mkdtempSync(join(tmpdir(), 'maidkit-cli-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(argv: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, stdin: Readable.from([stdin]), cwd: repo, env: {} };
  const code = await main(argv, io);
  const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, stdout, stderr, lines };
}

function plugin(code: string, capabilities: string[] = []): string {
  const dir = join(tmp, `p-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id: 'cli_test', name: 'CLI test', version: '1.0.0', description: 'test', capabilities_required: capabilities }));
  writeFileSync(join(dir, '__main__.py'), code);
  return dir;
}

describe('maidkit run', () => {
  it('GIVEN examples/hello-plugin and its events file THEN it prints Pong! as a send_message action, one JSON object a line, and exits 0', async () => {
    const r = await cli(['run', 'examples/hello-plugin', '--events', 'examples/hello-plugin/events.jsonl']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const actions = r.lines.filter((l) => l['type'] === 'action');
    expect(actions).toEqual([expect.objectContaining({ pluginId: 'my_plugin', method: 'discord.send_message', params: { channel_id: '1200000000000000001', content: 'Pong!' } })]);
    expect(r.lines).toContainEqual(expect.objectContaining({ type: 'log', message: 'Plugin booted on server 100000000000000000' }));
    expect(r.lines.at(-1)).toMatchObject({ type: 'summary', ok: true, actions: 1, errors: 0, denied: 0, settled: true });
  });

  it('GIVEN the lifecycle example THEN install, enable, disable, enable and uninstall hooks all run', async () => {
    const r = await cli(['run', 'examples/lifecycle-plugin', '--events', 'examples/lifecycle-plugin/events.jsonl', '--server-id', '424242']);
    expect(r.code).toBe(0);
    const logs = r.lines.filter((l) => l['type'] === 'log').map((l) => l['message']);
    expect(logs).toEqual(['installed on 424242', 're-enabled', 're-enabled']);
    expect(r.lines.filter((l) => l['type'] === 'status').map((l) => l['status'])).toEqual(['starting', 'running', 'stopping', 'stopped', 'starting', 'running', 'stopping', 'stopped']);
  });

  it('GIVEN the plugin as a zip THEN it runs the same', async () => {
    const { default: JSZip } = await import('jszip');
    const zip = new JSZip();
    for (const file of ['manifest.json', '__main__.py']) zip.file(`hello/${file}`, readFileSync(join(repo, 'examples/hello-plugin', file)));
    const path = join(tmp, 'hello.zip');
    writeFileSync(path, await zip.generateAsync({ type: 'uint8array' }));
    const r = await cli(['run', path, '--events', 'examples/hello-plugin/events.jsonl']);
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l['type'] === 'action').map((l) => (l['params'] as { content: string }).content)).toEqual(['Pong!']);
  });

  it('GIVEN events on stdin THEN they are played', async () => {
    const r = await cli(['run', 'examples/hello-plugin', '--events', '-'], '{"event": "message_create", "payload": {"content": "!ping"}}\n');
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l['type'] === 'action')).toHaveLength(1);
  });

  it('GIVEN --grant without the capability the plugin requires THEN the install is refused and it exits 1', async () => {
    const r = await cli(['run', 'examples/hello-plugin', '--grant', 'storage:kv']);
    expect(r.code).toBe(1);
    expect(r.lines).toContainEqual(expect.objectContaining({ type: 'error', code: 'capability_denied', during: 'install' }));
    expect(r.lines.at(-1)).toMatchObject({ type: 'summary', ok: false });
  });

  it('GIVEN a plugin that calls an undeclared capability THEN the denial is printed and it exits 1', async () => {
    const dir = plugin(`from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    ctx.discord.kick_member(user_id=event["author_id"], reason="no")
plugin.run()
`, ['discord:send_message']);
    const r = await cli(['run', dir, '--events', '-'], '{"event": "message_create", "payload": {"content": "hi"}}');
    expect(r.code).toBe(1);
    expect(r.lines).toContainEqual(expect.objectContaining({ type: 'denied', method: 'discord.kick_member', capability: 'discord:kick_members' }));
    expect(r.lines.at(-1)).toMatchObject({ type: 'summary', ok: false, denied: 1 });
  });

  it('GIVEN a plugin that crashes on an event THEN the crash is printed and it exits 1', async () => {
    const dir = plugin(`import os
from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    os._exit(9)
plugin.run()
`);
    const r = await cli(['run', dir, '--events', '-'], '{"event": "message_create", "payload": {"content": "boom"}}');
    expect(r.code).toBe(1);
    expect(r.lines).toContainEqual(expect.objectContaining({ type: 'error', code: 'worker_crashed', message: expect.stringContaining('exit code 9') }));
  });

  it('GIVEN a handler that raises THEN the traceback is printed as an error log and it exits 1', async () => {
    const dir = plugin(`from mmo_maid_sdk import Plugin, Context
plugin = Plugin()
@plugin.on_event("message_create")
def on_message(ctx: Context, event: dict):
    raise ValueError("bad input " + event["content"])
plugin.run()
`);
    const r = await cli(['run', dir, '--events', '-'], '{"event": "message_create", "payload": {"content": "x"}}');
    expect(r.code).toBe(1);
    const error = r.lines.find((l) => l['type'] === 'log' && l['level'] === 'error');
    expect(JSON.stringify(error)).toContain('bad input x');
  });

  it('GIVEN an invalid plugin THEN every diagnostic is printed and it exits 1 without running anything', async () => {
    const dir = join(tmp, 'invalid');
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id: 'Bad Id', version: 'one', capabilities_required: ['discord:send_mesage'] }));
    const r = await cli(['run', dir, '--json']);
    expect(r.code).toBe(1);
    const diagnostics = r.lines.filter((l) => l['type'] === 'diagnostic');
    expect(diagnostics.length).toBeGreaterThanOrEqual(3);
    expect(diagnostics.map((d) => d['code'])).toContain('layout.missing_entry');
    expect(r.lines.some((l) => l['type'] === 'status')).toBe(false);
    const text = await cli(['run', dir]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/error: .*__main__\.py/);
  });

  it('GIVEN a bad events file THEN every bad line is reported and nothing runs', async () => {
    const r = await cli(['run', 'examples/hello-plugin', '--events', '-'], '{"event": "nope"}\nnot json\n{"component": {}}\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/-:1 \/event: .*\[invalid_event\]/);
    expect(r.stderr).toMatch(/-:2: not JSON/);
    expect(r.stderr).toMatch(/-:3 \/component\/custom_id: .*\[invalid_field\]/);
  });

  it('GIVEN usage mistakes THEN it exits 2 with the usage', async () => {
    expect((await cli(['run'])).code).toBe(2);
    expect((await cli(['run', 'a', 'b'])).code).toBe(2);
    expect((await cli(['run', 'examples/hello-plugin', '--backend', 'docker-swarm'])).stderr).toMatch(/--backend must be subprocess or none/);
    expect((await cli(['run', 'examples/hello-plugin', '--server-id', 'abc'])).code).toBe(2);
    const help = await cli(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--events FILE\|-/);
  });

  it('GIVEN --backend none THEN it runs unisolated and warns on stderr', async () => {
    const r = await cli(['run', 'examples/hello-plugin', '--backend', 'none', '--events', 'examples/hello-plugin/events.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/WARNING: .*WITHOUT A SANDBOX/);
    expect(r.lines.filter((l) => l['type'] === 'action')).toHaveLength(1);
  });
});
