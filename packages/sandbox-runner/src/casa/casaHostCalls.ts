import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';
import type { GuestCaller } from '../host/guestCalls.js';
import type { HostEventInput } from '../host/hostEvents.js';
import { CASA_DISCORD_TOKEN } from './permissions.js';

/** What a host author configures for Casa Cloner installs (`PluginHostOptions.casa`). */
export interface CasaHostOptions {
  /**
   * Hands a Casa plugin holding `discord.token` the user's Discord token through `api.get_discord_token()`.
   * Unset (the default), every such call is refused: the secret never enters a sandbox unless the host
   * author opts in here.
   */
  discordToken?: (install: { pluginId: string; installId: string; serverId: string }) => string | Promise<string>;
}

type GuestRequest = (params: unknown) => Promise<unknown>;

/**
 * The guest→host methods only Casa Cloner guests use (PROTOCOL.md "Casa Cloner guests"), checked like
 * every other call: capability on the host first, then the install, then the params.
 */
export function casaGuestRequests(caller: GuestCaller, options: CasaHostOptions | undefined, emit: (event: HostEventInput) => void): Record<string, GuestRequest> {
  return {
    'casa.get_discord_token': async (params) => {
      const method = 'casa.get_discord_token';
      if (!caller.capabilities.has(CASA_DISCORD_TOKEN)) {
        emit({ type: 'denied', method, capability: CASA_DISCORD_TOKEN });
        throw new RpcError(ErrorCodes.CapabilityDenied, `${method} needs the capability "${CASA_DISCORD_TOKEN}" (the discord.token permission), which plugin ${caller.pluginId} was not granted`, { capability: CASA_DISCORD_TOKEN });
      }
      const installId = typeof params === 'object' && params !== null ? (params as Record<string, unknown>)['install_id'] : undefined;
      if (installId !== caller.installId) {
        throw new RpcError(ErrorCodes.NotFound, `install_id ${JSON.stringify(installId ?? null)} is not served by this worker (it serves ${caller.installId})`);
      }
      const provider = options?.discordToken;
      if (!provider) {
        emit({ type: 'denied', method, capability: CASA_DISCORD_TOKEN });
        throw new RpcError(ErrorCodes.CapabilityDenied, `${method}: this host does not hand Discord tokens to plugins (its author did not set PluginHostOptions.casa.discordToken)`, { capability: CASA_DISCORD_TOKEN });
      }
      const token = await provider({ pluginId: caller.pluginId, installId: caller.installId, serverId: caller.serverId });
      if (typeof token !== 'string' || token.length === 0) throw new RpcError(ErrorCodes.NotFound, `${method}: the host has no Discord token for this install`);
      return { token };
    },
  };
}
