import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { type RunningService, startService } from '../../src/service.js';
import { articlePath, TestDatabase, testConfig, uniqueDbName } from '../support/harness.js';

interface Line {
  level: number;
  msg: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number; headers: Record<string, unknown> };
  responseTime?: number;
}

/**
 * The request log (src/platform/http/request-log.ts, in place of pino-http since 6 Dec 2026):
 * one line per request with its id, method and path (never the query string or the client's
 * address), the answer's status and headers and the time taken; a 4xx at info, a 2xx at debug;
 * the request id from a well-formed X-Request-Id, answered in X-Request-Id.
 */
describe('request log', () => {
  let db: TestDatabase;
  const services: RunningService[] = [];
  const lines: Line[] = [];

  const start = async (level: string) => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const text of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
        done();
      },
    });
    const service = await startService(testConfig(db.uri), pino({ level }, stream), {
      dbName: uniqueDbName(),
    });
    services.push(service);
    return service;
  };
  const completed = (id: string) =>
    lines.filter((l) => l.req?.id === id && (l.msg === 'request completed' || l.msg === 'request errored'));
  const settled = () => new Promise((ok) => setTimeout(ok, 50));

  before(async () => {
    db = await TestDatabase.start();
  });
  after(async () => {
    for (const service of services) await service.close();
    await db?.stop();
  });

  it('logs a 4xx at info with the id, method and path, never the query string', async () => {
    const service = await start('info');
    const res = await fetch(`${service.url}/api/v1/no-such-thing?token=secret-value`, {
      headers: { 'x-request-id': 'req-4xx.1' },
    });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-request-id'), 'req-4xx.1');
    await settled();
    const [line, ...more] = completed('req-4xx.1');
    assert.ok(line, 'one line for the request');
    assert.equal(more.length, 0);
    assert.equal(line.level, 30);
    assert.equal(line.msg, 'request completed');
    assert.deepEqual(line.req, { id: 'req-4xx.1', method: 'GET', url: '/api/v1/no-such-thing' });
    assert.equal(line.res?.statusCode, 404);
    assert.equal(typeof line.res?.headers, 'object');
    assert.equal(typeof line.responseTime, 'number');
    assert.equal(JSON.stringify(lines).includes('secret-value'), false, 'no query string in the log');
  });

  it('gives a request without a well-formed X-Request-Id a new one, and logs a 2xx only at debug', async () => {
    const quiet = services[0] ?? (await start('info'));
    const res = await fetch(quiet.url + articlePath('demo', 'logged'), {
      headers: { 'x-request-id': 'bad id!' },
    });
    assert.equal(res.status, 200);
    const id = res.headers.get('x-request-id') ?? '';
    assert.match(id, /^[0-9a-f-]{36}$/);
    await settled();
    assert.equal(completed(id).length, 0, 'an answered GET is not logged at info');

    const verbose = await start('debug');
    const logged = await fetch(verbose.url + articlePath('demo', 'logged'), {
      headers: { 'x-request-id': 'req-2xx' },
    });
    assert.equal(logged.status, 200);
    await settled();
    const [line] = completed('req-2xx');
    assert.equal(line?.level, 20);
    assert.equal(line?.res?.statusCode, 200);
    assert.equal(line?.req?.url, articlePath('demo', 'logged'));
  });
});
