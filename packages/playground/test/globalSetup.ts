// Build the dashboard script bundles once per run, before test files start in parallel.
import { buildBundles } from './bundles.js';

export default async function setup(): Promise<void> {
  await buildBundles(true);
}
