import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose from 'mongoose';
import { type RunningService, startService } from '../../src/service.js';
import { TestDatabase, testConfig, testLogger, uniqueDbName, waitFor } from '../support/harness.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/**
 * Slowness is not an outage (issue 12, item 2). The database answers, but every
 * byte to and from it is held 700 ms by a TCP proxy (a busy database, a congested
 * network): a ping takes 1.4 s, over readiness's 1 s limit. The service must stay
 * ready (`degraded`, `databaseState: "slow"`, never 503 — a load balancer would
 * otherwise take every instance out because the shared database is busy), and say
 * 503 only when the database is unreachable (test/faults/database-outage.test.ts).
 * Not covered yet: posts under a slow line on the one-connection jongodb lane (with 300 ms
 * each way, posts waited over 60 s behind the background workers' polls on the one
 * connection); see docs/RELIABILITY.md, item 2.
 */
const singleHost = (uri: string) => /^mongodb:\/\/([^@/]*@)?[^,/]+(\/|$)/.test(uri);

describe('a slow database', {
  skip:
    process.env.MONGODB_URI && !singleHost(process.env.MONGODB_URI)
      ? 'needs a single-host MONGODB_URI'
      : false,
  timeout: 150_000,
}, () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let service: RunningService;
  let direct: mongoose.Connection;
  const dbName = uniqueDbName();

  before(async () => {
    db = await TestDatabase.start();
    const target = new URL(db.uri.replace(/^mongodb:/, 'http:'));
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 27017));
    const proxied = TcpProxy.rewriteUri(db.uri, proxy.port);
    const uri = proxied.includes('directConnection')
      ? proxied
      : `${proxied}${proxied.includes('?') ? '&' : '?'}directConnection=true`;
    service = await startService(testConfig(uri), testLogger, { dbName });
    direct = await mongoose.createConnection(db.uri, { dbName, autoCreate: false }).asPromise();
  });
  after(async () => {
    await service?.close();
    await proxy?.close();
    await direct?.close();
    await db?.stop();
  });

  it('stays ready while the database is slow: 200 degraded with databaseState slow, never 503', async () => {
    proxy.slow(700);
    const readiness: { status: number; body: { status?: string; databaseState?: string } }[] = [];
    // Ten checks in a row, each a ping that takes 1.4 s on the line (over the 1 s limit).
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${service.url}/readyz`);
      readiness.push({ status: res.status, body: (await res.json()) as (typeof readiness)[number]['body'] });
    }
    proxy.slow(0);
    assert.deepEqual(
      readiness.filter((r) => r.status !== 200).map((r) => `${r.status} ${JSON.stringify(r.body)}`),
      [],
      '/readyz said the slow database was down',
    );
    assert.ok(
      readiness.some((r) => r.body.status === 'degraded' && r.body.databaseState === 'slow'),
      `/readyz noticed the slow database (${readiness.map((r) => r.body.databaseState).join(', ')})`,
    );
    await waitFor(
      async () =>
        ((await (await fetch(`${service.url}/readyz`)).json()) as { status: string }).status === 'ready',
      30_000,
      '/readyz ready again once the line is quick',
    );
  });
});
