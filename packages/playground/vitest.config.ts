import { defineProject } from 'vitest/config';
import { packageProject } from '../../vitest.shared.js';

// Real-browser tests share two cores with the rest of the suite: give them room. globalSetup builds the
// dashboard-bridge script-tag bundles once (the page embeds dashboards with them).
export default defineProject(packageProject('playground', { testTimeout: 60_000, globalSetup: ['test/globalSetup.ts'] }));
