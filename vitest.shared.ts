import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = fileURLToPath(new URL('.', import.meta.url));

/** `@maidkit/<pkg>` → that package's `src/index.ts`, so tests run against source without a build. */
export const maidkitAliases: Record<string, string> = Object.fromEntries(
  readdirSync(resolve(root, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => [`@maidkit/${d.name}`, resolve(root, 'packages', d.name, 'src/index.ts')]),
);

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
