/**
 * CPU per POST of the service and the floor, thread by thread, one post at a time by default:
 * where a POST's CPU goes beyond the main thread, which a CPU profile does not show. No profiler
 * runs (its sampler thread would be counted, more per post for the slower server).
 *
 *   npm run bench:threads                           # 6 rounds of 3 s, each server in turn, after 3 s of posts
 *   THREADS_ROUNDS=6 THREADS_SECONDS=3 THREADS_WARMUP_SECONDS=3 BENCH_CONNECTIONS=1   # the defaults
 *   BENCH_SERVICE_DIR=/work/wt/start npm run bench:threads   # another checkout's service
 *   THREADS_NODE_ARGS="--trace-gc --trace-opt"      # node flags for both servers: GCs and TurboFan
 *                                                   # compilations per 100 posts are then counted
 *   THREADS_SERVICE_NODE_ARGS=...                   # node flags for the service alone
 *   THREADS_TRACE_DIR=/tmp/x                        # each server's trace kept there, a marker per slice
 *
 * Threads' CPU from /proc/PID/task/TID/schedstat (nanoseconds on the CPU): node names every
 * thread "node", so the main thread is told apart and the others summed (V8's platform workers,
 * which run the concurrent compiler and the parallel and concurrent GC, and libuv's pool). Per
 * POST the server handled; medians of the rounds.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import {
  benchDatabase,
  drained,
  load,
  type Server,
  startServer,
  stats,
  stopServer,
} from './support/http-load.js';

const ROUNDS = Number(process.env.THREADS_ROUNDS ?? 6);
const SECONDS = Number(process.env.THREADS_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1);
const NODE_ARGS = (process.env.THREADS_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** Node flags for the service alone (a flag of its start command, say). */
const SERVICE_ARGS = (process.env.THREADS_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** Seconds of posts to each server before measuring. */
const WARMUP = Number(process.env.THREADS_WARMUP_SECONDS ?? 3);

/** CPU ns so far of each thread of `pid`, by thread id (with its name). */
function threads(pid: number): Map<string, { name: string; ns: number }> {
  const out = new Map<string, { name: string; ns: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      out.set(tid, { name: tid === String(pid) ? 'main' : name, ns });
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/** GC lines of `--trace-gc` seen on a server's stdout: count and pause ms by kind. */
const gcSeen = new Map<Server, Record<string, number>>();
function watchGc(server: Server): void {
  const seen: Record<string, number> = {};
  gcSeen.set(server, seen);
  const file = process.env.THREADS_TRACE_DIR
    ? `${process.env.THREADS_TRACE_DIR}/${server.child.pid}.trace`
    : null;
  server.child.stdout?.on('data', (chunk: Buffer) => {
    if (file) appendFileSync(file, chunk);
    for (const line of chunk.toString().split('\n')) {
      const m =
        /ms: (Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Compact|Mark-Compact \(reduce\))[^,]*, ([\d.]+) \/ ([\d.]+) ms/.exec(
          line,
        );
      if (/\[bailout \(kind/.test(line)) seen.deopts = (seen.deopts ?? 0) + 1;
      if (/\[completed (compiling|optimizing)/.test(line)) seen.optimisations = (seen.optimisations ?? 0) + 1;
      if (!m) continue;
      const kind = m[1]!.startsWith('Scavenge') ? 'scavenge' : 'mark';
      seen[`gc ${kind}s`] = (seen[`gc ${kind}s`] ?? 0) + 1;
      seen[`gc ${kind} ms`] = (seen[`gc ${kind} ms`] ?? 0) + Number(m[2]);
    }
  });
}

/** ms per POST by thread name over one slice. */
async function slice(server: Server): Promise<Record<string, number>> {
  const pid = server.child.pid!;
  const gc0 = { ...(gcSeen.get(server) ?? {}) };
  if (process.env.THREADS_TRACE_DIR)
    appendFileSync(`${process.env.THREADS_TRACE_DIR}/${pid}.trace`, `\n=== SLICE ${Date.now()}\n`);
  const before = threads(pid);
  const s0 = await stats(server);
  await load(server, 'post', SECONDS, CONNECTIONS);
  const s1 = await drained(server);
  const after = threads(pid);
  const handled = Math.max(1, (s1.requests.POST ?? 0) - (s0.requests.POST ?? 0));
  const byName: Record<string, number> = {};
  for (const [tid, t] of after) {
    const ns = t.ns - (before.get(tid)?.ns ?? 0);
    byName[t.name] = (byName[t.name] ?? 0) + ns / 1e6 / handled;
  }
  const commands = Object.entries(s1.commands).reduce((a, [k, n]) => a + n - (s0.commands[k] ?? 0), 0);
  byName['(all)'] = Object.entries(byName).reduce((a, [, v]) => a + v, 0);
  byName['(off main)'] = byName['(all)']! - (byName.main ?? 0);
  byName['(posts)'] = handled;
  byName['(commands)'] = commands / handled;
  for (const [k, v] of Object.entries(gcSeen.get(server) ?? {}))
    byName[`(${k} per 100 posts)`] = ((v - (gc0[k] ?? 0)) * 100) / handled;
  return byName;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length / 2;
  return s.length % 2 ? s[Math.floor(m)]! : (s[m - 1]! + s[m]!) / 2;
};

async function main() {
  const { uri, stop } = await benchDatabase();
  process.stdout.write(
    `bench:threads — ${CONNECTIONS} connection(s), ${ROUNDS} rounds of ${SECONDS} s, load ${loadavg()[0]!.toFixed(1)}\n`,
  );
  try {
    const servers = {
      floor: await startServer('floor', uri, NODE_ARGS),
      service: await startServer('service', uri, [...NODE_ARGS, ...SERVICE_ARGS]),
    };
    for (const server of Object.values(servers)) watchGc(server);
    for (const server of Object.values(servers)) {
      await load(server, 'post', WARMUP, CONNECTIONS);
      await drained(server);
    }
    const rounds: Record<string, Record<string, number>[]> = { floor: [], service: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['floor', 'service'] as const) : (['service', 'floor'] as const);
      for (const role of order) rounds[role]!.push(await slice(servers[role]));
    }
    for (const server of Object.values(servers)) await stopServer(server);
    for (const role of ['floor', 'service'] as const) {
      const names = new Set(rounds[role]!.flatMap((r) => Object.keys(r)));
      const lines = [...names]
        .map((name) => [name, median(rounds[role]!.map((r) => r[name] ?? 0))] as const)
        .filter(([name, v]) => name.startsWith('(') || v >= 0.005)
        .sort((a, b) => b[1] - a[1]);
      process.stdout.write(
        `\n${role}: ms per POST by thread, median of ${ROUNDS} rounds\n` +
          lines.map(([name, v]) => `  ${name.padEnd(18)} ${v.toFixed(3)}`).join('\n') +
          `\n  (all) per round: ${rounds[role]!.map((r) => r['(all)']!.toFixed(2)).join(' ')}\n` +
          `  (off main) per round: ${rounds[role]!.map((r) => r['(off main)']!.toFixed(2)).join(' ')}\n` +
          `  main per round: ${rounds[role]!.map((r) => r.main!.toFixed(2)).join(' ')}\n` +
          `  optimisations per 100 posts per round: ${rounds[role]!.map((r) => (r['(optimisations per 100 posts)'] ?? 0).toFixed(0)).join(' ')}\n` +
          `  scavenges per 100 posts per round: ${rounds[role]!.map((r) => (r['(gc scavenges per 100 posts)'] ?? 0).toFixed(1)).join(' ')}\n`,
      );
    }
    const ratio = (k: string) =>
      median(rounds.service!.map((r, i) => r[k]! / rounds.floor![i]![k]!)).toFixed(2);
    process.stdout.write(
      `\nservice / floor, median of per-round ratios: all ${ratio('(all)')}×, main ${ratio('main')}×, off main ${ratio('(off main)')}×; load ${loadavg()[0]!.toFixed(1)}\n`,
    );
  } finally {
    await stop();
  }
}

await main();
