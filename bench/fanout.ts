/**
 * Fan-out benchmark: 1,000 reader sockets on one article (/live) and 50
 * moderator sockets on the site (/moderation), comments posted over HTTP at a
 * steady rate through the whole service; then socket.io's bare broadcast of
 * the same payloads, to the same number of sockets, at the same rate, in the
 * same run.
 *
 *   npm run bench:fanout            (RATE=20 SECONDS=10 READERS=1000 MODERATORS=50 to change)
 *
 * Latency is publish→receive: from the moment the service hands the event to
 * socket.io (or the bare server emits it) to the client's handler. Also shown:
 * post→receive for readers, which adds the HTTP request, the moderation engine
 * and the database writes (on the jongodb lane unless MONGODB_URI is set, so
 * not a MongoDB figure). Throughput is deliveries per second over the steady
 * phase, service against bare broadcast. Clients run in this process too, for
 * both contenders alike. Exits non-zero when a target is missed
 * (p99 ≤ 50 ms, throughput ≥ 0.8× bare).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { loadConfig } from '../src/platform/config.js';
import { startEmbeddedDatabase } from '../src/platform/db/embedded.js';
import { createLogger } from '../src/platform/logger.js';
import { startService } from '../src/service.js';

/**
 * Processes for the reader sockets (plus one for the moderators); 0 keeps
 * every socket in this process. Separate processes are closer to real
 * browsers, one shared process costs less on a small, busy machine.
 */
const CLIENT_PROCS = Number(process.env.CLIENT_PROCS ?? 1);
/** Client processes use light protocol-level sockets (LIGHT_CLIENTS=0 for socket.io-client). */
const LIGHT_CLIENTS = process.env.LIGHT_CLIENTS !== '0';

const READERS = Number(process.env.READERS ?? 1000);
const MODERATORS = Number(process.env.MODERATORS ?? 50);
const RATE = Number(process.env.RATE ?? 20);
const SECONDS = Number(process.env.SECONDS ?? 10);
const COUNT = RATE * SECONDS;
const ARTICLE = 'fanout-sak';
const ADMIN = { email: 'bench@ordskifte.local', password: 'bench-admin-password' };

const now = () => performance.timeOrigin + performance.now();
const logger = createLogger('silent');

interface Samples {
  reader: number[];
  moderator: number[];
  postToReader: number[];
  delivered: number;
  firstEmit: number;
  lastReceive: number;
}
const newSamples = (): Samples => ({
  reader: [],
  moderator: [],
  postToReader: [],
  delivered: 0,
  firstEmit: Number.POSITIVE_INFINITY,
  lastReceive: 0,
});

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function connectMany(url: string, count: number, options: Record<string, unknown>): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, () =>
      connectClient(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...options }),
    );
    await Promise.all(
      batch.map(
        (s) =>
          new Promise<void>((ok, fail) => {
            s.once('connect', () => ok());
            s.once('connect_error', fail);
          }),
      ),
    );
    sockets.push(...batch);
  }
  return sockets;
}

const ack = (socket: Socket, event: string, payload: unknown) =>
  socket.timeout(10_000).emitWithAck(event, payload) as Promise<{ ok: boolean }>;

/** Sends `count` things at `rate` per second, on a fixed schedule (no drift from slow sends). */
async function steady(count: number, rate: number, send: (i: number) => Promise<void> | void) {
  const start = now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
    pending.push(Promise.resolve(send(i)));
  }
  await Promise.all(pending);
}

interface GroupSpec {
  url: string;
  count: number;
  auth?: Record<string, unknown>;
  /** Event and payload to emit with an ack once connected (subscribe / join). */
  enter: [string, unknown];
  /** The event whose arrivals are timed; payloads carry `id` and, in the bare run, `emittedAt`. */
  listen: string;
}

/** `count` sockets that record the arrival time of every event (in this process or a child). */
class LocalGroup {
  readonly ids: string[] = [];
  readonly times: number[] = [];
  readonly stamps: number[] = [];
  #sockets: Socket[] = [];
  #light: WebSocket[] = [];

