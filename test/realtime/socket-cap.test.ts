import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { MAX_ARTICLES_PER_SOCKET } from '../../src/realtime/socket-server.js';
import { connect, emitAck, startTestApp, type TestApp, TestDatabase, waitFor } from '../support/harness.js';

/**
 * Issue 12, item 20: 1,500 sockets from one address were accepted. Open
 * connections are capped per client address, the address seen as HTTP sees it
 * (X-Forwarded-For only through TRUST_PROXY hops), IPv6 by its /64.
 */
describe('sockets per client address are capped', () => {
  let db: TestDatabase;
  let proxied: TestApp;
  let direct: TestApp;
  const sockets: Socket[] = [];
  const MAX = 4;

  before(async () => {
    db = await TestDatabase.start();
    proxied = await startTestApp(db, { trustProxy: 1, maxSocketsPerAddress: MAX });
    direct = await startTestApp(db, { trustProxy: 0, maxSocketsPerAddress: MAX });
  });
  after(async () => {
    for (const s of sockets) s.close();
    await proxied?.close();
    await direct?.close();
    await db?.stop();
  });

  /** Opens a /live socket as `from`; resolves to whether it connected. */
  const open = async (app: TestApp, from?: string, namespace: '/live' | '/moderation' = '/live') => {
    const socket = connect(app.url, namespace, from ? { extraHeaders: { 'x-forwarded-for': from } } : {});
    sockets.push(socket);
    const ok = await new Promise<boolean>((done) => {
      socket.once('connect', () => done(true));
      socket.once('connect_error', () => done(false));
    });
    return { socket, ok };
  };
  const openMany = (app: TestApp, n: number, from: (i: number) => string | undefined) =>
    Promise.all(Array.from({ length: n }, (_, i) => open(app, from(i))));

  it('refuses connections over the cap from one address, concurrently, and not from others', async () => {
    const burst = await openMany(proxied, MAX * 3, () => '203.0.113.7');
    assert.equal(burst.filter((s) => s.ok).length, MAX, 'exactly the cap connects, however fast they come');
    assert.equal((await open(proxied, '203.0.113.8')).ok, true, 'another address has its own budget');
    // Closing one frees its slot.
    burst.find((s) => s.ok)?.socket.close();
    await waitFor(async () => (await open(proxied, '203.0.113.7')).ok, 5000, 'a freed slot');
    assert.equal((await open(proxied, '203.0.113.7')).ok, false, 'and only that one');
  });

  it('counts an IPv6 /64 as one client, in any spelling', async () => {
    const spellings = [
      '2001:db8:7:7::1',
      '2001:db8:7:7::2',
      '2001:0DB8:0007:0007:0:0:0:3',
      '2001:db8:7:7:ffff::4',
      '2001:db8:7:7::5',
    ];
    const opened = [];
    for (const from of spellings) opened.push(await open(proxied, from));
    assert.deepEqual(
      opened.map((s) => s.ok),
      [true, true, true, true, false],
    );
    assert.equal((await open(proxied, '2001:db8:7:8::1')).ok, true, 'the next /64 is another client');
  });

  it('ignores X-Forwarded-For without a trusted proxy: spoofed headers get no fresh budget', async () => {
    const spoofed = await openMany(direct, MAX + 2, (i) => `198.51.100.${i + 1}`);
    assert.equal(spoofed.filter((s) => s.ok).length, MAX);
    // Moderators' connections come from the same budget (one engine.io connection each).
    assert.equal((await open(direct, undefined, '/moderation')).ok, false);
  });

  // Second attack (docs/RELIABILITY.md row 24): one socket joined a room per article it named,
  // without end, so a reader's sockets could hold the process's memory for as long as they stayed.
  it('a /live socket follows at most MAX_ARTICLES_PER_SOCKET articles, however fast it asks', async () => {
    const subscribe = (socket: Socket, articleId: string, siteId = 'demo') =>
      emitAck<{ ok: boolean; error?: string }>(socket, 'subscribe', { siteId, articleId }, 20_000);
    // Each from an address of its own: this file's other sockets hold 127.0.0.1's few places.
    const { socket: reader, ok } = await open(proxied, '198.51.100.1');
    assert.ok(ok);
    for (let i = 0; i < MAX_ARTICLES_PER_SOCKET; i++)
      assert.deepEqual(await subscribe(reader, `sak-${i}`), { ok: true });
    assert.deepEqual(await subscribe(reader, 'en-til'), { ok: false, error: 'too_many_subscriptions' });
    assert.deepEqual(await subscribe(reader, 'sak-3'), { ok: true }, 'one it follows already is no new one');
    await emitAck(reader, 'unsubscribe', { siteId: 'demo', articleId: 'sak-3' });
    assert.deepEqual(await subscribe(reader, 'en-til'), { ok: true }, 'leaving one frees its place');

    const { socket: burst } = await open(proxied, '198.51.100.2');
    assert.equal(
      (await subscribe(burst, 'sak', 'ingen-slik-side')).ok,
      false,
      'a refused one takes no place',
    );
    const answers = await Promise.all(
      Array.from({ length: MAX_ARTICLES_PER_SOCKET * 3 }, (_, i) => subscribe(burst, `samtidig-${i}`)),
    );
    assert.equal(
      answers.filter((a) => a.ok).length,
      MAX_ARTICLES_PER_SOCKET,
      'sent at once, exactly the cap',
    );
  });
});
