/**
 * Instructions per POST of the service and the floor, counted by valgrind's callgrind on the
 * server process over a fixed number of posts sent one at a time: a figure that, unlike CPU time,
 * does not move with what else the machine runs. Each thread counted apart (main thread, V8's
 * workers, libuv's pool).
 *
 *   npm run bench:instructions                # both servers, 300 posts warm-up, 200 counted
 *   INSTR_ROLES=service INSTR_POSTS=200 INSTR_WARMUP=300 BENCH_SERVICE_DIR=...   # one side, another checkout
 *
 * Slow (valgrind runs the server some 50 times slower): a few minutes per server. Counting is
 * switched on after the warm-up (`callgrind_control -i on`), so start-up and JIT warm-up are not
 * counted; the idle instructions per second over a quiet stretch are counted too and printed, to
 * tell the clocks' share from the posts'.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDatabase } from './support/http-load.js';
import { BENCH_SITE, commentText } from './support/seed.js';

const POSTS = Number(process.env.INSTR_POSTS ?? 200);
const WARMUP = Number(process.env.INSTR_WARMUP ?? 300);
const IDLE_SECONDS = Number(process.env.INSTR_IDLE_SECONDS ?? 5);
const ROLES = (process.env.INSTR_ROLES ?? 'floor,service').split(',') as ('floor' | 'service')[];
const RUN = randomBytes(4).toString('hex');
/**
 * Extra node flags for the server (`--perf-basic-prof`: node writes /tmp/perf-PID.map, which
 * `bench/support/callgrind-js.mjs` uses to name the JIT code in the dumps); with INSTR_KEEP set
 * the dumps are kept and their directory printed.
 */
const NODE_ARGS = (process.env.INSTR_NODE_ARGS ?? '').split(' ').filter(Boolean);
const KEEP = Boolean(process.env.INSTR_KEEP);

interface Started {
  child: ChildProcess;
  url: string;
  dir: string;
}

function start(role: 'floor' | 'service', uri: string): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), `instr-${role}-`));
  const cwd = role === 'service' ? process.env.BENCH_SERVICE_DIR : undefined;
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      '--separate-threads=yes',
      '--smc-check=all-non-file',
      `--callgrind-out-file=${dir}/cg.out.%p`,
      process.execPath,
      ...NODE_ARGS,
      '--import',
      'tsx',
      'bench/support/http-servers.ts',
      role,
      uri,
      `bench_${role}_${RUN}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], ...(cwd ? { cwd } : {}) },
  );
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match?.[1]) ok({ child, url: match[1], dir });
    });
    child.once('exit', (code) => fail(new Error(`${role} exited with ${code}\n${err.slice(-2000)}`)));
  });
}

let sequence = 0;
let failures = 0;
async function post(url: string): Promise<void> {
  const n = sequence++;
  const res = await fetch(`${url}/api/v1/sites/${BENCH_SITE}/articles/breaking-${n % 20}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `${RUN}-${n}` },
    body: JSON.stringify({ body: commentText(n + 1_000_000), authorName: `Leser ${n % 997}` }),
  });
  await res.arrayBuffer();
  // A 503: the request's deadline passed (valgrind's first, cold posts); a 408: the server's
  // request timeout passed before the body was read (valgrind on a loaded machine). Counted, not fatal.
  if (res.status === 503 || res.status === 408) failures++;
  else if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
}

const control = (pid: number, ...args: string[]) =>
  execFileSync('callgrind_control', [...args, String(pid)], { stdio: 'pipe' }).toString();

/** Instructions (Ir) per thread of the dump files whose names end in `-<part>`. */
function dumpTotals(dir: string, part: number): Map<number, number> {
  const totals = new Map<number, number>();
  for (const file of readdirSync(dir)) {
    const m = new RegExp(`\\.${part}-(\\d+)$`).exec(file);
    if (!m) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    const summary = /^(?:summary|totals):\s*(\d+)/m.exec(text);
    totals.set(Number(m[1]), summary ? Number(summary[1]) : 0);
  }
  return totals;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(role: 'floor' | 'service', uri: string) {
  // Under valgrind the start-up can miss the driver's 1.5 s server selection: try again.
  let server: Started | null = null;
  for (let attempt = 0; !server; attempt++) {
    try {
      server = await start(role, uri);
    } catch (err) {
      if (attempt >= 3) throw err;
      process.stdout.write(`${role}: start failed, again\n`);
    }
  }
  const pid = server.child.pid!;
  try {
    for (let i = 0; i < WARMUP; i++) await post(server.url);
    await sleep(1000);
    // Idle stretch: the clocks alone.
    control(pid, '-i', 'on');
    control(pid, '-z');
    await sleep(IDLE_SECONDS * 1000);
    control(pid, '-d');
    // The posts.
    control(pid, '-z');
    failures = 0;
    const t0 = performance.now();
    for (let i = 0; i < POSTS; i++) await post(server.url);
    await sleep(300);
    const seconds = (performance.now() - t0) / 1000;
    control(pid, '-d');
    control(pid, '-i', 'off');
    const idle = dumpTotals(server.dir, 1);
    const posts = dumpTotals(server.dir, 2);
    const idleRate = [...idle.values()].reduce((a, n) => a + n, 0) / IDLE_SECONDS;
    const total = [...posts.values()].reduce((a, n) => a + n, 0);
    const main = posts.get(1) ?? 0;
    const lines = [...posts.entries()]
      .sort((a, b) => b[1] - a[1])
      .filter(([, n]) => n / POSTS > 1000)
      .map(([t, n]) => `thread ${t} ${(n / POSTS / 1e6).toFixed(3)}M`)
      .join(', ');
    process.stdout.write(
      `${role}: ${POSTS} posts (${failures} answered 503 or 408) in ${seconds.toFixed(1)} s: ${(total / POSTS / 1e6).toFixed(3)}M instructions per POST ` +
        `(main thread ${(main / POSTS / 1e6).toFixed(3)}M, other threads ${((total - main) / POSTS / 1e6).toFixed(3)}M); ` +
        `idle ${(idleRate / 1e6).toFixed(2)}M/s = ${((idleRate * seconds) / POSTS / 1e6).toFixed(3)}M per POST over this run's time\n` +
        `  by thread: ${lines}\n`,
    );
    return { total: total / POSTS, main: main / POSTS, idle: (idleRate * seconds) / POSTS };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((ok) => server.child.once('exit', ok));
    if (KEEP) process.stdout.write(`  ${role}: dumps kept in ${server.dir} (pid ${pid})\n`);
    else rmSync(server.dir, { recursive: true, force: true });
  }
}

async function main() {
  const { uri, stop } = await benchDatabase();
  try {
    const results: Record<string, { total: number; main: number; idle: number }> = {};
    for (const role of ROLES) results[role] = await measure(role, uri);
    if (results.floor && results.service) {
      const { floor, service } = results;
      process.stdout.write(
        `service / floor: ${(service.total / floor.total).toFixed(2)}× instructions per POST ` +
          `(main thread ${(service.main / floor.main).toFixed(2)}×, other threads ${((service.total - service.main) / (floor.total - floor.main)).toFixed(2)}×)\n`,
      );
    }
  } finally {
    await stop();
  }
}

await main();
