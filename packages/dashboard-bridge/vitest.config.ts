import { defineProject } from 'vitest/config';
import { packageProject } from '../../vitest.shared.js';

// Real-browser tests share two cores with the rest of the suite: give them room before timing out.
export default defineProject(packageProject('dashboard-bridge', { testTimeout: 60_000 }));
