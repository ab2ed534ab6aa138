/**
 * CPU profile of the service (or the floor) under the POST load of bench:http,
 * then under its GET load, each written as a .cpuprofile (open it in Chrome's
 * DevTools or speedscope) and summarised here: self time by our modules and by
 * library, the top functions, and our functions by total time.
 *
 *   npm run profile:http                       # the service, embedded lane
 *   PROFILE_ROLE=floor npm run profile:http    # the floor, for comparison
 *   PROFILE_SECONDS=8 PROFILE_DIR=profiles BENCH_CONNECTIONS=50   # the defaults
 *   npm run profile:http -- profiles/service-post.cpuprofile   # summarise a saved one
 *
 * The profiler is the inspector's, started over IPC after a warm-up, so the
 * start-up and seeding are not in the profile. It costs a little CPU itself:
 * compare profiles with each other, and take CPU per request from bench:http.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../src/platform/db/embedded.js';
import { createLogger } from '../src/platform/logger.js';
import { type CpuProfile, summarise } from './support/cpu-profile.js';
import { ask, drained, load, startServer, stopServer } from './support/http-load.js';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DIR = process.env.PROFILE_DIR ?? 'profiles';
const ROLE = process.env.PROFILE_ROLE === 'floor' ? 'floor' : 'service';

async function main() {
  const saved = process.argv.slice(2);
  if (saved.length > 0) {
    for (const file of saved) {
      process.stdout.write(`${file}\n${summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile)}\n`);
    }
    return;
  }
  mkdirSync(DIR, { recursive: true });
  const logger = createLogger('warn');
  const embedded = process.env.MONGODB_URI
    ? null
    : await startEmbeddedDatabase({ prefer: 'auto', dataDir: null, logger });
  const uri = process.env.MONGODB_URI ?? embedded!.uri;
  try {
    const server = await startServer(ROLE, uri);
    try {
      for (const kind of ['post', 'get'] as const) {
        await load(server, kind, 2, CONNECTIONS);
        const before = await drained(server);
        await ask(server, { profile: 'start' });
        const result = await load(server, kind, SECONDS, CONNECTIONS);
        const after = await drained(server);
        const file = join(DIR, `${ROLE}-${kind}.cpuprofile`);
        await ask(server, { profile: 'stop', file });
        const method = kind.toUpperCase();
        const handled = (after.requests[method] ?? 0) - (before.requests[method] ?? 0);
        const cpu = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
        process.stdout.write(
          `\n== ${ROLE} ${method}: ${handled} requests (${result['2xx']} answered 2xx in ${SECONDS} s), ` +
            `CPU ${(cpu / 1000 / Math.max(1, handled)).toFixed(2)} ms per request while profiled → ${file}\n` +
            `${summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile)}\n`,
        );
      }
    } finally {
      await stopServer(server);
    }
  } finally {
    await embedded?.stop();
  }
}

await main();
