/**
 * Readers benchmark: N reader sockets on one article, comments posted over
 * HTTP at a fixed rate through the whole service, against socket.io's bare
 * broadcast of the same posts in the same run.
 *
 *   npm run bench:readers                          every part at 1,000, 5,000 and 18,000 (long)
 *   npm run bench:readers -- --case=loaded         1,000 and 5,000 readers, service and bare, and a
 *                                                  storm of 5,000 (what a shared machine can run)
 *   npm run bench:readers -- --case=single-18k     18,000 readers on one instance (20/s and 200/s,
 *                                                  bare at 20/s), then the storm of all 18,000
 *   npm run bench:readers -- --case=two-10k        two instances behind Redis, 10,000 readers each
 *
 *   Knobs (env; they override a case): READERS=1000,5000,18000 RATES=20,200 BARE_RATES=
 *   SECONDS=10 PARTS=single,bare,two,storm INTERVAL_MS=1000 SOURCES=8 PER_WORKER=4500
 *   TWO_READERS=20000 STORM=widget|at-once PROFILE_DIR=dir (server processes run with
 *   --cpu-prof and write their profiles there) POSTS_IN_FLIGHT=256 (posts waiting for a
 *   slot are timed from when they were due)
 *
 * Each run prints whether the issue's targets are met: post→receive p99 ≤ 1.5 s
 * (18,000 readers on one instance, and 2 × 10,000), no reader missing a change,
 * server RSS ≤ 2 GB, every reader back within 30 s after a storm. Every process
 * the bench starts is ended when it ends, fails or is interrupted.
 *
 * Parts:
 * - single: one service instance; readers subscribe with `coalesce: true`
 *   and get one `comments.changed` a second. Latency is post→receive, from
 *   the moment the parent sends the POST to the moment a reader holds the
 *   message that carries the comment (listed, or counted in `more` when over
 *   the message's bound), for every reader and every comment; also
 *   publish→receive, from the moment the service handed the change over.
 * - bare: socket.io alone, its defaults; each post is broadcast at once as
 *   one event per comment (the v1 form) to the same number of sockets.
 * - two: two service instances behind the Redis adapter (REDIS_URL, default
 *   the local one, with a key prefix of its own), TWO_READERS split over them,
 *   posts alternating between them.
 * - storm: the server drops every reader at once; they reconnect with the
 *   widget's back-off (STORM=at-once: all at once, retrying every 100 ms);
 *   prints how long until all are subscribed again, the server's memory,
 *   and whether every reader then gets every change.
 *
 * Reader sockets live in worker processes (bench/support/reader-clients.ts),
 * PER_WORKER each (the open-files limit is 20,000 per process), bound to
 * SOURCES loopback addresses (127.0.0.1, .2, ...) so ephemeral ports last.
 * Servers run in their own processes (bench/support/readers-server.ts) so
 * their RSS and CPU are their own. The database is the embedded lane unless
 * MONGODB_URI is set: on jongodb every POST pays for collection scans, so
 * post→receive at high rates is bounded by storage, not by the fan-out;
 * publish→receive shows the fan-out alone.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { startEmbeddedDatabase } from '../src/platform/db/embedded.js';
import { createLogger } from '../src/platform/logger.js';
import { HISTOGRAM_MS, type WorkerSpec } from './support/reader-clients.js';
import { commentText } from './support/seed.js';

/** Named runs: each sets defaults that the env knobs still override. */
const CASES: Record<string, Record<string, string>> = {
  loaded: { READERS: '1000,5000', RATES: '20,200', PARTS: 'single,bare,storm' },
  'single-18k': { READERS: '18000', RATES: '20,200', BARE_RATES: '20', PARTS: 'single,bare,storm' },
  'two-10k': { TWO_READERS: '20000', RATES: '20,200', PARTS: 'two' },
};
const CASE = process.argv.find((a) => a.startsWith('--case='))?.slice('--case='.length) ?? process.env.CASE;
if (CASE !== undefined && !(CASE in CASES)) {
  console.error(`unknown case ${CASE}: one of ${Object.keys(CASES).join(', ')}`);
  process.exit(2);
}
const knob = (name: string, fallback: string) =>
  process.env[name] ?? (CASE ? CASES[CASE]![name] : undefined) ?? fallback;
