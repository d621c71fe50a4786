import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { maidkitAliases, packageProject } from '../../vitest.shared.js';

const base = packageProject('discordjs');

// `@maidkit/discordjs/testing` must resolve (to source) before the package-wide alias.
export default defineProject({
  ...base,
  resolve: {
    alias: [
      { find: '@maidkit/discordjs/testing', replacement: fileURLToPath(new URL('./src/testing.ts', import.meta.url)) },
      ...Object.entries(maidkitAliases).map(([find, replacement]) => ({ find, replacement })),
    ],
  },
});
