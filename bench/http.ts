/**
 * HTTP benchmark: the whole service against a floor, in one run on one
 * machine and one database lane.
 *
 *   npm run bench:http                       # embedded lane (jongodb here)
 *   MONGODB_URI=mongodb://... npm run bench:http
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=50 BENCH_ROUNDS=2   # the defaults
 *
 * The service is started in a child process via startService (the code path
 * of `npm start`, run by tsx) with relaxed rate limits; the floor is bare
 * Express plus a mongoose insert of the same comment document on the same
 * lane (bench/support/http-servers.ts). autocannon runs here, in its own
 * process. Each server gets a fresh database with the same seed. The four
 * measurements run interleaved in rounds (see runRounds), so a noisy
 * neighbour on a shared machine skews all of them alike.
 *
 * POSTs are unique comments over 20 articles with an Idempotency-Key each, as
 * the widget sends them. GETs are the first and second pages (20 top-level
 * comments with 2 replies each) of eight busy articles, at random; the floor
 * has the same one-second thread cache as the service, so both serve the
 * same mix of hits and misses.
 *
 * Prints req/s and p50/p99 latency for POST comment and GET comments and the ratios. Targets:
 * POST ≥ 0.8× the floor's POST; GET ≥ 5× POST. Figures are only meaningful as
 * ratios within one run; exits 1 when a target is missed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import autocannon, { type Result } from 'autocannon';
import { startEmbeddedDatabase } from '../src/platform/db/embedded.js';
import { createLogger } from '../src/platform/logger.js';
import { BENCH_SITE, commentText, THREAD_ARTICLES } from './support/seed.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUP_SECONDS = 1;
const POST_ARTICLES = 20;

interface Server {
  url: string;
  child: ChildProcess;
  /** The GET paths (first and second pages of the busy articles, with this server's cursors). */
  paths: string[];
}

