import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../src/platform/db/embedded.js';
import { TestDatabase, waitFor } from '../support/harness.js';
import { startMain, waitReady } from '../support/main-process.js';

/** The local IPv4 addresses listening on `port`, from /proc/net/tcp (hex, little-endian). */
function ipv4Listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A')
    .map((cols) => {
      const hex = cols[1]!.split(':')[0]!;
      return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');
    });
}

/**
 * Issue 12 item 18: `npm start` listened on every address with the public dev
 * admin password. In development it now listens on 127.0.0.1 unless HOST says
 * otherwise, and says where to go and how to log in.
 */
describe('npm start in development', () => {
  let db: TestDatabase;
  before(async () => {
    db = await TestDatabase.start();
  });
  after(async () => {
    await db?.stop();
  });

  it('listens on 127.0.0.1 by default and prints the URLs and the dev login', async () => {
    const port = await freePort();
    const run = startMain({ PORT: String(port), MONGODB_URI: db.uri, MONGODB_DB_NAME: 'dev_start' });
    try {
      await waitReady(port);
      assert.deepEqual(ipv4Listeners(port), ['127.0.0.1']);
      await waitFor(() => run.output().includes('/moderate'), 5000, 'the start banner');
      const out = run.output();
      assert.match(out, new RegExp(`http://127\\.0\\.0\\.1:${port}/demo`));
      assert.match(out, new RegExp(`http://127\\.0\\.0\\.1:${port}/moderate`));
      assert.match(out, /admin@ordskifte\.local/);
      assert.match(out, /ordskifte-dev-admin/);
      assert.match(out, /WARNING: TOKEN_SECRET is the public development default/);
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });

  it('listens where HOST says, and never prints a password it was given', async () => {
    const port = await freePort();
    const run = startMain({
      PORT: String(port),
      HOST: '0.0.0.0',
      MONGODB_URI: db.uri,
      MONGODB_DB_NAME: 'dev_start_host',
      ADMIN_PASSWORD: 'my-own-secret-password',
    });
    try {
      await waitReady(port);
      assert.deepEqual(ipv4Listeners(port), ['0.0.0.0']);
      await waitFor(() => run.output().includes('/moderate'), 5000, 'the start banner');
      assert.doesNotMatch(run.output(), /my-own-secret-password/);
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });
});
