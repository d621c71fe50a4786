import { existsSync } from 'node:fs';
import { describe } from 'vitest';
import { SubprocessBackend } from '../../src/backends/subprocess/SubprocessBackend.js';
import { resolvePython } from '../../src/resolvePython.js';
import { defineEscapeSuite } from './escapeContract.js';

const hasBwrap = existsSync('/usr/bin/bwrap');
if (!hasBwrap) {
  if (process.env.CI === 'true') throw new Error('the escape suite needs bubblewrap in CI (apt-get install bubblewrap)');
  console.warn('\n*** SKIPPING the bwrap escape suite: bubblewrap is not installed ***\n');
}

describe.skipIf(!hasBwrap)('subprocess', () => {
  defineEscapeSuite({
    name: 'subprocess (bwrap) backend',
    makeBackend: () => new SubprocessBackend(),
    python: resolvePython(),
  });
});
