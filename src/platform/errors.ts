/**
 * The error catalogue: every error code the API answers with, its HTTP status
 * and its public message. Operational errors are AppError values that the
 * HTTP layer maps to the contract's error body; anything else is a bug.
 */
export const ERROR_CATALOGUE = {
  bad_request: { status: 400, message: 'The request is not valid HTTP.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  unauthorized: { status: 401, message: 'Authentication is required.' },
  forbidden: { status: 403, message: 'You are not allowed to do this.' },
  comments_closed: { status: 403, message: 'Comments are closed for this article.' },
  conflict_of_interest: {
    status: 403,
    message: 'Another moderator must decide this appeal: you made the decision it is against.',
  },
  not_found: { status: 404, message: 'Not found.' },
  conflict: { status: 409, message: 'The resource was changed by someone else.' },
  appeal_window_closed: { status: 409, message: 'The time to appeal this decision has run out.' },
  edit_window_closed: { status: 409, message: 'The time for editing this comment has passed.' },
  request_timeout: { status: 408, message: 'The request took too long to arrive.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send the body as application/json.' },
  validation_failed: { status: 422, message: 'The request is not valid.' },
  rate_limited: { status: 429, message: 'Too many requests. Try again later.' },
  headers_too_large: { status: 431, message: 'The request line or headers are too large.' },
  unavailable: { status: 503, message: 'The service is temporarily unavailable. Try again shortly.' },
  internal: { status: 500, message: 'Something went wrong on our side.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Seconds a client should wait before retrying while storage is unavailable or too slow. */
export const RETRY_AFTER_UNAVAILABLE = '2';

export interface ErrorDetail {
  path: string;
  message: string;
  [extra: string]: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown[];
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message?: string,
    options: { details?: unknown[]; headers?: Record<string, string> } = {},
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }
}

export const notFound = (what = 'Not found.') => new AppError('not_found', what);

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: unknown[] };
}

export const errorBody = (error: AppError): ErrorBody => ({
  error: { code: error.code, message: error.message, details: error.details },
});
