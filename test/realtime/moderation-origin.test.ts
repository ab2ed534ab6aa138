import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, connect, emitAck, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

/**
 * Issue 12 item 3: `/moderation` took the session cookie whatever page opened
 * the socket. A page on another port of the same site (same-site, so the
 * SameSite=Strict cookie goes along) read held comments with readers' e-mails.
 * A cookie-authenticated socket must come from the service's own origin; a
 * bearer token (which a foreign page cannot read) is accepted as before.
 */
describe('/moderation checks the Origin of cookie-authenticated sockets', () => {
  let db: TestDatabase;
  let app: TestApp;
  let cookie = '';
  let token = '';

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    const res = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    assert.equal(res.status, 200);
    token = ((await res.json()) as { token: string }).token;
    cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    assert.match(cookie, /ordskifte_session=/);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  /** 'connected' or the connect_error message. */
  const attempt = (options: Record<string, unknown>) =>
    new Promise<string>((ok) => {
      const socket = connect(app.url, '/moderation', options);
      socket.once('connect', async () => {
        const joined = await emitAck<{ ok: boolean }>(socket, 'join', { siteId: 'demo' });
        socket.close();
        ok(joined.ok ? 'connected' : 'join refused');
      });
      socket.once('connect_error', (err) => {
        socket.close();
        ok(err.message);
      });
    });

  const own = () => app.url; // http://127.0.0.1:PORT
  const otherPort = () => {
    const url = new URL(app.url);
    url.port = String(Number(url.port) + 1);
    return url.origin;
  };

  it('refuses the cookie from a page of another origin, also another port of the same host', async () => {
    for (const origin of [otherPort(), 'http://evil.example', 'null']) {
      const result = await attempt({ extraHeaders: { cookie, origin } });
      assert.equal(result, 'forbidden_origin', `${origin}: ${result}`);
    }
  });

  it("takes the cookie from the service's own origin, and from clients that send no Origin", async () => {
    assert.equal(await attempt({ extraHeaders: { cookie, origin: own() } }), 'connected');
    assert.equal(await attempt({ extraHeaders: { cookie } }), 'connected');
  });

  it('takes a bearer token from any origin, as before', async () => {
    assert.equal(
      await attempt({ auth: { token }, extraHeaders: { origin: 'http://evil.example' } }),
      'connected',
    );
  });
});
