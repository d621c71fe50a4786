import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSignedRelease, signRelease } from '../src/release.js';
import { compareSemver, parseSemver } from '../src/semver.js';
import { JsonFileVersionState } from '../src/state/JsonFileVersionState.js';
import { MemoryVersionState } from '../src/state/MemoryVersionState.js';
import { SqliteVersionState } from '../src/state/SqliteVersionState.js';
import type { VersionStateStore } from '../src/state/VersionStateStore.js';
import { TrustSet } from '../src/TrustSet.js';
import { verifyBundle } from '../src/verifyBundle.js';
import { pluginZip, T0, testKey } from './helpers/fixtures.js';

const key = testKey(1);
const trust = new TrustSet({ keys: [{ kid: key.kid, publicKey: key.publicKey }] });

function release(version: string, capabilities = ['discord:send_message'], extra: Record<string, string> = {}) {
  const { zipBytes, files } = pluginZip(version, extra);
  return { zipBytes, files, statement: encodeSignedRelease(signRelease({ pluginId: 'my_plugin', version, zipBytes, files, capabilities, issuedAt: T0, expiresIn: 86_400 }, key)) };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'maidkit-state-'));
const stores: [string, () => VersionStateStore][] = [
  ['memory', () => new MemoryVersionState()],
  ['JSON file', () => new JsonFileVersionState(join(tmp(), 'accepted.json'))],
  ['SQLite', () => new SqliteVersionState(join(tmp(), 'accepted.db'))],
];

describe.each(stores)('version policy with the %s state store', (_name, make) => {
  it('GIVEN 1.1.0 accepted THEN a genuine, unexpired 1.0.0 statement is refused as a rollback', async () => {
    const state = make();
    await verifyBundle({ ...release('1.1.0'), trust, state, now: T0 });
    await expect(verifyBundle({ ...release('1.0.0'), trust, state, now: T0 })).rejects.toMatchObject({ code: 'rollback' });
    await expect(verifyBundle({ ...release('1.1.0-rc.1'), trust, state, now: T0 })).rejects.toMatchObject({ code: 'rollback' });
  });

  it('GIVEN the same version again THEN it is accepted; with other content it is version_conflict', async () => {
    const state = make();
    await verifyBundle({ ...release('1.0.0'), trust, state, now: T0 });
    expect((await verifyBundle({ ...release('1.0.0'), trust, state, now: T0 })).decision?.kind).toBe('same');
    await expect(verifyBundle({ ...release('1.0.0', undefined, { 'requirements.txt': 'x' }), trust, state, now: T0 })).rejects.toMatchObject({ code: 'version_conflict' });
  });

  it('GIVEN a MAJOR bump THEN consent_required_major until reconsent, and nothing is recorded while refused', async () => {
    const state = make();
    await verifyBundle({ ...release('1.4.2'), trust, state, now: T0 });
    await expect(verifyBundle({ ...release('2.0.0'), trust, state, now: T0 })).rejects.toMatchObject({ code: 'consent_required_major' });
    expect((await state.get('my_plugin'))?.version).toBe('1.4.2');
    const ok = await verifyBundle({ ...release('2.0.0'), trust, state, now: T0, reconsent: true });
    expect(ok.decision).toMatchObject({ kind: 'update', majorBump: true });
    expect((await state.get('my_plugin'))?.version).toBe('2.0.0');
  });

  it('GIVEN a minor update asking for a new capability THEN consent_required_capabilities until reconsent', async () => {
    const state = make();
    await verifyBundle({ ...release('1.0.0'), trust, state, now: T0 });
    const more = release('1.1.0', ['discord:send_message', 'storage:sql']);
    await expect(verifyBundle({ ...more, trust, state, now: T0 })).rejects.toMatchObject({ code: 'consent_required_capabilities' });
    expect((await verifyBundle({ ...more, trust, state, now: T0, reconsent: true })).decision?.addedCapabilities).toEqual(['storage:sql']);
    // Dropping a capability needs no consent.
    expect((await verifyBundle({ ...release('1.2.0', []), trust, state, now: T0 })).decision?.kind).toBe('update');
  });

  it('GIVEN commit: false THEN the check runs but nothing is recorded', async () => {
    const state = make();
    await verifyBundle({ ...release('1.0.0'), trust, state, now: T0, commit: false });
    expect(await state.get('my_plugin')).toBeUndefined();
  });
});

describe('durable state', () => {
  it('GIVEN a SQLite state file reopened (a restart) THEN the rollback is still refused', async () => {
    const path = join(tmp(), 'accepted.db');
    const first = new SqliteVersionState(path);
    await verifyBundle({ ...release('1.1.0'), trust, state: first, now: T0 });
    first.close();
    const second = new SqliteVersionState(path);
    await expect(verifyBundle({ ...release('1.0.0'), trust, state: second, now: T0 })).rejects.toMatchObject({ code: 'rollback' });
    second.close();
  });

  it('GIVEN a JSON state file reopened THEN the rollback is still refused; a corrupt file is state_store_failed, not an empty state', async () => {
    const path = join(tmp(), 'accepted.json');
    await verifyBundle({ ...release('1.1.0'), trust, state: new JsonFileVersionState(path), now: T0 });
    await expect(verifyBundle({ ...release('1.0.0'), trust, state: new JsonFileVersionState(path), now: T0 })).rejects.toMatchObject({ code: 'rollback' });
    writeFileSync(path, '{not json');
    await expect(verifyBundle({ ...release('1.0.0'), trust, state: new JsonFileVersionState(path), now: T0 })).rejects.toMatchObject({ code: 'state_store_failed' });
  });

  it('GIVEN a store that throws THEN state_store_failed with the cause', async () => {
    const broken: VersionStateStore = { get: () => Promise.reject(new Error('disk gone')), put: () => undefined };
    await expect(verifyBundle({ ...release('1.0.0'), trust, state: broken, now: T0 })).rejects.toMatchObject({ code: 'state_store_failed' });
  });
});

describe('SemVer precedence', () => {
  it('orders versions as semver.org §11 does', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.10.0', '2.0.0'];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareSemver(parseSemver(ordered[i - 1]!)!, parseSemver(ordered[i]!)!)).toBe(-1);
      expect(compareSemver(parseSemver(ordered[i]!)!, parseSemver(ordered[i - 1]!)!)).toBe(1);
    }
    expect(compareSemver(parseSemver('1.0.0+build.1')!, parseSemver('1.0.0+build.2')!)).toBe(0);
    for (const bad of ['1.0', '01.0.0', '1.0.0-', 'v1.0.0', '1.0.0:1', '1.0.0-01']) expect(parseSemver(bad)).toBeUndefined();
  });
});