const list = (value: string) => value.split(',').filter(Boolean).map(Number);
const READERS = list(knob('READERS', '1000,5000,18000'));
const RATES = list(knob('RATES', '20,200'));
/** Posts in flight at once, at most (POSTS_IN_FLIGHT). */
const POSTS_IN_FLIGHT = Number(knob('POSTS_IN_FLIGHT', '256'));
const BARE_RATES = list(knob('BARE_RATES', RATES.join(',')));
const SECONDS = Number(knob('SECONDS', '10'));
const PARTS = new Set(knob('PARTS', 'single,bare,two,storm').split(','));
const INTERVAL_MS = Number(knob('INTERVAL_MS', '1000'));
const SOURCES = Number(knob('SOURCES', '8'));
const PER_WORKER = Number(knob('PER_WORKER', '4500'));
const TWO_READERS = Number(knob('TWO_READERS', '20000'));
const PROFILE_DIR = process.env.PROFILE_DIR;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SITE = 'demo';
const ARTICLE = 'siste-nytt';
const DELIVERY_TIMEOUT_MS = 90_000;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const here = new URL('.', import.meta.url).pathname;

/** Every child process still running: ended on the way out, whatever the way. */
const children = new Set<ChildProcess>();
function endChildren(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.on('exit', endChildren);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => {
    console.log(`  ${signal}: ending ${children.size} child processes`);
    endChildren();
    process.exit(130);
  });

/** A child process answering typed requests over IPC (one outstanding request per type). */
class Child {
  readonly process: ChildProcess;
  constructor(script: string, env: Record<string, string>) {
    const server = script === 'readers-server.ts';
    // --expose-gc: the storm asks for the heap after a full collection, the memory that stays.
    const flags = server ? ['--expose-gc'] : [];
    const profile = PROFILE_DIR && server ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    this.process = fork(`${here}support/${script}`, [], {
      env: { ...process.env, ...env },
      execArgv: ['--import', 'tsx', '--no-warnings', ...flags, ...profile],
    });
    children.add(this.process);
    this.process.once('exit', () => children.delete(this.process));
  }
  ask<T>(type: string, extra: object = {}): Promise<T> {
    return new Promise((ok, fail) => {
      const exited = (code: number | null) =>
        fail(new Error(`a child process exited (${code}) before answering ${type}`));
      const listener = (m: { type: string }) => {
        if (m.type !== type) return;
        this.process.off('message', listener);
        this.process.off('exit', exited);
        ok(m as T);
      };
      this.process.on('message', listener);
      this.process.once('exit', exited);
      if (type !== 'ready') this.process.send({ type, ...extra });
    });
  }
  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((ok) => this.process.once('exit', ok));
    this.process.kill('SIGTERM');
    const stuck = setTimeout(() => this.process.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(stuck);
  }
}

interface Stats {
  rss: number;
  peakRss: number;
  cpu: NodeJS.CpuUsage;
}
/** One message: each group of the article's readers has its own numbering. */
interface Batch {
  group: number;
  batch: number;
  sentAt: number;
  listed: string[];
  counted: string[];
  /** Comments handed over for it that it neither listed nor counted in `more`. */
  unaccounted: number;
  handedAt: Record<string, number>;
}
interface WorkerReport {
  readers: number;
  messages: number;
  bytes: number;
  gaps: number;
  /** Per reader: its group and the last batch number it holds. */
  lastBatches: [number, number][];
  /** `group:batch` → arrival times. */
  arrivals: Record<string, number[]>;
  histogram: number[];
  events: number;
}

/** The last batch number sent to each group of readers. */
function lastPerGroup(batches: Batch[]): Map<number, number> {
  const last = new Map<number, number>();
  for (const b of batches) last.set(b.group, Math.max(last.get(b.group) ?? 0, b.batch));
  return last;
}

/** Whether a worker's readers, per group, all hold their group's last batch. */
function holdsLast(lowest: Record<number, number>, last: Map<number, number>): boolean {
  return Object.entries(lowest).every(([group, n]) => n >= (last.get(Number(group)) ?? 0));
}

async function startServer(role: 'service' | 'bare', env: Record<string, string>) {
  const child = new Child('readers-server.ts', { READERS_ROLE: role, ...env });
  const { url } = await child.ask<{ url: string }>('ready');
  return { child, url };
}

const STORM = process.env.STORM === 'at-once' ? 'at-once' : 'widget';

