import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const PKG = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLES = join(PKG, 'test-results', 'bundles');

/** Build `mmo-maid-sdk.js` and `dashboard-host.js` from source (the entries tsup.config.ts ships) into BUNDLES. */
export async function buildBundlesNow(): Promise<void> {
  mkdirSync(BUNDLES, { recursive: true });
  const common = { format: ['iife' as const], platform: 'browser' as const, target: 'es2020', outDir: BUNDLES, dts: false, clean: false, silent: true, config: false, sourcemap: false, minify: false, outExtension: () => ({ js: '.js' }),
    // From source, like the rest of the bundle: the tests must not depend on a built @maidkit/manifest.
    esbuildOptions: (o: { alias?: Record<string, string> }) => void (o.alias = { '@maidkit/manifest/dashboard': join(PKG, '../manifest/src/dashboard/validateWidgetResult.ts') }) };
  await build({ ...common, entry: { 'mmo-maid-sdk': join(PKG, 'src/client/iife.ts') }, globalName: 'MaidSDK' });
  await build({ ...common, entry: { 'dashboard-host': join(PKG, 'src/host/iife.ts') }, globalName: 'MaidkitDashboard' });
}
