import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from '../logger.js';

export type EmbeddedLane = 'mongod' | 'jongodb';

export interface EmbeddedServer {
  lane: EmbeddedLane;
  uri: string;
  stop(): Promise<void>;
}

/** A failure to start the embedded database, meant to be shown as one line. */
export class EmbeddedDatabaseError extends Error {}

const require = createRequire(import.meta.url);

/** The jongodb binary of the optional npm package, if installed for this platform. */
export function jongodbBinary(): string | null {
  try {
    const pkg = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
    const bin = join(dirname(pkg), 'bin', 'jongodb');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** A mongod binary already on this machine (no download), if any. */
export async function cachedMongodBinary(): Promise<string | null> {
  if (process.env.MONGOMS_SYSTEM_BINARY) return process.env.MONGOMS_SYSTEM_BINARY;
  const { DryMongoBinary } = await import('mongodb-memory-server-core');
  return (await DryMongoBinary.locateBinary(DryMongoBinary.getEnsuredOptions())) ?? null;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for child servers that need a port up front). */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      ok();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      ok();
    });
  });
}

/**
 * Ends `child` when this process dies, however it dies. A SIGKILL runs no
 * exit hook, and Node has no prctl(PR_SET_PDEATHSIG); but the kernel closes
 * every descriptor of a dead process. So a tiny shell holds the read end of a
 * pipe whose write end only this process has: when `read` sees end-of-file,
 * the parent is gone and the shell stops the child (TERM, then KILL after 3 s).
 * Returns a function that dismisses the watchdog (on a normal stop, or when the
 * child ended by itself, so it never signals a reused pid).
 */
function endWithParent(child: ChildProcess): () => void {
  if (child.pid === undefined) return () => {};
  const pid = child.pid;
  const script = `read -r _; kill -TERM ${pid} 2>/dev/null; i=0; while kill -0 ${pid} 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done; kill -KILL ${pid} 2>/dev/null`;
  const watchdog = spawn('/bin/sh', ['-c', script], { stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.on('error', () => {});
  // Neither the watchdog nor its pipe may keep this process's event loop alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const dismiss = () => {
    if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill('SIGKILL');
  };
  child.once('exit', dismiss);
  return dismiss;
}

async function startJongodb(binary: string, port: number | undefined): Promise<EmbeddedServer> {
  const listenPort = port ?? (await freePort());
  const child = spawn(binary, ['--host=127.0.0.1', `--port=${listenPort}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const dismissWatchdog = endWithParent(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const uri = await new Promise<string>((ok, fail) => {
    let stdout = '';
    const timer = setTimeout(
      () => fail(new EmbeddedDatabaseError('jongodb did not report ready within 15 s')),
      15_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /JONGODB_URI=(\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        ok(match[1]);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      fail(new EmbeddedDatabaseError(`jongodb could not start: ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const why = /Address already in use|BindException/i.test(stderr)
        ? `port ${listenPort} is already taken`
        : `it exited with code ${code}`;
      fail(new EmbeddedDatabaseError(`jongodb could not start on 127.0.0.1:${listenPort}: ${why}`));
    });
  });
  child.stdout?.resume();
  return {
    lane: 'jongodb',
    uri,
    async stop() {
      dismissWatchdog();
      child.kill('SIGTERM');
      await waitForExit(child, 3000);
    },
  };
}

async function startMongod(options: { dataDir: string | null; port?: number }): Promise<EmbeddedServer> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  let dbPath: string | undefined;
  if (options.dataDir) {
    dbPath = resolve(options.dataDir, 'mongod');
    mkdirSync(dbPath, { recursive: true });
  }
  try {
    const server = await MongoMemoryServer.create({
      instance: { ip: '127.0.0.1', port: options.port, dbPath, storageEngine: 'wiredTiger' },
    });
    return {
      lane: 'mongod',
      uri: server.getUri(),
      async stop() {
        await server.stop({ doCleanup: !dbPath, force: false });
      },
    };
  } catch (err) {
    throw new EmbeddedDatabaseError(`mongod could not start: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * Starts the embedded database the DESIGN.md lanes call for: a real mongod when
 * a binary is at hand (or forced), else jongodb (Linux x64), else a mongod
 * downloaded by mongodb-memory-server-core.
 */
export async function startEmbeddedDatabase(options: {
  prefer: 'auto' | EmbeddedLane;
  dataDir: string | null;
  port?: number;
  logger: Logger;
}): Promise<EmbeddedServer> {
  const { prefer, logger } = options;
  const jongodb = jongodbBinary();
  if (prefer === 'jongodb') {
    if (!jongodb) {
      throw new EmbeddedDatabaseError(
        'EMBEDDED_MONGO=jongodb, but @jongodb/memory-server-bin-linux-x64-gnu is not installed (Linux x64 only)',
      );
    }
    return startJongodb(jongodb, options.port);
  }
  if (prefer === 'auto') {
    const mongod = await cachedMongodBinary().catch(() => null);
    if (mongod) {
      logger.info({ binary: mongod }, 'embedded database: using the mongod binary at hand');
      return startMongod(options);
    }
    if (jongodb) return startJongodb(jongodb, options.port);
    logger.warn('embedded database: no mongod binary and no jongodb for this platform; downloading mongod');
  }
  return startMongod(options);
}
