import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Subpath exports (`@maidkit/<pkg>/<entry>`) and the source file each one builds from. */
const SUBPATHS: Record<string, string> = {
  '@maidkit/dashboard-bridge/server': 'packages/dashboard-bridge/src/server.ts',
  '@maidkit/dashboard-bridge/browser': 'packages/dashboard-bridge/src/browser.ts',
  '@maidkit/discordjs/testing': 'packages/discordjs/src/testing.ts',
  '@maidkit/manifest/dashboard': 'packages/manifest/src/dashboard/validateWidgetResult.ts',
};

/**
 * `@maidkit/<pkg>` → that package's `src/index.ts`, so tests run against source without a build. Subpaths
 * come first: an alias also matches the imports below it, so `@maidkit/manifest` would swallow
 * `@maidkit/manifest/dashboard`.
 */
export const maidkitAliases: { find: string; replacement: string }[] = [
  ...Object.entries(SUBPATHS).map(([find, file]) => ({ find, replacement: resolve(root, file) })),
  ...readdirSync(resolve(root, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({ find: `@maidkit/${d.name}`, replacement: resolve(root, 'packages', d.name, 'src/index.ts') })),
];

/** A package's vitest project: its name, tests under `test/`, `@maidkit/*` aliased to source. */
export function packageProject(name: string, test: Record<string, unknown> = {}) {
  return {
    resolve: { alias: maidkitAliases },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
    },
  };
}
