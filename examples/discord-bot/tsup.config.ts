import { defineConfig } from 'tsup';
import { createTsupConfig } from '../../tsup.config.base.js';

// The bot is an application: one ESM entry to run (`npm start`), the maidkit packages resolved from their builds.
export default defineConfig(createTsupConfig({ entry: ['src/main.ts', 'src/index.ts'], format: ['esm'], dts: false }));
