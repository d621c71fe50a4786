import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/index.js';

describe('maidkit run: interaction and dashboard steps', () => {
  it('GIVEN each step kind THEN it parses, options given as an object get Discord option types', () => {
    const { steps, problems } = parseScenario(
      [
        '{"slash_command": {"name": "greet", "options": {"user": "42", "count": 3, "loud": true, "ratio": 0.5}, "user_id": "7"}}',
        '{"slash_command": {"name": "greet", "options": [{"name": "user", "type": 6, "value": "42"}]}}',
        '{"component": {"custom_id": "pick_role", "values": ["role_art"]}}',
        '{"modal_submit": {"custom_id": "feedback_form", "values": {"subject": "Hi"}}}',
        '{"dashboard": {"method": "dashboard.get_settings", "params": {"page": 1}, "widget": "form"}}',
        '{"lifecycle": "disable"}',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(steps[0]).toMatchObject({ kind: 'interaction', type: 'slash_command', name: 'greet', userId: '7', options: [{ name: 'user', type: 3, value: '42' }, { name: 'count', type: 4, value: 3 }, { name: 'loud', type: 5, value: true }, { name: 'ratio', type: 10, value: 0.5 }] });
    expect(steps[1]).toMatchObject({ options: [{ name: 'user', type: 6, value: '42' }] });
    expect(steps[2]).toMatchObject({ kind: 'interaction', type: 'component', name: 'pick_role', values: ['role_art'] });
    expect(steps[3]).toMatchObject({ kind: 'interaction', type: 'modal_submit', name: 'feedback_form', modalValues: { subject: 'Hi' } });
    expect(steps[4]).toMatchObject({ kind: 'dashboard', method: 'dashboard.get_settings', params: { page: 1 }, widget: 'form' });
    expect(steps[5]).toMatchObject({ kind: 'lifecycle', hook: 'disable' });
  });

  it('GIVEN malformed steps THEN every problem is reported with its line and path', () => {
    const { steps, problems } = parseScenario(
      [
        '{"slash_command": "greet"}',
        '{"slash_command": {"name": "has space", "options": {"x": {"nested": 1}}, "user_id": "me"}}',
        '{"component": {"values": "a"}}',
        '{"modal_submit": {"custom_id": "f", "values": {"a": 1}}}',
        '{"dashboard": {"params": []}}',
        '{"component": {"custom_id": "a"}, "dashboard": {"method": "x"}}',
      ].join('\n'),
    );
    expect(steps).toEqual([]);
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [1, '/slash_command'],
      [2, '/slash_command/user_id'],
      [2, '/slash_command/name'],
      [2, '/slash_command/options/x'],
      [3, '/component/custom_id'],
      [3, '/component/values'],
      [4, '/modal_submit/values'],
      [5, '/dashboard/method'],
      [5, '/dashboard/params'],
      [6, ''],
    ]);
  });
});
