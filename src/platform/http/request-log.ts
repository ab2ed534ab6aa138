import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { type Logger, stdSerializers } from 'pino';

declare module 'http' {
  interface IncomingMessage {
    /** The request id (X-Request-Id), also in every line `req.log` writes. */
    id: string;
    /** A logger bound to this request (its id, method and path). */
    log: Logger;
  }
}

type Level = 'error' | 'info' | 'debug';

/**
 * The request log, as pino-http wrote it until 6 Dec 2026 (the same lines, fields and
 * levels): one line per request when it completes (`request completed`, or `request
 * errored` with the error for a 5xx) at `error` for a 5xx, `info` for a 4xx and `debug`
 * otherwise, each carrying `req: { id, method, url }` (the path, never the query string)
 * and `res: { statusCode, headers }` and `responseTime`; `req.log` for the handlers, bound
 * to the same `req`; the id from a well-formed X-Request-Id or a new UUID, answered in
 * X-Request-Id. Privacy by design: no client address, cookies or tokens.
 *
 * Our own because of what pino-http did on every request: it made the request's child
 * logger up front (the request mapped to pino's full form with its headers, then our
 * three fields, redacted and serialised), also when nothing is logged at the level in
 * force, as for every answered GET at the default `info`. Here the child is made when
 * something is logged (issue 17 item 4: docs/PERFORMANCE.md, "GET path, fifth round").
 */
export function requestLog(logger: Logger): RequestHandler {
  const base = logger.child({}, { serializers: { res: stdSerializers.res, err: stdSerializers.err } });
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    req.id = id;
    let bound: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: true,
      get: () => {
        bound ??= base.child({ req: { id, method: req.method, url: pathOf(req) } });
        return bound;
      },
      set: (value: Logger) => {
        bound = value;
      },
    });
    const started = Date.now();
    const done = (err?: unknown) => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      res.removeListener('error', done);
      completed(base, req, res, err, started);
    };
    res.on('close', done);
    res.on('finish', done);
    res.on('error', done);
    next();
  };
}

function completed(
  base: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  err: unknown,
  started: number,
): void {
  const level: Level = err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug';
  // Checked on the base logger, the request's own is made only for a line that is written.
  if (!base.isLevelEnabled(level)) return;
  const responseTime = Date.now() - started;
  if (err || res.statusCode >= 500) {
    const error = err ?? new Error(`failed with status code ${res.statusCode}`);
    req.log[level]({ res, err: error, responseTime }, 'request errored');
    return;
  }
  req.log[level]({ res, responseTime }, 'request completed');
}

/** The path asked for, without the query string (which may hold tokens). */
const pathOf = (req: IncomingMessage & { originalUrl?: string }) =>
  (req.originalUrl ?? req.url ?? '').split('?')[0];
