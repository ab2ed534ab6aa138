import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { TestDatabase } from '../support/harness.js';
import { startMain, waitReady } from '../support/main-process.js';
import { freePort } from '../../src/platform/db/embedded.js';

describe('configuration is validated at boot', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a port that is not a number', { PORT: 'abc' }, /PORT/],
    ['an unknown embedded lane', { EMBEDDED_MONGO: 'sqlite' }, /EMBEDDED_MONGO/],
    ['a malformed MONGODB_URI', { MONGODB_URI: 'http://db' }, /MONGODB_URI/],
    ['a bad log level', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [
      'production without MONGODB_URI or TOKEN_SECRET',
      { NODE_ENV: 'production' },
      /MONGODB_URI.*required|TOKEN_SECRET/,
    ],
    [
      'production with the default token secret',
      { NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:1/x' },
      /TOKEN_SECRET must be set/,
    ],
  ];
  for (const [what, env, message] of cases) {
    it(`refuses ${what} with exit code 1 and a message naming the key`, async () => {
      const run = startMain(env);
      const code = await run.exited;
      assert.equal(code, 1);
      assert.match(run.output(), message);
      assert.doesNotMatch(run.output(), /\n\s+at /, 'no stack trace');
    });
  }
});

describe('process lifecycle', () => {
  let db: TestDatabase;
  before(async () => {
    db = await TestDatabase.start();
  });
  after(async () => {
    await db?.stop();
  });

  it('finishes in-flight work and exits 0 on SIGTERM and on SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const port = await freePort();
      const run = startMain({
        PORT: String(port),
        HOST: '127.0.0.1',
        MONGODB_URI: db.uri,
        MONGODB_DB_NAME: `life_${signal}`,
      });
      await waitReady(port);
      const inflight = fetch(`http://127.0.0.1:${port}/api/v1/sites/demo/articles/shutdown/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'Sendt rett før stans.', authorName: 'Sen' }),
      });
      await new Promise((r) => setTimeout(r, 5));
      const started = Date.now();
      run.child.kill(signal);
      const res = await inflight;
      assert.equal(res.status, 201);
      assert.equal(await run.exited, 0, run.output());
      assert.ok(Date.now() - started < 10_000);
    }
  });

  it('reports a taken port in one line, not a stack trace', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const { port } = blocker.address() as { port: number };
    const run = startMain({ PORT: String(port), HOST: '127.0.0.1', MONGODB_URI: db.uri });
    assert.equal(await run.exited, 1);
    assert.match(run.output(), /already in use/);
    assert.doesNotMatch(run.output(), /\n\s+at /);
    blocker.close();
  });
});
