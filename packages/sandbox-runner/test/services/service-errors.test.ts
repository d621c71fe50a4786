import { ErrorCodes, RpcError } from '@maidkit/rpc-protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpProxyError, HttpProxyErrorCodes, SqlError, SqlErrorCodes, createDashboardBackend, serviceErrorToRpc } from '../../src/index.js';
import { cleanupScratch, makeHost, pluginDir } from '../helpers.js';

afterAll(cleanupScratch);

const limits = { sqlTimeoutMs: 2_000, httpTimeoutMs: 10_000 };
const mapped = (e: unknown): RpcError => {
  try {
    serviceErrorToRpc(e, limits);
  } catch (error) {
    return error as RpcError;
  }
  throw new Error('did not throw');
};

describe('service errors → PROTOCOL.md codes, the service code in data.code', () => {
  it('maps every SQL and HTTP code', () => {
    const sql: Record<string, number> = {
      [SqlErrorCodes.NotAllowed]: ErrorCodes.InvalidParams,
      [SqlErrorCodes.InvalidParams]: ErrorCodes.InvalidParams,
      [SqlErrorCodes.NotAQuery]: ErrorCodes.InvalidParams,
      [SqlErrorCodes.Error]: ErrorCodes.InvalidParams,
      [SqlErrorCodes.TooManyRows]: ErrorCodes.PayloadTooLarge,
      [SqlErrorCodes.QuotaExceeded]: ErrorCodes.PayloadTooLarge,
      [SqlErrorCodes.Timeout]: ErrorCodes.Timeout,
      [SqlErrorCodes.Closed]: ErrorCodes.InternalError,
    };
    for (const [code, rpc] of Object.entries(sql)) {
      const e = mapped(new SqlError(code as never, `sql said ${code}`));
      expect([code, e.code, (e.data as { code: string }).code]).toEqual([code, rpc, code]);
    }
    const http: Record<string, number> = {
      [HttpProxyErrorCodes.DomainNotAllowed]: ErrorCodes.CapabilityDenied,
      [HttpProxyErrorCodes.SchemeNotAllowed]: ErrorCodes.CapabilityDenied,
      [HttpProxyErrorCodes.PortNotAllowed]: ErrorCodes.CapabilityDenied,
      [HttpProxyErrorCodes.AddressNotAllowed]: ErrorCodes.CapabilityDenied,
      [HttpProxyErrorCodes.InvalidUrl]: ErrorCodes.InvalidParams,
      [HttpProxyErrorCodes.InvalidRequest]: ErrorCodes.InvalidParams,
      [HttpProxyErrorCodes.RequestTooLarge]: ErrorCodes.PayloadTooLarge,
      [HttpProxyErrorCodes.ResponseTooLarge]: ErrorCodes.PayloadTooLarge,
      [HttpProxyErrorCodes.Timeout]: ErrorCodes.Timeout,
      [HttpProxyErrorCodes.TooManyRedirects]: ErrorCodes.InternalError,
      [HttpProxyErrorCodes.NetworkError]: ErrorCodes.InternalError,
    };
    for (const [code, rpc] of Object.entries(http)) expect([code, mapped(new HttpProxyError(code as never, 'x')).code]).toEqual([code, rpc]);
    expect(mapped(new HttpProxyError(HttpProxyErrorCodes.DomainNotAllowed, 'no')).data).toEqual({ code: 'http.domain_not_allowed', capability: 'proxy:http' });
    expect(mapped(new HttpProxyError(HttpProxyErrorCodes.ResponseTooLarge, 'response is 6000000 bytes; the limit is 5242880')).data).toEqual({ code: 'http.response_too_large', actual: 6000000, limit: 5242880 });
    expect(mapped(new SqlError(SqlErrorCodes.Timeout, 't')).data).toEqual({ code: 'sql.timeout', timeout_ms: 2000 });
    expect(mapped(new SqlError(SqlErrorCodes.NotAllowed, 'ATTACH')).data).toEqual({ code: 'sql.not_allowed', errors: [{ path: '/sql', code: 'sql.not_allowed', message: 'ATTACH' }] });
    const other = new Error('not a service error');
    expect(mapped(other)).toBe(other);
  });

  it('GIVEN a runaway statement through the host THEN -32002 at the statement deadline; GIVEN hostile backend calls THEN clear refusals', async () => {
    const t = makeHost({ sql: { statementTimeoutMs: 300 } });
    try {
      const { installId } = await t.host.install({ id: 'sqlish', version: '1.0.0', dir: pluginDir('from mmo_maid_sdk import Plugin\nPlugin().run()\n'), capabilities: ['storage:sql'] }, { serverId: '1' });
      const started = Date.now();
      const e = await t.host.callService(installId, 'sql.query', { sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c' }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: -32002, data: { code: 'sql.timeout', timeout_ms: 300 } });
      expect(Date.now() - started).toBeLessThan(5_000);
      // The service recovers for the next statement.
      expect(await t.host.callService(installId, 'sql.query', { sql: 'SELECT 2 AS two' })).toEqual({ columns: ['two'], rows: [{ two: 2 }] });
      await expect(t.host.callService(installId, 'kv.get', {})).rejects.toMatchObject({ code: -32602 });
      await expect(t.host.callService(installId, 'no.such', {})).rejects.toMatchObject({ code: -32601 });
      const backend = createDashboardBackend(t.host);
      const call = (namespace: string, method: string) => backend.call({ pluginId: 'sqlish', serverId: '1', userId: '2', namespace: namespace as 'kv', method, params: {} });
      await expect(call('discord', 'send_message')).rejects.toMatchObject({ code: -32601 });
      await expect(call('kv', '__proto__')).rejects.toMatchObject({ code: -32601 });
      await expect(call('kv', 'constructor')).rejects.toMatchObject({ code: -32601 });
      await expect(call('dashboard', 'nothing_here')).rejects.toMatchObject({ code: -32601 });
    } finally {
      await t.close();
    }
  });
});
