import { Router } from 'express';
import type { Database } from '../platform/db/database.js';
import type { Metrics } from '../platform/metrics.js';

export type RedisState = 'ready' | 'unavailable' | 'none';

/**
 * /healthz (process up), /readyz, /metrics (Prometheus). Readiness policy:
 * degrade, don't lie. The database decides 200 or 503 (without it nothing
 * works), and only when it is unreachable: a database that is merely slow
 * (the ping missed its second, but the driver still reaches the server)
 * keeps the instance ready, `degraded` with `databaseState: "slow"` —
 * taking every instance out of a load balancer because the shared database
 * is busy would turn a slow database into an outage. An instance whose
 * Redis is away still takes and serves comments (limits per instance, no
 * fan-out to other instances), so it stays ready but says `degraded` and
 * names Redis's state.
 */
export function operationsRoutes(
  db: Database,
  metrics: Metrics,
  redisState: () => RedisState = () => 'none',
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const databaseState = await db.health(1000);
    if (databaseState !== 'down') {
      const redis = redisState();
      const degraded = redis === 'unavailable' || databaseState === 'slow';
      res.json({ status: degraded ? 'degraded' : 'ready', database: db.lane, databaseState, redis });
      return;
    }
    res
      .status(503)
      .set('Retry-After', '2')
      .json({ error: { code: 'unavailable', message: 'The database is not reachable.', details: [] } });
  });
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
