import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BASELINE_CAPABILITIES,
  CAPABILITIES,
  CAPABILITY_NAMES,
  describeCapability,
  didYouMean,
  isBaselineCapability,
  SCHEMAS,
  validateDashboardManifest,
  validateMmoManifest,
} from '../src/index.js';

const base = { id: 'my_plugin', name: 'My Plugin', version: '1.0.0', description: 'd' };

describe('capability catalogue', () => {
  it('GIVEN PROTOCOL.md §5 THEN the catalogue names exactly the capabilities its methods require', () => {
    const protocol = readFileSync(resolve(__dirname, '../../rpc-protocol/PROTOCOL.md'), 'utf8');
    const section = protocol.slice(protocol.indexOf('## 5.'), protocol.indexOf('## 6.'));
    const used = new Set([...section.matchAll(/^\| `[^`]+`[^|]*\| `([a-z:_]+)` \|/gm)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].sort()).toEqual([...CAPABILITY_NAMES].sort());
  });

  it('GIVEN the JSON Schema THEN its enum is the catalogue, in the same order', () => {
    const items = SCHEMAS['mmo-maid-manifest'].properties.capabilities_required.items as { enum: string[] };
    expect(items.enum).toEqual([...CAPABILITY_NAMES]);
  });

  it('GIVEN baseline capabilities THEN only storage:kv and metrics are baseline, and every entry has a one-line description', () => {
    expect([...BASELINE_CAPABILITIES].sort()).toEqual(['metrics', 'storage:kv']);
    expect(isBaselineCapability('storage:kv')).toBe(true);
    expect(isBaselineCapability('storage:sql')).toBe(false);
    for (const name of CAPABILITY_NAMES) {
      const d = describeCapability(name)!;
      expect(d).toMatch(/^[A-Z].+\.$/);
      expect(d).not.toContain('\n');
      expect(CAPABILITIES[name].name).toBe(name);
    }
    expect(describeCapability('discord:everything')).toBeUndefined();
  });

  it('GIVEN misspelt names THEN did-you-mean finds the intended capability', () => {
    expect(didYouMean('discord:send_mesage', CAPABILITY_NAMES)).toBe('discord:send_message');
    expect(didYouMean('Discord.Send-Message', CAPABILITY_NAMES)).toBe('discord:send_message');
    expect(didYouMean('storage_sql', CAPABILITY_NAMES)).toBe('storage:sql');
    expect(didYouMean('completely_unrelated_thing', CAPABILITY_NAMES)).toBeUndefined();
  });
});

describe('MMO Maid manifest normalization', () => {
  it('GIVEN slash_commands THEN interaction:respond is added once, with its reason', () => {
    const r = validateMmoManifest({ ...base, slash_commands: [{ name: 'ping', description: 'Ping' }] });
    expect(r.value?.capabilities_required).toEqual(['interaction:respond']);
    expect(r.value?.capabilities_added).toEqual([{ name: 'interaction:respond', reason: 'slash_commands' }]);
    const explicit = validateMmoManifest({ ...base, capabilities_required: ['interaction:respond'], slash_commands: [{ name: 'ping', description: 'Ping' }] });
    expect(explicit.value?.capabilities_required).toEqual(['interaction:respond']);
    expect(explicit.value?.capabilities_added).toEqual([]);
  });

  it('GIVEN an empty slash_commands or proxy list THEN nothing is added', () => {
    const r = validateMmoManifest({ ...base, slash_commands: [], proxy_domains_requested: [] });
    expect(r.value?.capabilities_required).toEqual([]);
  });

  it('GIVEN proxy domains THEN proxy:http is added after the declared ones and domains are lower-cased', () => {
    const r = validateMmoManifest({ ...base, capabilities_required: ['storage:sql'], proxy_domains_requested: ['API.Example.com', '*.cdn.example.org'] });
    expect(r.diagnostics).toEqual([]);
    expect(r.value?.capabilities_required).toEqual(['storage:sql', 'proxy:http']);
    expect(r.value?.proxy_domains_requested).toEqual(['api.example.com', '*.cdn.example.org']);
    expect(r.value?.tags).toEqual([]);
  });

  it('GIVEN many problems THEN all are reported at once, with pointers and hints', () => {
    const r = validateMmoManifest({ id: 'Bad Id', version: '01.0.0', capabilities_required: ['discord:send_mesage', 'proxy_http'], icon_url: 'ftp://x', extra: 1 });
    expect(r.value).toBeUndefined();
    const byCode = Object.fromEntries(r.diagnostics.map((d) => [d.code, d]));
    expect(Object.keys(byCode).sort()).toEqual(
      ['manifest.invalid_icon_url', 'manifest.invalid_id', 'manifest.invalid_version', 'manifest.missing_description', 'manifest.missing_field', 'manifest.unknown_capability', 'manifest.unknown_field'].sort(),
    );
    const caps = r.diagnostics.filter((d) => d.code === 'manifest.unknown_capability');
    expect(caps.map((d) => [d.path, d.hint])).toEqual([
      ['/capabilities_required/0', 'Did you mean "discord:send_message"?'],
      ['/capabilities_required/1', 'Did you mean "proxy:http"?'],
    ]);
    expect(byCode['manifest.unknown_field']).toMatchObject({ severity: 'warning', path: '/extra', file: 'manifest.json' });
    expect(byCode['manifest.missing_field']).toMatchObject({ path: '/name', severity: 'error' });
  });

  it('GIVEN strict mode THEN an unknown field is an error', () => {
    expect(validateMmoManifest({ ...base, homepage: 'x' }).value).toBeDefined();
    const strict = validateMmoManifest({ ...base, homepage: 'x' }, { strict: true });
    expect(strict.value).toBeUndefined();
    expect(strict.diagnostics[0]).toMatchObject({ code: 'manifest.unknown_field', severity: 'error' });
  });

  it('GIVEN slash commands breaking Discord rules THEN components\' issues appear under /slash_commands', () => {
    const r = validateMmoManifest({ ...base, slash_commands: [{ name: 'Bad Name', description: 'x' }, { name: 'ok', description: '' }, 'nope'] });
    const paths = r.diagnostics.map((d) => d.path);
    expect(paths.some((p) => p.startsWith('/slash_commands/0'))).toBe(true);
    expect(paths.some((p) => p.startsWith('/slash_commands/1'))).toBe(true);
    expect(paths.some((p) => p.startsWith('/slash_commands/2'))).toBe(true);
    expect(r.diagnostics.every((d) => d.code.startsWith('slash_commands.') || d.code.startsWith('manifest.'))).toBe(true);
  });

  it('GIVEN a semver with numbers beyond 2^53 THEN it is refused', () => {
    expect(validateMmoManifest({ ...base, version: '99999999999999999999.0.0' }).diagnostics.map((d) => d.code)).toContain('manifest.invalid_version');
    expect(validateMmoManifest({ ...base, version: '1.0.0-beta.1+build.5' }).diagnostics).toEqual([]);
  });

  it('GIVEN non-object input THEN json.not_object', () => {
    for (const v of [null, [], 'x', 3]) expect(validateMmoManifest(v).diagnostics[0]?.code).toBe('json.not_object');
  });
});

describe('dashboard manifest', () => {
  const seed = JSON.parse(readFileSync(resolve(__dirname, '../../../examples/dashboard-plugin/dashboard_manifest.json'), 'utf8')) as unknown;

  it('GIVEN the seed 002 dashboard and its four handlers THEN it validates cleanly', () => {
    const r = validateDashboardManifest(seed, { handlers: new Set(['get_active_users', 'get_messages_chart', 'get_settings', 'save_settings']) });
    expect(r.diagnostics).toEqual([]);
    expect(r.value?.pages[0]?.widgets.map((w) => w.type)).toEqual(['stat_card', 'chart', 'form']);
  });

  it('GIVEN a missing handler THEN a warning names the decorator to add', () => {
    const r = validateDashboardManifest(seed, { handlers: new Set(['get_active_users', 'get_messages_chart', 'get_settings']) });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'dashboard.handler_not_found', severity: 'warning', path: '/pages/0/widgets/2/save_method' });
    expect(r.diagnostics[0]!.hint).toContain('@plugin.on_dashboard("save_settings")');
  });

  it('GIVEN every widget type with its required fields THEN all nine validate', () => {
    const types = ['stat_card', 'chart', 'table', 'list', 'progress_bar', 'text', 'markdown', 'alert', 'form'];
    const widgets = types.map((type, i) => ({
      id: `w${i}`,
      type,
      rpc_method: `dashboard.get_${i}`,
      ...(type === 'chart' ? { chart_type: 'bar' } : {}),
      ...(type === 'form'
        ? { save_method: 'dashboard.save', fields: ['text', 'textarea', 'number', 'toggle', 'channel', 'role', 'user', 'color'].map((t) => ({ name: `f_${t}`, label: t, type: t })).concat([{ name: 'f_select', label: 's', type: 'select', options: ['a', { label: 'B', value: 2 }] } as never]) }
        : {}),
    }));
    expect(validateDashboardManifest({ pages: [{ id: 'all', title: 'All', widgets }] }).diagnostics).toEqual([]);
  });

  it('GIVEN a select option of the wrong shape THEN one diagnostic, not one per anyOf branch', () => {
    const r = validateDashboardManifest({ pages: [{ id: 'p', title: 'P', widgets: [{ id: 'f', type: 'form', rpc_method: 'dashboard.g', save_method: 'dashboard.s', fields: [{ name: 'x', label: 'X', type: 'select', options: [42] }] }] }] });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'dashboard.invalid_value', path: '/pages/0/widgets/0/fields/0/options/0' });
  });
});

describe('README', () => {
  it('lists every diagnostic code of the table', async () => {
    const { MANIFEST_CODES } = await import('../src/index.js');
    const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
    expect(Object.keys(MANIFEST_CODES).filter((c) => !readme.includes(`| \`${c}\` |`))).toEqual([]);
  });
});

describe('schemas', () => {
  it('every schema file is exported, compiles under ajv strict mode, and names only codes of the table', async () => {
    const { readdirSync } = await import('node:fs');
    const { MANIFEST_CODES, validateWithSchema } = await import('../src/index.js');
    const files = readdirSync(resolve(__dirname, '../schemas')).sort();
    expect(files).toEqual(Object.keys(SCHEMAS).map((n) => `${n}.schema.json`).sort());
    const codes: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'x-code') codes.push(...(typeof x === 'string' ? [x] : Object.values(x as Record<string, string>)));
          else walk(x);
        }
      }
    };
    for (const name of Object.keys(SCHEMAS) as Array<keyof typeof SCHEMAS>) {
      const schema = JSON.parse(readFileSync(resolve(__dirname, `../schemas/${name}.schema.json`), 'utf8')) as unknown;
      expect(schema).toEqual(SCHEMAS[name]);
      walk(schema);
      expect(Array.isArray(validateWithSchema(name, {}, 'x.json'))).toBe(true);
    }
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((c) => !Object.hasOwn(MANIFEST_CODES, c))).toEqual([]);
  });
});
