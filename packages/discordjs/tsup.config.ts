import { defineConfig } from 'tsup';
import { createTsupConfig } from '../../tsup.config.base.js';

// Two entries: the bridge, and `/testing` (the local Discord stand-in, which alone needs `ws`).
export default defineConfig(createTsupConfig({ entry: ['src/index.ts', 'src/testing.ts'], external: ['discord.js', 'ws'] }));
