// Everything portable (also available alone as `@maidkit/integrity/browser`)…
export * from './browser.js';

// …plus the Node-only parts.
export {
  KEY_FILE_FORMAT, publicKeyFile, encodePublicKeyFile, encodeSecretKeyFile, parsePublicKeyFile, parseSecretKeyFile, parseTrustInput,
  writeKeyFiles, readSecretKeyFile, readTrustFile, type PublicKeyFile, type SecretKeyFile,
} from './keyFile.js';
export { JsonFileVersionState } from './state/JsonFileVersionState.js';
export { SqliteVersionState } from './state/SqliteVersionState.js';
export { SqlitePipelineStore } from './pipeline/SqlitePipelineStore.js';
export { hmacCompatSign, hmacCompatVerify, HMAC_MAX_CODE_BYTES, type HmacCompatInput, type HmacCompatTag } from './hmacCompat.js';
