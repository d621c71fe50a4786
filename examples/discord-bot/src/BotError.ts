/** Stable codes for what the bot refuses; messages may be reworded, codes may not. */
export const BotErrorCodes = {
  InvalidConfig: 'invalid_config',
  BundleNotFound: 'bundle_not_found',
  BundleOutsideDir: 'bundle_outside_dir',
  BundleDownloadFailed: 'bundle_download_failed',
  BundleInvalid: 'bundle_invalid',
  SignatureRequired: 'signature_required',
  SignatureInvalid: 'signature_invalid',
  NotInstalled: 'not_installed',
  AlreadyInstalled: 'already_installed',
  Forbidden: 'forbidden',
} as const;

export type BotErrorCode = (typeof BotErrorCodes)[keyof typeof BotErrorCodes];

/** Every refusal the bot reports to an admin or at start-up: a code, a message, and a hint. */
export class BotError extends Error {
  override readonly name = 'BotError';
  readonly code: BotErrorCode;
  readonly hint: string | undefined;
  readonly problems: string[];

  constructor(code: BotErrorCode, message: string, options: { hint?: string; problems?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.problems = options.problems ?? [];
  }
}
