import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const PKG = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BRIDGE = resolve(PKG, '../dashboard-bridge');
export const BUNDLES = join(PKG, 'test-results', 'bundles');

/** dashboard-bridge's two script-tag bundles, built from its source (the entries its tsup.config.ts ships). */
export async function buildBundles(force = false): Promise<string> {
  if (!force && existsSync(join(BUNDLES, 'dashboard-host.js')) && existsSync(join(BUNDLES, 'mmo-maid-sdk.js'))) return BUNDLES;
  mkdirSync(BUNDLES, { recursive: true });
  const common = { format: ['iife' as const], platform: 'browser' as const, target: 'es2020', outDir: BUNDLES, dts: false, clean: false, silent: true, config: false, sourcemap: false, minify: false, outExtension: () => ({ js: '.js' }),
    // From source, like the rest of the bundle: the tests must not depend on a built @maidkit/manifest.
    esbuildOptions: (o: { alias?: Record<string, string> }) => void (o.alias = { '@maidkit/manifest/dashboard': join(BRIDGE, '../manifest/src/dashboard/validateWidgetResult.ts') }) };
  await build({ ...common, entry: { 'mmo-maid-sdk': join(BRIDGE, 'src/client/iife.ts') }, globalName: 'MaidSDK' });
  await build({ ...common, entry: { 'dashboard-host': join(BRIDGE, 'src/host/iife.ts') }, globalName: 'MaidkitDashboard' });
  return BUNDLES;
}
