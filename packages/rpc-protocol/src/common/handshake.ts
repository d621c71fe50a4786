/**
 * The handshake (PROTOCOL.md §2).
 *
 * 1. The host sends `initialize` with the protocol versions it speaks, newest first, and the limits both
 *    sides obey. Nothing else may precede it.
 * 2. The guest picks the first offered version it speaks and answers with it, its SDK and its registered
 *    handlers, or answers -32010 with `data: {supported, offered}` and exits.
 * 3. The host checks the answer (a version it did not offer is a failure too), then sends `initialized`;
 *    only then may the guest call the host. Routing uses `handlers`, so the host never sends an event the
 *    plugin does not handle, and `compareHandlers` warns about handlers vs manifest mismatches.
 */
import { ErrorCodes, SUPPORTED_PROTOCOL_VERSIONS } from './codes.js';
import {
  initialize,
  initialized,
  InitializeResultSchema,
  type HandlerKind,
  type InitializeParams,
  type InitializeResult,
  type RegisteredHandlers,
} from './methods.session.js';
import type { Endpoint } from './endpoint.js';
import { ProtocolError } from './ProtocolError.js';
import { RpcError } from './RpcError.js';
import { formatIssues, validateResult } from './validate.js';
import type { JsonValue } from './json.js';

/** The first version in `offered` (the host's preference order) that `supported` contains. */
export function negotiateVersion(offered: readonly string[], supported: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS): string | undefined {
  return offered.find((v) => supported.includes(v));
}

/** The -32010 error a guest answers when it speaks none of the offered versions. */
export function unsupportedVersionError(offered: readonly string[], supported: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS): RpcError {
  return new RpcError(
    ErrorCodes.UnsupportedProtocolVersion,
    `unsupported protocol version: the host offers [${offered.join(', ')}], the guest speaks [${supported.join(', ')}]`,
    { supported: [...supported], offered: [...offered] },
  );
}

export interface InitializeGuestOptions {
  timeoutMs?: number;
}

/**
 * Host side: run the handshake on a fresh peer. Resolves with the guest's answer once `initialized` is
 * sent; rejects with `ProtocolError` `unsupported_version` (both lists in the message and `detail`) or
 * `handshake_failed`.
 */
export async function initializeGuest(peer: Endpoint, params: InitializeParams, options: InitializeGuestOptions = {}): Promise<InitializeResult> {
  let result: InitializeResult;
  try {
    result = await peer.request(initialize, params, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
  } catch (err) {
    if (err instanceof RpcError && err.code === ErrorCodes.UnsupportedProtocolVersion) {
      const supported = readStringList((err.data as { supported?: unknown } | undefined)?.supported);
      throw new ProtocolError(
        'unsupported_version',
        `the guest speaks none of the offered protocol versions: host offers [${params.protocol_versions.join(', ')}], guest supports [${supported.join(', ')}]`,
        { cause: err, detail: { offered: params.protocol_versions, supported } },
      );
    }
    throw new ProtocolError('handshake_failed', `initialize failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const issues = validateResult(initialize.method, result);
  if (issues.length > 0) {
    throw new ProtocolError('handshake_failed', `malformed initialize result: ${formatIssues(issues)}`, { detail: { issues, result } });
  }
  if (!params.protocol_versions.includes(result.protocol_version)) {
    throw new ProtocolError(
      'unsupported_version',
      `the guest picked protocol version "${result.protocol_version}", which the host did not offer ([${params.protocol_versions.join(', ')}])`,
      { detail: { offered: params.protocol_versions, picked: result.protocol_version } },
    );
  }
  peer.notify(initialized, {});
  return result;
}

export interface AcceptInitializeOptions {
  supported?: readonly string[];
  sdk: InitializeResult['sdk'];
  handlers: RegisteredHandlers;
}

/**
 * Guest side: answer `initialize` (negotiating the version) and resolve once `initialized` arrives, with
 * the host's params. Used by TypeScript guests and the conformance suite; the Python SDK does the same.
 */
export function acceptInitialize(peer: Endpoint, options: AcceptInitializeOptions): Promise<{ params: InitializeParams; version: string }> {
  return new Promise((resolve) => {
    let accepted: { params: InitializeParams; version: string } | undefined;
    peer.onRequest(initialize, (params) => {
      const version = negotiateVersion(params.protocol_versions, options.supported);
      if (version === undefined) {
        // Answer, then leave: the host has nothing else to say to us. The error reply is queued before
        // this microtask runs, and close() flushes what is queued.
        void Promise.resolve().then(() => peer.close());
        throw unsupportedVersionError(params.protocol_versions, options.supported);
      }
      accepted = { params, version };
      // Both sides obey the host's limits from here on (PROTOCOL.md §2.1).
      peer.configure({ maxMessageBytes: params.limits.max_message_bytes, requestTimeoutMs: params.limits.request_timeout_ms });
      return { protocol_version: version, sdk: options.sdk, handlers: options.handlers };
    });
    peer.onNotification(initialized, () => {
      if (accepted) resolve(accepted);
    });
  });
}

/** What a manifest (and dashboard manifest) declares, by handler kind. Omit a kind to skip comparing it. */
export type DeclaredHandlers = Partial<Record<HandlerKind, readonly string[]>>;

export interface HandlerMismatch {
  kind: HandlerKind;
  name: string;
  /** `not_declared`: the plugin handles it but the manifest does not declare it; `not_handled`: the reverse. */
  code: 'not_declared' | 'not_handled';
  message: string;
}

/**
 * Compare the handlers a guest registered with what its manifest declares. Only kinds present in
 * `declared` are compared (a manifest does not declare events, say). Sorted by kind, then name.
 */
export function compareHandlers(handlers: RegisteredHandlers, declared: DeclaredHandlers): HandlerMismatch[] {
  const out: HandlerMismatch[] = [];
  for (const kind of Object.keys(declared) as HandlerKind[]) {
    const want = new Set(declared[kind] ?? []);
    const have = new Set(handlerNames(handlers, kind));
    for (const name of [...have].sort()) {
      if (!want.has(name)) {
        out.push({ kind, name, code: 'not_declared', message: `the plugin handles ${label(kind)} "${name}" but the manifest does not declare it; it will never be routed` });
      }
    }
    for (const name of [...want].sort()) {
      if (!have.has(name)) {
        out.push({ kind, name, code: 'not_handled', message: `the manifest declares ${label(kind)} "${name}" but the plugin registers no handler for it` });
      }
    }
  }
  return out;
}

function handlerNames(handlers: RegisteredHandlers, kind: HandlerKind): string[] {
  if (kind === 'schedules') return (handlers.schedules ?? []).map((s) => s.name);
  if (kind === 'crons') return (handlers.crons ?? []).map((c) => c.name);
  return [...(handlers[kind] ?? [])];
}

function label(kind: HandlerKind): string {
  const labels: Record<HandlerKind, string> = {
    lifecycle: 'lifecycle hook', events: 'event', slash_commands: 'slash command', components: 'component',
    modals: 'modal', dashboard: 'dashboard method', schedules: 'schedule', crons: 'cron',
  };
  return labels[kind];
}

function readStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The `initialize` result schema as JSON, for guests that want to self-check. */
export const initializeResultJsonSchema: JsonValue = InitializeResultSchema.json as JsonValue;
