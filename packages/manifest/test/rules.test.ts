/**
 * One failing fixture per rule: each row builds the smallest input that breaks exactly that rule and
 * expects its code. A final test checks the table covers every code in MANIFEST_CODES.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MANIFEST_CODES,
  parseJsonFile,
  parseRequirements,
  readPlugin,
  staticCheck,
  validateCasaManifest,
  validateDashboardManifest,
  validateMcdrMetadata,
  validateMmoManifest,
  type Diagnostic,
} from '../src/index.js';
import { casaManifest, CASA_CODE, HELLO_MAIN, mmoManifest, scratch, zipOf } from './helpers/fixtures.js';

const fs = scratch('rules');
afterAll(() => fs.cleanup());

const base = { id: 'my_plugin', name: 'My Plugin', version: '1.0.0', description: 'd' };
const mmo = (m: Record<string, unknown>) => validateMmoManifest({ ...base, ...m }).diagnostics;
const mmoWithout = (key: string) => {
  const m: Record<string, unknown> = { ...base };
  delete m[key];
  return validateMmoManifest(m).diagnostics;
};
const widget = (w: Record<string, unknown>) => ({ pages: [{ id: 'p', title: 'P', widgets: [{ id: 'w', type: 'stat_card', rpc_method: 'dashboard.get', ...w }] }] });
const dash = (d: unknown, handlers?: string[]) => validateDashboardManifest(d, handlers ? { handlers: new Set(handlers) } : {}).diagnostics;
const casa = (m: Record<string, unknown>, code = CASA_CODE) => validateCasaManifest(casaManifest(m), { pluginSource: code }).diagnostics;
const mcdrMeta = (m: unknown, solo = false) => validateMcdrMetadata(m, solo ? { solo, fallbackId: 'x' } : {}).diagnostics;
const mmoDir = (files: Record<string, string | Uint8Array | { symlink: string }>) =>
  readPlugin(fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN, ...files })).then((b) => b.diagnostics);
const mcdrDir = (files: Record<string, string | Uint8Array>, id = 'my_plugin') =>
  readPlugin(fs.dir({ 'mcdreforged.plugin.json': JSON.stringify({ id, version: '1.0.0' }), [`${id}/__init__.py`]: '', ...files })).then((b) => b.diagnostics);

type Case = [code: string, run: () => Diagnostic[] | Promise<Diagnostic[]>, note?: string];

const cases: Case[] = [
  // source
  ['source.not_found', () => readPlugin(join(fs.root, 'missing')).then((b) => b.diagnostics)],
  ['source.unsupported', () => {
    const fifo = join(fs.root, 'a-fifo');
    execFileSync('mkfifo', [fifo]);
    return readPlugin(fifo).then((b) => b.diagnostics);
  }],
  ['source.unreadable', () => readPlugin(fs.dir({ dangling: { symlink: '/nonexistent/target' } }) + '/dangling').then((b) => b.diagnostics)],
  ['source.unknown_format', () => readPlugin(fs.dir({ 'README.md': '# hi' })).then((b) => b.diagnostics)],
  // json
  ['json.invalid_utf8', () => parseJsonFile(new Uint8Array([0x7b, 0xff, 0x7d]), 'manifest.json').diagnostics],
  ['json.syntax', () => parseJsonFile('{"id": "x",}', 'manifest.json').diagnostics],
  ['json.not_object', () => mmoDir({ 'manifest.json': '[1, 2]' })],
  ['json.duplicate_key', () => parseJsonFile('{"a": 1, "a": 2}', 'manifest.json').diagnostics],
  // layout
  ['layout.missing_manifest', () => readPlugin(fs.dir({ '__main__.py': HELLO_MAIN })).then((b) => b.diagnostics)],
  ['layout.missing_entry', () => readPlugin(fs.dir({ 'manifest.json': mmoManifest() })).then((b) => b.diagnostics)],
  ['layout.unexpected_file', () => mmoDir({ 'notes.txt': 'x' })],
  ['layout.dashboard_missing_index', () => mmoDir({ 'dashboard/app.js': '' })],
  ['layout.too_many_files', () => readPlugin(fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN, 'dashboard/index.html': '' }), { limits: { maxEntries: 2 } }).then((b) => b.diagnostics)],
  ['layout.too_large', () => readPlugin(fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN + '#'.repeat(500) }), { limits: { maxUncompressedBytes: 400, maxEntryBytes: 1000 } }).then((b) => b.diagnostics)],
  ['layout.file_too_large', () => readPlugin(fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN + '#'.repeat(500) }), { limits: { maxEntryBytes: 300 } }).then((b) => b.diagnostics)],
  ['layout.symlink_escape', () => mmoDir({ 'dashboard/index.html': { symlink: '/etc/passwd' } })],
  ['layout.symlink_directory', () => mmoDir({ 'dashboard/index.html': '', 'dashboard/loop': { symlink: '.' } })],
  ['layout.not_regular_file', () => {
    const dir = fs.dir({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN });
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    return readPlugin(dir).then((b) => b.diagnostics);
  }],
  ['layout.ignored_file', () => mmoDir({ '__pycache__/x.cpython-311.pyc': 'x' })],
  ['layout.invalid_utf8', () => mmoDir({ '__main__.py': new Uint8Array([0x23, 0xc3, 0x28, 0x0a]) })],
  // manifest
  ['manifest.missing_field', () => mmoWithout('name')],
  ['manifest.wrong_type', () => mmo({ tags: 'fun' })],
  ['manifest.unknown_field', () => mmo({ capabilites_required: [] })],
  ['manifest.invalid_value', () => mmo({ proxy_domains_requested: ['a'.repeat(254)] })],
  ['manifest.invalid_id', () => mmo({ id: 'My Plugin' })],
  ['manifest.invalid_name', () => mmo({ name: '   ' })],
  ['manifest.invalid_version', () => mmo({ version: 'v1.0' })],
  ['manifest.missing_description', () => mmoWithout('description')],
  ['manifest.description_too_long', () => mmo({ description: 'x'.repeat(1001) })],
  ['manifest.invalid_author', () => mmo({ author: '' })],
  ['manifest.invalid_icon_url', () => mmo({ icon_url: 'http://example.com/i.png' })],
  ['manifest.invalid_tag', () => mmo({ tags: ['x'.repeat(33)] })],
  ['manifest.too_many_tags', () => mmo({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })],
  ['manifest.duplicate_item', () => mmo({ capabilities_required: ['metrics', 'metrics'] })],
  ['manifest.invalid_cron', () => mmo({ server_crons: [{ name: 'monthly_rollup', spec: '30 0 32 * *' }] })],
  ['manifest.capability_not_declared', () => mmoDir({ '__main__.py': `${HELLO_MAIN}def f(ctx):\n    ctx.discord.ban_member(user_id="1")\n` })],
  ['manifest.unknown_capability', () => mmo({ capabilities_required: ['discord:send_mesage'] })],
  // proxy
  ['proxy.invalid_domain', () => mmo({ proxy_domains_requested: ['exa_mple.com'] })],
  ['proxy.domain_has_scheme', () => mmo({ proxy_domains_requested: ['https://api.example.com'] })],
  ['proxy.domain_has_path', () => mmo({ proxy_domains_requested: ['api.example.com/v1'] })],
  ['proxy.domain_has_port', () => mmo({ proxy_domains_requested: ['api.example.com:8443'] })],
  ['proxy.domain_is_ip', () => mmo({ proxy_domains_requested: ['127.0.0.1'] })],
  ['proxy.invalid_wildcard', () => mmo({ proxy_domains_requested: ['*.com'] })],
  ['proxy.undeclared_domain', () => mmoDir({ '__main__.py': `${HELLO_MAIN}URL = "https://api.example.com/v1"\n` })],
  ['proxy.unused_domain', () => mmoDir({ 'manifest.json': mmoManifest({ proxy_domains_requested: ['api.example.com'] }) })],
  // dashboard
  ['dashboard.missing_field', () => dash({ pages: [{ id: 'p', widgets: [] }] })],
  ['dashboard.wrong_type', () => dash({ pages: [{ id: 'p', title: 'P', widgets: {} }] })],
  ['dashboard.unknown_field', () => dash(widget({ colour: 'red' }))],
  ['dashboard.invalid_value', () => dash({ pages: [{ id: 'p', title: '', widgets: [] }] })],
  ['dashboard.no_pages', () => dash({ pages: [] })],
  ['dashboard.invalid_id', () => dash(widget({ id: 'has space' }))],
  ['dashboard.unknown_widget_type', () => dash(widget({ type: 'gauge' }))],
  ['dashboard.chart_missing_type', () => dash(widget({ type: 'chart' }))],
  ['dashboard.invalid_chart_type', () => dash(widget({ type: 'chart', chart_type: 'radar' }))],
  ['dashboard.form_missing_fields', () => dash(widget({ type: 'form', save_method: 'dashboard.save' }))],
  ['dashboard.form_missing_save_method', () => dash(widget({ type: 'form', fields: [{ name: 'a', label: 'A', type: 'text' }] }))],
  ['dashboard.unknown_field_type', () => dash(widget({ type: 'form', save_method: 'dashboard.save', fields: [{ name: 'a', label: 'A', type: 'date' }] }))],
  ['dashboard.select_missing_options', () => dash(widget({ type: 'form', save_method: 'dashboard.save', fields: [{ name: 'a', label: 'A', type: 'select' }] }))],
  ['dashboard.duplicate_page_id', () => dash({ pages: [{ id: 'p', title: 'P', widgets: [] }, { id: 'p', title: 'Q', widgets: [] }] })],
  ['dashboard.duplicate_widget_id', () => dash({ pages: [{ id: 'p', title: 'P', widgets: [{ id: 'w', type: 'text', rpc_method: 'dashboard.a' }] }, { id: 'q', title: 'Q', widgets: [{ id: 'w', type: 'text', rpc_method: 'dashboard.b' }] }] })],
  ['dashboard.duplicate_field_name', () => dash(widget({ type: 'form', save_method: 'dashboard.save', fields: [{ name: 'a', label: 'A', type: 'text' }, { name: 'a', label: 'B', type: 'number' }] }))],
  ['dashboard.invalid_rpc_method', () => dash(widget({ rpc_method: 'get_settings' }))],
  ['dashboard.handler_not_found', () => dash(widget({ rpc_method: 'dashboard.get_stats' }), ['get_settings'])],
  // casa
  ['casa.missing_field', () => validateCasaManifest({ ...casaManifest(), category: undefined }).diagnostics],
  ['casa.wrong_type', () => casa({ hooks: 'on_load' })],
  ['casa.unknown_field', () => casa({ homepage: 'x' })],
  ['casa.invalid_value', () => casa({ name: 'x'.repeat(101) })],
  ['casa.invalid_id', () => casa({ id: 'hi' })],
  ['casa.invalid_version', () => casa({ version: '1.0' })],
  ['casa.description_too_long', () => casa({ description: 'x'.repeat(281) })],
  ['casa.description_html', () => casa({ description: 'A <b>bold</b> plugin' })],
  ['casa.invalid_category', () => casa({ category: 'games' })],
  ['casa.invalid_icon_url', () => casa({ iconUrl: 'http://x.example/i.png' })],
  ['casa.unknown_permission', () => casa({ permissions: ['storage.locl'] })],
  ['casa.unknown_hook', () => casa({ hooks: ['on_load', 'on_message', 'on_start'] })],
  ['casa.duplicate_item', () => casa({ permissions: ['storage.local', 'storage.local'] })],
  ['casa.hook_not_defined', () => casa({ hooks: ['on_load', 'on_message', 'on_unload'] })],
  ['casa.hook_not_declared', () => casa({ hooks: ['on_load'] })],
  ['casa.code_too_large', () => casa({}, CASA_CODE + '#'.repeat(5 * 1024 * 1024))],
  // mcdr
  ['mcdr.missing_field', () => mcdrMeta({ version: '1.0.0' })],
  ['mcdr.wrong_type', () => mcdrMeta({ id: 'my_plugin', author: 3 })],
  ['mcdr.invalid_id', () => mcdrMeta({ id: '__a_cool_plugin__' })],
  ['mcdr.invalid_version', () => mcdrMeta({ id: 'my_plugin', version: '1.*' })],
  ['mcdr.invalid_dependency', () => mcdrMeta({ id: 'my_plugin', dependencies: { other: '>=1.0 <' } })],
  ['mcdr.invalid_entrypoint', () => mcdrMeta({ id: 'my_plugin', entrypoint: 'other.entry' })],
  ['mcdr.missing_metadata', () => readPlugin(join(fs.dir({ 'Solo.py': 'def on_load(server, old):\n    pass\n' }), 'Solo.py')).then((b) => b.diagnostics)],
  ['mcdr.metadata_not_literal', () => readPlugin(join(fs.dir({ 'Solo.py': "PLUGIN_METADATA = dict(id='x')\n" }), 'Solo.py')).then((b) => b.diagnostics)],
  ['mcdr.metadata_not_at_root', async () => readPlugin(await zipOf({ 'Folder/mcdreforged.plugin.json': '{"id":"my_plugin"}', 'Folder/my_plugin/__init__.py': '' })).then((b) => b.diagnostics)],
  ['mcdr.directory_is_package', () => mcdrDir({ '__init__.py': '' })],
  ['mcdr.illegal_package', () => mcdrDir({ 'other/__init__.py': '' })],
  ['mcdr.illegal_module', () => mcdrDir({ 'helper.py': '' })],
  ['mcdr.lang_file_skipped', () => mcdrDir({ 'lang/en_us.txt': 'x' })],
  ['mcdr.lang_invalid', () => mcdrDir({ 'lang/en_us.json': '{oops' })],
  ['mcdr.disabled', () => readPlugin(join(fs.dir({ 'Solo.py.disabled': "PLUGIN_METADATA = {'id': 'solo'}\n" }), 'Solo.py.disabled')).then((b) => b.diagnostics)],
  ['mcdr.link_target_missing', () => readPlugin(fs.dir({ 'mcdreforged.linked_directory_plugin.json': '{"skip_package_legality_check": true}' })).then((b) => b.diagnostics)],
  ['mcdr.link_target_not_found', () => readPlugin(fs.dir({ 'mcdreforged.linked_directory_plugin.json': '{"target": "/nonexistent/plugin"}' })).then((b) => b.diagnostics)],
  // submission
  ['submission.id_mismatch', async () => (await staticCheck(await zipOf({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN }), { pluginId: 'other', version: '1.0.0' })).diagnostics as Diagnostic[]],
  ['submission.version_mismatch', async () => (await staticCheck(await zipOf({ 'manifest.json': mmoManifest(), '__main__.py': HELLO_MAIN }), { pluginId: 'my_plugin', version: '2.0.0' })).diagnostics as Diagnostic[]],
  // python
  ['python.tokenize_error', () => mmoDir({ '__main__.py': `${HELLO_MAIN}x = """never closed\n` })],
  // requirements
  ['requirements.invalid_line', () => parseRequirements('requests>=2.0\nnot a requirement!\n').diagnostics],
  ['requirements.unsupported_option', () => parseRequirements('-r other.txt\n').diagnostics],
  ['requirements.direct_url', () => parseRequirements('pkg @ https://example.com/pkg.whl\n').diagnostics],
];

describe('every rule has a failing fixture with its code', () => {
  it.each(cases)('%s', async (code, run) => {
    const diagnostics = await run();
    const hit = diagnostics.find((d) => d.code === code);
    expect(hit, `expected ${code} in ${JSON.stringify(diagnostics.map((d) => d.code))}`).toBeDefined();
    expect(hit!.message.length).toBeGreaterThan(0);
    expect(typeof hit!.path).toBe('string');
  });

  it('covers every code in MANIFEST_CODES', () => {
    const covered = new Set(cases.map((c) => c[0]));
    expect(Object.keys(MANIFEST_CODES).filter((c) => !covered.has(c))).toEqual([]);
  });
});
