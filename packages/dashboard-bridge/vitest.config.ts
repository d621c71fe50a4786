import { defineProject } from 'vitest/config';
import { packageProject } from '../../vitest.shared.js';

// Real-browser tests share two cores with the rest of the suite: give them room before timing out.
// globalSetup builds the script-tag bundles once, before the test files run in parallel.
export default defineProject(packageProject('dashboard-bridge', { testTimeout: 60_000, globalSetup: ['test/browser/globalSetup.ts'] }));
