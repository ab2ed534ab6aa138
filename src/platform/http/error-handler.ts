import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isStorageUnavailable } from '../db/database.js';
import { AppError, errorBody, RETRY_AFTER_UNAVAILABLE } from '../errors.js';
import { answeredByDeadline } from './request-deadline.js';

/**
 * A body whose Content-Encoding does not decompress: body-parser passes zlib's
 * error on (Z_DATA_ERROR, Z_BUF_ERROR, brotli's ERR__ERROR_*) with status 400 and
 * no `type`. It is the client's mistake, not ours.
 */
const isDecompressionError = (e: { status?: number; code?: unknown; errno?: unknown }) =>
  e.status === 400 && typeof e.errno === 'number' && typeof e.code === 'string';

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as
    | { type?: string; status?: number; name?: string; code?: unknown; errno?: unknown }
    | undefined;
  switch (e?.type) {
    case 'entity.parse.failed':
      return new AppError('invalid_json');
    case 'entity.too.large':
      return new AppError('payload_too_large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'Send the body as UTF-8 application/json.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('invalid_json', 'The request body could not be read.');
  }
  if (e && isDecompressionError(e)) {
    return new AppError('bad_request', 'The request body could not be decompressed.');
  }
  if (e?.name === 'URIError') return new AppError('not_found');
  if (isStorageUnavailable(err)) {
    return new AppError('unavailable', undefined, { headers: { 'Retry-After': RETRY_AFTER_UNAVAILABLE } });
  }
  return null;
}

/** Maps every error to the contract's error body; unknown errors become a bare 500. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  // The deadline answered 503 already; the handler's late failure (or its late answer) is expected.
  if (answeredByDeadline(res)) return;
  let appError = toAppError(err);
  if (!appError) {
    req.log?.error({ err }, 'unhandled error');
    appError = new AppError('internal');
  } else if (appError.status >= 500) {
    req.log?.warn({ code: appError.code, err: (err as Error).message }, 'request failed');
  }
  if (res.headersSent) return;
  res.status(appError.status).set(appError.headers).json(errorBody(appError));
};

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new AppError('not_found', 'No such endpoint.'));
};

/** Refuses bodies that are not JSON before the parser sees them. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  if (!hasBody || ['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(req.method)) return next();
  if (!req.is('application/json')) return next(new AppError('unsupported_media_type'));
  next();
};
