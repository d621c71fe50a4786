import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SubprocessBackend, loadHostedPlugin, parseScenario, runPlugin, type RunOutput } from '../src/index.js';

const EXAMPLES = resolve(__dirname, '../../../examples');

/** `maidkit run <example> --events <example>/events.jsonl`, as the CLI does it, collecting the output lines. */
async function run(example: string): Promise<RunOutput[]> {
  const loaded = await loadHostedPlugin(resolve(EXAMPLES, example));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  const { steps, problems } = parseScenario(readFileSync(resolve(EXAMPLES, example, 'events.jsonl'), 'utf8'));
  expect(problems).toEqual([]);
  const backend = new SubprocessBackend();
  const lines: RunOutput[] = [];
  try {
    await runPlugin({ plugin: loaded.plugin, steps, backend, onOutput: (l) => lines.push(l), settleTimeoutMs: 10_000 });
  } finally {
    await backend.close();
    loaded.dispose();
  }
  return lines;
}

type Action = Extract<RunOutput, { type: 'action' }>;
const callbacks = (lines: RunOutput[]) => lines.filter((l): l is Action => l.type === 'action' && l.method.startsWith('interaction.')).map((l) => l.params);

describe('every seed sample\'s events.jsonl through maidkit run', () => {
  it('examples/interactions-plugin: greet (mention + message, and the default), menu buttons, yes/no clicks, the feedback modal and its submit', async () => {
    const lines = await run('interactions-plugin');
    const summary = lines.at(-1) as Extract<RunOutput, { type: 'summary' }>;
    expect(summary).toMatchObject({ type: 'summary', ok: true, errors: 0, denied: 0 });
    const sent = callbacks(lines);
    expect(sent.map((p) => p['type'])).toEqual([4, 4, 4, 4, 4, 9, 4]);
    expect(sent[0]!['data']).toEqual({ content: '<@1100000000000000042> Welcome aboard!' });
    expect(sent[1]!['data']).toEqual({ content: '<@1100000000000000043> Hey there!' });
    expect(JSON.stringify(sent[2]!['data'])).toContain('"custom_id":"my_plugin:yes"');
    expect(sent[3]!['data']).toEqual({ content: '✅', flags: 64 });
    expect(sent[4]!['data']).toEqual({ content: '❌', flags: 64 });
    expect(sent[5]!['data']).toMatchObject({ title: 'Send Feedback', custom_id: 'my_plugin:feedback_form' });
    expect(sent[6]!['data']).toEqual({ content: 'Thanks for the feedback!', flags: 64 });
    // One outcome line per interaction step, each routed to its handler and answered by the plugin in time.
    const outcomes = lines.filter((l) => l.type === 'interaction');
    expect(outcomes).toHaveLength(7);
    for (const o of outcomes) expect(o).toMatchObject({ routed: true, initial: { by: 'plugin' } });
    // The token never reaches the output.
    expect(JSON.stringify(lines)).not.toContain('run-token-');
  });

  it('examples/components-plugin: /roles answers with the seed SelectMenu, its custom_id scoped', async () => {
    const lines = await run('components-plugin');
    expect(lines.at(-1)).toMatchObject({ type: 'summary', ok: true });
    const [roles] = callbacks(lines);
    expect(roles).toMatchObject({
      type: 4,
      data: {
        content: 'Pick your interests:',
        components: [{ type: 1, components: [{ type: 3, custom_id: 'components_plugin:pick_role', placeholder: 'Pick your interests…', min_values: 1, max_values: 2 }] }],
      },
    });
    const menu = (roles!['data'] as { components: Array<{ components: Array<{ options: Array<{ value: string }> }> }> }).components[0]!.components[0]!;
    expect(menu.options.map((o) => o.value)).toEqual(['role_gamer', 'role_music', 'role_art']);
  });

  it('examples/dashboard-plugin: the four handlers as widgets call them — stat card, chart, settings before and after a save', async () => {
    const lines = await run('dashboard-plugin');
    expect(lines.at(-1)).toMatchObject({ type: 'summary', ok: true });
    const results = lines.filter((l): l is Extract<RunOutput, { type: 'dashboard' }> => l.type === 'dashboard');
    expect(results.map((r) => [r.method, r.ok])).toEqual([
      ['dashboard.get_active_users', true],
      ['dashboard.get_messages_chart', true],
      ['dashboard.get_settings', true],
      ['dashboard.save_settings', true],
      ['dashboard.get_settings', true],
    ]);
    expect(results[0]!.result).toEqual({ value: 0, change: '+12%' });
    const chart = results[1]!.result as { labels: string[]; series: Array<{ name: string; data: number[] }> };
    expect(chart.labels).toHaveLength(7);
    expect(chart.series).toEqual([{ name: 'Messages', data: [0, 0, 0, 0, 0, 0, 0] }]);
    expect(results[2]!.result).toEqual({ values: { channel_id: '', message: 'Welcome!' } });
    expect(results[3]!.result).toEqual({ ok: true });
    expect(results[4]!.result).toEqual({ values: { channel_id: '1200000000000000001', message: 'Hello and welcome!' } });
  });
});
