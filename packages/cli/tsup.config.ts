import { defineConfig } from 'tsup';
import { createTsupConfig } from '../../tsup.config.base.js';

// The bin is ESM only (it is run, not imported) and code-split, so each command's dynamic import stays a
// separate chunk: `maidkit validate` never loads the runner. The library entry is dual.
export default defineConfig([
  createTsupConfig(),
  createTsupConfig({ entry: ['src/bin.ts'], format: ['esm'], dts: false, clean: false, splitting: true, banner: { js: '#!/usr/bin/env node' } }),
]);
