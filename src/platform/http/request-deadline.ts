import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler, Response } from 'express';
import type { MongooseQueryMiddleware, Schema } from 'mongoose';
import { AppError, errorBody, RETRY_AFTER_UNAVAILABLE } from '../errors.js';

/**
 * A request's time limit. Before the request has written anything, an operation
 * started after the limit is refused (nothing half-applied: nothing applied);
 * once it has written (its commit), it runs to the end even if the client was
 * already answered 503, so a change is applied whole or not at all, and a retry
 * under the same Idempotency-Key finds it.
 */
interface Deadline {
  at: number;
  /** The 503 went out. */
  expired: boolean;
  /** A write (other than bookkeeping) was sent: the rest of the request runs to its end. */
  committed: boolean;
}

/** The request's deadline, and whether the code running now writes only bookkeeping (asBookkeeping). */
interface Scope {
  deadline: Deadline;
  bookkeeping: boolean;
}

const current = new AsyncLocalStorage<Scope>();

/** Thrown for a database operation a request would start after its deadline, before it wrote anything. */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
}

/**
 * Answers `503 unavailable` with Retry-After when a request is not answered
 * within `ms` (a slow or overloaded database: requests otherwise queue behind
 * each other for as long as the database makes them, a minute and more on a
 * slow line). Whatever the handler answers later is dropped.
 */
export function requestDeadline(ms: number): RequestHandler {
  return (req, res, next) => {
    const deadline: Deadline = { at: Date.now() + ms, expired: false, committed: false };
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      deadline.expired = true;
      const error = new AppError('unavailable', 'The database did not answer in time. Try again shortly.', {
        headers: { 'Retry-After': RETRY_AFTER_UNAVAILABLE },
        details: [
          {
            path: 'database',
            message: deadline.committed
              ? `no answer within ${ms} ms; the change is being completed: retry with the same Idempotency-Key`
              : `no answer within ${ms} ms; nothing was changed`,
          },
        ],
      });
      req.log?.warn({ deadlineMs: ms, committed: deadline.committed }, 'request deadline: answered 503');
      res.status(error.status).set(error.headers).json(errorBody(error));
    }, ms);
    timer.unref();
    res.once('close', () => clearTimeout(timer));
    current.run({ deadline, bookkeeping: false }, next);
  };
}

/** True when this response was already answered by its deadline (the handler's late answer is dropped). */
export function answeredByDeadline(res: Response): boolean {
  return res.headersSent && current.getStore()?.deadline.expired === true;
}

const bookkeeping = new WeakSet<Schema>();

/**
 * Writes to this schema's collection do not commit a request (an Idempotency-Key
 * bound to an id with nothing stored under it: a retry simply goes on with that id).
 */
export function markBookkeeping(schema: Schema): void {
  bookkeeping.add(schema);
}

/**
 * Runs `work` (writes that leave nothing half-done when the request stops after
 * them, such as an author's last-seen time) without committing the request: a
 * post whose deadline passes after them still stops before its comment.
 */
export function asBookkeeping<T>(work: () => Promise<T>): Promise<T> {
  const scope = current.getStore();
  return scope ? current.run({ ...scope, bookkeeping: true }, work) : work();
}

function beforeOperation(write: boolean, schema: Schema | null): number | null {
  return beforeOperationIn(current.getStore(), write, schema);
}

function beforeOperationIn(scope: Scope | undefined, write: boolean, schema: Schema | null): number | null {
  const deadline = scope?.deadline;
  if (!deadline || deadline.committed) return null;
  if (deadline.expired || Date.now() >= deadline.at) {
    throw new DeadlineExceededError('the request deadline passed before its database work started');
  }
  if (write && !scope.bookkeeping && !(schema && bookkeeping.has(schema))) {
    deadline.committed = true;
    return null;
  }
  return deadline.at - Date.now();
}

/**
 * The deadline of a read sent to the driver directly (which no mongoose plugin sees):
 * throws DeadlineExceededError once the request's time is up, else the options that
 * carry the time left as `maxTimeMS` (none outside a request).
 */
export function readDeadline(): { maxTimeMS?: number } {
  const left = beforeOperation(false, null);
  return left === null ? {} : { maxTimeMS: Math.max(1, left) };
}

/**
 * `readDeadline` for a read sent later from a group read's own async context: taken now, checked
 * when the read is sent, in this request's scope (DeadlineExceededError once its time is up; else
 * the time it has left, null outside a request).
 */
export function readDeadlineOfThisRequest(): () => number | null {
  const scope = current.getStore();
  return () => beforeOperationIn(scope, false, null);
}

/**
 * The same for a write sent to the driver directly, taken now and checked when the write is
 * sent (a group commit sends it later, from the batch's own async context): refused once this
 * request's time is up before it wrote anything, else it commits the request (unless it is
 * bookkeeping), as the plugin's hook does for a save: what follows it runs to the end.
 * (`AsyncResource.bind` of such a check cost about 15 µs a post: a resource and a deprecation
 * wrapper built per call.)
 */
export function writeDeadlineOfThisRequest(): () => void {
  const scope = current.getStore();
  return () => {
    beforeOperationIn(scope, true, null);
  };
}

const READS: MongooseQueryMiddleware[] = ['find', 'findOne', 'countDocuments', 'distinct'];
const WRITES: MongooseQueryMiddleware[] = [
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
];

/**
 * The database side of the deadline, for every model of a connection: an
 * operation a request starts after its deadline and before its first write is
 * refused (DeadlineExceededError, answered 503), and such a read carries the
 * time left as `maxTimeMS`, so a real MongoDB stops a slow query at the
 * deadline instead of working on for nobody. Operations outside a request
 * (workers, start-up) are untouched.
 */
export function deadlinePlugin(schema: Schema): void {
  schema.pre(READS, function () {
    const left = beforeOperation(false, schema);
    if (left !== null) this.maxTimeMS(Math.max(1, left));
  });
  schema.pre(WRITES, () => {
    beforeOperation(true, schema);
  });
  schema.pre('aggregate', function () {
    const left = beforeOperation(false, schema);
    if (left !== null) this.option({ maxTimeMS: Math.max(1, left) });
  });
  schema.pre('save', () => {
    beforeOperation(true, schema);
  });
  schema.pre('insertMany', () => {
    beforeOperation(true, schema);
  });
  schema.pre('bulkWrite', () => {
    beforeOperation(true, schema);
  });
}
