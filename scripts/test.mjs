#!/usr/bin/env node
// The whole test suite: every package's vitest project, then the Python guest SDK's unittest suite.
// Prints one closing line `tests: N passed, M failed` so CI (and people) read one verdict.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const report = resolve(root, '.vitest-results.json');
rmSync(report, { force: true });

const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } },
);
let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
} else {
  failed += 1; // vitest did not even produce a report
}
if (vitest.status !== 0 && failed === 0) failed += 1;

// Python: the guest SDK's tests, with the same interpreter the runner resolves.
const pyTests = resolve(root, 'packages/sandbox-runner/python/tests');
if (existsSync(pyTests)) {
  const py = spawnSync(
    process.env.MAIDKIT_PYTHON ?? 'python3',
    ['-m', 'unittest', 'discover', '-s', pyTests, '-t', resolve(root, 'packages/sandbox-runner/python'), '-v'],
    { cwd: root, encoding: 'utf8', env: process.env },
  );
  process.stdout.write(py.stdout);
  process.stderr.write(py.stderr);
  const ran = /Ran (\d+) tests?/.exec(py.stderr);
  const bad = /FAILED \((?:failures=(\d+))?(?:, )?(?:errors=(\d+))?/.exec(py.stderr);
  const total = ran ? Number(ran[1]) : 0;
  const pyFailed = bad ? Number(bad[1] ?? 0) + Number(bad[2] ?? 0) : py.status === 0 ? 0 : 1;
  passed += total - (bad ? pyFailed : 0);
  failed += pyFailed;
  if (total === 0) failed += 1;
}

console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && vitest.status === 0 ? 0 : 1;
