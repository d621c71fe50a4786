import { defineConfig } from 'tsup';
import { createTsupConfig } from '../../tsup.config.base.js';

// The bin is ESM only (it is run, not imported); the library entry is dual.
export default defineConfig([
  createTsupConfig(),
  createTsupConfig({ entry: ['src/bin.ts'], format: ['esm'], dts: false, clean: false, banner: { js: '#!/usr/bin/env node' } }),
]);
