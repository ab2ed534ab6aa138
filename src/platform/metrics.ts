import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one service instance (a registry per instance, so tests can run several). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'ordskifte_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly commentsByDecision = new Counter({
    name: 'ordskifte_comments_total',
    help: 'Comments stored, by moderation decision',
    labelNames: ['decision'] as const,
    registers: [this.registry],
  });
  readonly connectedSockets = new Gauge({
    name: 'ordskifte_connected_sockets',
    help: 'Connected socket.io clients by namespace',
    labelNames: ['namespace'] as const,
    registers: [this.registry],
  });

  /** Counts read when scraped: pass a function reading the current size. */
  gaugeOf(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /**
   * `eventLoopMonitoringMs`: the event-loop delay histogram's sampling interval (its timer wakes
   * the process that often, idle or not; EVENT_LOOP_MONITORING_MS).
   */
  constructor(options: { eventLoopMonitoringMs?: number } = {}) {
    collectDefaultMetrics({
      register: this.registry,
      prefix: 'ordskifte_',
      eventLoopMonitoringPrecision: options.eventLoopMonitoringMs ?? 100,
    });
  }

  /** Records every response under its route pattern (never the raw URL, which would explode cardinality). */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.httpDuration.startTimer();
      res.on('finish', () => {
        const route =
          (res.locals.routePattern as string | undefined) ?? (req.route?.path as string) ?? 'unmatched';
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }
}