async function startReaders(url: string, count: number, mode: WorkerSpec['mode'], sourceOffset = 0) {
  const workers = Array.from(
    { length: Math.ceil(count / PER_WORKER) },
    () => new Child('reader-clients.ts', {}),
  );
  const sources = Array.from({ length: SOURCES }, (_, i) => `127.0.0.${1 + ((sourceOffset + i) % 250)}`);
  const started = now();
  const results = await Promise.all(
    workers.map((w, i) =>
      w.ask<{ ready: number; failed: number }>('connect', {
        spec: {
          url,
          count: Math.floor(count / workers.length) + (i < count % workers.length ? 1 : 0),
          sources,
          subscribe: mode === 'batched' ? { siteId: SITE, articleId: ARTICLE, coalesce: true } : {},
          mode,
          concurrency: 50,
          reconnect: STORM,
        } satisfies WorkerSpec,
      }),
    ),
  );
  const ready = results.reduce((n, r) => n + r.ready, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  return { workers, ready, failed, connectMs: now() - started };
}

/** Sends `count` things at `rate` per second on a fixed schedule. */
async function steady(count: number, rate: number, send: (i: number) => Promise<void>) {
  const start = now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - now();
    if (wait > 0) await sleep(wait);
    pending.push(send(i));
  }
  await Promise.all(pending);
}

class Histogram {
  readonly counts = new Float64Array(HISTOGRAM_MS + 1);
  total = 0;
  add(ms: number, n = 1): void {
    this.counts[Math.max(0, Math.min(HISTOGRAM_MS, Math.round(ms)))]! += n;
    this.total += n;
  }
  percentile(p: number): number {
    if (this.total === 0) return Number.NaN;
    const goal = (p / 100) * this.total;
    let seen = 0;
    for (let ms = 0; ms < this.counts.length; ms++) {
      seen += this.counts[ms]!;
      if (seen >= goal) return ms;
    }
    return HISTOGRAM_MS;
  }
}

interface Figures {
  label: string;
  readers: number;
  posted: number;
  failedPosts: number;
  postToReceive: Histogram;
  publishToReceive?: Histogram;
  /** Where post→receive goes, per delivery: the POST until the batcher has the change, the wait for the interval, the fan-out. */
  stages?: { postToHanded: Histogram; handedToSent: Histogram; sentToReceive: Histogram };
  /** Where the POSTs' own time went (per post, not per delivery), and the server's event-loop delay. */
  postSteps?: string[];
  delivered: number;
  expected: number;
  missingReaders: number;
  gaps: number;
  listedShare?: number;
  msgsPerReaderSecond: number;
  bytesPerReaderSecond: number;
  peakRssMb: number;
  cpuCores: number;
  seconds: number;
}

const fmtMs = (ms: number) =>
  Number.isNaN(ms) ? '   n/a' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;

function print(f: Figures): void {
  const share = f.expected > 0 ? (100 * f.delivered) / f.expected : 0;
  console.log(
    `  ${f.label.padEnd(34)} post→receive p50 ${fmtMs(f.postToReceive.percentile(50)).padStart(8)} p99 ${fmtMs(
      f.postToReceive.percentile(99),
    ).padStart(8)}` +
      (f.publishToReceive
        ? `   publish→receive p99 ${fmtMs(f.publishToReceive.percentile(99)).padStart(8)}`
        : ''.padEnd(30)) +
      `   ${f.msgsPerReaderSecond.toFixed(1)} msg/reader/s, ${(f.bytesPerReaderSecond / 1024).toFixed(1)} kB/reader/s` +
      `   server RSS ${f.peakRssMb.toFixed(0)} MB, CPU ${(f.cpuCores * 100).toFixed(0)} % of a core`,
  );
  console.log(
    `  ${''.padEnd(34)} ${f.posted} posts (${f.failedPosts} failed), delivered ${share.toFixed(1)} % of ${f.expected} ` +
      `reader×comment; readers missing a change: ${f.missingReaders}, gaps: ${f.gaps}` +
      (f.listedShare !== undefined
        ? `; listed in full ${(f.listedShare * 100).toFixed(0)} %, rest counted`
        : ''),
  );
  if (f.stages) {
    const p = (h: Histogram) => `p50 ${fmtMs(h.percentile(50))} p99 ${fmtMs(h.percentile(99))}`;
    console.log(
      `  ${''.padEnd(34)} stages: post→handed ${p(f.stages.postToHanded)}, handed→sent (the interval) ` +
        `${p(f.stages.handedToSent)}, sent→receive (fan-out) ${p(f.stages.sentToReceive)}`,
    );
  }
  for (const line of f.postSteps ?? []) console.log(`  ${''.padEnd(34)} ${line}`);
}

