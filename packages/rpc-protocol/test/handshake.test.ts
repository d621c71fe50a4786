import { describe, expect, it } from 'vitest';
import {
  acceptInitialize,
  compareHandlers,
  DEFAULT_LIMITS,
  ErrorCodes,
  initializeGuest,
  Methods,
  negotiateVersion,
  ProtocolError,
  type InitializeParams,
} from '../src/index.js';
import { peerPair } from './helpers/pair.js';

const params = (protocol_versions: string[]): InitializeParams => ({
  protocol_versions,
  host: { name: 'maidkit', version: '0.1.0' },
  plugin: { id: 'p', version: '1.0.0' },
  mode: 'single',
  install: { install_id: 'inst_1', server_id: '123456789012345678' },
  capabilities: [],
  limits: { ...DEFAULT_LIMITS, request_timeout_ms: 1234, max_message_bytes: 65536 },
});
const sdk = { name: 'test-guest', version: '1.2.3', language: 'typescript' };

describe('handshake', () => {
  it('GIVEN offered versions THEN the first one the guest speaks wins (host order)', () => {
    expect(negotiateVersion(['2.0', '1.0'], ['1.0', '2.0'])).toBe('2.0');
    expect(negotiateVersion(['3.0', '1.0'], ['1.0', '2.0'])).toBe('1.0');
    expect(negotiateVersion(['3.0'], ['1.0'])).toBeUndefined();
  });

  it('GIVEN a guest that speaks 1.0 THEN initializeGuest resolves with its handlers, sends initialized, and the guest adopts the limits', async () => {
    const { a: host, b: guest } = peerPair();
    const accepted = acceptInitialize(guest, { sdk, handlers: { events: ['message_create'], slash_commands: ['greet'] } });
    const result = await initializeGuest(host, params(['2.0', '1.0']));
    expect(result).toEqual({ protocol_version: '1.0', sdk, handlers: { events: ['message_create'], slash_commands: ['greet'] } });
    const { params: got, version } = await accepted;
    expect(version).toBe('1.0');
    expect(got.limits.request_timeout_ms).toBe(1234);
    // the guest now refuses to send more than the host's limit
    await expect(guest.request(Methods.kvSet, { install_id: 'inst_1', key: 'k', value: 'x'.repeat(70_000) })).rejects.toMatchObject({ code: ErrorCodes.PayloadTooLarge, data: { limit: 65536 } });
  });

  it('GIVEN no common version THEN the guest answers -32010 and closes, and the host error names both lists', async () => {
    const { a: host, b: guest } = peerPair();
    void acceptInitialize(guest, { sdk, handlers: {}, supported: ['1.0'] });
    const guestClosed = new Promise((resolve) => guest.onClose(resolve));
    const err = (await initializeGuest(host, params(['9.0', '8.0'])).catch((e: unknown) => e)) as ProtocolError;
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.code).toBe('unsupported_version');
    expect(err.message).toContain('host offers [9.0, 8.0], guest supports [1.0]');
    expect(err.detail).toEqual({ offered: ['9.0', '8.0'], supported: ['1.0'] });
    await guestClosed;
  });

  it('GIVEN a guest that picks a version the host did not offer THEN the handshake fails', async () => {
    const { a: host, b: guest } = peerPair();
    guest.onRequest(Methods.initialize, () => ({ protocol_version: '7.0', sdk, handlers: {} }));
    await expect(initializeGuest(host, params(['1.0']))).rejects.toMatchObject({ code: 'unsupported_version', message: expect.stringContaining('"7.0"') });
  });

  it('GIVEN a malformed initialize result THEN the handshake fails naming every problem', async () => {
    const { a: host, b: guest } = peerPair();
    guest.onRequest('initialize', () => ({ protocol_version: 1, handlers: { events: 'message_create' } }));
    const err = (await initializeGuest(host, params(['1.0'])).catch((e: unknown) => e)) as ProtocolError;
    expect(err.code).toBe('handshake_failed');
    for (const part of ['/sdk is required', '/protocol_version must be string', '/handlers/events must be array']) expect(err.message).toContain(part);
  });

  it('GIVEN a guest that never answers THEN the handshake fails after the timeout', async () => {
    const { a: host, b: guest } = peerPair();
    guest.onRequest('initialize', () => new Promise(() => {}));
    await expect(initializeGuest(host, params(['1.0']), { timeoutMs: 50 })).rejects.toMatchObject({ code: 'handshake_failed', cause: { code: ErrorCodes.Timeout } });
  });
});

describe('compareHandlers', () => {
  it('GIVEN handlers and a manifest THEN it lists what is handled but undeclared and declared but unhandled, for the kinds declared only', () => {
    const out = compareHandlers(
      {
        events: ['message_create'],
        slash_commands: ['greet', 'menu'],
        dashboard: ['get_settings'],
        crons: [{ name: 'weekly', spec: '0 9 * * 1' }],
      },
      { slash_commands: ['greet', 'feedback'], dashboard: ['get_settings', 'save_settings'], crons: [] },
    );
    expect(out.map((m) => `${m.kind}:${m.name}:${m.code}`)).toEqual([
      'slash_commands:menu:not_declared',
      'slash_commands:feedback:not_handled',
      'dashboard:save_settings:not_handled',
      'crons:weekly:not_declared',
    ]);
    expect(out[0]!.message).toBe('the plugin handles slash command "menu" but the manifest does not declare it; it will never be routed');
    expect(compareHandlers({ slash_commands: ['greet'] }, { slash_commands: ['greet'] })).toEqual([]);
  });
});
