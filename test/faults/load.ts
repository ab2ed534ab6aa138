/**
 * A small load generator for the fault tests: `clients` concurrent readers
 * each posting comments in a loop, every comment under its own
 * Idempotency-Key, recording what the service answered. Retries (same key,
 * same body) are the client's job, as they would be in the widget.
 */
import { randomUUID } from 'node:crypto';

export interface Outcome {
  key: string;
  body: string;
  status: number | 'network';
  id?: string;
  retryAfter: string | null;
  ms: number;
  at: number;
}

export interface LoadOptions {
  /** Base URL, read on every request (a restarted service may move). */
  url: () => string;
  siteId: string;
  articleId: string;
  clients: number;
  /** A distinct client address per request (the service trusts one proxy hop), so per-IP limits do not bite. */
  forwardedFor?: boolean;
  pauseMs?: number;
  /** How long one post may take before the client gives up (a network outcome); 10 s. */
  timeoutMs?: number;
}

let addressSeq = 0;
const nextAddress = () => {
  addressSeq++;
  return `10.${(addressSeq >> 16) & 255}.${(addressSeq >> 8) & 255}.${addressSeq & 255}`;
};

/** Posts one comment; never throws (network failures are an outcome). */
export async function postComment(
  options: Pick<LoadOptions, 'url' | 'siteId' | 'articleId' | 'forwardedFor'>,
  key: string,
  body: string,
  timeoutMs = 10_000,
): Promise<Outcome> {
  const started = Date.now();
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': key };
  if (options.forwardedFor) headers['x-forwarded-for'] = nextAddress();
  try {
    const res = await fetch(
      `${options.url()}/api/v1/sites/${options.siteId}/articles/${options.articleId}/comments`,
      {
        method: 'POST',
        headers,
        body: JSON.stringify({ body, authorName: `Leser ${key.slice(0, 8)}` }),
        signal: AbortSignal.timeout(timeoutMs),
      },
    );
    const json = (await res.json().catch(() => null)) as { comment?: { id?: string } } | null;
    return {
      key,
      body,
      status: res.status,
      id: json?.comment?.id,
      retryAfter: res.headers.get('retry-after'),
      ms: Date.now() - started,
      at: started,
    };
  } catch {
    return { key, body, status: 'network', retryAfter: null, ms: Date.now() - started, at: started };
  }
}

/** Runs until stop() is called; each client posts new comments back to back. */
export function startLoad(options: LoadOptions) {
  const outcomes: Outcome[] = [];
  let running = true;
  let n = 0;
  const client = async () => {
    while (running) {
      const key = randomUUID();
      const body = `Kommentar ${n++} under last, nøkkel ${key}`;
      const outcome = await postComment(options, key, body, options.timeoutMs);
      outcomes.push(outcome);
      // No service to talk to (not up yet, or gone): back off instead of spinning.
      const pause = outcome.status === 'network' ? Math.max(options.pauseMs ?? 0, 50) : options.pauseMs;
      if (pause) await new Promise((r) => setTimeout(r, pause));
    }
  };
  const clients = Array.from({ length: options.clients }, client);
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(clients);
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
