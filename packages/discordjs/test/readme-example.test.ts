import { describe, expect, it, vi } from 'vitest';

describe('the README example (examples/standin-hello.mjs)', () => {
  it('GIVEN the example run as is THEN the hello plugin answers !ping with Pong! through discord.js and the stand-in', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    try {
      // @ts-expect-error -- a plain .mjs script without types, imported to run it exactly as written
      await import('../examples/standin-hello.mjs');
    } finally {
      log.mockRestore();
    }
    expect(lines).toContain('POST /channels/300000000000000001/messages Pong!');
    expect(lines).toContain('commands created: 0 deleted: 0');
  });
});
