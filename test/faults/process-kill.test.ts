import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import mongoose from 'mongoose';
import { TestDatabase, uniqueDbName } from '../support/harness.js';
import { type Outcome, postComment, sleep } from './load.js';

/**
 * The app process is killed with SIGKILL in the middle of load (no shutdown
 * hook runs) and started again: every comment acknowledged with 201 is
 * stored, and clients that retry with their Idempotency-Key (the widget does)
 * get the same comment back and never create a duplicate.
 */
interface App {
  child: ChildProcess;
  url: string;
}

function startApp(uri: string, dbName: string): Promise<App> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      MONGODB_URI: uri,
      MONGODB_DB_NAME: dbName,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      TRUST_PROXY: '1',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`app did not start: ${err.slice(-500)}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-2000);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        out = '';
        ok({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`app exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

describe('SIGKILL of the app under load, then a restart', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let direct: mongoose.Connection;
  const dbName = uniqueDbName();
  const apps: App[] = [];

  before(async () => {
    db = await TestDatabase.start();
    direct = await mongoose.createConnection(db.uri, { dbName, autoCreate: false }).asPromise();
  });
  after(async () => {
    for (const app of apps) {
      app.child.removeAllListeners('exit');
      if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGTERM');
    }
    await direct?.close();
    await db?.stop();
  });

  it('loses no acknowledged comment and creates no duplicate on retries', async (t) => {
    const first = await startApp(db.uri, dbName);
    apps.push(first);
    let url = first.url;
    const target = { url: () => url, siteId: 'demo', articleId: 'sigkill', forwardedFor: true };

    const logical = new Map<string, { body: string; outcomes: Outcome[] }>();
    let running = true;
    let n = 0;
    // Each client writes one comment at a time and retries it (same key, same body) until it is acknowledged.
    const client = async () => {
      while (running) {
        const key = randomUUID();
        const body = `Kommentar ${n++} før og etter krasj (${key})`;
        const entry = { body, outcomes: [] as Outcome[] };
        logical.set(key, entry);
        for (let attempt = 0; attempt < 400; attempt++) {
          const outcome = await postComment(target, key, body, 5000);
          entry.outcomes.push(outcome);
          if (outcome.status === 201) break;
          assert.ok(outcome.status === 'network' || outcome.status === 503, `answer ${outcome.status}`);
          await sleep(100);
        }
      }
    };
    const clients = Array.from({ length: 6 }, client);

    await sleep(1500);
    first.child.removeAllListeners('exit');
    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    const second = await startApp(db.uri, dbName);
    apps.push(second);
    url = second.url;
    const restartedAt = Date.now();
    await sleep(1500);
    running = false;
    await Promise.all(clients);

    const comments = direct.collection('comments');
    let acknowledged = 0;
    let retried = 0;
    let spanningTheCrash = 0;
    let storedButUnacknowledged = 0;
    for (const [key, entry] of logical) {
      const ids = new Set(entry.outcomes.filter((o) => o.status === 201).map((o) => o.id));
      assert.equal(ids.size, 1, `${key} was never acknowledged, or got two ids: ${[...ids].join(', ')}`);
      const [id] = [...ids];
      acknowledged++;
      if (entry.outcomes.length > 1) retried++;
      if (entry.outcomes[0]!.at < killedAt && entry.outcomes.at(-1)!.at > killedAt) spanningTheCrash++;
      const stored = await comments.findOne({ _id: new mongoose.Types.ObjectId(id) });
      assert.ok(stored, `acknowledged comment ${id} is not stored`);
      assert.equal(stored.body, entry.body);
      if (entry.outcomes[0]!.status === 'network' && (stored.createdAt as Date) < new Date(killedAt)) {
        storedButUnacknowledged++; // written before the crash, its 201 lost with the process: the retry found it
      }
      assert.equal(await comments.countDocuments({ body: entry.body }), 1, `duplicates of ${entry.body}`);
    }
    assert.ok(spanningTheCrash > 0, 'no comment was in flight when the process died');
    t.diagnostic(
      `${acknowledged} comments acknowledged, ${retried} needed retries, ${spanningTheCrash} spanned the crash ` +
        `(${storedButUnacknowledged} stored before it with the answer lost); ` +
        `restart took ${restartedAt - killedAt} ms`,
    );
  });
});
