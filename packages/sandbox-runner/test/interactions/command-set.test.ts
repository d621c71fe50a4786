import { describe, expect, it } from 'vitest';
import { buildCommandSet, diffCommands } from '../../src/interactions/commandSet.js';

// Seed 001's declaration, verbatim.
const greet = {
  name: 'greet',
  description: 'Say hello to someone',
  options: [
    { name: 'user', description: 'Who to greet', type: 6, required: true },
    { name: 'message', description: 'Custom greeting', type: 3, required: false },
  ],
};

describe('buildCommandSet', () => {
  it('collects every plugin\'s commands as application-command JSON with its owner', () => {
    const set = buildCommandSet([
      { pluginId: 'greeter', commands: [greet] },
      { pluginId: 'feedback', commands: [{ name: 'feedback', description: 'Send feedback' }] },
    ]);
    expect(set.commands.map((c) => [c.pluginId, c.name])).toEqual([['greeter', 'greet'], ['feedback', 'feedback']]);
    expect(set.commands[0]!.command).toMatchObject({ name: 'greet', type: 1, options: [{ name: 'user', type: 6, required: true }, { name: 'message', type: 3 }] });
    expect(set.collisions).toEqual([]);
  });

  it('reports a name two plugins declare: the first installed keeps it, the others lose only that command', () => {
    const set = buildCommandSet([
      { pluginId: 'first', commands: [greet] },
      { pluginId: 'second', commands: [{ ...greet, description: 'Another greet' }, { name: 'wave', description: 'Wave' }] },
      { pluginId: 'third', commands: [{ name: 'Greet'.toLowerCase(), description: 'Third greet' }] },
    ]);
    expect(set.collisions).toEqual([{ name: 'greet', keptBy: 'first', droppedFrom: ['second', 'third'] }]);
    expect(set.commands.map((c) => `${c.pluginId}:${c.name}`)).toEqual(['first:greet', 'second:wave']);
  });

  it('leaves out a plugin whose declarations break Discord\'s rules, with the issues', () => {
    const set = buildCommandSet([{ pluginId: 'bad', commands: [{ name: 'Has Spaces', description: '' }] }]);
    expect(set.commands).toEqual([]);
    expect(set.invalid[0]!.pluginId).toBe('bad');
    expect(set.invalid[0]!.issues.length).toBeGreaterThan(0);
  });

  it('stops at the per-server limit and says which commands did not fit', () => {
    const many = Array.from({ length: 3 }, (_, i) => ({ name: `c${i}`, description: 'x' }));
    const set = buildCommandSet([{ pluginId: 'p', commands: many }], 2);
    expect(set.commands).toHaveLength(2);
    expect(set.overLimit).toEqual([{ pluginId: 'p', name: 'c2' }]);
  });
});

describe('diffCommands', () => {
  const wanted = buildCommandSet([{ pluginId: 'g', commands: [greet, { name: 'ping', description: 'Ping' }] }]).commands.map((c) => c.command);

  it('creates what is missing, deletes what no plugin declares, and leaves other command types alone', () => {
    const diff = diffCommands(wanted, [
      { id: '1', name: 'old', type: 1, description: 'Gone' },
      { id: '2', name: 'Report message', type: 3 },
    ]);
    expect(diff.create.map((c) => c.name)).toEqual(['greet', 'ping']);
    expect(diff.delete).toEqual([{ id: '1', name: 'old' }]);
    expect(diff.update).toEqual([]);
  });

  it('treats a command as unchanged despite the fields and defaults Discord adds', () => {
    const registered = wanted.map((c, i) => ({
      ...c,
      id: String(10 + i),
      application_id: '99',
      guild_id: '123',
      version: '1',
      default_member_permissions: null,
      dm_permission: true,
      nsfw: false,
      options: ((c.options as Array<Record<string, unknown>> | undefined) ?? []).map((o) => ({ required: false, ...o })),
    })) as unknown as Array<{ id: string; name: string } & Record<string, unknown>>;
    const diff = diffCommands(wanted, registered);
    expect(diff).toEqual({ create: [], update: [], delete: [], unchanged: ['greet', 'ping'] });
  });

  it('updates a command whose description or options changed', () => {
    const registered = [{ ...wanted[0]!, id: '10', name: 'greet', description: 'Old text' }, { ...wanted[1]!, id: '11', name: 'ping' }];
    const diff = diffCommands(wanted, registered);
    expect(diff.update.map((u) => u.id)).toEqual(['10']);
    expect(diff.unchanged).toEqual(['ping']);
  });
});
