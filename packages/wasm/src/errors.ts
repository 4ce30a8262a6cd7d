/**
 * The one error type of dinhdanh. Every failure a caller can act on carries a
 * stable `code` (never reused with another meaning), an HTTP-style `status`
 * for the service, and optional `details` (a field path, an offset, …).
 * Messages never contain personal data.
 *
 * It lives in the lowest package so the kernels' loaders and the library
 * throw the same class; `@dinhdanh/core/errors` re-exports it with the full
 * code catalogue.
 */
export class DinhdanhError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DinhdanhError';
    this.code = code;
    this.status = options.status ?? 400;
    this.details = options.details;
  }

  toJSON(): { code: string; message: string; details?: Readonly<Record<string, unknown>> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const isDinhdanhError = (e: unknown): e is DinhdanhError => e instanceof DinhdanhError;
