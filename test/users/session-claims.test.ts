import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, SignJWT } from 'jose';
import { connect, startTestApp, type TestApp, TestDatabase, testConfig } from '../support/harness.js';

/**
 * Issue 12 item 15: a session token whose `jti` was an object ({"$ne": null})
 * matched any stored session. Every claim is type-checked before it reaches a
 * query. (Signing such a token needs the secret; with the public development
 * default, anyone has it, so the service warns loudly in development.)
 */
describe('session token claims are type-checked', () => {
  let db: TestDatabase;
  let app: TestApp;
  const secret = new TextEncoder().encode(testConfig('mongodb://unused').tokenSecret);

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const sign = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('ordskifte')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(secret);

  const socketAccepted = (token: string) =>
    new Promise<boolean>((ok) => {
      const socket = connect(app.url, '/moderation', { auth: { token } });
      socket.once('connect', () => {
        socket.close();
        ok(true);
      });
      socket.once('connect_error', () => ok(false));
    });

  it('refuses a jti or sub that is not a string, over HTTP and sockets, while a real session exists', async () => {
    const real = await app.adminToken();
    const { sub } = decodeJwt(real);
    assert.equal((await app.request('GET', '/api/v1/auth/session', { token: real })).status, 200);
    for (const claims of [
      { sub, jti: { $ne: null } },
      { sub, jti: { $gt: '' } },
      { sub, jti: 42 },
      { sub, jti: ['x'] },
      { sub: { $ne: null }, jti: decodeJwt(real).jti },
    ]) {
      const forged = await sign(claims);
      const res = await app.request('GET', '/api/v1/auth/session', { token: forged });
      assert.equal(res.status, 401, `${JSON.stringify(claims)}: ${res.status}`);
      assert.equal(res.body.error.code, 'unauthorized');
      assert.equal(await socketAccepted(forged), false, JSON.stringify(claims));
    }
  });
});
