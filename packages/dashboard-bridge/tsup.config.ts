import { defineConfig } from 'tsup';
import { createTsupConfig } from '../../tsup.config.base.js';

// Library entries (ESM + CJS + types), plus two script-tag bundles for pages without a bundler:
// `mmo-maid-sdk.js` defines `window.MaidSDK` (seed 002), `dashboard-host.js` defines `window.MaidkitDashboard`.
const iife = { format: ['iife'] as const, platform: 'browser' as const, target: 'es2020', dts: false, clean: false, minify: true, sourcemap: false, outExtension: () => ({ js: '.js' }) };
export default defineConfig([
  createTsupConfig({ entry: ['src/index.ts', 'src/browser.ts', 'src/server.ts'], shims: true }),
  createTsupConfig({ ...iife, format: ['iife'], entry: { 'mmo-maid-sdk': 'src/client/iife.ts' }, globalName: 'MaidSDK' }),
  createTsupConfig({ ...iife, format: ['iife'], entry: { 'dashboard-host': 'src/host/iife.ts' }, globalName: 'MaidkitDashboard' }),
]);
