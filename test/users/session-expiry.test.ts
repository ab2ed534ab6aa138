import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, SignJWT } from 'jose';
import {
  connect,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
  testConfig,
} from '../support/harness.js';

/**
 * A moderator session ends when its time is up (TOKEN_TTL_SECONDS), at both
 * places that enforce it: the token's own `exp`, and the session record the
 * server keeps (which is what logout and disabling delete). Time is moved by
 * rewriting those two, not by waiting: the shortest TTL the config accepts is
 * a minute.
 */
describe('moderator sessions expire', () => {
  let db: TestDatabase;
  let app: TestApp;
  const secret = new TextEncoder().encode(testConfig('mongodb://unused').tokenSecret);

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'utlop');
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const queue = (token: string) =>
    app.request('GET', '/api/v1/moderation/sites/utlop/queue?status=pending', { token });

  /** Whether a /moderation socket with this token gets in. */
  const socketAccepted = (token: string) =>
    new Promise<boolean>((ok) => {
      const socket = connect(app.url, '/moderation', { auth: { token } });
      socket.once('connect', () => {
        socket.close();
        ok(true);
      });
      socket.once('connect_error', () => {
        socket.close();
        ok(false);
      });
    });

  /** The same session's token, signed as the service signs, with another expiry. */
  const resigned = (token: string, exp: number) => {
    const claims = decodeJwt(token);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub!)
      .setJti(claims.jti!)
      .setIssuedAt(claims.iat!)
      .setIssuer('ordskifte')
      .setExpirationTime(exp)
      .sign(secret);
  };

  it('a token past its exp is refused over HTTP and sockets, though its session record is still there', async () => {
    const { token } = await createStaff(app, 'moderator', ['utlop']);
    assert.equal((await queue(token)).status, 200);
    const expired = await resigned(token, Math.floor(Date.now() / 1000) - 1);
    const res = await queue(expired);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'unauthorized');
    assert.equal(await socketAccepted(expired), false);
    // The control: the same claims with a future exp still get in, so it was the exp that counted.
    const renewed = await resigned(token, Math.floor(Date.now() / 1000) + 600);
    assert.equal((await queue(renewed)).status, 200);
  });

  it('a session whose stored expiry has passed is refused, whatever the token says', async () => {
    const { token } = await createStaff(app, 'moderator', ['utlop']);
    assert.equal(await socketAccepted(token), true);
    const jti = decodeJwt(token).jti!;
    await app.service.db.connection
      .collection<{ _id: string; expiresAt: Date }>('sessions')
      .updateOne({ _id: jti }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    assert.equal((await queue(token)).status, 401);
    assert.equal(await socketAccepted(token), false);
    const forever = await resigned(token, Math.floor(Date.now() / 1000) + 3600 * 24 * 365);
    assert.equal((await queue(forever)).status, 401, 'a token re-signed to live longer does not revive it');
  });
});
