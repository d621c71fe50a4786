/**
 * Entry of the script-tag bundle `dist/mmo-maid-sdk.js`. tsup builds it as an IIFE with
 * `globalName: 'MaidSDK'`, so these named exports become `window.MaidSDK.ready`, `.kv.get`, … and the
 * seed's `<script src="/static/mmo-maid-sdk.js">` page runs as written.
 */
import { createMaidSDK } from './createMaidSDK.js';

const sdk = createMaidSDK();

export const ready = sdk.ready;
export const getContext = sdk.getContext;
export const getTheme = sdk.getTheme;
export const on = sdk.on;
export const off = sdk.off;
export const resize = sdk.resize;
export const navigateTo = sdk.navigateTo;
export const rpc = sdk.rpc;
export const kv = sdk.kv;
export const metrics = sdk.metrics;
export const sql = sdk.sql;
export { BridgeError } from '../protocol/BridgeError.js';
export { BridgeErrorCode } from '../protocol/errorCodes.js';
