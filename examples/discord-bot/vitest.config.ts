import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { maidkitAliases, packageProject } from '../../vitest.shared.js';

const base = packageProject('discord-bot', { testTimeout: 60_000 });

// Subpath entries (`/server`, `/testing`) must resolve before the package-wide aliases.
export default defineProject({
  ...base,
  resolve: {
    alias: [
      { find: '@maidkit/dashboard-bridge/server', replacement: fileURLToPath(new URL('../../packages/dashboard-bridge/src/server.ts', import.meta.url)) },
      { find: '@maidkit/discordjs/testing', replacement: fileURLToPath(new URL('../../packages/discordjs/src/testing.ts', import.meta.url)) },
      ...Object.entries(maidkitAliases).map(([find, replacement]) => ({ find, replacement })),
    ],
  },
});
