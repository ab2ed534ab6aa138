import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { SequencedStream } from '../../src/realtime/sequenced-stream.js';
import {
  articlePath,
  collect,
  connect,
  connected,
  emitAck,
  once,
  TestDatabase,
  uniqueDbName,
  waitFor,
} from '../support/harness.js';
import { dropRedisKeys, REDIS_URL, requireRedis } from '../support/prerequisites.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_EMAIL = 'admin@instances.test';
const ADMIN_PASSWORD = 'instances-admin-password';
const SITE = 'to-noder';

interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  stderr: string[];
}

/** Starts `node --import tsx src/main.ts` and waits for its "listening" log line. */
function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start: ${stderr.join('')}`)), 60_000);
    child.once('exit', (code) => fail(new Error(`${name} exited with ${code}: ${stderr.join('')}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { url?: string; msg?: string };
        if (entry.url && entry.msg?.includes('listening')) {
          clearTimeout(timer);
          ok({ name, url: entry.url, child, stderr });
        }
      } catch {
        // not a log line
      }
    });
  });
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = new Promise((ok) => instance.child.once('exit', ok));
  instance.child.kill('SIGTERM');
  await exited;
}

/**
 * Two processes, one database, one Redis. On the jongodb lane each process holds
 * one connection, so the two still race each other inside jongodb: this proves
 * the wiring between instances (events, order, claims, recovery) and that the
 * seqs seen in this run were unique, not that the counter's $inc is atomic
 * across instances. Only a real MongoDB proves that: run with MONGODB_URI
 * (docs/RELIABILITY.md, "What the two-process tests prove").
 */
