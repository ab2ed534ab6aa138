import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';

/**
 * What the suite needs from the machine (Chromium, Debian's word lists, Redis)
 * is set up by one command. A test that lacks one of them fails with one line
 * naming it, never skips: a skipped guarantee reads like a kept one.
 */
export const SETUP_COMMAND = 'npm run test:all';

/** A failure of one line (no stack: the cause is the machine, not a line of code). */
export function prerequisiteMissing(what: string): Error {
  const error = new Error(
    `${what}. Run \`${SETUP_COMMAND}\`, which installs and starts what the tests need.`,
  );
  error.stack = `Error: ${error.message}`;
  return error;
}

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Resolves when Redis answers a PING at `url`; otherwise throws the one-line prerequisite error. */
export async function requireRedis(url = REDIS_URL): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let answered = false;
  try {
    await probe.connect();
    answered = (await probe.ping()) === 'PONG';
  } catch {
    answered = false;
  } finally {
    probe.disconnect();
  }
  if (!answered) throw prerequisiteMissing(`No Redis answers at ${url}`);
}

/**
 * Deletes every key under a test's `redisKeyPrefix` (its socket.io stream, rate-limit
 * counters…), once the instances that wrote them are closed: the machine's Redis is
 * shared by every run, and a stream left behind stays until someone deletes it.
 */
export async function dropRedisKeys(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** Throws the one-line prerequisite error unless `command` runs (`--version`). */
export function requireCommand(command: string, what: string): void {
  if (spawnSync(command, ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw prerequisiteMissing(`${what} (${command}) is not installed`);
  }
}

/** Throws the one-line prerequisite error unless every file exists. */
export function requireFiles(files: string[], what: string): void {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) throw prerequisiteMissing(`${what} missing: ${missing.join(', ')}`);
}
