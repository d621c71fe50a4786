import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BotError, loadConfig } from '../src/index.js';

const dir = () => mkdtempSync(join(tmpdir(), 'bot-config-'));

describe('loadConfig: environment, then maidkit-bot.json, then defaults', () => {
  it('GIVEN only DISCORD_TOKEN THEN the defaults apply (data in ./.maidkit-bot, dashboards on 8787, bubblewrap sandbox)', () => {
    const cwd = dir();
    const config = loadConfig({ DISCORD_TOKEN: 't' }, cwd);
    expect(config).toMatchObject({ token: 't', dataDir: join(cwd, '.maidkit-bot'), bundleDir: join(cwd, '.maidkit-bot', 'bundles'), dashboard: { port: 8787, host: '127.0.0.1' }, sandbox: 'subprocess' });
    expect(config.apiUrl).toBeUndefined();
  });

  it('GIVEN a config file and env overrides THEN env wins and relative paths are resolved against the working directory', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'maidkit-bot.json'), JSON.stringify({ dataDir: 'data', dashboard: { port: 9000 }, downloadHosts: ['cdn.example'] }));
    const config = loadConfig({ DISCORD_TOKEN: 't', MAIDKIT_DASHBOARD_PORT: 'off', DISCORD_API_URL: 'http://127.0.0.1:1/api' }, cwd);
    expect(config).toMatchObject({ dataDir: join(cwd, 'data'), dashboard: { port: null }, downloadHosts: ['cdn.example'], apiUrl: 'http://127.0.0.1:1/api' });
  });

  it('GIVEN many mistakes THEN one BotError lists every one of them', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'bot.json'), JSON.stringify({ token: 'leaked', colour: 'blue', downloadHosts: 'x', sandbox: 'docker' }));
    let error: unknown;
    try {
      loadConfig({ MAIDKIT_CONFIG: 'bot.json', MAIDKIT_DASHBOARD_PORT: '70000', MAIDKIT_TRUSTED_KEYS: 'missing.pub', DISCORD_API_URL: 'ftp://x' }, cwd);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BotError);
    const problems = (error as BotError).problems.join('\n');
    expect((error as BotError).code).toBe('invalid_config');
    for (const needle of ['DISCORD_TOKEN: not set', '/token: put the token in DISCORD_TOKEN', '/colour: unknown setting', '/downloadHosts', 'sandbox', '70000', 'missing.pub', 'ftp://x']) expect(problems).toContain(needle);
  });

  it('GIVEN a config file that is not JSON THEN the problem names the file', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'maidkit-bot.json'), '{ nope');
    expect(() => loadConfig({ DISCORD_TOKEN: 't' }, cwd)).toThrow(/maidkit-bot\.json: not valid JSON/);
  });
});
