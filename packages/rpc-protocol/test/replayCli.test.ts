import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const replay = join(import.meta.dirname, '..', 'conformance', 'replay.mjs');

describe('conformance/replay.mjs as a command', () => {
  it('GIVEN no guest command THEN it prints its usage and exits 2', () => {
    const r = spawnSync(process.execPath, [replay], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: node replay\.mjs/);
  });

  it('GIVEN a guest that prints to stdout and exits THEN the vector fails, naming the stray bytes and the guest stderr', () => {
    const guest = 'import sys; print("hello, I am not a frame"); sys.stderr.write("guest log line\\n")';
    const r = spawnSync(process.execPath, [replay, '--only', 'ping', '--timeout', '1000', '--', 'python3', '-I', '-S', '-c', guest], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL ping: step 1 \(expect\): the guest wrote bytes that are not frames: "hello, I am not a frame/m);
    expect(r.stdout).toContain('guest log line');
    expect(r.stdout).not.toMatch(/^PASS/m);
  });
});