/** p50/p99/max of a list of milliseconds. */
function spread(values: number[]): string {
  if (values.length === 0) return 'none';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return `p50 ${at(50).toFixed(0)} p99 ${at(99).toFixed(0)} max ${at(100).toFixed(0)} ms`;
}

interface PostSteps {
  arrivedAt: Record<string, number>;
  spans: Record<string, number[]>;
  loop: { p50: number; p99: number; max: number };
}

/**
 * Where the posts' time went, per post: from sending until the server's HTTP
 * server had the request (the client, the kernel, and the server's event
 * loop), from there until the batcher had the change, and the server's own
 * awaited steps; with the server's event-loop delay over the run.
 */
function describePostSteps(
  steps: PostSteps[],
  posts: Map<string, { sent: number; id?: string }>,
  handedAt: Map<string, number>,
): string[] {
  const toArrive: number[] = [];
  const toHanded: number[] = [];
  const arrivals = Object.assign({}, ...steps.map((s) => s.arrivedAt)) as Record<string, number>;
  for (const [key, post] of posts) {
    const arrived = arrivals[key];
    if (arrived === undefined) continue;
    toArrive.push(arrived - post.sent);
    const handed = post.id === undefined ? undefined : handedAt.get(post.id);
    if (handed !== undefined) toHanded.push(handed - arrived);
  }
  const lines = [`post steps: sent→arrived ${spread(toArrive)}; arrived→handed ${spread(toHanded)}`];
  const slowest = [...posts.entries()]
    .map(([key, post], i) => {
      const arrived = arrivals[key] ?? Number.NaN;
      const handed = (post.id === undefined ? undefined : handedAt.get(post.id)) ?? Number.NaN;
      return { i, total: handed - post.sent, toArrive: arrived - post.sent, toHanded: handed - arrived };
    })
    .sort((a, b) => b.total - a.total)
    .slice(0, 6);
  lines.push(
    `  slowest posts (index: sent→arrived + arrived→handed): ${slowest
      .map((p) => `#${p.i}: ${p.toArrive.toFixed(0)} + ${p.toHanded.toFixed(0)}`)
      .join(', ')}`,
  );
  const names = [...new Set(steps.flatMap((s) => Object.keys(s.spans)))].sort();
  for (const name of names) lines.push(`  ${name} ${spread(steps.flatMap((s) => s.spans[name] ?? []))}`);
  for (const s of steps)
    lines.push(
      `server event-loop delay p50 ${s.loop.p50.toFixed(0)} p99 ${s.loop.p99.toFixed(0)} max ${s.loop.max.toFixed(0)} ms`,
    );
  return lines;
}

/** The issue's targets, and every verdict of the run (repeated at the end). */
const TARGET = { p99Ms: 1500, rssMb: 2048, stormSeconds: 30, singleReaders: 18_000, twoReaders: 20_000 };
const verdicts: string[] = [];
const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

function judge(f: Figures, targetReaders: number): void {
  const p99 = f.postToReceive.percentile(99);
  const checks = [
    `post→receive p99 ${fmtMs(p99)} ≤ ${TARGET.p99Ms} ms: ${met(p99 <= TARGET.p99Ms)}`,
    `readers missing a change ${f.missingReaders + f.gaps}: ${met(f.missingReaders + f.gaps === 0 && f.delivered >= f.expected)}`,
    `server RSS ${f.peakRssMb.toFixed(0)} MB ≤ ${TARGET.rssMb} MB: ${met(f.peakRssMb <= TARGET.rssMb)}`,
    `posts answered ${f.posted - f.failedPosts}/${f.posted}: ${met(f.failedPosts === 0)}`,
  ];
  const scale =
    f.readers >= targetReaders ? '' : ` (at ${f.readers} readers; the target is for ${targetReaders})`;
  const line = `target, ${f.label}${scale}: ${checks.join('; ')}`;
  console.log(`  ${line}`);
  verdicts.push(line);
}

/** Posts through the service; returns post times by comment id. */
async function postComments(urls: string[], count: number, rate: number, tag: string) {
  const postedAt = new Map<string, number>();
  /** Every post by its Idempotency-Key: when it was sent, and its comment's id once answered. */
  const posts = new Map<string, { sent: number; id?: string }>();
  let failed = 0;
  const refusals = new Map<string, number>();
  const refused = (why: string) => {
    failed++;
    refusals.set(why, (refusals.get(why) ?? 0) + 1);
  };
  // Posts in flight are capped: at 200/s on the jongodb lane (about 35-65 posts/s through the
  // whole service, docs/PERFORMANCE.md) unanswered posts would otherwise hold thousands of
  // connections and push the server over its open-files limit next to 18,000 readers. A post
  // waiting for a slot is timed from when it was due, so the wait counts in post→receive.
  let active = 0;
  const waiting: (() => void)[] = [];
  await steady(count, rate, async (i) => {
    const url = urls[i % urls.length]!;
    const sent = now();
    const post: { sent: number; id?: string } = { sent };
    posts.set(`${tag}-${i}`, post);
    if (active < POSTS_IN_FLIGHT) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      const res = await fetch(`${url}/api/v1/sites/${SITE}/articles/${ARTICLE}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${tag}-${i}` },
        body: JSON.stringify({ body: commentText(i + 7_000_000), authorName: `Leser ${i % 997}` }),
      });
      const body = (await res.json()) as {
        comment?: { id: string; status: string };
        error?: { code: string };
      };
      post.id = body.comment?.id;
      if (res.status === 201 && body.comment?.status === 'approved') postedAt.set(body.comment.id, sent);
      else refused(`${res.status} ${body.comment?.status ?? body.error?.code ?? ''}`);
    } catch (err) {
      refused((err as Error).message);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  });
  if (refusals.size > 0)
    console.log(`  note: posts not published: ${JSON.stringify(Object.fromEntries(refusals))}`);
  return { postedAt, posts, failed };
}

async function measureService(
  label: string,
  servers: { child: Child; url: string; readers: number }[],
  rate: number,
): Promise<Figures> {
  const groups = [];
  for (const [i, server] of servers.entries()) {
    groups.push({ server, ...(await startReaders(server.url, server.readers, 'batched', i * SOURCES)) });
  }
  for (const g of groups) {
    if (g.failed > 0) console.log(`  note: ${g.failed} of ${g.server.readers} readers could not subscribe`);
  }
  await sleep(500);
  for (const s of servers) await s.child.ask('resetPeak');
  const before = await Promise.all(servers.map((s) => s.child.ask<Stats>('stats')));
  const started = now();
  const count = rate * SECONDS;
  const { postedAt, posts, failed } = await postComments(
    servers.map((s) => s.url),
    count,
    rate,
    randomBytes(4).toString('hex'),
  );
  // Until every approved comment went out to every reader group on every instance, and every reader holds that batch.
  const deadline = now() + DELIVERY_TIMEOUT_MS;
  let compositions: Batch[][] = [];
  for (;;) {
    const answers = await Promise.all(
      servers.map((s) => s.child.ask<{ batches: Batch[]; groups: number[] }>('composition')),
    );
    compositions = answers.map((a) => a.batches);
    const everywhere = answers.every(({ batches, groups: readerGroups }) =>
      readerGroups.every((group) => {
        const sent = new Set(
          batches.filter((b) => b.group === group).flatMap((b) => [...b.listed, ...b.counted]),
        );
        return [...postedAt.keys()].every((id) => sent.has(id));
      }),
    );
    if (everywhere || now() > deadline) break;
    await sleep(200);
  }
  for (const [i, g] of groups.entries()) {
    const last = lastPerGroup(compositions[i]!);
    while (now() < deadline) {
      const progress = await Promise.all(
        g.workers.map((w) => w.ask<{ lowestBatch: Record<number, number> }>('progress')),
      );
      if (progress.every((p) => holdsLast(p.lowestBatch, last))) break;
      await sleep(200);
    }
  }
  const seconds = (now() - started) / 1000;
  const after = await Promise.all(servers.map((s) => s.child.ask<Stats>('stats')));
  const steps = await Promise.all(servers.map((s) => s.child.ask<PostSteps>('postSteps')));
  const handedAt = new Map<string, number>();
  for (const batches of compositions)
    for (const b of batches)
      for (const [id, at] of Object.entries(b.handedAt)) if (!handedAt.has(id)) handedAt.set(id, at);

  const postToReceive = new Histogram();
  const publishToReceive = new Histogram();
  const stages = {
    postToHanded: new Histogram(),
    handedToSent: new Histogram(),
    sentToReceive: new Histogram(),
  };
  let delivered = 0;
  let expected = 0;
  let missingReaders = 0;
  let gaps = 0;
  let messages = 0;
  let bytes = 0;
  let listed = 0;
  let counted = 0;
  for (const [i, g] of groups.entries()) {
    const batches = compositions[i]!;
    const last = lastPerGroup(batches);
    const reports = await Promise.all(g.workers.map((w) => w.ask<WorkerReport>('report')));
    const byNumber = new Map(batches.map((b) => [`${b.group}:${b.batch}`, b]));
    const readersOf = new Map<number, number>();
    for (const report of reports)
      for (const [group] of report.lastBatches) readersOf.set(group, (readersOf.get(group) ?? 0) + 1);
    for (const b of batches) {
      listed += b.listed.length;
      counted += b.counted.length;
      // A comment a message neither listed nor counted is one its group's readers missed.
      if (b.unaccounted > 0) missingReaders += readersOf.get(b.group) ?? 0;
    }
    expected += g.server.readers * postedAt.size;
    for (const report of reports) {
      messages += report.messages;
      bytes += report.bytes;
      gaps += report.gaps;
      missingReaders += report.lastBatches.filter(([group, n]) => n < (last.get(group) ?? 0)).length;
      for (const [number, arrivals] of Object.entries(report.arrivals)) {
        const batch = byNumber.get(number);
        if (!batch) continue;
        for (const id of [...batch.listed, ...batch.counted]) {
          const posted = postedAt.get(id);
          if (posted === undefined) continue;
          const handed = batch.handedAt[id];
          for (const t of arrivals) {
            postToReceive.add(t - posted);
            if (handed !== undefined) publishToReceive.add(t - handed);
            stages.sentToReceive.add(t - batch.sentAt);
          }
          if (handed !== undefined) {
            stages.postToHanded.add(handed - posted, arrivals.length);
            stages.handedToSent.add(batch.sentAt - handed, arrivals.length);
          }
          delivered += arrivals.length;
        }
      }
    }
    missingReaders += g.server.readers - g.ready;
    await Promise.all(g.workers.map((w) => w.ask('close')));
  }
  const readers = servers.reduce((n, s) => n + s.readers, 0);
  return {
    label,
    readers,
    posted: count,
    failedPosts: failed,
    postToReceive,
    publishToReceive,
    stages,
    postSteps: describePostSteps(steps, posts, handedAt),
    delivered,
    expected,
    missingReaders,
    gaps,
    listedShare: listed / Math.max(1, listed + counted),
    msgsPerReaderSecond: messages / readers / seconds,
    bytesPerReaderSecond: bytes / readers / seconds,
    peakRssMb: Math.max(...after.map((s) => s.peakRss)) / 2 ** 20,
    cpuCores:
      after.reduce(
        (n, s, i) => n + s.cpu.user + s.cpu.system - before[i]!.cpu.user - before[i]!.cpu.system,
        0,
      ) /
      1000 /
      (seconds * 1000),
    seconds,
  };
}

async function measureBare(readers: number, rate: number): Promise<Figures> {
  const server = await startServer('bare', {});
  const g = await startReaders(server.url, readers, 'events');
  await sleep(500);
  await server.child.ask('resetPeak');
  const before = await server.child.ask<Stats>('stats');
  const started = now();
  const count = rate * SECONDS;
  let failed = 0;
  await steady(count, rate, async (i) => {
    const res = await fetch(`${server.url}/post`, {
      method: 'POST',
      body: JSON.stringify({
        id: i.toString(16).padStart(24, '0'),
        siteId: SITE,
        articleId: ARTICLE,
        parentId: null,
        body: commentText(i + 7_000_000),
        authorName: `Leser ${i % 997}`,
        featured: false,
        createdAt: new Date().toISOString(),
        sentAt: now(),
      }),
    }).catch(() => null);
    if (res?.status !== 204) failed++;
  });
  const expected = g.ready * count;
  const deadline = now() + DELIVERY_TIMEOUT_MS;
  while (now() < deadline) {
    const progress = await Promise.all(g.workers.map((w) => w.ask<{ events: number }>('progress')));
    if (progress.reduce((n, p) => n + p.events, 0) >= expected) break;
    await sleep(200);
  }
  const seconds = (now() - started) / 1000;
  const after = await server.child.ask<Stats>('stats');
  const reports = await Promise.all(g.workers.map((w) => w.ask<WorkerReport>('report')));
  const postToReceive = new Histogram();
  let delivered = 0;
  for (const r of reports) {
    r.histogram.forEach((n, ms) => {
      if (n > 0) postToReceive.add(ms, n);
    });
    delivered += r.events;
  }
  await Promise.all(g.workers.map((w) => w.ask('close')));
  await server.child.stop();
  return {
    label: `bare socket.io, ${readers} readers, ${rate}/s`,
    readers,
    posted: count,
    failedPosts: failed,
    postToReceive,
    delivered,
    expected: readers * count,
    missingReaders: readers - g.ready,
    gaps: 0,
    msgsPerReaderSecond: reports.reduce((n, r) => n + r.messages, 0) / readers / seconds,
    bytesPerReaderSecond: reports.reduce((n, r) => n + r.bytes, 0) / readers / seconds,
    peakRssMb: after.peakRss / 2 ** 20,
    cpuCores:
      (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000 / (seconds * 1000),
    seconds,
  };
}

/**
 * The kernel's count of connections dropped because a listening socket's
 * accept queue was full (a SYN the client has to send again 1, 3, 7 s later):
 * the whole machine's, so read it around a storm on a machine doing little else.
 */
function listenOverflows(): number {
  try {
    const [names, values] = readFileSync('/proc/net/netstat', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('TcpExt:'))
      .map((l) => l.split(/\s+/));
    return Number(values![names!.indexOf('ListenOverflows')]);
  } catch {
    return Number.NaN;
  }
}

/** The server drops every reader; all reconnect at once. */
async function storm(readers: number, uri: string): Promise<void> {
  const server = await startServer('service', {
    MONGODB_URI: uri,
    DB_NAME: `bench_readers_${randomBytes(3).toString('hex')}`,
    LIVE_BATCH_INTERVAL_MS: String(INTERVAL_MS),
  });
  const g = await startReaders(server.url, readers, 'batched');
  const idle = await server.child.ask<Stats>('stats');
  const heapBefore = await server.child.ask<{ heapUsed: number }>('heap');
  await server.child.ask('resetPeak');
  const overflowsBefore = listenOverflows();
  const waiting = Promise.all(g.workers.map((w) => w.ask<{ resubscribed: number; ms: number }>('storm')));
  await sleep(100);
  await server.child.ask('drop');
  const results = await waiting;
  const during = await server.child.ask<Stats>('stats');
  const overflows = listenOverflows() - overflowsBefore;
  await sleep(10_000);
  const settled = await server.child.ask<Stats>('stats');
  const heapAfter = await server.child.ask<{ heapUsed: number }>('heap');
  // After the storm: every reader still gets every change.
  const { postedAt } = await postComments([server.url], 20, 20, randomBytes(4).toString('hex'));
  await sleep(INTERVAL_MS * 2 + 1000);
  const { batches, groups } = await server.child.ask<{ batches: Batch[]; groups: number[] }>('composition');
  const last = lastPerGroup(batches);
  const progress = await Promise.all(
    g.workers.map((w) => w.ask<{ lowestBatch: Record<number, number> }>('progress')),
  );
  const resubscribed = results.reduce((n, r) => n + r.resubscribed, 0);
  const seconds = Math.max(...results.map((r) => r.ms)) / 1000;
  const everyOne =
    postedAt.size === 20 &&
    groups.every((group) => {
      const sent = new Set(
        batches.filter((b) => b.group === group).flatMap((b) => [...b.listed, ...b.counted]),
      );
      return [...postedAt.keys()].every((id) => sent.has(id));
    }) &&
    progress.every((p) => holdsLast(p.lowestBatch, last));
  console.log(
    `  storm (${STORM === 'widget' ? "the widget's back-off" : 'all retry at once'}): ${g.ready} readers dropped at once, ${resubscribed} subscribed again within ` +
      `${seconds.toFixed(1)} s (target 30 s); server RSS ${(idle.rss / 2 ** 20).toFixed(0)} MB before, ` +
      `peak ${(during.peakRss / 2 ** 20).toFixed(0)} MB, ${(settled.rss / 2 ** 20).toFixed(0)} MB 10 s later; ` +
      `heap after a full collection ${(heapBefore.heapUsed / 2 ** 20).toFixed(0)} MB before, ${(heapAfter.heapUsed / 2 ** 20).toFixed(0)} MB 10 s later; ` +
      `listen-queue overflows ${Number.isNaN(overflows) ? 'n/a' : overflows} (the machine's, TcpExtListenOverflows); ` +
      `server CPU during the storm ${((during.cpu.user + during.cpu.system - idle.cpu.user - idle.cpu.system) / 1e6).toFixed(1)} s; ` +
      `then 20 posts: ${everyOne ? 'every reader got every one' : 'SOME READERS MISSED CHANGES'}`,
  );
  const scale =
    readers >= TARGET.singleReaders
      ? ''
      : ` (at ${readers} readers; the target is for ${TARGET.singleReaders})`;
  const line =
    `target, storm of ${g.ready}${scale}: all back within ${TARGET.stormSeconds} s: ${met(resubscribed === g.ready && g.ready === readers && seconds <= TARGET.stormSeconds)}; ` +
    `every reader then got every change: ${met(everyOne)}; peak RSS ≤ ${TARGET.rssMb} MB: ${met(during.peakRss / 2 ** 20 <= TARGET.rssMb)}`;
  console.log(`  ${line}`);
  verdicts.push(line);
  await Promise.all(g.workers.map((w) => w.ask('close')));
  await server.child.stop();
}

