/**
 * Fan-out benchmark: 1,000 reader sockets on one article (/live, one event per
 * comment: the v1 form) and 50 moderator sockets on the site (/moderation),
 * against a bare socket.io server with the same sockets, measured the same way
 * in the same run.
 *
 *   npm run bench:fanout     (READERS=1000 MODERATORS=50 RATES=20,40,80,160,320 SECONDS=5 CLIENT_PROCS=2)
 *
 * The measured target is post→receive: from the moment the bench sends the
 * POST to the moment a client holds the event. For the service the POST goes
 * through the whole service (validation, engine, storage, event log,
 * socket.io); for the bare server it is an HTTP POST that it broadcasts at
 * once. Both servers and all their sockets stay up for the whole run, and
 * the two take turns, slice by slice, at each rate (service first at one
 * rate, bare first at the next), so a neighbour's burst on a shared machine
 * hits both alike. The rate doubles until both are saturated (deliveries
 * fall behind the posts, or p99 goes past a second): the highest rate each
 * sustains is its throughput.
 *
 * The database is the embedded lane unless MONGODB_URI is set: on jongodb
 * the service's saturation is jongodb's, not socket.io's.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { Server } from 'socket.io';
import { loadConfig } from '../src/platform/config.js';
import { startEmbeddedDatabase } from '../src/platform/db/embedded.js';
import { createLogger } from '../src/platform/logger.js';
import { startService } from '../src/service.js';
import { commentText } from './support/seed.js';

const CLIENT_PROCS = Math.max(1, Number(process.env.CLIENT_PROCS ?? 2));
const READERS = Number(process.env.READERS ?? 1000);
const MODERATORS = Number(process.env.MODERATORS ?? 50);
const RATES = (process.env.RATES ?? '20,40,80,160,320').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS ?? 5);
const ARTICLE = 'fanout-sak';
const ADMIN = { email: 'bench@ordskifte.local', password: 'bench-admin-password' };
/** A rate is sustained when at least this share arrives and p99 stays under a second. */
const SUSTAINED_SHARE = 0.99;
const SUSTAINED_P99_MS = 1000;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface GroupSpec {
  url: string;
  count: number;
  auth?: Record<string, unknown>;
  /** Event and payload to emit with an ack once connected (subscribe / join). */
  enter: [string, unknown];
  /** The event whose arrivals are timed; payloads carry `id` first. */
  listen: string;
}

/**
 * Browser-like sockets in a client process: the socket.io protocol over the
 * platform WebSocket, noting only each event's id and arrival time (a
 * thousand full socket.io clients in one process measure the clients'
 * parsing more than the server).
 */
class LightGroup {
  ids: string[] = [];
  times: number[] = [];
  #sockets: WebSocket[] = [];

