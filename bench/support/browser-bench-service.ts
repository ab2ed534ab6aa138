/**
 * The whole service for the browser benches (bench:dashboard, bench:widget): on
 * MONGODB_URI or an embedded database, silent, on a free port, every rate limit
 * raised out of the way, with the bench's admin account.
 */
import { loadConfig } from '../../src/platform/config.js';
import { startEmbeddedDatabase } from '../../src/platform/db/embedded.js';
import { createLogger } from '../../src/platform/logger.js';
import { type RunningService, startService } from '../../src/service.js';

export interface BrowserBenchService {
  service: RunningService;
  /** Closes the service, then the embedded database if one was started. */
  stop(): Promise<void>;
}

export async function startBrowserBenchService(
  admin: { email: string; password: string },
  dbPrefix: string,
): Promise<BrowserBenchService> {
  const logger = createLogger('silent');
  const embedded = process.env.MONGODB_URI
    ? null
    : await startEmbeddedDatabase({ prefer: 'auto', dataDir: null, logger });
  const config = loadConfig(
    { NODE_ENV: 'test' },
    {
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      mongodbUri: process.env.MONGODB_URI ?? embedded!.uri,
      adminEmail: admin.email,
      adminPassword: admin.password,
      tokenSecret: 'bench-secret-0123456789abcdef',
      rateLimits: Object.fromEntries(
        Object.keys(loadConfig({ NODE_ENV: 'test' }).rateLimits).map((key) => [key, 100_000]),
      ) as ReturnType<typeof loadConfig>['rateLimits'],
    },
  );
  const service = await startService(config, logger, { dbName: `${dbPrefix}_${Date.now().toString(36)}` });
  return {
    service,
    async stop() {
      await service.close();
      await embedded?.stop();
    },
  };
}