const logger = createLogger('warn');
const embedded = process.env.MONGODB_URI
  ? null
  : await startEmbeddedDatabase({ prefer: 'auto', dataDir: null, logger });
const uri = process.env.MONGODB_URI ?? embedded!.uri;
console.log(
  `bench:readers${CASE ? ` --case=${CASE}` : ''} — one article, ${SECONDS} s of posts per run, coalescing interval ${INTERVAL_MS} ms, ` +
    `${SOURCES} loopback source addresses, ${PER_WORKER} readers per client process\n` +
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ` +
    `database lane: ${embedded ? embedded.lane : 'MONGODB_URI'}, load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')} at ${new Date().toISOString()}`,
);
try {
  for (const readers of READERS) {
    for (const rate of RATES) {
      if (PARTS.has('single')) {
        const server = await startServer('service', {
          MONGODB_URI: uri,
          DB_NAME: `bench_readers_${randomBytes(3).toString('hex')}`,
          LIVE_BATCH_INTERVAL_MS: String(INTERVAL_MS),
        });
        const figures = await measureService(
          `service, ${readers} readers, ${rate}/s`,
          [{ child: server.child, url: server.url, readers }],
          rate,
        );
        print(figures);
        judge(figures, TARGET.singleReaders);
        await server.child.stop();
      }
      if (PARTS.has('bare') && BARE_RATES.includes(rate)) print(await measureBare(readers, rate));
    }
  }
  if (PARTS.has('two')) {
    for (const rate of RATES) {
      const env = {
        MONGODB_URI: uri,
        DB_NAME: `bench_readers_${randomBytes(3).toString('hex')}`,
        LIVE_BATCH_INTERVAL_MS: String(INTERVAL_MS),
        REDIS_URL,
        REDIS_KEY_PREFIX: `bench-readers-${randomBytes(3).toString('hex')}`,
      };
      const a = await startServer('service', env);
      const b = await startServer('service', env);
      const half = Math.floor(TWO_READERS / 2);
      const figures = await measureService(
        `two instances + Redis, ${TWO_READERS} readers, ${rate}/s`,
        [
          { ...a, readers: half },
          { ...b, readers: TWO_READERS - half },
        ],
        rate,
      );
      print(figures);
      judge(figures, TARGET.twoReaders);
      await a.child.stop();
      await b.child.stop();
    }
  }
  if (PARTS.has('storm')) await storm(Math.max(...READERS), uri);
  console.log(`targets of this run:\n${verdicts.map((v) => `  ${v}`).join('\n')}`);
  console.log(
    `load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')} at the end`,
  );
} finally {
  await embedded?.stop();
}
process.exit(0);
