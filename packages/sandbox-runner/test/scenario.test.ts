import { describe, expect, it } from 'vitest';
import { parseScenario, withDefaults } from '../src/index.js';

describe('the maidkit run events format', () => {
  it('GIVEN events, lifecycle steps, waits, comments and blank lines THEN every step is parsed in order with its line number', () => {
    const { steps, problems } = parseScenario(
      [
        '# a comment',
        '{"event": "message_create", "payload": {"content": "!ping", "channel_id": "9"}}',
        '',
        '{"lifecycle": "disable"}',
        '{"wait_ms": 10}',
        '{"event": "role_create", "payload": {"id": "1", "name": "mods"}, "server_id": "77"}',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(steps.map((s) => [s.kind, s.line])).toEqual([['event', 2], ['lifecycle', 4], ['wait', 5], ['event', 6]]);
    expect(steps[0]).toMatchObject({ name: 'message_create', payload: { content: '!ping', channel_id: '9', author_bot: false } });
    expect(steps[3]).toMatchObject({ serverId: '77', payload: { id: '1', name: 'mods' } });
  });

  it('GIVEN a file with many different mistakes THEN every problem is reported at once with its line, path and code', () => {
    const { steps, problems } = parseScenario(
      [
        '{"event": "message_create", "payload": {"content": "ok"}}',
        '{not json',
        '[1, 2]',
        '{"evnt": "message_create"}',
        '{"event": "message_create", "lifecycle": "enable"}',
        '{"slash_command": {"command_name": "greet"}}',
        '{"event": "message_created"}',
        '{"event": "message_create", "payload": {"author_bot": "no"}}',
        '{"lifecycle": "ready"}',
        '{"wait_ms": -5}',
        '{"event": "member_update", "payload": "x"}',
        '{"event": "message_delete", "server_id": 5}',
      ].join('\n'),
    );
    expect(steps).toHaveLength(1);
    expect(problems.map((p) => [p.line, p.code, p.path])).toEqual([
      [2, 'invalid_json', ''],
      [3, 'not_an_object', ''],
      [4, 'unknown_step', ''],
      [5, 'ambiguous_step', ''],
      [6, 'invalid_field', '/slash_command/name'],
      [7, 'invalid_event', '/event'],
      [8, 'invalid_event', '/payload/author_bot'],
      [9, 'invalid_field', '/lifecycle'],
      [10, 'invalid_field', '/wait_ms'],
      [11, 'invalid_field', '/payload'],
      [12, 'invalid_field', '/server_id'],
    ]);
    expect(problems.find((p) => p.line === 6)!.message).toMatch(/name must be the slash command's name/);
  });

  it('GIVEN a partial payload THEN only the missing guaranteed fields are filled and given ones win', () => {
    const filled = withDefaults('reaction_add', { emoji: '🔥' });
    expect(Object.keys(filled).sort()).toEqual(['channel_id', 'emoji', 'message_id', 'user_id']);
    expect(filled['emoji']).toBe('🔥');
    expect(withDefaults('message_create', { author_bot: true })['author_bot']).toBe(true);
  });
});
