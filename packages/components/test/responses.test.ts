import { describe, expect, it } from 'vitest';
import {
  Button,
  ActionRow,
  InteractionTypes,
  Modal,
  TextDisplay,
  TextInput,
  ValidationError,
  autocompleteResult,
  callbackType,
  deferReply,
  deferUpdate,
  reply,
  showModal,
  updateMessage,
  validateInteractionResponse,
} from '../src/index.js';

const modal = () => new Modal({ title: 'T', custom_id: 'm', fields: [new TextInput({ label: 'L', custom_id: 'x' })] });
const codes = (issues: { code: string; path: string }[]) => issues.map((i) => `${i.code} ${i.path}`);

describe('callback helpers', () => {
  it('GIVEN the seed responses THEN callback 4 with ephemeral → 64', () => {
    expect(reply({ content: '✅', ephemeral: true })).toEqual({ type: 4, data: { content: '✅', flags: 64 } });
    expect(reply({ content: 'hi' })).toEqual({ type: 4, data: { content: 'hi' } });
  });

  it('GIVEN defer, deferUpdate, update, modal, autocomplete THEN types 5, 6, 7, 9, 8', () => {
    expect(deferReply()).toEqual({ type: 5 });
    expect(deferReply({ ephemeral: true })).toEqual({ type: 5, data: { flags: 64 } });
    expect(deferUpdate()).toEqual({ type: 6 });
    expect(updateMessage({ components: [new ActionRow(new Button({ label: 'x', custom_id: 'y', disabled: true }))] }).type).toBe(7);
    expect(showModal(modal()).type).toBe(9);
    expect(autocompleteResult([{ name: 'a', value: 'a' }])).toEqual({ type: 8, data: { choices: [{ name: 'a', value: 'a' }] } });
    expect(callbackType('deferredUpdate')).toBe(6);
  });

  it('GIVEN a v2 reply THEN the flag is set alongside ephemeral', () => {
    const r = reply({ components: [new TextDisplay('x')], ephemeral: true });
    expect(r).toEqual({ type: 4, data: { components: [{ type: 10, content: 'x' }], flags: 64 | 32768 } });
  });
});

describe('what may answer what', () => {
  it('GIVEN a modal submit THEN a modal in reply is refused with a hint', () => {
    try {
      showModal(modal(), { interactionType: InteractionTypes.modalSubmit });
      expect.unreachable();
    } catch (e) {
      const err = e as ValidationError;
      expect(err.code).toBe('INVALID_RESPONSE');
      expect(err.issues[0]!.hint).toContain('cannot open another modal');
    }
    expect(showModal(modal(), { interactionType: InteractionTypes.applicationCommand }).type).toBe(9);
    expect(() => showModal(modal(), { interactionType: InteractionTypes.ping })).toThrow(ValidationError);
  });

  it('GIVEN a slash command THEN update (7) and deferUpdate (6) are refused; a component accepts them', () => {
    expect(() => deferUpdate({ interactionType: InteractionTypes.applicationCommand })).toThrow(/cannot answer interaction type 2/);
    expect(deferUpdate({ interactionType: InteractionTypes.messageComponent })).toEqual({ type: 6 });
    expect(() => autocompleteResult([], { interactionType: InteractionTypes.messageComponent })).toThrow(ValidationError);
  });

  it('GIVEN raw responses THEN validateInteractionResponse checks their data too', () => {
    expect(codes(validateInteractionResponse({ type: 5, data: { flags: 64 | 32768 } }))).toEqual(['FIELD_NOT_ALLOWED /data/flags']);
    expect(codes(validateInteractionResponse({ type: 4, data: { content: 'x'.repeat(2001) } }))).toEqual(['TOO_LONG /data/content']);
    expect(codes(validateInteractionResponse({ type: 9, data: { title: 'x', custom_id: 'm', components: [] } }))).toEqual(['TOO_FEW /data/components']);
    expect(codes(validateInteractionResponse({ type: 4 }))).toEqual(['REQUIRED /data']);
    expect(codes(validateInteractionResponse({ type: 3 }))).toEqual(['INVALID_ENUM /type']);
    expect(codes(validateInteractionResponse('x'))).toEqual(['TYPE_MISMATCH ']);
    expect(codes(validateInteractionResponse({ type: 8, data: {} }))).toEqual(['REQUIRED /data']);
    const issues = validateInteractionResponse({ type: 4, data: { components: [{ type: 1, components: [] }] } });
    expect(issues[0]!.message).toBe('data.components[0].components: an action row needs 1 to 5 buttons or one select menu');
  });

  it('GIVEN an invalid message THEN reply throws with every issue', () => {
    expect(() => reply({ content: 'x'.repeat(2001), components: [{ type: 1, components: [] } as never] })).toThrow(/2 problems/);
  });
});
