import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupScratch, makeHost } from '../helpers.js';

afterAll(cleanupScratch);

const INTERACTIONS = resolve(__dirname, '../../../../examples/interactions-plugin');
const plugin = { id: 'my_plugin', version: '1.0.0', dir: INTERACTIONS, capabilities: ['interaction:respond'] };

describe('interactions in pool mode', () => {
  it('GIVEN two installs served by one pooled worker THEN each server\'s interaction reaches its own install, and its KV stays its own', async () => {
    const t = makeHost({ pool: { enabled: true, workersPerVersion: 1 } });
    try {
      const a = await t.host.install(plugin, { serverId: '1' });
      const b = await t.host.install(plugin, { serverId: '2' });
      expect(t.host.pools()).toHaveLength(1);
      await t.host.interact({ id: '50', token: 'ta', type: 'modal_submit', guild_id: '1', user_id: '9', custom_id: 'my_plugin:feedback_form', modal_values: { subject: 'from one' } });
      await t.host.interact({ id: '51', token: 'tb', type: 'modal_submit', guild_id: '2', user_id: '9', custom_id: 'my_plugin:feedback_form', modal_values: { subject: 'from two' } });
      expect(t.discord.actions.map((x) => [x.installId, x.params['token']])).toEqual([[a.installId, 'ta'], [b.installId, 'tb']]);
      expect(await t.host.callService(a.installId, 'kv.get', { key: 'feedback:50' })).toEqual({ value: { subject: 'from one' } });
      expect(await t.host.callService(b.installId, 'kv.get', { key: 'feedback:50' })).toEqual({ value: null });
      expect(await t.host.callService(b.installId, 'kv.get', { key: 'feedback:51' })).toEqual({ value: { subject: 'from two' } });
    } finally {
      await t.close();
    }
  });
});
