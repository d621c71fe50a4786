import type { Schema } from './schema.js';

/** Which way a message travels. `$/cancelRequest` goes both ways. */
export type Direction = 'host_to_guest' | 'guest_to_host' | 'both';

interface DescriptorBase<P> {
  /** The JSON-RPC method name on the wire. */
  readonly method: string;
  readonly direction: Direction;
  /** The capability the host checks before acting (guest→host only). */
  readonly capability?: string;
  readonly params: Schema<P>;
  /** One line for PROTOCOL.md and the generated schema's description. */
  readonly description: string;
}

/** A request: carries an id, gets exactly one response. */
export interface RequestDescriptor<P, R> extends DescriptorBase<P> {
  readonly kind: 'request';
  readonly result: Schema<R>;
}

/** A notification: no id, no response. */
export interface NotificationDescriptor<P> extends DescriptorBase<P> {
  readonly kind: 'notification';
}

// Schema<T> is covariant in T, so these are the top types of each kind.
export type AnyRequestDescriptor = RequestDescriptor<unknown, unknown>;
export type AnyNotificationDescriptor = NotificationDescriptor<unknown>;
export type MethodDescriptor = AnyRequestDescriptor | AnyNotificationDescriptor;

export type ParamsOf<D> = D extends RequestDescriptor<infer P, unknown> ? P : D extends NotificationDescriptor<infer P> ? P : never;
export type ResultOf<D> = D extends RequestDescriptor<unknown, infer R> ? R : never;

export function request<P, R>(d: Omit<RequestDescriptor<P, R>, 'kind'>): RequestDescriptor<P, R> {
  return Object.freeze({ ...d, kind: 'request' as const });
}

export function notification<P>(d: Omit<NotificationDescriptor<P>, 'kind'>): NotificationDescriptor<P> {
  return Object.freeze({ ...d, kind: 'notification' as const });
}
