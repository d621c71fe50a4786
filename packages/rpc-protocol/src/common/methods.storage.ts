import { request } from './descriptor.js';
import { s } from './schema.js';

const { object, string, integer, array, json, optional, nullable, record, boolean, union, number } = s;

const installId = string({ minLength: 1 });
/** Keys are opaque UTF-8 strings; the host namespaces them per install. */
const key = string({ minLength: 1, maxLength: 512 });

export const kvGet = request({
  method: 'kv.get',
  direction: 'guest_to_host',
  capability: 'storage:kv',
  description: 'ctx.kv.get: value is null when the key is missing',
  params: object({ install_id: installId, key }),
  result: object({ value: json() }),
});

export const kvSet = request({
  method: 'kv.set',
  direction: 'guest_to_host',
  capability: 'storage:kv',
  description: 'ctx.kv.set: durable before the response is sent',
  params: object({ install_id: installId, key, value: json() }),
  result: s.empty(),
});

export const kvDelete = request({
  method: 'kv.delete',
  direction: 'guest_to_host',
  capability: 'storage:kv',
  description: 'ctx.kv.delete',
  params: object({ install_id: installId, key }),
  result: object({ deleted: boolean() }),
});

export const kvList = request({
  method: 'kv.list',
  direction: 'guest_to_host',
  capability: 'storage:kv',
  description: 'ctx.kv.list: keys in ascending order, paged by an opaque cursor (null on the last page)',
  params: object({ install_id: installId, prefix: optional(string()), limit: optional(integer({ minimum: 1, maximum: 1000 })), cursor: optional(nullable(string())) }),
  result: object({ keys: array(string()), cursor: nullable(string()) }),
});

export const kvCount = request({
  method: 'kv.count',
  direction: 'guest_to_host',
  capability: 'storage:kv',
  description: 'ctx.kv.count(prefix=…)',
  params: object({ install_id: installId, prefix: optional(string()) }),
  result: object({ count: integer({ minimum: 0 }) }),
});

export const kvGetMany = request({
  method: 'kv.get_many',
  direction: 'guest_to_host',
  capability: 'storage:kv',
  description: 'ctx.kv.getMany: missing keys map to null',
  params: object({ install_id: installId, keys: array(key, { maxItems: 1000 }) }),
  result: object({ values: record(json()) }),
});

export const kvSetMany = request({
  method: 'kv.set_many',
  direction: 'guest_to_host',
  capability: 'storage:kv',
  description: 'ctx.kv.setMany: all or nothing',
  params: object({ install_id: installId, values: record(json(), { maxProperties: 1000 }) }),
  result: s.empty(),
});

export const ephemeralGet = request({
  method: 'ephemeral.get',
  direction: 'guest_to_host',
  capability: 'storage:kv',
  description: 'ctx.ephemeral.get: in-memory, lost when the host restarts',
  params: object({ install_id: installId, key }),
  result: object({ value: json() }),
});

export const ephemeralSet = request({
  method: 'ephemeral.set',
  direction: 'guest_to_host',
  capability: 'storage:kv',
  description: 'ctx.ephemeral.set (ttl_seconds: optional expiry)',
  params: object({ install_id: installId, key, value: json(), ttl_seconds: optional(number({ minimum: 0 })) }),
  result: s.empty(),
});

export const ephemeralDelete = request({
  method: 'ephemeral.delete',
  direction: 'guest_to_host',
  capability: 'storage:kv',
  description: 'ctx.ephemeral.delete',
  params: object({ install_id: installId, key }),
  result: object({ deleted: boolean() }),
});

export const ephemeralCounter = request({
  method: 'ephemeral.counter',
  direction: 'guest_to_host',
  capability: 'storage:kv',
  description: 'ctx.ephemeral.counter: add `by` (default 1) and return the new count',
  params: object({ install_id: installId, key, by: optional(number()) }),
  result: object({ value: number() }),
});

const sqlParams = optional(union(array(json()), record(json())));

export const sqlQuery = request({
  method: 'sql.query',
  direction: 'guest_to_host',
  capability: 'storage:sql',
  description: 'ctx.sql.query: rows are objects keyed by column name',
  params: object({ install_id: installId, sql: string({ minLength: 1, maxLength: 100_000 }), params: sqlParams }),
  result: object({ columns: array(string()), rows: array(record(json())) }),
});

export const sqlExecute = request({
  method: 'sql.execute',
  direction: 'guest_to_host',
  capability: 'storage:sql',
  description: 'ctx.sql.execute',
  params: object({ install_id: installId, sql: string({ minLength: 1, maxLength: 100_000 }), params: sqlParams }),
  result: object({ changes: integer({ minimum: 0 }), last_insert_rowid: nullable(integer()) }),
});
