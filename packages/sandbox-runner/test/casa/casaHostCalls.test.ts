import { describe, expect, it } from 'vitest';
import { casaGuestRequests } from '../../src/casa/casaHostCalls.js';
import { casaCapabilities, casaHostedPlugin } from '../../src/casa/permissions.js';
import { isCasaPlugin } from '../../src/casa/casaLaunch.js';
import { EXAMPLES, HELLO } from '../helpers.js';
import { join } from 'node:path';

const caller = (capabilities: string[]) => ({ pluginId: 'tok-en', installId: 'inst_1', serverId: '9', capabilities: new Set(capabilities) });

describe('Casa permission → capability map', () => {
  it('maps each Casa permission to its maidkit capability', () => {
    expect(casaCapabilities({ permissions: ['storage.local', 'http.request', 'events.message', 'events.clone', 'discord.token'], hooks: [] })).toEqual([
      'casa:clone_events',
      'casa:discord_token',
      'casa:message_events',
      'proxy:http',
      'storage:kv',
    ]);
  });

  it('GIVEN no events.* permission and an on_message hook (the seed hello-world) THEN message events are implied; with any events.* declared they are not', () => {
    expect(casaCapabilities({ permissions: [], hooks: ['on_load', 'on_message'] })).toEqual(['casa:message_events']);
    expect(casaCapabilities({ permissions: [], hooks: ['on_load'] })).toEqual([]);
    expect(casaCapabilities({ permissions: ['events.clone'], hooks: ['on_message', 'on_clone_start'] })).toEqual(['casa:clone_events']);
    expect(casaCapabilities({ permissions: [], hooks: ['on_clone_start'] })).toEqual([]);
  });

  it('a Casa install always gets its own worker (no pool: the api object is per process)', () => {
    expect(casaHostedPlugin({ id: 'a-b-c', version: '1.0.0', permissions: [], hooks: [] }, '/x')).toMatchObject({ entry: 'plugin.py', isolation: 'dedicated' });
  });

  it('tells Casa bundles from MMO Maid ones on disk', () => {
    expect(isCasaPlugin(join(EXAMPLES, 'casa-hello'), 'plugin.py')).toBe(true);
    expect(isCasaPlugin(HELLO, '__main__.py')).toBe(false);
    expect(isCasaPlugin(HELLO, 'plugin.py')).toBe(false);
  });
});

describe('casa.get_discord_token on the host', () => {
  const call = (caps: string[], params: unknown, discordToken?: () => string) => {
    const events: unknown[] = [];
    const handlers = casaGuestRequests(caller(caps), discordToken ? { discordToken } : undefined, (e) => events.push(e));
    return { result: handlers['casa.get_discord_token']!(params), events };
  };

  it('GIVEN no casa:discord_token THEN -32001 and a denied event, even with a provider', async () => {
    const { result, events } = call([], { install_id: 'inst_1' }, () => 'secret');
    await expect(result).rejects.toMatchObject({ code: -32001, data: { capability: 'casa:discord_token' } });
    expect(events).toEqual([{ type: 'denied', method: 'casa.get_discord_token', capability: 'casa:discord_token' }]);
  });

  it('GIVEN the capability but no provider THEN -32001 naming the host option', async () => {
    await expect(call(['casa:discord_token'], { install_id: 'inst_1' }).result).rejects.toThrow(/PluginHostOptions\.casa\.discordToken/);
  });

  it('GIVEN another install_id, or malformed params THEN -32003 and the provider is not asked', async () => {
    let asked = 0;
    const provider = () => (asked++, 'secret');
    for (const params of [{ install_id: 'inst_2' }, {}, null, 'inst_1', [1]]) {
      await expect(call(['casa:discord_token'], params, provider).result).rejects.toMatchObject({ code: -32003 });
    }
    expect(asked).toBe(0);
  });

  it('GIVEN a provider with no token THEN -32003; with one THEN {token}', async () => {
    await expect(call(['casa:discord_token'], { install_id: 'inst_1' }, () => '').result).rejects.toMatchObject({ code: -32003 });
    await expect(call(['casa:discord_token'], { install_id: 'inst_1' }, () => 'secret').result).resolves.toEqual({ token: 'secret' });
  });
});
