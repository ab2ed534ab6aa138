import assert from 'node:assert/strict';
import { request } from 'node:http';
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
      // The request is in the server's hands before the signal: with `Expect: 100-continue`
      // the server answers 100 once it has read the headers, and only then does the body
      // follow, after the signal (a fixed pause could send the signal before the request).
      const body = JSON.stringify({ body: 'Sendt rett før stans.', authorName: 'Sen' });
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/sites/demo/articles/shutdown/comments',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          expect: '100-continue',
        },
      });
      const answered = new Promise<number>((ok, fail) => {
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => ok(res.statusCode ?? 0));
        });
        req.on('error', fail);
      });
      const accepted = new Promise<void>((ok) => req.once('continue', ok));
      req.flushHeaders();
      await accepted;
      run.child.kill(signal);
      req.end(body);
      assert.equal(await answered, 201);
      assert.equal(await run.exited, 0, run.output());
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
