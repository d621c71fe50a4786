import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';

/**
 * Why an action could not be carried out. Each maps to the JSON-RPC code the plugin receives
 * (PROTOCOL.md §8), so a plugin sees `NotFound` for a deleted channel rather than a generic failure.
 */
export const DiscordJsErrorCodes = {
  /** The channel, message, member, role or interaction does not exist (any more). */
  NotFound: 'not_found',
  /** The target is not in the install's server: a plugin acts only where it is installed. */
  WrongServer: 'wrong_server',
  /** The bot lacks a Discord permission (50013) or access (50001) for this. */
  MissingPermissions: 'missing_permissions',
  /** The interaction was already answered, or its 3 s / 15 min window passed. */
  InteractionExpired: 'interaction_expired',
  /** Discord rate-limited the call. */
  RateLimited: 'rate_limited',
  /** Discord refused the request as malformed (400). */
  Rejected: 'rejected',
  /** Discord (or the network to it) failed: 5xx, timeouts, connection errors. */
  Unavailable: 'unavailable',
  /** The bot cannot do this at all (e.g. DM a user who blocks DMs: 50007). */
  NotAllowed: 'not_allowed',
} as const;

export type DiscordJsErrorCode = (typeof DiscordJsErrorCodes)[keyof typeof DiscordJsErrorCodes];

const RPC_CODE: Record<DiscordJsErrorCode, number> = {
  not_found: ErrorCodes.NotFound,
  wrong_server: ErrorCodes.NotFound,
  missing_permissions: ErrorCodes.InternalError,
  interaction_expired: ErrorCodes.NotFound,
  rate_limited: ErrorCodes.RateLimited,
  rejected: ErrorCodes.InvalidParams,
  unavailable: ErrorCodes.InternalError,
  not_allowed: ErrorCodes.InternalError,
};

const HINT: Record<DiscordJsErrorCode, string> = {
  not_found: 'the id may be stale (deleted, or never existed); fetch it again',
  wrong_server: 'a plugin can only act on channels, members and roles of the server it is installed on',
  missing_permissions: "the bot's role lacks the Discord permission for this; a server admin must grant it",
  interaction_expired: 'answer an interaction once, within 3 s (respond/defer/send_modal), and follow up within 15 min',
  rate_limited: 'slow down; retry after retry_after_ms',
  rejected: 'Discord refused the request body; see the message for the field',
  unavailable: 'Discord did not answer properly; try again later',
  not_allowed: 'Discord does not allow this action here (for example the user does not accept DMs)',
};

/**
 * The error every `DiscordJsActions` method throws. It is an `RpcError` (so the plugin receives its
 * `code` and `data`) carrying a stable string `reason`, the action, and Discord's own code and status.
 */
export class DiscordJsError extends RpcError {
  readonly reason: DiscordJsErrorCode;
  readonly action: string;

  constructor(reason: DiscordJsErrorCode, action: string, message: string, extra: { discordCode?: number | string; status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(RPC_CODE[reason], `${action}: ${message}`, {
      reason,
      hint: HINT[reason],
      ...(extra.discordCode === undefined ? {} : { discord_code: extra.discordCode }),
      ...(extra.status === undefined ? {} : { status: extra.status }),
      ...(extra.retryAfterMs === undefined ? {} : { retry_after_ms: extra.retryAfterMs }),
    }, extra.cause === undefined ? undefined : { cause: extra.cause });
    Object.defineProperty(this, 'name', { value: 'DiscordJsError' });
    this.reason = reason;
    this.action = action;
  }

  /** Turns whatever discord.js threw into a `DiscordJsError` naming the action and what Discord said. */
  static from(action: string, error: unknown): DiscordJsError {
    if (error instanceof DiscordJsError) return error;
    if (error instanceof DiscordAPIError) {
      const code = typeof error.code === 'number' ? error.code : Number(error.code);
      const reason = reasonForDiscordCode(code, error.status);
      return new DiscordJsError(reason, action, `Discord refused it (${error.status}, code ${error.code}: ${error.message})`, { discordCode: error.code, status: error.status, cause: error });
    }
    if (error instanceof RateLimitError) {
      return new DiscordJsError('rate_limited', action, `rate limited on ${error.route} for ${error.retryAfter} ms`, { retryAfterMs: error.retryAfter, cause: error });
    }
    if (error instanceof HTTPError) {
      return new DiscordJsError(error.status >= 500 ? 'unavailable' : 'rejected', action, `HTTP ${error.status} from Discord`, { status: error.status, cause: error });
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'InteractionAlreadyReplied' || code === 'InteractionNotReplied') {
      return new DiscordJsError('interaction_expired', action, (error as Error).message, { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new DiscordJsError('unavailable', action, message, { cause: error });
  }
}

/** Discord's JSON error codes (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
function reasonForDiscordCode(code: number, status: number): DiscordJsErrorCode {
  if (code >= 10001 && code <= 10099) return code === 10062 ? 'interaction_expired' : 'not_found';
  if (code === 40060) return 'interaction_expired';
  if (code === 50013 || code === 50001) return 'missing_permissions';
  if (code === 50007) return 'not_allowed';
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'not_found';
  if (status === 403) return 'missing_permissions';
  if (status >= 500) return 'unavailable';
  return 'rejected';
}
