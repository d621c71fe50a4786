import { canonicalJson, parseCanonicalJson } from './canonicalJson.js';
import { fromBase64, toBase64, utf8, concatBytes } from './encoding.js';
import { ED25519_SIGNATURE_BYTES, defaultEd25519, type Ed25519Backend } from './ed25519.js';
import { IntegrityError, type IntegrityErrorCode } from './IntegrityError.js';
import { KEY_ID } from './keyId.js';
import type { SigningKey } from './SigningKey.js';

/**
 * Domain separation: every signature covers `context ‖ 0x00 ‖ canonicalJson({fp, kid, statement})`.
 * Each purpose has its own context, so a signature made for one can never verify as another, even if
 * someone crafted identical JSON; the `type` field inside says the same thing a second time.
 */
export const SIGNATURE_CONTEXTS = {
  'maidkit.release': 'maidkit/v1/release-statement',
  'maidkit.key-rotation': 'maidkit/v1/key-rotation',
  'maidkit.key-revocation': 'maidkit/v1/key-revocation',
} as const;

export type StatementType = keyof typeof SIGNATURE_CONTEXTS;

/** One signature on a statement: the signer's key id, its key fingerprint and the base64 signature. */
export interface StatementSignature {
  kid: string;
  /** keyFingerprint(publicKey) of the signer: tells "wrong key under this kid" apart from tampering. */
  fp: string;
  sig: string;
}

/** The file `maidkit sign` writes: one statement and one or more signatures over it (k-of-n). */
export interface SignedEnvelope<S> {
  statement: S;
  signatures: StatementSignature[];
}

/** Limit on statement files: real ones are well under 2 KiB; anything huge is hostile. */
export const MAX_STATEMENT_BYTES = 64 * 1024;
const FINGERPRINT = /^[0-9a-f]{16}$/;
// ignoreBOM: a BOM stays in the text, so the canonical check refuses it instead of silently dropping it.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function signaturePreimage(type: StatementType, kid: string, fp: string, statement: unknown): Uint8Array {
  return concatBytes(utf8(SIGNATURE_CONTEXTS[type]), Uint8Array.of(0), utf8(canonicalJson({ fp, kid, statement })));
}

/** Signs a statement of the given type with each key (deterministic: the same inputs give the same bytes). */
export function signEnvelope<S extends { type: StatementType }>(statement: S, keys: SigningKey | readonly SigningKey[], backend: Ed25519Backend = defaultEd25519()): SignedEnvelope<S> {
  const list = Array.isArray(keys) ? (keys as readonly SigningKey[]) : [keys as SigningKey];
  if (list.length === 0) throw new IntegrityError('threshold_not_met', 'signing needs at least one key');
  canonicalJson(statement); // refuse what cannot be encoded before spending a signature on it
  const signatures = list.map((key) => ({
    kid: key.kid,
    fp: key.fingerprint,
    sig: toBase64(key.sign(signaturePreimage(statement.type, key.kid, key.fingerprint, statement), backend)),
  }));
  return { statement, signatures };
}

/** The canonical file form of an envelope (what signatures were checked against), plus a final LF. */
export function encodeEnvelope(envelope: SignedEnvelope<unknown>): string {
  return `${canonicalJson(envelope)}\n`;
}

function envelopeText(input: string | Uint8Array): string {
  if (typeof input === 'string') {
    if (input.length > MAX_STATEMENT_BYTES) throw new IntegrityError('statement_malformed', `statement is larger than ${MAX_STATEMENT_BYTES} bytes`);
    return input.endsWith('\n') ? input.slice(0, -1) : input;
  }
  if (input.length > MAX_STATEMENT_BYTES) throw new IntegrityError('statement_malformed', `statement is larger than ${MAX_STATEMENT_BYTES} bytes`);
  let text: string;
  try {
    text = strictUtf8.decode(input);
  } catch {
    throw new IntegrityError('statement_malformed', 'statement is not valid UTF-8');
  }
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function exactKeys(value: Record<string, unknown>, allowed: readonly string[], path: string, code: IntegrityErrorCode): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new IntegrityError(code, `unknown field ${path}/${key}`, { path: `${path}/${key}` });
  }
}

/**
 * Reads an envelope (file bytes, text, or an already-parsed object) down to its statement object and
 * well-formed signatures, and checks the statement's purpose and format version. Text must be exactly
 * canonical JSON with at most one final LF, so every byte of the file is covered by the signatures.
 */
export function parseEnvelope(input: string | Uint8Array | SignedEnvelope<unknown>, expectedType: StatementType, supportedVersions: readonly number[]): SignedEnvelope<Record<string, unknown>> {
  const raw: unknown = typeof input === 'string' || input instanceof Uint8Array ? parseCanonicalJson(envelopeText(input), 'statement file') : input;
  if (!isRecord(raw)) throw new IntegrityError('statement_malformed', 'a signed statement is a JSON object { signatures, statement }', { path: '/' });
  exactKeys(raw, ['signatures', 'statement'], '', 'statement_malformed');
  const { statement, signatures } = raw;
  if (!isRecord(statement)) throw new IntegrityError('statement_malformed', '/statement must be an object', { path: '/statement' });
  if (statement.type !== expectedType) {
    const known = typeof statement.type === 'string' && Object.hasOwn(SIGNATURE_CONTEXTS, statement.type);
    throw new IntegrityError(known ? 'statement_wrong_type' : 'statement_malformed', `/statement/type is ${JSON.stringify(statement.type)}, expected ${JSON.stringify(expectedType)}`, { path: '/statement/type' });
  }
  if (!supportedVersions.includes(statement.v as number)) {
    throw new IntegrityError('statement_unknown_version', `/statement/v is ${JSON.stringify(statement.v)}; this verifier knows ${supportedVersions.join(', ')}`, {
      path: '/statement/v',
      hint: 'Upgrade @maidkit/integrity, or ask the publisher for a statement in a known version.',
    });
  }
  if (!Array.isArray(signatures) || signatures.length === 0 || signatures.length > 16) {
    throw new IntegrityError('statement_malformed', '/signatures must be an array of 1–16 signatures', { path: '/signatures' });
  }
  const parsed: StatementSignature[] = signatures.map((s: unknown, i) => {
    const path = `/signatures/${i}`;
    if (!isRecord(s)) throw new IntegrityError('signature_malformed', `${path} must be an object { kid, fp, sig }`, { path });
    exactKeys(s, ['fp', 'kid', 'sig'], path, 'signature_malformed');
    if (typeof s.kid !== 'string' || !KEY_ID.test(s.kid)) throw new IntegrityError('signature_malformed', `${path}/kid is not a valid key id`, { path: `${path}/kid` });
    if (typeof s.fp !== 'string' || !FINGERPRINT.test(s.fp)) throw new IntegrityError('signature_malformed', `${path}/fp must be 16 lowercase hex characters`, { path: `${path}/fp` });
    fromBase64(s.sig, ED25519_SIGNATURE_BYTES, 'signature_malformed', `${path}/sig`);
    return { kid: s.kid, fp: s.fp, sig: s.sig as string };
  });
  return { statement, signatures: parsed };
}
