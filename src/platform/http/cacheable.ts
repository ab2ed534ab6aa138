import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/** How long shared caches (a CDN, nginx) and browsers may keep a public answer. */
export interface PublicCachePolicy {
  /** Fresh for this long. */
  maxAgeSeconds: number;
  /** Then served stale for up to this long while one request fetches a fresh copy. */
  staleWhileRevalidateSeconds: number;
}

interface Rendered {
  /** The JSON encoded once: a string would be encoded to UTF-8 again for every reader. */
  bytes: Buffer;
  etag: string;
}

/**
 * The JSON and its ETag, computed once per answer object: the thread
 * micro-cache hands out the same object to every reader for a second, so a
 * cache hit costs neither a serialisation nor a hash.
 */
const rendered = new WeakMap<object, Rendered>();

function render(body: object): Rendered {
  let done = rendered.get(body);
  if (!done) {
    const bytes = Buffer.from(JSON.stringify(body));
    // Strong: the same bytes, the same tag (the answer is not re-encoded on the way out).
    done = { bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"` };
    rendered.set(body, done);
  }
  return done;
}

/** RFC 9110 13.1.2: If-None-Match compares weakly, `*` matches any current answer. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/**
 * Sends a public answer that caches may keep and share: Cache-Control
 * `public, max-age, stale-while-revalidate`, a strong ETag, and 304 without a
 * body when the client already holds it. `Vary: Origin` always (the CORS
 * headers depend on it, and an answer to a request without one must not be
 * served to a browser page), `Vary: Authorization` because a request that
 * carries a login gets a personal answer instead (see sendPrivate). Only for
 * answers that hold nothing personal.
 */
export function sendPublic(req: Request, res: Response, body: object, policy: PublicCachePolicy): void {
  const { bytes, etag } = render(body);
  res.vary('Origin');
  res.vary('Authorization');
  res.set(
    'Cache-Control',
    `public, max-age=${policy.maxAgeSeconds}, stale-while-revalidate=${policy.staleWhileRevalidateSeconds}`,
  );
  res.set('ETag', etag);
  if (matches(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.set('Content-Type', 'application/json; charset=utf-8').send(bytes);
}

/** An answer for one reader only (their own hidden comments): never stored by a shared cache or a browser. */
export function sendPrivate(res: Response, body: object): void {
  res.vary('Origin');
  res.vary('Authorization');
  res.set('Cache-Control', 'private, no-store');
  sendJson(res, 200, body);
}

/**
 * res.status(status).json(body) without express's res.send on the way (its content-type
 * lookup, and a Buffer for a text of 1,000 characters or more, which node then sends beside
 * the headers with a writev): the two headers, and the string in one write with them. In a
 * paired micro-benchmark, 23 µs less CPU per answer of 500 characters (a reader's POST),
 * 41 µs of 1,100 (docs/PERFORMANCE.md, "POST path, seventh round"). HEAD answers carry no
 * body (node drops it).
 */
export function sendJson(res: Response, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