  async start(spec: GroupSpec): Promise<void> {
    if (LIGHT_CLIENTS && typeof WebSocket === 'function') return this.#startLight(spec);
    this.#sockets = await connectMany(spec.url, spec.count, spec.auth ? { auth: spec.auth } : {});
    await Promise.all(this.#sockets.map((s) => ack(s, spec.enter[0], spec.enter[1])));
    for (const s of this.#sockets)
      s.on(spec.listen, (payload: { id: string; emittedAt?: number }) => {
        this.times.push(now());
        this.ids.push(payload.id);
        this.stamps.push(payload.emittedAt ?? Number.NaN);
      });
  }
  async delivered(): Promise<number> {
    return this.ids.length;
  }
  /**
   * Browser-like sockets that speak the socket.io protocol over the platform
   * WebSocket and only note arrivals (id and stamp read with a regex): a
   * thousand full socket.io clients in one process measure the clients'
   * parsing more than the server.
   */
  async #startLight(spec: GroupSpec): Promise<void> {
    const { origin, pathname: nsp } = new URL(spec.url);
    const wsUrl = `${origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const prefix = `42${nsp},`;
    const idPattern = /"id":"([^"]+)"/;
    const stampPattern = /"emittedAt":([0-9.]+)/;
    const open = () =>
      new Promise<WebSocket>((ok, fail) => {
        const ws = new WebSocket(wsUrl);
        ws.onerror = () => fail(new Error('websocket failed'));
        ws.onmessage = (message) => {
          const text = String(message.data);
          if (text.startsWith(prefix)) {
            if (text.includes(`"${spec.listen}"`)) {
              this.times.push(now());
              this.ids.push(idPattern.exec(text)?.[1] ?? '');
              this.stamps.push(Number(stampPattern.exec(text)?.[1] ?? Number.NaN));
            }
          } else if (text === '2') ws.send('3');
          else if (text.startsWith('0')) ws.send(`40${nsp},${JSON.stringify(spec.auth ?? {})}`);
          else if (text.startsWith(`40${nsp},`)) ws.send(`42${nsp},1${JSON.stringify(spec.enter)}`);
          else if (text.startsWith(`43${nsp},1`)) ok(ws);
          else if (text.startsWith(`44${nsp},`)) fail(new Error(text));
        };
      });
    for (let i = 0; i < spec.count; i += 100) {
      this.#light.push(...(await Promise.all(Array.from({ length: Math.min(100, spec.count - i) }, open))));
    }
  }
  async report() {
    for (const s of this.#sockets) s.close();
    for (const ws of this.#light) ws.close();
    return { ids: this.ids, times: this.times, stamps: this.stamps };
  }
}

async function clientGroupMain(): Promise<void> {
  const group = new LocalGroup();
  process.on('message', async (message: { type: string; spec?: GroupSpec }) => {
    if (message.type === 'start' && message.spec) {
      await group.start(message.spec);
      process.send!({ type: 'ready' });
    } else if (message.type === 'count') {
      process.send!({ type: 'count', delivered: await group.delivered() });
    } else if (message.type === 'report') {
      process.send!({ type: 'report', ...(await group.report()) }, () => process.exit(0));
    }
  });
}

interface Group {
  start(spec: GroupSpec): Promise<unknown>;
  delivered(): Promise<number>;
  report(): Promise<{ ids: string[]; times: number[]; stamps: number[] }>;
}

/** A LocalGroup in a child process. */
class ClientGroup {
  readonly #child: ChildProcess;
  constructor() {
    this.#child = fork(new URL(import.meta.url).pathname, [], {
      env: { ...process.env, FANOUT_ROLE: 'clients' },
      execArgv: ['--experimental-websocket', '--no-warnings', '--import', 'tsx'],
    });
  }
  #ask<T>(message: object, reply: string): Promise<T> {
    return new Promise((ok) => {
      const listener = (m: { type: string }) => {
        if (m.type !== reply) return;
        this.#child.off('message', listener);
        ok(m as T);
      };
      this.#child.on('message', listener);
      this.#child.send(message);
    });
  }
  start(spec: GroupSpec) {
    return this.#ask({ type: 'start', spec }, 'ready');
  }
  async delivered(): Promise<number> {
    return (await this.#ask<{ delivered: number }>({ type: 'count' }, 'count')).delivered;
  }
  report() {
    return this.#ask<{ ids: string[]; times: number[]; stamps: number[] }>({ type: 'report' }, 'report');
  }
}

/** Spreads `readers` reader sockets over the client processes, plus one process of moderators. */
async function startGroups(readerSpec: Omit<GroupSpec, 'count'>, moderatorSpec: Omit<GroupSpec, 'count'>) {
  const make = (): Group => (CLIENT_PROCS > 0 ? new ClientGroup() : new LocalGroup());
  const readerGroups = Array.from({ length: Math.max(1, CLIENT_PROCS) }, make);
  const moderatorGroup = make();
  await Promise.all([
    ...readerGroups.map((g, i) =>
      g.start({
        ...readerSpec,
        count: Math.floor(READERS / readerGroups.length) + (i < READERS % readerGroups.length ? 1 : 0),
      }),
    ),
    moderatorGroup.start({ ...moderatorSpec, count: MODERATORS }),
  ]);
  return { readerGroups, moderatorGroup };
}

async function collectGroups(
  groups: { readerGroups: Group[]; moderatorGroup: Group },
  expected: number,
  samples: Samples,
  emittedAt: (kind: 'reader' | 'moderator', id: string, stamp: number) => number | undefined,
  postedAt?: (id: string) => number | undefined,
) {
  const all = [...groups.readerGroups, groups.moderatorGroup];
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const counts = await Promise.all(all.map((g) => g.delivered()));
    if (counts.reduce((a, b) => a + b, 0) >= expected) break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  for (const [kind, group] of [
    ...groups.readerGroups.map((g) => ['reader', g] as const),
    ['moderator', groups.moderatorGroup] as const,
  ]) {
    const { ids, times, stamps } = await group.report();
    for (let i = 0; i < ids.length; i++) {
      const t = times[i]!;
      const emitted = emittedAt(kind, ids[i]!, stamps[i]!);
      if (emitted !== undefined) (kind === 'reader' ? samples.reader : samples.moderator).push(t - emitted);
      const posted = kind === 'reader' ? postedAt?.(ids[i]!) : undefined;
      if (posted !== undefined) samples.postToReader.push(t - posted);
      samples.delivered++;
      samples.lastReceive = Math.max(samples.lastReceive, t);
    }
  }
}

/** The service: HTTP post → moderation → storage → event log → socket.io. */
async function runService(): Promise<Samples> {
  const embedded = process.env.MONGODB_URI
    ? null
    : await startEmbeddedDatabase({ prefer: 'auto', dataDir: null, logger });
  const config = loadConfig(
    { NODE_ENV: 'test' },
    {
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      mongodbUri: process.env.MONGODB_URI ?? embedded!.uri,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      tokenSecret: 'bench-secret-0123456789abcdef',
      // Every limit wide open: this measures fan-out, not throttling.
      rateLimits: Object.fromEntries(
        Object.keys(loadConfig({ NODE_ENV: 'test' }).rateLimits).map((key) => [key, 100_000]),
      ) as ReturnType<typeof loadConfig>['rateLimits'],
    },
  );
  const service = await startService(config, logger, { dbName: `bench_${Date.now().toString(36)}` });
  const samples = newSamples();
  const emittedAt = new Map<string, number>();
  const postedAt = new Map<string, number>();

  // Stamp the moment the service hands each event to socket.io.
  for (const name of ['/live', '/moderation']) {
    const nsp = service.io.of(name);
    const to = nsp.to.bind(nsp);
    nsp.to = ((room: string | string[]) => {
      const operator = to(room);
      const emit = operator.emit.bind(operator);
      operator.emit = ((event: string, payload: { id?: string }) => {
        const t = now();
        if (payload?.id && (event === 'comment.published' || event === 'comment.created')) {
          emittedAt.set(`${event}:${payload.id}`, t);
          samples.firstEmit = Math.min(samples.firstEmit, t);
        }
        return emit(event, payload);
      }) as typeof operator.emit;
      return operator;
    }) as typeof nsp.to;
  }

  const login = await fetch(`${service.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { token } = (await login.json()) as { token: string };

  const groups = await startGroups(
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

  const words = ['fjorden', 'skolen', 'veien', 'ferja', 'budsjettet', 'hallen', 'kaia', 'brua', 'byen'];
  let approved = 0;
  await steady(COUNT, RATE, async (i) => {
    const body = `Innlegg ${i}: ${words[i % 9]} og ${words[Math.floor(i / 9) % 9]} er viktig for oss ${i}.`;
    const sent = now();
    const res = await fetch(`${service.url}/api/v1/sites/demo/articles/${ARTICLE}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body, authorName: `Leser ${i}` }),
    });
    const created = (await res.json()) as { comment?: { id: string; status: string } };
    if (created.comment?.status === 'approved') approved++;
    if (created.comment) postedAt.set(created.comment.id, sent);
  });
  const expected = approved * READERS + COUNT * MODERATORS;
  await collectGroups(
    groups,
    expected,
    samples,
    (kind, id) => emittedAt.get(`${kind === 'reader' ? 'comment.published' : 'comment.created'}:${id}`),
    (id) => postedAt.get(id),
  );
  if (approved < COUNT)
    console.log(`  note: ${COUNT - approved} of ${COUNT} comments were held, not published`);
  if (samples.delivered < expected)
    console.log(`  WARNING: ${expected - samples.delivered} deliveries missing`);

  await service.close();
  await embedded?.stop();
  return samples;
}

/** socket.io alone: the same payloads, rooms and socket counts, emitted at the same rate. */
async function runBare(): Promise<Samples> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  for (const [name, room] of [
    ['/live', 'article'],
    ['/moderation', 'site'],
  ] as const) {
    io.of(name).on('connection', (socket) => {
      socket.on('join', (_payload: unknown, reply: (r: { ok: boolean }) => void) => {
        void socket.join(room);
        reply({ ok: true });
      });
    });
  }
  const samples = newSamples();
  const groups = await startGroups(
    { url: `${url}/live`, enter: ['join', {}], listen: 'comment.published' },
    { url: `${url}/moderation`, enter: ['join', {}], listen: 'comment.created' },
  );
  const base = new Date().toISOString();
  await steady(COUNT, RATE, (i) => {
    const t = now();
    samples.firstEmit = Math.min(samples.firstEmit, t);
    const comment = {
      id: i.toString(16).padStart(24, '0'),
      siteId: 'demo',
      articleId: ARTICLE,
      parentId: null,
      body: `Innlegg ${i}: fjorden og skolen er viktig for oss ${i}.`,
      authorName: `Leser ${i}`,
      featured: false,
      createdAt: base,
    };
    io.of('/live')
      .to('article')
      .emit('comment.published', { ...comment, emittedAt: t });
    const mod = {
      ...comment,
      status: 'approved',
      version: 1,
      moderation: { decision: 'approve', reasons: [] },
      reports: { count: 0, reasons: {} },
      seq: i + 1,
    };
    io.of('/moderation')
      .to('site')
      .emit('comment.created', { ...mod, emittedAt: t });
  });
  await collectGroups(groups, COUNT * (READERS + MODERATORS), samples, (_kind, _id, stamp) => stamp);
  await new Promise<void>((ok) => io.close(() => ok()));
  return samples;
}

if (process.env.FANOUT_ROLE === 'clients') {
  await clientGroupMain();
} else {
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
  const throughput = (s: Samples) => s.delivered / ((s.lastReceive - s.firstEmit) / 1000);

  console.log(
    `fan-out: ${READERS} readers + ${MODERATORS} moderators, ${COUNT} comments at ${RATE}/s; ` +
      `${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`,
  );
  const service = await runService();
  const bare = await runBare();

  const rows = [
    ['', 'readers p50', 'readers p99', 'moderators p50', 'moderators p99', 'deliveries/s'],
    [
      'service',
      fmt(percentile(service.reader, 50)),
      fmt(percentile(service.reader, 99)),
      fmt(percentile(service.moderator, 50)),
      fmt(percentile(service.moderator, 99)),
      throughput(service).toFixed(0),
    ],
    [
      'bare socket.io',
      fmt(percentile(bare.reader, 50)),
      fmt(percentile(bare.reader, 99)),
      fmt(percentile(bare.moderator, 50)),
      fmt(percentile(bare.moderator, 99)),
      throughput(bare).toFixed(0),
    ],
  ];
  for (const row of rows)
    console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(16) : cell.padStart(15))).join(''));
  console.log(
    `post→receive (readers, incl. HTTP, engine and storage on ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'jongodb'}): ` +
      `p50 ${fmt(percentile(service.postToReader, 50))}, p99 ${fmt(percentile(service.postToReader, 99))}`,
  );
  console.log(
    `samples: service ${service.reader.length} + ${service.moderator.length}, bare ${bare.reader.length} + ${bare.moderator.length}`,
  );

  const p99 = Math.max(percentile(service.reader, 99), percentile(service.moderator, 99));
  const ratio = throughput(service) / throughput(bare);
  const checks = [
    [`publish→receive p99 ≤ 50 ms (worst of readers and moderators: ${fmt(p99)})`, p99 <= 50],
    [`throughput ≥ 0.8× bare broadcast (${ratio.toFixed(2)}×)`, ratio >= 0.8],
  ] as const;
  for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
  process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
}
