#!/usr/bin/env node
// The main job on embedded defaults: validate every example plugin, then run the seed's hello plugin
// in the real sandbox (bubblewrap + Python) with a scripted message, printing what it did.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = resolve(root, 'packages/cli/dist/bin.js');
const maidkit = (...args) => spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;

let failed = 0;
const examples = readdirSync(resolve(root, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(resolve(root, 'examples', d.name, 'manifest.json')))
  .map((d) => `examples/${d.name}`);
for (const dir of examples) {
  console.log(`\n$ maidkit validate ${dir}`);
  if (maidkit('validate', dir) !== 0) failed++;
}

console.log('\n$ maidkit run examples/hello-plugin --events examples/hello-plugin/events.jsonl');
if (maidkit('run', 'examples/hello-plugin', '--events', 'examples/hello-plugin/events.jsonl') !== 0) failed++;

process.exitCode = failed === 0 ? 0 : 1;
