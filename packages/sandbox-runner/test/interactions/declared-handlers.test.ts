import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeHost } from '../helpers.js';

const INTERACTIONS = resolve(__dirname, '../../../../examples/interactions-plugin');

describe('handlers against the manifest', () => {
  it('GIVEN a manifest that declares a command nobody handles and misses one that is handled THEN both are reported as warnings', async () => {
    const t = makeHost();
    try {
      // The sample handles greet, menu and feedback; this manifest forgets feedback and invents poll.
      const plugin = { id: 'my_plugin', version: '1.0.0', dir: INTERACTIONS, capabilities: ['interaction:respond'], slashCommands: ['greet', 'menu', 'poll'] };
      await t.host.install(plugin, { serverId: '100000000000000000' });
      const warnings = t.events.flatMap((e) => (e.type === 'warning' ? [{ code: e.code, message: e.message }] : []));
      expect(warnings).toEqual(
        expect.arrayContaining([
          { code: 'undeclared_handler', message: expect.stringContaining('"feedback"') as unknown as string },
          { code: 'unhandled_declaration', message: expect.stringContaining('"poll"') as unknown as string },
        ]),
      );
      expect(warnings.filter((w) => /"(greet|menu)"/.test(w.message))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