function startServer(role: 'service' | 'floor', uri: string): Promise<Server> {
  const dbName = `bench_${role}_${randomBytes(3).toString('hex')}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/support/http-servers.ts', role, uri, dbName],
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
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

interface Stats {
  cpu: NodeJS.CpuUsage;
  commands: Record<string, number>;
}

function stats(server: Server): Promise<Stats> {
  return new Promise((ok) => {
    server.child.once('message', (message) => ok(message as Stats));
    server.child.send('stats');
  });
}

async function stopServer(server: Server): Promise<void> {
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
    req.body = JSON.stringify({ body: commentText(n + 1_000_000), authorName: `Leser ${n % 997}` });
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

async function run(server: Server, kind: 'post' | 'get', seconds: number): Promise<Result> {
  return autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 20,
    requests: [kind === 'post' ? postRequest() : getRequest(server.paths)],
  });
}

interface Figure {
  name: string;
  reqPerSec: number;
  /** Median of the rounds' p50, and the worst round's p99 (conservative). */
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  /** Server CPU (user + system) per answered request, in ms: our code's cost, whatever the storage. */
  cpuMs: number;
  /** Database commands the server sent per answered request. */
  commands: number;
  breakdown: string;
}

interface Contender {
  name: string;
  server: Server;
  kind: 'post' | 'get';
  rounds: { result: Result; cpu: number; commands: Record<string, number> }[];
}

/** Stats once the server has finished what autocannon left in flight (no new commands for 300 ms). */
async function drained(server: Server): Promise<Stats> {
  let last = await stats(server);
  const total = (s: Stats) => Object.values(s.commands).reduce((a, n) => a + n, 0);
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await stats(server);
    if (total(now) === total(last)) return now;
    last = now;
  }
  return last;
}

/**
 * Runs every contender for SECONDS in total, as ROUNDS interleaved slices
 * (floor GET, ours GET, floor POST, ours POST, again...), so a neighbour's
 * burst on this shared machine hits all of them alike instead of one.
 */
async function runRounds(contenders: Contender[]): Promise<void> {
  const slice = Math.max(1, Math.round(SECONDS / ROUNDS));
  for (const c of contenders) {
    await run(c.server, c.kind, WARMUP_SECONDS);
    await drained(c.server);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contenders) {
      const before = await stats(c.server);
      const result = await run(c.server, c.kind, slice);
      const after = await drained(c.server);
      const commands: Record<string, number> = {};
      for (const [key, n] of Object.entries(after.commands)) commands[key] = n - (before.commands[key] ?? 0);
      const cpu = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
      c.rounds.push({ result, cpu, commands });
    }
  }
}

function figureOf(c: Contender): Figure {
  const sum = (f: (r: Contender['rounds'][number]) => number) => c.rounds.reduce((a, r) => a + f(r), 0);
  const answered = Math.max(
    1,
    sum((r) => r.result['2xx'] + r.result.non2xx),
  );
  const seconds = sum((r) => r.result.duration) || 1;
  const commands: Record<string, number> = {};
  for (const r of c.rounds)
    for (const [k, n] of Object.entries(r.commands)) commands[k] = (commands[k] ?? 0) + n;
  const perRequest = Object.entries(commands)
    .map(([key, n]) => [key, n / answered] as const)
    .filter(([, n]) => n > 0.01);
  const p50s = c.rounds.map((r) => r.result.latency.p50).sort((a, b) => a - b);
  const figure: Figure = {
    name: c.name,
    reqPerSec: answered / seconds,
    p50: p50s[Math.floor(p50s.length / 2)] ?? 0,
    p99: Math.max(...c.rounds.map((r) => r.result.latency.p99)),
    ok: sum((r) => r.result['2xx']),
    failed: sum((r) => r.result.non2xx + r.result.errors + r.result.timeouts),
    cpuMs: sum((r) => r.cpu) / 1000 / answered,
    commands: perRequest.reduce((total, [, n]) => total + n, 0),
    breakdown: perRequest.map(([key, n]) => `${key} ${n.toFixed(2)}`).join(', '),
  };
  process.stdout.write(
    `  ${figure.name.padEnd(22)} ${figure.reqPerSec.toFixed(0).padStart(6)} req/s   p50 ${String(figure.p50).padStart(4)} ms   p99 ${String(figure.p99).padStart(5)} ms   ` +
      `server CPU ${figure.cpuMs.toFixed(2)} ms/req   ${figure.commands.toFixed(1)} db commands/req   ${figure.ok} ok, ${figure.failed} not 2xx\n` +
      `  ${''.padEnd(22)} db: ${figure.breakdown}\n`,
  );
  return figure;
}

async function main() {
  const logger = createLogger('warn');
  const embedded = process.env.MONGODB_URI
    ? null
    : await startEmbeddedDatabase({ prefer: 'auto', dataDir: null, logger });
  const uri = process.env.MONGODB_URI ?? embedded!.uri;
  const lane = embedded ? embedded.lane : 'MONGODB_URI';
  process.stdout.write(
    `bench:http — ${CONNECTIONS} connections, ${SECONDS} s per measurement in ${ROUNDS} interleaved rounds (after ${WARMUP_SECONDS} s warm-up)\n` +
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, database lane: ${lane}\n`,
  );
  if (lane === 'jongodb') {
    process.stdout.write(
      'note: jongodb answers queries by scanning whole collections; the service reads, the floor only writes,\n' +
        '      so these ratios are a pessimistic bound for the service, not a MongoDB figure.\n',
    );
  }
  const figures: Figure[] = [];
  try {
    const floor = await startServer('floor', uri);
    const service = await startServer('service', uri);
    const contenders: Contender[] = [
      { name: 'floor GET (one find)', server: floor, kind: 'get', rounds: [] },
      { name: 'Ordskifte GET', server: service, kind: 'get', rounds: [] },
      { name: 'floor POST', server: floor, kind: 'post', rounds: [] },
      { name: 'Ordskifte POST', server: service, kind: 'post', rounds: [] },
    ];
    await runRounds(contenders);
    await stopServer(floor);
    await stopServer(service);
    const [floorGet, get, floorPost, post] = contenders.map(figureOf) as [Figure, Figure, Figure, Figure];
    figures.push(floorPost, floorGet, post, get);
  } finally {
    await embedded?.stop();
  }
  const [floorPost, floorGet, post, get] = figures as [Figure, Figure, Figure, Figure];
  const postRatio = post.reqPerSec / floorPost.reqPerSec;
  const getRatio = get.reqPerSec / post.reqPerSec;
  const lines = [
    `POST ratio to the floor: ${postRatio.toFixed(2)}× (target ≥ 0.80×) ${postRatio >= 0.8 ? 'met' : 'MISSED'}`,
    `GET ratio to POST:       ${getRatio.toFixed(2)}× (target ≥ 5×)    ${getRatio >= 5 ? 'met' : 'MISSED'}`,
    `GET ratio to one find:   ${(get.reqPerSec / floorGet.reqPerSec).toFixed(2)}× (information)`,
    `server CPU per POST:     ${post.cpuMs.toFixed(2)} ms vs the floor's ${floorPost.cpuMs.toFixed(2)} ms; db commands ${post.commands.toFixed(1)} vs ${floorPost.commands.toFixed(1)}`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  const failures = figures.filter((f) => f.failed > 0);
  if (failures.length > 0) {
    process.stdout.write(
      `requests that failed: ${failures.map((f) => `${f.name} ${f.failed}`).join(', ')}\n`,
    );
  }
  process.exitCode = postRatio >= 0.8 && getRatio >= 5 && failures.length === 0 ? 0 : 1;
}

await main();
