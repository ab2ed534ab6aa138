import {
  type Config,
  ConfigError,
  DEFAULT_TOKEN_SECRET,
  defaultDevLogin,
  loadConfig,
} from './platform/config.js';
import { EmbeddedDatabaseError } from './platform/db/embedded.js';
import { createLogger } from './platform/logger.js';
import { startService } from './service.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`ordskifte: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config.logLevel);

/**
 * The socket.io Redis streams adapter drops the promises of some of its Redis
 * commands (its SUBSCRIBE at start, PUBLISH): with Redis unreachable they reject
 * unhandled, and Node ends the process for it. A Redis that is away is an outage
 * the service rides out (limits per instance, /readyz degraded), not a reason
 * to exit: those two errors are logged; anything else still ends the process.
 */
const REDIS_DROPPED = new Set(['MaxRetriesPerRequestError', 'Connection is closed.']);
process.on('unhandledRejection', (err) => {
  const e = err as { name?: string; message?: string } | undefined;
  if (config.redisUrl && (REDIS_DROPPED.has(e?.name ?? '') || REDIS_DROPPED.has(e?.message ?? ''))) {
    logger.warn({ err: e?.message }, 'redis command failed with nobody waiting for it (redis unavailable)');
    return;
  }
  throw err;
});

/** What a developer needs after `npm start`: where to go and how to log in. */
function devBanner(config: Config, url: string): string {
  const login = defaultDevLogin(config);
  const lines = [
    '',
    `Ordskifte (development) on ${url}`,
    `  demo article page:  ${url}/demo`,
    `  moderation:         ${url}/moderate`,
  ];
  if (login) lines.push(`  dev login:          ${login.email} / ${login.password}`);
  if (config.host === '127.0.0.1' || config.host === '::1' || config.host === 'localhost') {
    lines.push('  Only this machine can reach it; HOST=0.0.0.0 listens on every address.');
  } else if (login) {
    lines.push(`  WARNING: listening on ${config.host} with the public dev password; set ADMIN_PASSWORD.`);
  }
  if (config.tokenSecret === DEFAULT_TOKEN_SECRET) {
    lines.push(
      '  WARNING: TOKEN_SECRET is the public development default: anyone can sign a session token.',
      '  Set TOKEN_SECRET before anyone else can reach this service (production refuses to start).',
    );
  }
  return `${lines.join('\n')}\n\n`;
}

try {
  const service = await startService(config, logger, { persistent: true });
  logger.info({ url: service.url, lane: service.db.lane }, `Ordskifte listening on ${service.url}`);
  if (config.nodeEnv === 'development') process.stdout.write(devBanner(config, service.url));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 1500);
    force.unref();
    service.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  const message =
    err instanceof EmbeddedDatabaseError
      ? err.message
      : (err as { code?: string }).code === 'EADDRINUSE'
        ? `port ${config.port} on ${config.host} is already in use (set PORT)`
        : `could not start: ${(err as Error).message.split('\n')[0]}`;
  logger.fatal(message);
  process.stderr.write(`ordskifte: ${message}\n`);
  process.exit(1);
}
