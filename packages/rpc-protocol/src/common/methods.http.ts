import { request } from './descriptor.js';
import { s } from './schema.js';

const { object, string, integer, optional, record, enum: oneOf } = s;

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export const httpRequest = request({
  method: 'http.request',
  direction: 'guest_to_host',
  capability: 'proxy:http',
  description: 'ctx.http.*: the host fetches the URL if its hostname is in proxy_domains_requested; body or body_base64, not both',
  params: object({
    install_id: string({ minLength: 1 }),
    method: oneOf(HTTP_METHODS),
    url: string({ minLength: 1, maxLength: 8192 }),
    headers: optional(record(string())),
    body: optional(string()),
    body_base64: optional(string()),
    timeout_ms: optional(integer({ minimum: 1, maximum: 60_000 })),
  }),
  result: object({ status: integer({ minimum: 100, maximum: 599 }), headers: record(string()), body: optional(string()), body_base64: optional(string()) }),
});
