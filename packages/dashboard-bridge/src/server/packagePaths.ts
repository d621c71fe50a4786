import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's root, whether running from `src/server/` (tests) or from `dist/` (published). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'static', 'ui.css')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('@maidkit/dashboard-bridge: cannot find the package root (static/ui.css)');
}

/** Directory of the style pack (`ui.css`, `ui.js`, `dashboard.css`). */
export function defaultStaticDir(): string {
  return join(packageRoot(), 'static');
}

/** Directory of the browser bundles (`mmo-maid-sdk.js`, `dashboard-host.js`), built by `npm run build`. */
export function defaultBundleDir(): string {
  return join(packageRoot(), 'dist');
}
