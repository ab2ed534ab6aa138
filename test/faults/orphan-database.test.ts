import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freePort, jongodbBinary } from '../../src/platform/db/embedded.js';
import { waitFor } from '../support/harness.js';
import { startMain, waitReady } from '../support/main-process.js';

/** The state letter of a process from /proc (Z = zombie), or null when it is gone. */
function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

const alive = (pid: number) => {
  const state = processState(pid);
  return state !== null && state !== 'Z';
};

/** Children of `parent` whose command name is `name`. */
function childrenNamed(parent: number, name: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && comm === name) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/**
 * Issue 12 item 16: `kill -9` of the app left the embedded jongodb running
 * (gigabytes of memory, its port held). The database child must die with its
 * parent, also when the parent gets no chance to run a shutdown hook.
 */
describe('the embedded database dies with the app', {
  skip: jongodbBinary() ? false : 'jongodb is only packaged for Linux x64',
}, () => {
  it('SIGKILL of the service ends its jongodb child', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'ordskifte-orphan-'));
    const run = startMain({
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_MONGO: 'jongodb',
      DATA_DIR: dataDir,
    });
    let database: number | undefined;
    try {
      await waitReady(port, 30_000);
      const pid = run.child.pid!;
      const children = childrenNamed(pid, 'jongodb');
      assert.equal(children.length, 1, `one jongodb child of the service: ${children.join(', ')}`);
      database = children[0]!;
      run.child.kill('SIGKILL');
      await run.exited;
      await waitFor(() => !alive(database!), 10_000, `jongodb (pid ${database}) to end after its parent`);
    } finally {
      run.child.kill('SIGKILL');
      if (database !== undefined && alive(database)) process.kill(database, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
