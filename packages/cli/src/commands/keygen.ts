import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { IntegrityError, SigningKey, writeKeyFiles } from '@maidkit/integrity';
import { ExitCode, type CliIO } from '../io.js';

export const KEYGEN_USAGE = `usage: maidkit keygen [--out FILE] [--kid ID] [--force] [--json]

Generate an Ed25519 signing key pair.
  --out FILE   secret key file to write (default: maidkit.key); the public key goes to FILE.pub
  --kid ID     key id recorded in statements (default: the key's fingerprint)
  --force      replace existing files
  --json       print the result as JSON

The secret key file is written with mode 0600 and is never printed. Give FILE.pub to verifiers.
Exit codes: 0 written, 1 refused (file exists, bad key id), 2 usage error.
`;

export async function keygen(argv: string[], io: CliIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { out: { type: 'string' }, kid: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    io.stderr(`maidkit keygen: ${(err as Error).message}\n\n${KEYGEN_USAGE}`);
    return ExitCode.Usage;
  }
  if (values.help) {
    io.stdout(KEYGEN_USAGE);
    return ExitCode.Ok;
  }
  const out = resolve(io.cwd, values.out ?? 'maidkit.key');
  const pub = `${out}.pub`;
  try {
    const key = SigningKey.generate(values.kid === undefined ? {} : { kid: values.kid });
    writeKeyFiles(key, out, pub, { overwrite: values.force ?? false });
    const result = { ok: true, kid: key.kid, fingerprint: key.fingerprint, publicKey: Buffer.from(key.publicKey).toString('base64'), secretKeyFile: out, publicKeyFile: pub };
    if (values.json) io.stdout(`${JSON.stringify(result)}\n`);
    else {
      io.stdout(
        `generated Ed25519 key ${key.kid} (fingerprint ${key.fingerprint})\n` +
          `  secret key  ${out}  (mode 0600: keep it private, never commit it)\n` +
          `  public key  ${pub}  (give this to verifiers: maidkit verify … --keys ${pub})\n`,
      );
    }
    return ExitCode.Ok;
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    if (!(err instanceof IntegrityError) && errno === undefined) throw err;
    const error = err instanceof IntegrityError ? err.toJSON() : { code: 'write_failed', message: `cannot write ${out}: ${errno}`, hint: 'Check that the directory exists and is writable.' };
    if (values.json) io.stdout(`${JSON.stringify({ ok: false, error })}\n`);
    else io.stderr(`maidkit keygen: ${error.message}\n  hint: ${error.hint}\n`);
    return ExitCode.Invalid;
  }
}
