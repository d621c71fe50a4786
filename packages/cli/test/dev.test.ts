import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';

const repo = resolve(__dirname, '../../..');

async function dev(argv: string[], input: string[]) {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, stdin, cwd: repo, env: {} };
  let finished = false;
  // The terminal REPL (the default is the browser playground: dev-browser.test.ts).
  const done = main(['dev', '--tty', ...argv], io).finally(() => (finished = true));
  // Type one line at a time, as a person would, once the plugin is up.
  const deadline = Date.now() + 10_000;
  while (!finished && !stdout.includes('is running') && !stdout.includes('"status":"running"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const line of input) stdin.write(`${line}\n`);
  stdin.end();
  const code = await done;
  return { code, stdout, stderr };
}

describe('maidkit dev', () => {
  it('GIVEN typed messages THEN "!ping" comes back as a send_message Pong! and the plugin logs show', async () => {
    const r = await dev(['examples/hello-plugin'], ['hello there', '!ping']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[info] Plugin booted on server 100000000000000000');
    const pongs = r.stdout.split('\n').filter((l) => l.startsWith('← discord.send_message'));
    expect(pongs).toEqual(['← discord.send_message {"channel_id":"100000000000000001","content":"Pong!"}']);
  });

  it('GIVEN --json and commands THEN every line is JSON, /event sends any event, /disable runs the hook, unknown commands are explained', async () => {
    const r = await dev(['examples/lifecycle-plugin', '--json'], ['/event {"event": "member_join", "payload": {"username": "ann"}}', '/bogus', '/disable', '/enable', '/quit']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l['type'] === 'log').map((l) => l['message'])).toEqual(['installed on 100000000000000000', 're-enabled', 're-enabled']);
    expect(lines).toContainEqual(expect.objectContaining({ type: 'dev', message: expect.stringContaining('unknown command /bogus') }));
    expect(lines.filter((l) => l['type'] === 'status').map((l) => l['status'])).toContain('stopped');
  });

  it('GIVEN an invalid plugin or --events THEN it refuses', async () => {
    expect((await dev(['examples/hello-plugin', '--events', 'x'], [])).code).toBe(2);
    expect((await dev([resolve(repo, 'packages')], [])).code).toBe(1);
  });
});
