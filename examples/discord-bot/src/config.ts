import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { BotError } from './BotError.js';

/** Everything the bot is configured with (environment first, then the JSON config file, then defaults). */
export interface BotConfig {
  /** The bot token (`DISCORD_TOKEN`); never read from the config file, so it stays out of version control. */
  token: string;
  /** Install state, KV, extracted bundles, accepted versions (`MAIDKIT_DATA_DIR`, default `./.maidkit-bot`). */
  dataDir: string;
  /** Discord's REST base (`DISCORD_API_URL`; default Discord's own). Tests point it at the stand-in. */
  apiUrl?: string;
  /** `/plugins install path:` is resolved inside this folder only (`MAIDKIT_BUNDLE_DIR`, default `<dataDir>/bundles`). */
  bundleDir: string;
  /** Hosts `/plugins install url:` may download from (Discord's attachment CDN by default). */
  downloadHosts: string[];
  /** Trust file or `.pub` key (`MAIDKIT_TRUSTED_KEYS`): when set, only bundles signed by it install. */
  trustedKeys?: string;
  /** Dashboards: port (`MAIDKIT_DASHBOARD_PORT`, 0 = any free port; null = off) and the address to bind. */
  dashboard: { port: number | null; host: string };
  /** `subprocess` (bubblewrap, default) or `none` (no sandbox: your own code only). */
  sandbox: 'subprocess' | 'none';
}

const FILE_KEYS = new Set(['dataDir', 'apiUrl', 'bundleDir', 'downloadHosts', 'trustedKeys', 'dashboard', 'sandbox']);

/**
 * Reads the configuration from `env` and an optional JSON file (`MAIDKIT_CONFIG`, default
 * `maidkit-bot.json` in `cwd` when present). Every problem is reported at once in one `BotError`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): BotConfig {
  const problems: string[] = [];
  const path = env['MAIDKIT_CONFIG'] ? resolve(cwd, env['MAIDKIT_CONFIG']) : resolve(cwd, 'maidkit-bot.json');
  let file: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) problems.push(`${path}: must hold a JSON object`);
      else file = parsed as Record<string, unknown>;
    } catch (error) {
      problems.push(`${path}: not valid JSON (${(error as Error).message})`);
    }
  } else if (env['MAIDKIT_CONFIG']) {
    problems.push(`MAIDKIT_CONFIG: ${path} does not exist`);
  }
  for (const key of Object.keys(file)) {
    if (key === 'token') problems.push(`${path}: /token: put the token in DISCORD_TOKEN, not in a file`);
    else if (!FILE_KEYS.has(key)) problems.push(`${path}: /${key}: unknown setting (known: ${[...FILE_KEYS].join(', ')})`);
  }
  const str = (envName: string, key: string): string | undefined => {
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    const v = file[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') {
      problems.push(`${path}: /${key}: must be a non-empty string`);
      return undefined;
    }
    return v;
  };
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));

  const token = env['DISCORD_TOKEN'] ?? '';
  if (token === '') problems.push('DISCORD_TOKEN: not set (the bot token from the Discord developer portal)');
  const dataDir = abs(str('MAIDKIT_DATA_DIR', 'dataDir') ?? '.maidkit-bot');
  const apiUrl = str('DISCORD_API_URL', 'apiUrl');
  if (apiUrl !== undefined && !/^https?:\/\/[^/]+/.test(apiUrl)) problems.push(`DISCORD_API_URL / apiUrl: "${apiUrl}" is not an http(s) URL`);
  const trustedKeys = str('MAIDKIT_TRUSTED_KEYS', 'trustedKeys');
  if (trustedKeys !== undefined && !existsSync(abs(trustedKeys))) problems.push(`MAIDKIT_TRUSTED_KEYS / trustedKeys: ${abs(trustedKeys)} does not exist`);

  let downloadHosts = ['cdn.discordapp.com', 'media.discordapp.net'];
  if (file['downloadHosts'] !== undefined) {
    const v = file['downloadHosts'];
    if (!Array.isArray(v) || v.some((h) => typeof h !== 'string' || h === '')) problems.push(`${path}: /downloadHosts: must be an array of host names`);
    else downloadHosts = v as string[];
  }

  const dashboardFile = (file['dashboard'] ?? {}) as Record<string, unknown>;
  if (typeof dashboardFile !== 'object' || Array.isArray(dashboardFile)) problems.push(`${path}: /dashboard: must be an object {port, host}`);
  const portText = env['MAIDKIT_DASHBOARD_PORT'] ?? (dashboardFile['port'] === null ? 'off' : dashboardFile['port'] === undefined ? '8787' : String(dashboardFile['port']));
  let port: number | null = null;
  if (portText !== 'off') {
    port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      problems.push(`MAIDKIT_DASHBOARD_PORT / dashboard.port: "${portText}" is not a port (0–65535, or "off")`);
      port = null;
    }
  }
  const host = typeof dashboardFile['host'] === 'string' ? dashboardFile['host'] : '127.0.0.1';

  const sandbox = str('MAIDKIT_SANDBOX', 'sandbox') ?? 'subprocess';
  if (sandbox !== 'subprocess' && sandbox !== 'none') problems.push(`MAIDKIT_SANDBOX / sandbox: "${sandbox}" must be "subprocess" or "none"`);

  if (problems.length > 0) {
    throw new BotError('invalid_config', `the bot's configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n- ${problems.join('\n- ')}`, { problems, hint: 'see examples/discord-bot/README.md, "Configuration"' });
  }
  return {
    token,
    dataDir,
    ...(apiUrl === undefined ? {} : { apiUrl }),
    bundleDir: abs(str('MAIDKIT_BUNDLE_DIR', 'bundleDir') ?? resolve(dataDir, 'bundles')),
    downloadHosts,
    ...(trustedKeys === undefined ? {} : { trustedKeys: abs(trustedKeys) }),
    dashboard: { port, host },
    sandbox: sandbox as BotConfig['sandbox'],
  };
}
