import type { Options } from 'tsup';

/**
 * The one build recipe every package uses: ESM + CJS + .d.ts with sourcemaps, Node 20.
 * A package's tsup.config.ts calls this with its entries (and nothing else, unless it must).
 */
export function createTsupConfig(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    ...overrides,
  };
}
