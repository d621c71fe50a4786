import { makeZip, readZip } from './zip.js';
import { SigningKey } from '../../src/SigningKey.js';

export const MANIFEST = { id: 'my_plugin', name: 'My Plugin', version: '1.0.0', description: 'Pongs.', capabilities_required: ['discord:send_message'] };

/** A small but real plugin zip (seed 000 layout) and the file set read back from it. */
export function pluginZip(version = '1.0.0', extra: Record<string, string> = {}): { zipBytes: Uint8Array; files: Map<string, Uint8Array> } {
  const zipBytes = makeZip([
    { name: 'manifest.json', data: JSON.stringify({ ...MANIFEST, version }) },
    { name: '__main__.py', data: 'from mmo_maid_sdk import Plugin, Context\nplugin = Plugin()\nplugin.run()\n' },
    ...Object.entries(extra).map(([name, data]) => ({ name, data })),
  ]);
  return { zipBytes, files: readZip(zipBytes) };
}

/** Deterministic keys so failures reproduce. */
export function testKey(n: number, kid = `key-${n}`): SigningKey {
  return SigningKey.fromSeed(new Uint8Array(32).fill(n), { kid });
}

export function flipByte(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[index] = (out[index] as number) ^ mask;
  return out;
}

export const T0 = 1_800_000_000; // a fixed "now" (2027-01-15)
