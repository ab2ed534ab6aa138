import type { Deadline } from '../platform/http/request-deadline.js';
import { type Comment, type ReportReason, toModComment } from '../comments/comment.js';
import type { CommentRepository } from '../comments/comment.repository.js';
import { AppError, notFound } from '../platform/errors.js';
import type { KeyedHasher } from '../platform/privacy.js';
import type { Limiter } from '../platform/rate-limit.js';
import type { EventPublisher } from '../realtime/publisher.js';
import { optionalReader, ssoAuthorKey } from '../readers/reader-identity.js';
import type { SiteRepository } from '../sites/site.repository.js';
import { canAccessSite, type User } from '../users/user.js';
import type { Report, ReportRepository } from './report.repository.js';

export interface ReportRequest {
  ip: string;
  bearer: string | null;
}

export interface ReportServiceDeps {
  sites: SiteRepository;
  comments: CommentRepository;
  reports: ReportRepository;
  publisher: EventPublisher;
  hasher: KeyedHasher;
  reportsPerIp: Limiter;
}

const DEFAULT_THRESHOLD = 3;

/**
 * Whether the report that brought the count to `count` sends the comment to
 * the `reported` queue: the one reaching the threshold, and after a moderator
 * cleared it, each further `threshold` reports. Every count is handed out once
 * by the atomic increment, so exactly one report triggers each time.
 */
export const reachesThreshold = (count: number, threshold: number) =>
  count >= threshold && (count - threshold) % threshold === 0;

/** Reader reports: one counted per reader per comment; reaching the site's threshold queues the comment. */
export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  async report(
    siteId: string,
    articleId: string,
    commentId: string,
    input: { reason: ReportReason; note?: string },
    request: ReportRequest,
    d?: Deadline | null,
  ): Promise<{ counted: boolean }> {
    const { sites, comments, reports, hasher, reportsPerIp } = this.deps;
    const site = await sites.findById(siteId, undefined, d);
    if (!site) throw notFound('No such site.');
    await reportsPerIp.consume(`ip:${hasher.hash('ip', request.ip)}`);
    const reader = await optionalReader(site, request.bearer);
    const comment = await comments.findById(commentId, d);
    // Only what readers can see can be reported; anything else does not exist for them.
    if (
      !comment ||
      comment.siteId !== siteId ||
      comment.articleId !== articleId ||
      comment.status !== 'approved' ||
      comment.shadowHidden
    ) {
      throw notFound('No such comment.');
    }
    const reporterKey = reader
      ? ssoAuthorKey(reader.sub)
      : // One client is one reader whatever User-Agent it sends (request.ip is the client key).
        `anon:${hasher.hash('reporter', request.ip)}`;
    if (reporterKey === comment.authorKey) {
      throw new AppError('validation_failed', 'You cannot report your own comment.', {
        details: [{ path: 'params.commentId', message: 'your own comment' }],
      });
    }
    const stored = await reports.insert(
      {
        siteId,
        articleId,
        commentId,
        reporterKey,
        reason: input.reason,
        note: input.note ?? null,
      },
      d,
    );
    if (!stored) return { counted: false };
    const counted = await comments.addReport(commentId, input.reason, d);
    if (!counted) return { counted: true };
    const threshold = site.policy.reportThreshold ?? DEFAULT_THRESHOLD;
    if (reachesThreshold(counted.reportCount, threshold)) {
      const queued = await comments.markReported(commentId, d);
      if (queued) await this.#announce(queued, d);
    }
    return { counted: true };
  }

  /** The reports on a comment, for its site's moderators. */
  async list(user: User, commentId: string, d?: Deadline | null): Promise<Report[]> {
    const comment = await this.deps.comments.findById(commentId, d);
    if (!comment) throw notFound('No such comment.');
    if (!canAccessSite(user, comment.siteId, 'moderator')) {
      throw new AppError('forbidden', 'You do not moderate this site.');
    }
    return this.deps.reports.forComment(commentId, undefined, d);
  }

  async #announce(comment: Comment, d?: Deadline | null): Promise<void> {
    const histories = await this.deps.comments.authorHistories(comment.siteId, [comment.authorKey], d);
    const history = histories.get(comment.authorKey) ?? { approved: 0, rejected: 0, pending: 0 };
    await this.deps.publisher.siteEvent(comment.siteId, 'comment.updated', toModComment(comment, history));
  }
}