describe('two real processes over one MongoDB and one Redis behave as one service', async () => {
  let db: TestDatabase;
  let a: Instance;
  let b: Instance;
  let token = '';
  const prefix = `ordskifte-test-${randomBytes(4).toString('hex')}`;
  let ip = 0;

  before(async () => {
    await requireRedis();
    db = await TestDatabase.start();
    const env = {
      MONGODB_URI: db.uri,
      MONGODB_DB_NAME: uniqueDbName(),
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      TOKEN_SECRET: randomBytes(24).toString('hex'),
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      TRUST_PROXY: '1',
    };
    // One after the other: both create the admin account and the demo site at start.
    a = await startInstance('A', env);
    b = await startInstance('B', env);
    token = await login(a);
    const site = await request(a, 'POST', '/api/v1/admin/sites', {
      token,
      body: { id: SITE, name: 'To noder', origins: [], policy: { mode: 'post' } },
    });
    assert.equal(site.status, 201, JSON.stringify(site.body));
  });
  after(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await db?.stop();
    if (a) await dropRedisKeys(prefix);
  });

  async function request(
    instance: Instance,
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(instance.url + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: inspected loosely
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  }
  async function login(instance: Instance) {
    const res = await request(instance, 'POST', '/api/v1/auth/login', {
      body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.token as string;
  }
  /** Each post comes from its own reader address, so the default rate limits stay out of the way. */
  async function post(instance: Instance, text: string, articleId = 'sak') {
    const res = await request(instance, 'POST', articlePath(SITE, articleId), {
      body: { body: text, authorName: `Leser ${ip}` },
      headers: { 'x-forwarded-for': `10.2.${Math.floor(++ip / 250)}.${(ip % 250) + 1}` },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.comment.id as string;
  }
  async function moderatorOn(instance: Instance) {
    const socket = connect(instance.url, '/moderation', { auth: { token } });
    const created = collect<{ id: string; seq: number }>(socket, 'comment.created');
    await connected(socket);
    const ack = await emitAck<{ ok: boolean; lastSeq: { comments: number } }>(socket, 'join', {
      siteId: SITE,
    });
    assert.equal(ack.ok, true);
    return { socket, created, lastSeq: ack.lastSeq.comments };
  }

  it('a moderator on A receives, in order, the events of comments posted to B', async () => {
    const mod = await moderatorOn(a);
    const posted: string[] = [];
    for (let i = 0; i < 30; i++) posted.push(await post(b, `Innlegg ${i} sendt til node B.`));
    await waitFor(() => mod.created.length >= 30, 10_000, 'events from B');
    assert.deepEqual(
      mod.created.map((e) => e.id),
      posted,
    );
    assert.deepEqual(
      mod.created.map((e) => e.seq),
      Array.from({ length: 30 }, (_, i) => mod.lastSeq + 1 + i),
    );
    mod.socket.close();
  });

  it('comments posted to both at once: seqs are unique and the client helper applies each once, in order', async () => {
    const mod = await moderatorOn(a);
    const applied: number[] = [];
    const stream = new SequencedStream<{ seq: number; id: string }>({
      deliver: (_type, event) => applied.push(event.seq),
      rejoin: (lastSeq) => mod.socket.emit('join', { siteId: SITE, lastSeq }, () => undefined),
      onResync: () => assert.fail('no resync expected'),
    });
    stream.start(mod.lastSeq);
    mod.socket.on('comment.created', (event: { seq: number; id: string }) =>
      stream.accept('comment.created', event),
    );
    const ids = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post(i % 2 ? a : b, `Samtidig innlegg ${i}.`, 'samtidig')),
    );
    await waitFor(() => applied.length >= 40, 10_000, 'all 40 applied');
    assert.deepEqual(
      applied,
      Array.from({ length: 40 }, (_, i) => mod.lastSeq + 1 + i),
    );
    assert.deepEqual(new Set(mod.created.map((e) => e.id)), new Set(ids));
    stream.dispose();
    mod.socket.close();
  });

  it('readers on A see what a moderator does on B; claims on A reach moderators on B', async () => {
    const held = await request(b, 'PATCH', `/api/v1/moderation/sites/${SITE}/articles/forhånd`, {
      token,
      body: { mode: 'pre' },
    });
    assert.equal(held.status, 200);
    const commentId = await post(a, 'Venter på en moderator.', 'forhånd');
    const reader = connect(a.url, '/live');
    await connected(reader);
    assert.deepEqual(await emitAck(reader, 'subscribe', { siteId: SITE, articleId: 'forhånd' }), {
      ok: true,
    });

    const onB = await moderatorOn(b);
    const onA = await moderatorOn(a);
    const claimed = once<{ commentId: string; by: { name: string } }>(onB.socket, 'comment.claimed');
    await emitAck(onA.socket, 'claim', { commentId });
    assert.equal((await claimed).commentId, commentId);

    const published = once<{ id: string }>(reader, 'comment.published');
    const approved = await request(b, 'POST', `/api/v1/moderation/comments/${commentId}/actions`, {
      token,
      body: { action: 'approve', version: 1 },
    });
    assert.equal(approved.status, 200);
    assert.equal((await published).id, commentId);
    for (const s of [reader, onA.socket, onB.socket]) s.close();
  });

  it('connection state recovery works across instances: dropped on B, resumed on A', async () => {
    const onB = await moderatorOn(b);
    const seenFirst = await post(a, 'Sett før brudd.');
    await waitFor(() => onB.created.some((e) => e.id === seenFirst), 5000, 'a first event');
    const internals = onB.socket as unknown as { _pid?: string; _lastOffset?: string };
    const { _pid: pid, _lastOffset: offset } = internals;
    assert.ok(pid && offset, 'the server offered connection state recovery');

    const dropped = once(onB.socket, 'disconnect');
    onB.socket.io.engine.close();
    await dropped;
    // B stores the session in Redis when it notices the drop.
    const redis = new Redis(REDIS_URL);
    await waitFor(
      async () => (await redis.exists(`${prefix}:sio:session:${pid}`)) === 1,
      5000,
      'the session',
    );
    redis.disconnect();

    const missed = await post(b, 'Sendt mens forbindelsen var nede.');
    // The same client state, reconnecting through a different node (as behind a load balancer).
    const resumed: Socket = connect(a.url, '/moderation', { auth: { token }, autoConnect: false });
    Object.assign(resumed, { _pid: pid, _lastOffset: offset });
    const created = collect<{ id: string }>(resumed, 'comment.created');
    resumed.connect();
    await connected(resumed);
    assert.equal(resumed.recovered, true);
    await waitFor(() => created.some((e) => e.id === missed), 5000, 'the missed event on A');
    // Recovered into the site room: new events keep coming without a join.
    const next = await post(b, 'Etter at forbindelsen kom tilbake.');
    await waitFor(() => created.some((e) => e.id === next), 5000, 'a live event after recovery');
    resumed.close();
  });

  it("logout, a change of sites and disabling the account on A close the moderator's sockets on both instances", async () => {
    const email = `vikar-${randomBytes(3).toString('hex')}@instances.test`;
    const password = 'vikar-password-123';
    const created = await request(a, 'POST', '/api/v1/admin/users', {
      token,
      body: { email, password, role: 'moderator', sites: [SITE], name: 'Vikar' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const userId = created.body.user.id as string;
    const staffLogin = async () => {
      const res = await request(b, 'POST', '/api/v1/auth/login', { body: { email, password } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.token as string;
    };
    /** One /moderation socket on each instance, joined to `siteId`; `closed` resolves to how each was closed. */
    const socketsOnBoth = async (staffToken: string, siteId: string) => {
      const reasons: Promise<string>[] = [];
      for (const instance of [a, b]) {
        const socket = connect(instance.url, '/moderation', { auth: { token: staffToken } });
        await connected(socket);
        assert.equal((await emitAck<{ ok: boolean }>(socket, 'join', { siteId })).ok, true);
        reasons.push(once<string>(socket, 'disconnect', 10_000));
      }
      return { closed: Promise.all(reasons) };
    };
    const patch = (body: Record<string, unknown>) =>
      request(a, 'PATCH', `/api/v1/admin/users/${userId}`, { token, body });
    const closedBoth = ['io server disconnect', 'io server disconnect'];

    // The sessions log in on B; every change is made on A. Each change is the last one to the
    // account before the next sockets connect (a change closes every socket of the account,
    // and the next sockets must not meet the close of one before).
    let staffToken = await staffLogin();
    let { closed } = await socketsOnBoth(staffToken, SITE);
    assert.equal((await request(a, 'POST', '/api/v1/auth/logout', { token: staffToken })).status, 204);
    assert.deepEqual(await closed, closedBoth, 'logout');

    staffToken = await staffLogin();
    ({ closed } = await socketsOnBoth(staffToken, SITE));
    assert.equal((await patch({ sites: ['demo'] })).status, 200);
    assert.deepEqual(await closed, closedBoth, 'a change of sites');

    // Back in on either instance, the new scope applies.
    staffToken = await staffLogin();
    for (const instance of [a, b]) {
      const socket = connect(instance.url, '/moderation', { auth: { token: staffToken } });
      await connected(socket);
      assert.deepEqual(await emitAck(socket, 'join', { siteId: SITE }), { ok: false, error: 'forbidden' });
      socket.close();
    }
    ({ closed } = await socketsOnBoth(staffToken, 'demo'));
    assert.equal((await patch({ disabled: true })).status, 200);
    assert.deepEqual(await closed, closedBoth, 'the account disabled');
  });
});
