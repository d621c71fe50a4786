/** Stable codes for everything the playground refuses; `hint` says what to do about it. */
export const PlaygroundErrorCodes = {
  InvalidRequest: 'invalid_request',
  NotFound: 'not_found',
  PluginInvalid: 'plugin_invalid',
  PluginUnavailable: 'plugin_unavailable',
  PayloadTooLarge: 'payload_too_large',
  StartFailed: 'start_failed',
} as const;

export type PlaygroundErrorCode = (typeof PlaygroundErrorCodes)[keyof typeof PlaygroundErrorCodes];

/** One problem with a request from the page: where (`path`, a JSON Pointer), what (`code`), and why. */
export interface PlaygroundProblem {
  path: string;
  code: string;
  message: string;
}

export class PlaygroundError extends Error {
  readonly code: PlaygroundErrorCode;
  readonly problems: PlaygroundProblem[];
  readonly hint: string | undefined;

  constructor(code: PlaygroundErrorCode, message: string, options: { problems?: PlaygroundProblem[]; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlaygroundError';
    this.code = code;
    this.problems = options.problems ?? [];
    this.hint = options.hint;
  }

  toJSON(): { code: PlaygroundErrorCode; message: string; problems: PlaygroundProblem[]; hint?: string } {
    return { code: this.code, message: this.message, problems: this.problems, ...(this.hint === undefined ? {} : { hint: this.hint }) };
  }
}