  async start(spec: GroupSpec): Promise<void> {
    const { origin, pathname: nsp } = new URL(spec.url);
    const wsUrl = `${origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const prefix = `42${nsp},["${spec.listen}",{"id":"`;
    const open = () =>
      new Promise<WebSocket>((ok, fail) => {
        const ws = new WebSocket(wsUrl);
        ws.onerror = () => fail(new Error('websocket failed'));
        ws.onmessage = (message) => {
          const text = String(message.data);
          if (text.startsWith(prefix)) {
            this.times.push(now());
            this.ids.push(text.slice(prefix.length, text.indexOf('"', prefix.length)));
          } else if (text === '2') ws.send('3');
          else if (text.startsWith('0')) ws.send(`40${nsp},${JSON.stringify(spec.auth ?? {})}`);
          else if (text.startsWith(`40${nsp},`)) ws.send(`42${nsp},1${JSON.stringify(spec.enter)}`);
          else if (text.startsWith(`43${nsp},1`)) ok(ws);
          else if (text.startsWith(`44${nsp},`)) fail(new Error(text));
        };
      });
    for (let i = 0; i < spec.count; i += 100) {
      this.#sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, spec.count - i) }, open))));
    }
  }
  take() {
    const taken = { ids: this.ids, times: this.times };
    this.ids = [];
    this.times = [];
    return taken;
  }
  close(): void {
    for (const ws of this.#sockets) ws.close();
  }
}

/** A LightGroup in a child process. */
class ClientGroup {
  readonly #child: ChildProcess;
  constructor() {
    this.#child = fork(new URL(import.meta.url).pathname, [], {
      env: { ...process.env, FANOUT_ROLE: 'clients' },
      execArgv: ['--experimental-websocket', '--no-warnings', '--import', 'tsx'],
    });
  }
  ask<T>(type: string, extra: object = {}): Promise<T> {
    return new Promise((ok) => {
      const listener = (m: { type: string }) => {
        if (m.type !== type) return;
        this.#child.off('message', listener);
        ok(m as T);
      };
      this.#child.on('message', listener);
      this.#child.send({ type, ...extra });
    });
  }
}

/** One server under test: how to post to it, and its client groups. */
interface Contender {
  name: string;
  /** Posts comment i; resolves with its id once answered (null when it was not published). */
  post: (i: number) => Promise<string | null>;
  readers: ClientGroup[];
  moderators: ClientGroup;
  close: () => Promise<void>;
}

async function groupsFor(
  live: Omit<GroupSpec, 'count'>,
  moderation: Omit<GroupSpec, 'count'>,
): Promise<Pick<Contender, 'readers' | 'moderators'>> {
  const readers = Array.from({ length: CLIENT_PROCS }, () => new ClientGroup());
  const moderators = new ClientGroup();
  await Promise.all([
    ...readers.map((g, i) =>
      g.ask('start', {
        spec: {
          ...live,
          count: Math.floor(READERS / CLIENT_PROCS) + (i < READERS % CLIENT_PROCS ? 1 : 0),
        },
      }),
    ),
    moderators.ask('start', { spec: { ...moderation, count: MODERATORS } }),
  ]);
  return { readers, moderators };
}

async function serviceContender(uri: string): Promise<Contender> {
  const config = loadConfig(
    { NODE_ENV: 'test' },
    {
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      mongodbUri: uri,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      tokenSecret: 'bench-secret-0123456789abcdef',
      // Every limit wide open: this measures fan-out, not throttling.
      maxSocketsPerAddress: 1_000_000,
      rateLimits: Object.fromEntries(
        Object.keys(loadConfig({ NODE_ENV: 'test' }).rateLimits).map((key) => [key, 100_000]),
      ) as ReturnType<typeof loadConfig>['rateLimits'],
    },
  );
  const service = await startService(config, createLogger('silent'), {
    dbName: `bench_${randomBytes(3).toString('hex')}`,
  });
  const login = await fetch(`${service.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { token } = (await login.json()) as { token: string };
  const groups = await groupsFor(
    {
      url: `${service.url}/live`,
      enter: ['subscribe', { siteId: 'demo', articleId: ARTICLE }],
      listen: 'comment.published',
    },
    {
      url: `${service.url}/moderation`,
      auth: { token },
      enter: ['join', { siteId: 'demo' }],
      listen: 'comment.created',
    },
  );
  const tag = randomBytes(3).toString('hex');
  return {
    name: 'service',
    ...groups,
    post: async (i) => {
      const res = await fetch(`${service.url}/api/v1/sites/demo/articles/${ARTICLE}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${tag}-${i}` },
        body: JSON.stringify({ body: commentText(i + 3_000_000), authorName: `Leser ${i % 997}` }),
      }).catch(() => null);
      const created = (await res?.json().catch(() => null)) as {
        comment?: { id: string; status: string };
      } | null;
      return created?.comment?.status === 'approved' ? created.comment.id : null;
    },
    close: () => service.close(),
  };
}

/** socket.io alone: an HTTP POST it broadcasts at once, as the service's events, to the same sockets. */
async function bareContender(): Promise<Contender> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  for (const name of ['/live', '/moderation']) {
    io.of(name).on('connection', (socket) => {
      socket.on('join', (_payload: unknown, reply: (r: { ok: boolean }) => void) => {
        void socket.join('room');
        reply({ ok: true });
      });
    });
  }
  http.on('request', (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk;
    });
    req.on('end', () => {
      const comment = JSON.parse(body) as Record<string, unknown>;
      io.of('/live').to('room').emit('comment.published', comment);
      io.of('/moderation')
        .to('room')
        .emit('comment.created', {
          ...comment,
          status: 'approved',
          version: 1,
          moderation: { decision: 'approve', reasons: [] },
          reports: { count: 0, reasons: {} },
          seq: Number.parseInt(String(comment.id), 16),
        });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ comment }));
    });
  });
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const groups = await groupsFor(
    { url: `${url}/live`, enter: ['join', {}], listen: 'comment.published' },
    { url: `${url}/moderation`, enter: ['join', {}], listen: 'comment.created' },
  );
  let next = 0;
  return {
    name: 'bare socket.io',
    ...groups,
    post: async (i) => {
      const id = (++next).toString(16).padStart(24, '0');
      const res = await fetch(url, {
        method: 'POST',
        body: JSON.stringify({
          id,
          siteId: 'demo',
          articleId: ARTICLE,
          parentId: null,
          body: commentText(i + 3_000_000),
          authorName: `Leser ${i % 997}`,
          featured: false,
          createdAt: new Date().toISOString(),
        }),
      }).catch(() => null);
      return res?.status === 201 ? id : null;
    },
    close: () => new Promise<void>((ok) => io.close(() => ok())),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Slice {
  rate: number;
  readers: number[];
  moderators: number[];
  delivered: number;
  expected: number;
  perSecond: number;
  sustained: boolean;
}

/** Posts at `rate` for SECONDS and collects every delivery of those posts (or what came within 10 s after). */
async function slice(c: Contender, rate: number): Promise<Slice> {
  const all = [...c.readers, c.moderators];
  await Promise.all(all.map((g) => g.ask('take')));
  const postedAt = new Map<string, number>();
  const count = Math.max(1, Math.round(rate * SECONDS));
  let published = 0;
  const started = now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - now();
    if (wait > 0) await sleep(wait);
    const sent = now();
    pending.push(
      c.post(i).then((id) => {
        if (!id) return;
        postedAt.set(id, sent);
        published++;
      }),
    );
  }
  await Promise.all(pending);
  const expected = published * READERS + published * MODERATORS;
  const deadline = now() + 10_000;
  for (;;) {
    const counts = await Promise.all(all.map((g) => g.ask<{ delivered: number }>('count')));
    if (counts.reduce((n, x) => n + x.delivered, 0) >= expected || now() > deadline) break;
    await sleep(100);
  }
  const readers: number[] = [];
  const moderators: number[] = [];
  let last = started;
  for (const [i, g] of all.entries()) {
    const { ids, times } = await g.ask<{ ids: string[]; times: number[] }>('take');
    for (let k = 0; k < ids.length; k++) {
      const posted = postedAt.get(ids[k]!);
      if (posted === undefined) continue;
      (i < c.readers.length ? readers : moderators).push(times[k]! - posted);
      last = Math.max(last, times[k]!);
    }
  }
  readers.sort((a, b) => a - b);
  moderators.sort((a, b) => a - b);
  const delivered = readers.length + moderators.length;
  const p99 = Math.max(percentile(readers, 99), percentile(moderators, 99));
  return {
    rate,
    readers,
    moderators,
    delivered,
    expected: count * (READERS + MODERATORS),
    perSecond: delivered / ((last - started) / 1000),
    sustained: delivered >= SUSTAINED_SHARE * count * (READERS + MODERATORS) && p99 <= SUSTAINED_P99_MS,
  };
}

async function main(): Promise<void> {
  const fmt = (ms: number) =>
    Number.isNaN(ms) ? 'n/a' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
  const embedded = process.env.MONGODB_URI
    ? null
    : await startEmbeddedDatabase({ prefer: 'auto', dataDir: null, logger: createLogger('silent') });
  const lane = embedded ? embedded.lane : 'MONGODB_URI';
  console.log(
    `fan-out: ${READERS} readers + ${MODERATORS} moderators per server, ${SECONDS} s per slice, rates ${RATES.join(', ')}/s; ` +
      `${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}, database lane ${lane}, ${new Date().toISOString()}`,
  );
  const contenders = [
    await serviceContender(process.env.MONGODB_URI ?? embedded!.uri),
    await bareContender(),
  ];
  console.log(
    `${'post→receive'.padEnd(16)}${'rate/s'.padStart(7)}${'readers p50'.padStart(13)}${'p99'.padStart(9)}` +
      `${'moderators p50'.padStart(16)}${'p99'.padStart(9)}${'delivered'.padStart(11)}${'deliveries/s'.padStart(14)}`,
  );
  const best = new Map<string, Slice>();
  const saturated = new Set<string>();
  for (const [r, rate] of RATES.entries()) {
    const order = r % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) {
      if (saturated.has(c.name)) continue;
      const s = await slice(c, rate);
      console.log(
        `${c.name.padEnd(16)}${String(rate).padStart(7)}${fmt(percentile(s.readers, 50)).padStart(13)}${fmt(
          percentile(s.readers, 99),
        ).padStart(
          9,
        )}${fmt(percentile(s.moderators, 50)).padStart(16)}${fmt(percentile(s.moderators, 99)).padStart(9)}` +
          `${`${((100 * s.delivered) / s.expected).toFixed(1)} %`.padStart(11)}${s.perSecond.toFixed(0).padStart(14)}` +
          (s.sustained ? '' : '   saturated'),
      );
      if (s.sustained) best.set(c.name, s);
      else saturated.add(c.name);
    }
    if (saturated.size === contenders.length) break;
  }
  for (const c of contenders) {
    await Promise.all([...c.readers, c.moderators].map((g) => g.ask('close')));
    await c.close();
  }
  await embedded?.stop();

  const service = best.get('service');
  const bare = best.get('bare socket.io');
  const low = (s: Slice | undefined) => (s ? `${s.rate}/s (${s.perSecond.toFixed(0)} deliveries/s)` : 'none');
  console.log(`highest sustained rate: service ${low(service)}, bare socket.io ${low(bare)}`);
  const ratio = service && bare ? service.rate / bare.rate : 0;
  const checks = [
    [
      `sustained throughput ≥ 0.8× bare broadcast (${ratio.toFixed(2)}×${saturated.has('bare socket.io') ? '' : '; bare not saturated at the highest rate tried'})`,
      ratio >= 0.8,
    ],
  ] as const;
  for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
  process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
}

if (process.env.FANOUT_ROLE === 'clients') {
  const group = new LightGroup();
  process.on('message', async (message: { type: string; spec?: GroupSpec }) => {
    if (message.type === 'start') {
      await group.start(message.spec!);
      process.send!({ type: 'start' });
    } else if (message.type === 'count') process.send!({ type: 'count', delivered: group.ids.length });
    else if (message.type === 'take') process.send!({ type: 'take', ...group.take() });
    else if (message.type === 'close') {
      group.close();
      process.send!({ type: 'close' }, () => process.exit(0));
    }
  });
} else {
  await main();
}
