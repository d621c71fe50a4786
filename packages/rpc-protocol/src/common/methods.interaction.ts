import { request } from './descriptor.js';
import { messageBody } from './methods.discord.js';
import { s } from './schema.js';

const { object, string, snowflake, array, json, optional, boolean } = s;

const installId = string({ minLength: 1 });
const interactionId = snowflake('names the interaction; the host holds its token');

export const interactionRespond = request({
  method: 'interaction.respond',
  direction: 'guest_to_host',
  capability: 'interaction:respond',
  description: 'ctx.interaction.respond: the initial response (within 3 s of the interaction)',
  params: object({ install_id: installId, interaction_id: interactionId, ...messageBody, ephemeral: optional(boolean()) }),
  result: s.empty(),
});

export const interactionDefer = request({
  method: 'interaction.defer',
  direction: 'guest_to_host',
  capability: 'interaction:respond',
  description: 'ctx.interaction.defer: acknowledge now, follow up later',
  params: object({ install_id: installId, interaction_id: interactionId, ephemeral: optional(boolean()) }),
  result: s.empty(),
});

export const interactionSendModal = request({
  method: 'interaction.send_modal',
  direction: 'guest_to_host',
  capability: 'interaction:respond',
  description: 'ctx.interaction.send_modal: components are action rows, each holding one text input',
  params: object({
    install_id: installId,
    interaction_id: interactionId,
    title: string({ minLength: 1, maxLength: 45 }),
    custom_id: string({ minLength: 1, maxLength: 100 }),
    components: array(json(), { minItems: 1, maxItems: 5 }),
  }),
  result: s.empty(),
});

export const interactionFollowup = request({
  method: 'interaction.followup',
  direction: 'guest_to_host',
  capability: 'interaction:respond',
  description: 'ctx.interaction.followup: another message after the initial response',
  params: object({ install_id: installId, interaction_id: interactionId, ...messageBody, ephemeral: optional(boolean()) }),
  result: object({ message_id: snowflake() }),
});

export const interactionEditOriginal = request({
  method: 'interaction.edit_original',
  direction: 'guest_to_host',
  capability: 'interaction:respond',
  description: 'ctx.interaction.edit_original: edit the initial response',
  params: object({ install_id: installId, interaction_id: interactionId, ...messageBody }),
  result: s.empty(),
});
