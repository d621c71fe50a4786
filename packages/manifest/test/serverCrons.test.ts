import { describe, expect, it } from 'vitest';
import { validateMmoManifest } from '../src/index.js';
import { cronSpecIssues } from '../src/cronSpec.js';

const base = { id: 'stats', name: 'Stats', version: '1.0.0', description: 'd' };

describe('server_crons in manifest.json', () => {
  it('GIVEN the seed cron specs THEN they are accepted, trimmed and normalized; no server_crons is []', () => {
    const r = validateMmoManifest({
      ...base,
      server_crons: [
        { name: 'weekly_report', spec: '0 9 * * 1' },
        { name: 'heartbeat', spec: '*/15 * * * *' },
        { name: 'monthly_rollup', spec: ' 30 0 1 * * ' },
        { name: 'busy_hours', spec: '0 8-17/3 * * 1-5' },
      ],
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.value?.server_crons).toEqual([
      { name: 'weekly_report', spec: '0 9 * * 1' },
      { name: 'heartbeat', spec: '*/15 * * * *' },
      { name: 'monthly_rollup', spec: '30 0 1 * *' },
      { name: 'busy_hours', spec: '0 8-17/3 * * 1-5' },
    ]);
    expect(validateMmoManifest(base).value?.server_crons).toEqual([]);
  });

  it('GIVEN bad specs, names, shapes and duplicates THEN every problem is reported at once, with its path', () => {
    const r = validateMmoManifest({
      ...base,
      server_crons: [
        { name: 'a', spec: '60 * * * *' },
        { name: 'b', spec: '* * * *' },
        { name: 'c', spec: '0 0 * * MON' },
        { name: 'not a name', spec: '* * * * *' },
        { name: 'd' },
        { name: 'e', spec: '* * * * *', every: 5 },
        'nightly',
        { name: 'a', spec: '0 0 * * *' },
      ],
    });
    const found = r.diagnostics.map((d) => [d.code, d.path, d.severity]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['manifest.invalid_cron', '/server_crons/0/spec', 'error'],
        ['manifest.invalid_cron', '/server_crons/1/spec', 'error'],
        ['manifest.invalid_cron', '/server_crons/2/spec', 'error'],
        ['manifest.invalid_value', '/server_crons/3/name', 'error'],
        ['manifest.missing_field', '/server_crons/4/spec', 'error'],
        ['manifest.unknown_field', '/server_crons/5/every', 'warning'],
        ['manifest.wrong_type', '/server_crons/6', 'error'],
        ['manifest.duplicate_item', '/server_crons/7/name', 'warning'],
      ]),
    );
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.find((d) => d.path === '/server_crons/0/spec')?.message).toMatch(/minute "60": out of range 0-59/);
  });

  it('GIVEN the grammar edges THEN the validator agrees with the SDK: names, 7, L, ?, six fields and N/S are refused', () => {
    for (const ok of ['* * * * *', '0,30 * 15 6 *', '5-20/5 * * * *', '0 0 29 2 *', '59 23 28-31 2 *', '15 10 * * */2', '0 0 * * 0,6']) expect(cronSpecIssues(ok)).toEqual([]);
    for (const bad of ['60 * * * *', '* 24 * * *', '* * 0 * *', '* * 32 * *', '* * * 13 *', '* * * * 7', '5-2 * * * *', '*/0 * * * *', 'a * * * *', '* * L * *', '* * ? * *', '0 0 * * * *', '5/10 * * * *', '', '1-2-3 * * * *', '*/5/2 * * * *']) {
      expect(cronSpecIssues(bad), bad).not.toEqual([]);
    }
  });
});
