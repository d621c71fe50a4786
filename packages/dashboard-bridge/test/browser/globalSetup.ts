// Build the two script-tag bundles once per test run, before any worker starts (parallel test files would
// otherwise rebuild, and overwrite, the files another file's server is reading).
import { buildBundlesNow } from './bundles.js';

export default async function setup(): Promise<void> {
  await buildBundlesNow();
}
