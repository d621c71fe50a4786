/**
 * The slice of an RPC peer the host needs, so the Worker does not depend on the protocol package's
 * exact class shape (`connectGuest` adapts `@maidkit/rpc-protocol`'s peer to it).
 */
export interface GuestConnection {
  /** Sends a request; rejects with `RpcError` (the guest's answer, or -32002 on timeout) or `ProtocolError`. */
  request(method: string, params: unknown, options?: { timeoutMs?: number }): Promise<unknown>;
  /** Sends a notification. */
  notify(method: string, params: unknown): void;
  /** Sends an event notification if the flow window has room; false (nothing sent) when it is full. */
  sendEvent(params: unknown): boolean;
  /** Resolves when the flow window has room again (or the connection closed). */
  whenReady(): Promise<void>;
  /** Events sent but not acknowledged by `flow.ack`, plus those queued behind the window. */
  readonly eventBacklog: number;
  /** Events the guest has acknowledged since the connection opened (progress, for stall detection). */
  readonly eventsAcked: number;
  /** Handles every inbound request (method, params) → result, or throws `RpcError`. */
  onRequest(handler: (method: string, params: unknown) => Promise<unknown>): void;
  /** Handles every inbound notification except `flow.ack`, which the connection consumes. */
  onNotification(handler: (method: string, params: unknown) => void): void;
  /** Local problems: stray output, malformed frames, oversized messages (`fatal` closes the connection). */
  onProblem(handler: (problem: { code: string; message: string; fatal: boolean; detail?: Record<string, unknown> }) => void): void;
  close(): void;
}
