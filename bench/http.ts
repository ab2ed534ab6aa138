/**
 * HTTP benchmark: the whole service against a floor, in one run on one
 * machine and one database lane.
 *
 *   npm run bench:http                       # embedded lane (jongodb here)
 *   MONGODB_URI=mongodb://... npm run bench:http
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=50    # the defaults
 *
 * The service is started in a child process via startService (the code path
 * of `npm start`, run by tsx) with relaxed rate limits; the floor is bare
 * Express plus a mongoose insert of the same comment document on the same
 * lane (bench/support/http-servers.ts). autocannon runs here, in its own
 * process. Each server gets a fresh database with the same seed.
 *
 * Prints req/s and p50/p99 latency for POST comment and GET comments (a page
 * of 20 top-level comments with 3 replies each) and the ratios. Targets:
 * POST ≥ 0.8× the floor's POST; GET ≥ 5× POST. Figures are only meaningful as
 * ratios within one run; exits 1 when a target is missed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import autocannon, { type Result } from 'autocannon';
import { startEmbeddedDatabase } from '../src/platform/db/embedded.js';
import { createLogger } from '../src/platform/logger.js';
import { BENCH_SITE, commentText, THREAD_ARTICLE } from './support/seed.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_SECONDS = Math.min(3, Math.max(1, Math.round(SECONDS / 5)));
const POST_ARTICLES = 20;

interface Server {
  url: string;
  child: ChildProcess;
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
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match?.[1]) ok({ url: match[1], child });
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
const postRequest = () => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  setupRequest: (req: { path?: string; body?: string }) => {
    const n = sequence++;
    req.path = `/api/v1/sites/${BENCH_SITE}/articles/breaking-${n % POST_ARTICLES}/comments`;
    req.body = JSON.stringify({ body: commentText(n + 1_000_000), authorName: `Leser ${n % 997}` });
    return req;
  },
});
const getRequest = () => ({
  method: 'GET',
  path: `/api/v1/sites/${BENCH_SITE}/articles/${THREAD_ARTICLE}/comments?limit=20`,
});

async function run(url: string, kind: 'post' | 'get', seconds: number): Promise<Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 20,
    requests: [kind === 'post' ? postRequest() : getRequest()],
  });
}

interface Figure {
  name: string;
  reqPerSec: number;
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

async function measure(name: string, server: Server, kind: 'post' | 'get'): Promise<Figure> {
  await run(server.url, kind, WARMUP_SECONDS);
  const before = await stats(server);
  const r = await run(server.url, kind, SECONDS);
  const after = await stats(server);
  const answered = Math.max(1, r['2xx'] + r.non2xx);
  const cpu = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
  const perRequest = Object.entries(after.commands)
    .map(([key, n]) => [key, (n - (before.commands[key] ?? 0)) / answered] as const)
    .filter(([, n]) => n > 0.01);
  const figure: Figure = {
    name,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    failed: r.non2xx + r.errors + r.timeouts,
    cpuMs: cpu / 1000 / answered,
    commands: perRequest.reduce((sum, [, n]) => sum + n, 0),
    breakdown: perRequest.map(([key, n]) => `${key} ${n.toFixed(2)}`).join(', '),
  };
  process.stdout.write(
    `  ${name.padEnd(22)} ${figure.reqPerSec.toFixed(0).padStart(6)} req/s   p50 ${String(figure.p50).padStart(4)} ms   p99 ${String(figure.p99).padStart(5)} ms   ` +
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
    `bench:http — ${CONNECTIONS} connections, ${SECONDS} s per measurement (after ${WARMUP_SECONDS} s warm-up)\n` +
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
    // GET first on each server, then POST, so both read the same seeded thread.
    const floor = await startServer('floor', uri);
    const floorGet = await measure('floor GET (one find)', floor, 'get');
    const floorPost = await measure('floor POST', floor, 'post');
    await stopServer(floor);
    const service = await startServer('service', uri);
    const get = await measure('Ordskifte GET', service, 'get');
    const post = await measure('Ordskifte POST', service, 'post');
    await stopServer(service);
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
