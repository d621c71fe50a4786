/**
 * The default way a host page forwards a checked bridge call to the server: POST JSON to
 * `/p/<plugin>/dashboard/bridge` on the host's own origin (cookies identify the user). The server checks
 * everything again and adds the server/user ids from the session, never from the body.
 */
import { BridgeError, deserializeError } from '../protocol/BridgeError.js';
import { BridgeErrorCode } from '../protocol/errorCodes.js';
import type { BridgeCall } from '../protocol/types.js';

export interface HttpTransportOptions {
  pluginId: string;
  /** Prefix in front of `/p/…` (default: same origin, no prefix). */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export function bridgeEndpoint(pluginId: string, baseUrl = ''): string {
  return `${baseUrl}/p/${encodeURIComponent(pluginId)}/dashboard/bridge`;
}

export function createHttpTransport(options: HttpTransportOptions): (call: BridgeCall) => Promise<unknown> {
  const url = bridgeEndpoint(options.pluginId, options.baseUrl);
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  return async (call) => {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(call),
      });
    } catch (error) {
      throw new BridgeError(BridgeErrorCode.NOT_CONNECTED, `The dashboard server could not be reached (${(error as Error).message})`, { cause: error });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new BridgeError(BridgeErrorCode.INTERNAL, `The dashboard server answered ${response.status} without JSON`, { cause: error });
    }
    const b = body as { ok?: unknown; result?: unknown; error?: unknown };
    if (b.ok === true) return b.result;
    throw deserializeError(b.error);
  };
}
