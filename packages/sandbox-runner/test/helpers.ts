import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PluginHost, RecordingDiscordActions, SubprocessBackend, loadHostedPlugin, type HostEvent, type LoadedPlugin, type PluginHostOptions } from '../src/index.js';

export const FIXTURES = join(__dirname, 'fixtures');
const scratch = mkdtempSync(join(tmpdir(), 'maidkit-runner-test-'));
let counter = 0;

/** Writes a plugin folder with `code` as __main__.py (and raw_guest.py beside it for wire-level guests). */
export function pluginDir(code: string): string {
  const dir = join(scratch, `plugin-${++counter}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '__main__.py'), code);
  cpSync(join(FIXTURES, 'guests', 'raw_guest.py'), join(dir, 'raw_guest.py'));
  return dir;
}

export function cleanupScratch(): void {
  rmSync(scratch, { recursive: true, force: true });
}

/** A message_create payload with every guaranteed field. */
export function message(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { message_id: String(1_300_000_000_000_000_000n + BigInt(++counter)), channel_id: '1200000000000000001', author_id: '1100000000000000001', author_bot: false, content, timestamp: new Date().toISOString(), ...extra };
}

export interface TestHost {
  host: PluginHost;
  discord: RecordingDiscordActions;
  backend: SubprocessBackend;
  events: HostEvent[];
  close(): Promise<void>;
}

/** Loads a plugin folder (an example) once for the enclosing describe block; the getter gives it to each test. */
export function loadOnce(dir: string): () => Extract<LoadedPlugin, { ok: true }> {
  let loaded: Extract<LoadedPlugin, { ok: true }> | undefined;
  beforeAll(async () => {
    const l = await loadHostedPlugin(dir);
    if (!l.ok) throw new Error(JSON.stringify(l.diagnostics));
    loaded = l;
  });
  afterAll(() => loaded?.dispose());
  return () => {
    if (!loaded) throw new Error(`${dir} is not loaded`);
    return loaded;
  };
}

export function makeHost(options: Partial<Omit<PluginHostOptions, 'backend' | 'discord'>> = {}): TestHost {
  const backend = new SubprocessBackend();
  const discord = new RecordingDiscordActions();
  const host = new PluginHost({ backend, discord, ...options });
  const events: HostEvent[] = [];
  host.subscribe((e) => events.push(e));
  return {
    host,
    discord,
    backend,
    events,
    async close() {
      await host.close();
      await backend.close();
    },
  };
}

/** Polls until `predicate` holds (or throws after `timeoutMs`). */
export async function waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// The seed samples live once, as the runnable examples.
export const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
export const HELLO = join(EXAMPLES, 'hello-plugin');
export const LIFECYCLE = join(EXAMPLES, 'lifecycle-plugin');
export const helloPlugin = { id: 'my_plugin', version: '1.0.0', dir: HELLO, capabilities: ['discord:send_message'] };
