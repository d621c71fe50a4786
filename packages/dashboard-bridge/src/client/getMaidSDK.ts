import { createMaidSDK, type MaidSDK } from './createMaidSDK.js';

let instance: MaidSDK | null = null;

/**
 * The page's one MaidSDK for ES-module code: the script-tag `window.MaidSDK` when that is loaded (two
 * clients in one frame would replace each other's connection), else one created on first use.
 */
export function getMaidSDK(): MaidSDK {
  const existing = (globalThis as { MaidSDK?: MaidSDK }).MaidSDK;
  if (existing && typeof existing.ready === 'function') return existing;
  instance ??= createMaidSDK();
  return instance;
}
