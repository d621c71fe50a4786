import type { CapabilityName } from './capabilities.js';
import type { Token } from './python/tokenize.js';

/**
 * Which capability each `ctx` call needs (PROTOCOL.md §5). `ctx.kv`, `ctx.ephemeral` and `ctx.metrics`
 * are baseline and not listed; `ctx.interaction`, `ctx.sql` and `ctx.http` need one capability for
 * every method.
 */
const DISCORD: Record<string, CapabilityName> = {
  send_message: 'discord:send_message',
  edit_message: 'discord:send_message',
  delete_message: 'discord:manage_messages',
  add_reaction: 'discord:add_reactions',
  remove_reaction: 'discord:add_reactions',
  add_role: 'discord:manage_roles',
  remove_role: 'discord:manage_roles',
  send_dm: 'discord:send_dm',
  timeout_member: 'discord:moderate_members',
  kick_member: 'discord:kick_members',
  ban_member: 'discord:ban_members',
  get_member: 'discord:read',
  get_channel: 'discord:read',
};
const WHOLE_AREA: Record<string, CapabilityName> = { interaction: 'interaction:respond', sql: 'storage:sql', http: 'proxy:http' };

/** One call site of a capability-gated `ctx` API. */
export interface CapabilityUse {
  capability: CapabilityName;
  /** As written, e.g. `ctx.discord.send_message`. */
  call: string;
  file: string;
  line: number;
}

/**
 * Finds calls `<name>.<area>.<method>(` in Python tokens whose area is a gated `ctx` surface
 * (`discord`, `interaction`, `sql`, `http`). The receiver's name is not checked (`ctx`, `context`…);
 * strings and comments are separate tokens, so text never counts.
 */
export function capabilityUses(tokens: readonly Token[], file: string): CapabilityUse[] {
  const out: CapabilityUse[] = [];
  for (let k = 0; k + 5 < tokens.length; k++) {
    const [recv, dot1, area, dot2, method, paren] = [tokens[k]!, tokens[k + 1]!, tokens[k + 2]!, tokens[k + 3]!, tokens[k + 4]!, tokens[k + 5]!];
    if (recv.type !== 'name' || dot1.text !== '.' || area.type !== 'name' || dot2.text !== '.' || method.type !== 'name' || paren.text !== '(') continue;
    if (k > 0 && tokens[k - 1]!.text === '.') continue; // part of a longer chain: a.ctx.discord.x
    const capability = area.text === 'discord' ? DISCORD[method.text] : WHOLE_AREA[area.text];
    if (capability === undefined) continue;
    out.push({ capability, call: `${recv.text}.${area.text}.${method.text}`, file, line: method.line });
  }
  return out;
}
