/**
 * What bench:http and profile:http share: starting a measured server in its own
 * process (bench/support/http-servers.ts), reading its counters over IPC, and the
 * POST and GET load autocannon sends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import autocannon, { type Result } from 'autocannon';
import { startEmbeddedDatabase } from '../../src/platform/db/embedded.js';
import { createLogger } from '../../src/platform/logger.js';
import { BENCH_SITE, commentText, THREAD_ARTICLES } from './seed.js';

export const POST_ARTICLES = 20;
/**
 * How many authors the POSTs cycle through. By default none repeats: every post is a brand-new
 * author's first (the author upsert, no history read). Until 7 Dec 2026 the default was 997
 * names over the posts to both servers, so a run of more than 997 posts (a quiet machine's, or a
 * longer warm-up) gave the service some returning authors' posts in its later rounds, another
 * path, as many or few as the machine's speed made. A few (BENCH_AUTHORS=20) make them returning
 * authors' (the history read with the record, no upsert): the other path of "Database commands
 * per POST" in docs/PERFORMANCE.md.
 */
const POST_AUTHORS = Math.max(1, Number(process.env.BENCH_AUTHORS ?? Number.POSITIVE_INFINITY));

export interface Server {
  url: string;
  child: ChildProcess;
  /** The GET paths (first and second pages of the busy articles, with this server's cursors). */
  paths: string[];
}

export function startServer(
  role: 'service' | 'floor',
  uri: string,
  nodeArgs: string[] = [],
): Promise<Server> {
  const dbName = `bench_${role}_${randomBytes(3).toString('hex')}`;
  // BENCH_SERVICE_DIR: the service from another checkout (its own http-servers.ts, src and
  // node_modules), measured by this bench against this checkout's floor: a same-bench A/B.
  const cwd = role === 'service' ? process.env.BENCH_SERVICE_DIR : undefined;
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'bench/support/http-servers.ts', role, uri, dbName],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], ...(cwd ? { cwd } : {}) },
  );
  return new Promise((ok, fail) => {
    let out = '';
    let ready = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match?.[1] && !ready) {
        ready = true;
        const url = match[1];
        threadPaths(url).then((paths) => ok({ url, child, paths }), fail);
      }
    });
    child.once('exit', (code) => fail(new Error(`${role} server exited with ${code}`)));
  });
}

export interface Stats {
  cpu: NodeJS.CpuUsage;
  commands: Record<string, number>;
  /** HTTP requests the server received, by method: the ones autocannon gave up on at a slice's end too. */
  requests: Record<string, number>;
  /** Requests received and not yet answered (or abandoned). */
  inFlight: number;
  /** The server's clock (ms) when it answered. */
  at: number;
}

/** Sends `message` to the server's process and resolves with its first answer. */
export function ask<T>(server: Server, message: unknown): Promise<T> {
  return new Promise((ok) => {
    server.child.once('message', (answer) => ok(answer as T));
    server.child.send(message as object);
  });
}

export const stats = (server: Server): Promise<Stats> => ask<Stats>(server, 'stats');

/**
 * Stats once the server has finished what autocannon left in flight: no request
 * open, and no new commands for 300 ms (the work a request leaves behind, such as
 * the moderators' queue counts).
 */
export async function drained(server: Server): Promise<Stats> {
  let last = await stats(server);
  const total = (s: Stats) => Object.values(s.commands).reduce((a, n) => a + n, 0);
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await stats(server);
    if (now.inFlight === 0 && total(now) === total(last)) return now;
    last = now;
  }
  return last;
}

export async function stopServer(server: Server): Promise<void> {
  server.child.removeAllListeners('exit');
  const exited = new Promise((ok) => server.child.once('exit', ok));
  server.child.kill('SIGTERM');
  await exited;
}

let sequence = 0;
const RUN_ID = randomBytes(4).toString('hex');
/** As the widget posts: JSON, and an Idempotency-Key per comment (the service claims it before storing). */
const postRequest = () => ({
  method: 'POST',
  setupRequest: (req: { path?: string; body?: string; headers?: Record<string, string> }) => {
    const n = sequence++;
    req.path = `/api/v1/sites/${BENCH_SITE}/articles/breaking-${n % POST_ARTICLES}/comments`;
    req.headers = { 'content-type': 'application/json', 'idempotency-key': `${RUN_ID}-${n}` };
    req.body = JSON.stringify({ body: commentText(n + 1_000_000), authorName: `Leser ${n % POST_AUTHORS}` });
    return req;
  },
});

/**
 * The first and second page of each busy article, as readers ask for them,
 * spread at random: the thread cache serves 16 entries, and misses as each
 * expires. The second pages' cursors are each server's own.
 */
async function threadPaths(url: string): Promise<string[]> {
  const paths: string[] = [];
  for (const article of THREAD_ARTICLES) {
    const first = `/api/v1/sites/${BENCH_SITE}/articles/${article}/comments?limit=20`;
    const page = (await (await fetch(url + first)).json()) as { nextCursor: string | null };
    if (!page.nextCursor) throw new Error(`no second page for ${article} on ${url}`);
    paths.push(first, `${first}&cursor=${encodeURIComponent(page.nextCursor)}`);
  }
  return paths;
}

const getRequest = (paths: string[]) => ({
  method: 'GET',
  setupRequest: (req: { path?: string }) => {
    req.path = paths[Math.floor(Math.random() * paths.length)]!;
    return req;
  },
});

export async function load(
  server: Server,
  kind: 'post' | 'get',
  seconds: number,
  connections: number,
  /** Requests per second offered in all (open loop), instead of as fast as answers come. */
  overallRate?: number,
): Promise<Result> {
  return autocannon({
    url: server.url,
    connections,
    duration: seconds,
    ...(overallRate ? { overallRate } : {}),
    timeout: 20,
    requests: [kind === 'post' ? postRequest() : getRequest(server.paths)],
  });
}

/**
 * One post to each of the POST articles, one at a time (consecutive posts go to consecutive
 * articles): after it every article has its first comment, whose one-off work (the article's
 * record created, `articles.findOneAndUpdate`) the floor has no counterpart of. A warm-up of
 * seconds covers them on a quiet machine; at a loaded one's few posts a second it did not, and
 * the rest fell in the measured rounds (0.1 a post at load 27).
 */
export async function postToEveryArticle(server: Server): Promise<void> {
  await autocannon({
    url: server.url,
    connections: 1,
    amount: POST_ARTICLES,
    timeout: 20,
    requests: [postRequest()],
  });
}

/** The database the benches' servers use: MONGODB_URI, or an embedded one (stop it at the end). */
export async function benchDatabase(): Promise<{ uri: string; stop: () => Promise<void> }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, stop: async () => {} };
  const embedded = await startEmbeddedDatabase({
    prefer: 'auto',
    dataDir: null,
    logger: createLogger('warn'),
  });
  return { uri: embedded.uri, stop: () => embedded.stop() };
}
