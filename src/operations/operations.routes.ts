import { Router } from 'express';
import type { Database } from '../platform/db/database.js';
import type { Metrics } from '../platform/metrics.js';

/** /healthz (process up), /readyz (storage reachable), /metrics (Prometheus). */
export function operationsRoutes(db: Database, metrics: Metrics): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ok = await db.ping(1000);
    if (ok) {
      res.json({ status: 'ready', database: db.lane });
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
