import type { AnyNotificationDescriptor, AnyRequestDescriptor, ParamsOf, ResultOf } from './descriptor.js';

export interface EndpointRequestOptions {
  timeoutMs?: number;
}

/**
 * What the handshake needs from a connection, and nothing platform-specific: the Node `Peer` implements
 * it, and so can a browser or socket transport later.
 */
export interface Endpoint {
  onRequest<D extends AnyRequestDescriptor>(method: D, handler: (params: ParamsOf<D>) => ResultOf<D> | Promise<ResultOf<D>>): void;
  onNotification<D extends AnyNotificationDescriptor>(method: D, handler: (params: ParamsOf<D>) => void | Promise<void>): void;
  request<D extends AnyRequestDescriptor>(method: D, params: ParamsOf<D>, options?: EndpointRequestOptions): Promise<ResultOf<D>>;
  notify<D extends AnyNotificationDescriptor>(method: D, params: ParamsOf<D>): unknown;
  /** Adopt the limits agreed in the handshake. */
  configure(limits: { maxMessageBytes?: number; requestTimeoutMs?: number; flowWindow?: number }): void;
  close(): void;
}
