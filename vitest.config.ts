import { defineConfig } from 'vitest/config';
import { maidkitAliases } from './vitest.shared.js';

// One config for the whole suite: every package is a project, and `@maidkit/*` resolves to source.
export default defineConfig({
  resolve: { alias: maidkitAliases },
  test: {
    projects: ['packages/*/vitest.config.ts', 'examples/*/vitest.config.ts'],
  },
});
