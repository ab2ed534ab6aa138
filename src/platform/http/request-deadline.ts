import type { RequestHandler, Response } from 'express';
import { AppError, errorBody, RETRY_AFTER_UNAVAILABLE } from '../errors.js';

/**
 * A request's time limit. Before the request has written anything, an operation
 * started after the limit is refused (nothing half-applied: nothing applied);
 * once it has written (its commit), it runs to the end even if the client was
 * already answered 503, so a change is applied whole or not at all, and a retry
 * under the same Idempotency-Key finds it.
 *
 * The request's `Deadline` is passed by hand, from the route (`deadlineOf(res)`) through the
 * services to each database operation (`within(model, d)`, `readDeadline(d)`, `writeDeadline(d)`),
 * not carried by an AsyncLocalStorage: on node 20 a storage once entered turns on V8's promise
 * hooks for the whole process, a call into JavaScript for every promise (17 % of a post's
 * main-thread instructions: docs/PERFORMANCE.md, "post13", "post14"). `null` is "no request"
 * (workers, start-up): nothing is checked.
 */
interface Limit {
  at: number;
  /** The 503 went out. */
  expired: boolean;
  /** A write (other than bookkeeping) was sent: the rest of the request runs to its end. */
  committed: boolean;
}

/** A request's deadline as its database operations see it; `bookkeeping`: writes that do not commit it. */
export interface Deadline {
  readonly limit: Limit;
  readonly bookkeeping: boolean;
  /** The same request's view for bookkeeping writes (asBookkeeping). */
  readonly asBookkeeping: Deadline;
}

function newDeadline(at: number): Deadline {
  const limit: Limit = { at, expired: false, committed: false };
  const bookkeeping = { limit, bookkeeping: true } as {
    limit: Limit;
    bookkeeping: boolean;
    asBookkeeping: Deadline;
  };
  bookkeeping.asBookkeeping = bookkeeping;
  return { limit, bookkeeping: false, asBookkeeping: bookkeeping };
}

/** Thrown for a database operation a request would start after its deadline, before it wrote anything. */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
}

const LOCALS_KEY = 'deadline';

/**
 * Answers `503 unavailable` with Retry-After when a request is not answered
 * within `ms` (a slow or overloaded database: requests otherwise queue behind
 * each other for as long as the database makes them, a minute and more on a
 * slow line). Whatever the handler answers later is dropped. The request's
 * `Deadline` is `deadlineOf(res)`.
 */
export function requestDeadline(ms: number): RequestHandler {
  return (req, res, next) => {
    const deadline = newDeadline(Date.now() + ms);
    const { limit } = deadline;
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      limit.expired = true;
      const error = new AppError('unavailable', 'The database did not answer in time. Try again shortly.', {
        headers: { 'Retry-After': RETRY_AFTER_UNAVAILABLE },
        details: [
          {
            path: 'database',
            message: limit.committed
              ? `no answer within ${ms} ms; the change is being completed: retry with the same Idempotency-Key`
              : `no answer within ${ms} ms; nothing was changed`,
          },
        ],
      });
      req.log?.warn({ deadlineMs: ms, committed: limit.committed }, 'request deadline: answered 503');
      res.status(error.status).set(error.headers).json(errorBody(error));
    }, ms);
    timer.unref();
    res.once('close', () => clearTimeout(timer));
    res.locals[LOCALS_KEY] = deadline;
    next();
  };
}

/** This request's deadline (null where no deadline middleware ran). */
export function deadlineOf(res: Response): Deadline | null {
  return (res.locals[LOCALS_KEY] as Deadline | undefined) ?? null;
}

/** True when this response was already answered by its deadline (the handler's late answer is dropped). */
export function answeredByDeadline(res: Response): boolean {
  return res.headersSent && deadlineOf(res)?.limit.expired === true;
}

/**
 * The deadline for writes that leave nothing half-done when the request stops after them
 * (an author's last-seen time): they are refused after the deadline like any operation, but
 * do not commit the request, so a post whose deadline passes after them still stops before
 * its comment.
 */
export function asBookkeeping(d: Deadline | null | undefined): Deadline | null {
  return d ? d.asBookkeeping : null;
}

/**
 * Checks an operation about to be sent: DeadlineExceededError once the request's time is up
 * before it wrote anything; a write (not bookkeeping) commits the request. The time left in
 * ms for a read, null when nothing bounds it (committed, or no request).
 */
export function checkDeadline(d: Deadline | null | undefined, write: boolean): number | null {
  const limit = d?.limit;
  if (!limit || limit.committed) return null;
  if (limit.expired || Date.now() >= limit.at) {
    throw new DeadlineExceededError('the request deadline passed before its database work started');
  }
  if (write && !d.bookkeeping) {
    limit.committed = true;
    return null;
  }
  return limit.at - Date.now();
}

/**
 * The deadline of a read sent to the driver: throws DeadlineExceededError once the request's
 * time is up, else the options that carry the time left as `maxTimeMS` (none outside a request).
 */
export function readDeadline(d: Deadline | null | undefined): { maxTimeMS?: number } {
  const left = checkDeadline(d, false);
  return left === null ? {} : { maxTimeMS: Math.max(1, left) };
}

/** The deadline of a write sent to the driver: refused once the time is up before the request wrote; else it commits it. */
export function writeDeadline(d: Deadline | null | undefined): void {
  checkDeadline(d, true);
}

const READS = new Set<PropertyKey>([
  'find',
  'findOne',
  'findById',
  'countDocuments',
  'estimatedDocumentCount',
  'distinct',
  'exists',
]);
const WRITES = new Set<PropertyKey>([
  'findOneAndUpdate',
  'findByIdAndUpdate',
  'findOneAndDelete',
  'findByIdAndDelete',
  'findOneAndReplace',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'create',
  'insertMany',
  'bulkWrite',
]);

interface WithOptions {
  setOptions(options: { maxTimeMS: number }): unknown;
}
interface WithOption {
  option(options: { maxTimeMS: number }): unknown;
}

/**
 * A mongoose model whose operations keep the request's deadline `d`: one started after the
 * deadline before the request wrote anything is refused (DeadlineExceededError, answered 503),
 * a read carries the time left as `maxTimeMS` (a real MongoDB stops a slow query at the
 * deadline instead of working on for nobody), a write commits the request (unless `d` is
 * bookkeeping). Checked when the operation is built, which is when it is sent (`await`).
 * Without a request (`d` null: workers, start-up) the model itself.
 */
export function within<M extends object>(model: M, d: Deadline | null | undefined): M {
  if (!d) return model;
  return new Proxy(model, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (READS.has(prop) || prop === 'aggregate') {
        return (...args: unknown[]) => {
          const left = checkDeadline(d, false);
          const op = method.apply(target, args);
          if (left !== null) {
            const maxTimeMS = Math.max(1, left);
            if (prop === 'aggregate') (op as WithOption).option({ maxTimeMS });
            else (op as WithOptions).setOptions({ maxTimeMS });
          }
          return op;
        };
      }
      if (WRITES.has(prop)) {
        return (...args: unknown[]) => {
          checkDeadline(d, true);
          return method.apply(target, args);
        };
      }
      return method.bind(target);
    },
  });
}
