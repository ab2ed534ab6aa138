import type { Connection } from 'mongoose';
import type { Logger } from '../platform/logger.js';
import { Schedule } from '../platform/schedule.js';
import type { ReportRepository } from '../reports/report.repository.js';
import type { SiteRepository } from '../sites/site.repository.js';

const DAY_MS = 24 * 3600 * 1000;
export const DEFAULT_RETENTION_DAYS = 90;

export interface RetentionResult {
  siteId: string;
  cutoff: Date;
  comments: number;
  audit: number;
  reports: number;
  notices: number;
}

export interface RetentionDeps {
  connection: Connection;
  sites: SiteRepository;
  reports: ReportRepository;
  logger: Logger;
}

/**
 * Privacy by design: after a site's `retentionDays`, comments keep their text
 * and name but lose the hashed IP address and the e-mail; copies of the e-mail
 * in audit snapshots go too, and reader reports (keyed by hashed IP) are
 * deleted (their counts stay on the comment). Runs in-process every hour; safe
 * to run on several instances at once (each update is idempotent).
 */
export class RetentionJob {
  readonly #schedule: Schedule;

  constructor(
    private readonly deps: RetentionDeps,
    intervalMs = 3600 * 1000,
  ) {
    this.#schedule = new Schedule(
      async () => {
        const results = await this.runOnce();
        const changed = results.filter((r) => r.comments + r.audit + r.reports > 0);
        if (changed.length > 0) this.deps.logger.info({ retention: changed }, 'retention sweep');
      },
      intervalMs,
      (err) => this.deps.logger.warn({ err }, 'retention sweep failed; retrying next time'),
    );
  }

  async runOnce(now = new Date()): Promise<RetentionResult[]> {
    const { connection, sites, reports } = this.deps;
    const comments = connection.collection('comments');
    const audit = connection.collection('audit');
    const results: RetentionResult[] = [];
    for (const site of await sites.list()) {
      const days = site.policy.retentionDays ?? DEFAULT_RETENTION_DAYS;
      const cutoff = new Date(now.getTime() - days * DAY_MS);
      const swept = await comments.updateMany(
        {
          siteId: site.id,
          createdAt: { $lt: cutoff },
          $or: [{ ipHash: { $ne: null } }, { authorEmail: { $ne: null } }],
        },
        { $set: { ipHash: null, authorEmail: null } },
      );
      const scrubbed = await audit.updateMany(
        // Only comment snapshots carry `after.authorEmail`; (siteId, at) is the audit log's own index.
        { siteId: site.id, at: { $lt: cutoff }, 'after.authorEmail': { $ne: null } },
        { $set: { 'after.authorEmail': null, 'after.author.email': null } },
      );
      const removed = await reports.deleteOlderThan(site.id, cutoff);
      // A notifier's name and address serve the receipt and the decision, not the record of it.
      const notices = await connection
        .collection('notices')
        .updateMany(
          { siteId: site.id, receivedAt: { $lt: cutoff }, status: 'decided', notifierEmail: { $ne: null } },
          { $set: { notifierEmail: null, notifierName: null } },
        );
      results.push({
        siteId: site.id,
        cutoff,
        comments: swept.modifiedCount,
        audit: scrubbed.modifiedCount,
        reports: removed,
        notices: notices.modifiedCount,
      });
    }
    return results;
  }

  start(): void {
    this.#schedule.start();
  }

  async stop(): Promise<void> {
    await this.#schedule.stop();
  }
}
