/** The bridge's budgets (research/dashboard-bridge.md §3 items 14–16). Every one is overridable. */
export interface BridgeLimits {
  /** Largest request (params) the host forwards, in bytes of JSON. */
  maxRequestBytes: number;
  /** Largest result the host hands back to the frame. */
  maxResultBytes: number;
  /** Token bucket: sustained calls per second per frame… */
  ratePerSecond: number;
  /** …and the burst it allows. */
  burst: number;
  /** Calls in flight at once per frame. */
  maxInFlight: number;
  /** Call deadline, milliseconds. */
  callTimeoutMs: number;
  /** Handshake deadline, milliseconds. */
  handshakeTimeoutMs: number;
  /** Iframe height clamp. */
  minHeight: number;
  maxHeight: number;
  /** KV key length and getMany/setMany counts. */
  maxKeyLength: number;
  maxBatch: number;
}

export const DEFAULT_LIMITS: Readonly<BridgeLimits> = Object.freeze({
  maxRequestBytes: 256 * 1024,
  maxResultBytes: 1024 * 1024,
  ratePerSecond: 50,
  burst: 100,
  maxInFlight: 64,
  callTimeoutMs: 15_000,
  handshakeTimeoutMs: 10_000,
  minHeight: 48,
  maxHeight: 20_000,
  maxKeyLength: 256,
  maxBatch: 100,
});

export function resolveLimits(overrides: Partial<BridgeLimits> | undefined): BridgeLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}
