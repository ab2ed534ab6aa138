import { isValidObjectId } from 'mongoose';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadBaseModel } from './moderation/model/base-model.js';
import { RiskModels } from './moderation/model/risk-models.js';
import { RiskStore } from './moderation/model/risk-store.js';
import express, { type RequestHandler, Router } from 'express';
import helmet from 'helmet';
import { Redis } from 'ioredis';
import type { Server as SocketServer } from 'socket.io';
import { AppealRepository } from './appeals/appeal.repository.js';
import { AppealService } from './appeals/appeal-service.js';
import { appealModerationRoutes, appealRoutes } from './appeals/appeal.routes.js';
import { appealOutcomeSink } from './appeals/training-signal.js';
import { ArticleRepository } from './articles/article.repository.js';
import { AuditRepository } from './audit/audit.repository.js';
import { AuthorRepository } from './authors/author.repository.js';
import { AuthorService } from './authors/author-service.js';
import { authorRoutes } from './authors/author.routes.js';
import { SITE_MOUNT, commentRoutes } from './comments/comment.routes.js';
import { CommentRepository } from './comments/comment.repository.js';
import { CommentService } from './comments/comment-service.js';
import { CreatedEventSweep } from './comments/created-event-sweep.js';
import { OwnCommentService } from './comments/own-comment-service.js';
import { ReactionPush } from './comments/reactions/reaction-push.js';
import { ReactionRepository } from './comments/reactions/reaction.repository.js';
import { reactionRoutes } from './comments/reactions/reaction.routes.js';
import { ReactionService } from './comments/reactions/reaction-service.js';
import { RevisionRepository } from './comments/revision.repository.js';
import { revisionRoutes } from './comments/revision.routes.js';
import { NotificationService } from './comments/notifications/notification-service.js';
import { notificationRoutes } from './comments/notifications/notification.routes.js';
import { ReaderStateRepository } from './comments/notifications/reader-state.repository.js';
import { DigestRepository } from './comments/notifications/digest.repository.js';
import { DigestService, DigestWorker } from './comments/notifications/digest-service.js';
import { digestLinkRoutes, digestRoutes } from './comments/notifications/digest.routes.js';
import { RankingRepository } from './comments/thread-ranking.js';
import { ThreadService } from './comments/thread-service.js';
import { AnonymousReaderKeys } from './readers/anonymous-reader-key.js';
import { SiteEventLog } from './events/site-event-log.js';
import { MODERATION_MOUNT, moderationRoutes } from './moderation-queue/moderation.routes.js';
import { ModerationService } from './moderation-queue/moderation-service.js';
import { NoticeRepository } from './notices/notice.repository.js';
import { NoticeService } from './notices/notice-service.js';
import { noticeModerationRoutes, noticeRoutes } from './notices/notice.routes.js';
import { operationsRoutes } from './operations/operations.routes.js';
import type { Config } from './platform/config.js';
import { type Database, openDatabase } from './platform/db/database.js';
import { CursorCodec } from './platform/http/cursor.js';
import { answerClientErrors } from './platform/http/client-errors.js';
import { errorHandler, notFoundHandler, requireJsonBody } from './platform/http/error-handler.js';
import { requestDeadline } from './platform/http/request-deadline.js';
import { requestLog } from './platform/http/request-log.js';
import { Schedule } from './platform/schedule.js';
import { RouteRegistry } from './platform/http/route-registry.js';
import { IdempotencyStore } from './platform/idempotency.js';
import type { Logger } from './platform/logger.js';
import { Metrics } from './platform/metrics.js';
import { Mailer } from './platform/mail.js';
import { KeyedHasher } from './platform/privacy.js';
import { Limiter } from './platform/rate-limit.js';
import { PrivacyService } from './privacy/privacy-service.js';
import { privacyRoutes } from './privacy/privacy.routes.js';
import { RetentionJob } from './privacy/retention.js';
import { ReportRepository } from './reports/report.repository.js';
import { ReportService } from './reports/report-service.js';
import { reportModerationRoutes, reportRoutes } from './reports/report.routes.js';
import { ClaimRegistry } from './realtime/claims.js';
import { EventPublisher } from './realtime/publisher.js';
import { MailOutbox, MailOutboxWorker } from './statements/mail-outbox.js';
import { clientKeys } from './platform/client-address.js';
import { ConnectionCap } from './realtime/connection-cap.js';
import { createSocketServer, sessionRoom, userRoom } from './realtime/socket-server.js';
import { ArticleMetadataService } from './articles/article-metadata.js';
import { articleAdminRoutes } from './articles/article.routes.js';
import { ensureDemoSite } from './sites/bootstrap.js';
import { rejectReasonRoutes } from './sites/reject-reasons.routes.js';
import { siteCors } from './sites/site-cors.js';
import { ADMIN_SITES_MOUNT, siteAdminRoutes } from './sites/site.routes.js';
import { SiteRepository } from './sites/site.repository.js';
import { StatsRepository } from './stats/stats.repository.js';
import { StatsService } from './stats/stats-service.js';
import { statsRoutes, transparencyRoutes } from './stats/stats.routes.js';
import { AccountabilityHooks } from './statements/accountability-hooks.js';
import { StatementRepository } from './statements/statement.repository.js';
import { StatementService } from './statements/statement-service.js';
import { AuthService } from './users/auth-service.js';
import { AUTH_MOUNT, authRoutes } from './users/auth.routes.js';
import { ADMIN_USERS_MOUNT, userAdminRoutes } from './users/user.routes.js';
import { UserRepository } from './users/user.repository.js';
import { SubmissionService } from './submissions/submission-service.js';
import {
  SUBMISSION_EDITOR_MOUNT,
  submissionEditorRoutes,
  submissionPublicRoutes,
  WEBHOOK_ADMIN_MOUNT,
  webhookAdminRoutes,
} from './submissions/submission.routes.js';
import { SubmissionRepository } from './submissions/submission.repository.js';
import { WebhookDeliveryRepository, WebhookWorker } from './submissions/webhook-delivery.js';
import { webRoutes } from './web/web.routes.js';

export interface RunningService {
  url: string;
  port: number;
  config: Config;
  db: Database;
  httpServer: HttpServer;
  io: SocketServer;
  /** Stops accepting, lets in-flight requests finish, closes sockets, Redis and the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Use this database instead of opening one (tests share one embedded server per file). */
  db?: Database;
  /** Keep embedded mongod data under DATA_DIR (npm start); tests use throw-away storage. */
  persistent?: boolean;
  dbName?: string;
}

function createRepositories(db: Database, config: Config) {
  const { connection } = db;
  return {
    sites: new SiteRepository(connection),
    users: new UserRepository(connection),
    articles: new ArticleRepository(connection),
    comments: new CommentRepository(connection),
    authors: new AuthorRepository(connection),
    audit: new AuditRepository(connection),
    submissions: new SubmissionRepository(connection),
    webhookDeliveries: new WebhookDeliveryRepository(connection),
    idempotency: new IdempotencyStore(connection),
    eventLog: new SiteEventLog(connection, config.eventLogRetentionDays),
    claims: new ClaimRegistry(connection, config.claimTtlSeconds * 1000),
    reports: new ReportRepository(connection),
    statements: new StatementRepository(connection),
    mailOutbox: new MailOutbox(connection, config.statementMailDelayMs),
    notices: new NoticeRepository(connection),
    appeals: new AppealRepository(connection),
    riskStore: new RiskStore(connection),
    reactions: new ReactionRepository(connection),
    revisions: new RevisionRepository(connection),
    rankings: new RankingRepository(connection),
    readerStates: new ReaderStateRepository(connection),
    digests: new DigestRepository(connection),
  };
}

/** How often the service looks for decisions whose audit record is still due (ModerationService.writeDueAudits). */
const AUDIT_SWEEP_MS = 5000;
/** The sweep for comments whose `comment.created` a crash lost after the answer (CreatedEventSweep). */
const CREATED_EVENT_SWEEP_MS = 60_000;
const CREATED_EVENT_LOOKBACK_MS = 15 * 60_000;

/** Creates every collection's declared indexes (which also creates the collections, see DESIGN.md). */
async function ensureIndexes(db: Database): Promise<void> {
  for (const model of Object.values(db.connection.models)) await model.createIndexes();
}

function connectRedis(url: string, logger: Logger, name: string): Redis {
  const client = new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    connectionName: `ordskifte-${name}`,
  });
  let reported = false;
  client.on('error', (err) => {
    if (!reported) logger.warn({ err: err.message, client: name }, 'redis unavailable; retrying');
    reported = true;
  });
  client.on('ready', () => {
    if (reported) logger.info({ client: name }, 'redis reachable again');
    reported = false;
  });
  return withSubscribesHeard(client, logger);
}

/**
 * ioredis subscribes a subscriber connection's channels again by itself when it
 * reconnects (autoResubscribe), and nobody holds the promise of that SUBSCRIBE.
 * When the connection closes before Redis answers it (a Redis that has just come
 * back while the instance shuts down), the command fails with "Connection is
 * closed." as an unhandled rejection. Every SUBSCRIBE of this client and of the
 * subscriber connections duplicated from it (the socket.io adapter's, the live
 * relay's) gets a listener here, which reports a refusal (an ACL without the
 * channels: live events of other instances stop arriving); a caller that waits for
 * one still gets its result (test/faults/redis-resubscribe.test.ts).
 */
function withSubscribesHeard(client: Redis, logger: Logger): Redis {
  for (const name of ['subscribe', 'psubscribe', 'ssubscribe'] as const) {
    const send = client[name].bind(client) as (...args: unknown[]) => Promise<unknown>;
    Object.assign(client, {
      [name]: (...args: unknown[]) => {
        const reply = send(...args);
        reply.catch((err: Error) => {
          // Closed by the service itself (a shutdown): nothing is lost.
          if (client.status !== 'end')
            logger.warn(
              { err: err.message, command: name },
              'redis subscribe failed; live events of other instances may not arrive',
            );
        });
        return reply;
      },
    });
  }
  const duplicate = client.duplicate.bind(client);
  Object.assign(client, {
    duplicate: (...args: Parameters<Redis['duplicate']>) => withSubscribesHeard(duplicate(...args), logger),
  });
  return client;
}

/** Where every reader endpoint lives (SITE_MOUNT's fixed part). */
const SITES_PREFIX = '/api/v1/sites/';

/**
 * A router none of whose paths is under /api/v1/sites/ (health and metrics, the widget and
 * dashboard files, the digest links): a reader request passes it by without Express trying
 * each of its routes (a public GET's layer walk: docs/PERFORMANCE.md, "GET path, fifth round").
 */
function notUnderSites(router: RequestHandler): RequestHandler {
  return (req, res, next) => (req.url.startsWith(SITES_PREFIX) ? next() : router(req, res, next));
}

/** Builds and starts the whole service: the one code path for `npm start` and the tests. */
export async function startService(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningService> {
  const db =
    options.db ??
    (await openDatabase(config, logger, { persistent: options.persistent, dbName: options.dbName }));
  const ownsDb = !options.db;
  const repos = createRepositories(db, config);
  await ensureIndexes(db);

  const redisLimits = config.redisUrl ? connectRedis(config.redisUrl, logger, 'limits') : null;
  const redisAdapter = config.redisUrl ? connectRedis(config.redisUrl, logger, 'adapter') : null;
  const limit = (name: string, points: number, durationSeconds: number, blockSeconds?: number) =>
    new Limiter({ name, points, durationSeconds, blockSeconds }, redisLimits, config.redisKeyPrefix);
  const rl = config.rateLimits;
  const limiters = {
    commentsPerIp: limit('comments-ip', rl.commentsPerMinutePerIp, 60),
    commentsPerAuthor: limit('comments-author', rl.commentsPerMinutePerAuthor, 60),
    submissionsPerIp: limit('submissions-ip', rl.submissionsPerHourPerIp, 3600),
    submissionsPerEmail: limit('submissions-email', rl.submissionsPerDayPerEmail, 24 * 3600),
    loginFailures: limit('login', rl.loginAttemptsPer15MinPerIp, 15 * 60, 15 * 60),
    loginStreaks: limit('login-streak', 1_000_000, 24 * 3600),
    loginBlocks: limit('login-block', 1, 1),
    reportsPerIp: limit('reports-ip', rl.reportsPerMinutePerIp, 60),
    noticesPerIp: limit('notices-ip', rl.reportsPerMinutePerIp, 60),
    reactionsPerIp: limit('reactions-ip', rl.reactionsPerMinutePerIp, 60),
    readerKeysPerIp: limit('reader-keys-ip', rl.readerKeysPerHourPerIp, 3600),
    previewsPerIp: limit('previews-ip', rl.previewsPerMinutePerIp, 60),
    readerViewsPerIp: limit('reader-views-ip', rl.readerViewsPerMinutePerIp, 60),
  };

  const metrics = new Metrics({ eventLoopMonitoringMs: config.eventLoopMonitoringMs });
  metrics.gaugeOf(
    'ordskifte_site_cache_entries',
    'Sites (and unknown site ids) held by the site read cache',
    () => repos.sites.cachedEntries,
  );
  const mailer = new Mailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
  const hasher = new KeyedHasher(config.tokenSecret);
  const cursors = new CursorCodec(config.tokenSecret);
  const publisher = new EventPublisher(repos.eventLog, logger, {
    liveIntervalMs: config.liveBatchIntervalMs,
  });
  const auth = new AuthService(repos.users, config, limiters.loginFailures, {
    streaks: limiters.loginStreaks,
    blocks: limiters.loginBlocks,
  });
  // A change of the model's features learns the stored decisions again from the comments decided on:
  // each one's body and the rules' reasons stored with it when it was posted.
  // Every site's model learns on top of the shipped base model (config/model/base-model.json).
  const risk = new RiskModels(repos.riskStore, {
    logger,
    base: config.riskBaseModel ? loadBaseModel() : null,
    bodies: async (siteId, ids) =>
      new Map(
        (
          await repos.comments.findManyOnSite(
            siteId,
            ids.filter((id) => isValidObjectId(id)),
          )
        ).map((c) => [c.id, { body: c.body, reasons: c.moderation.reasons }]),
      ),
  });
  // Accountability (DSA Art. 16, 17, 20): statements of reasons, notices and appeals hook into the
  // comment, moderation and author flows; the appeal service is built last (it acts through the others).
  // Mail about a moderator's rejection waits in the outbox until its undo window has passed (sent if it stands).
  const statementService = new StatementService({ ...repos, mailer, logger });
  let appealService: AppealService | null = null;
  let noticeService: NoticeService | null = null;
  const hooks = new AccountabilityHooks({
    statements: statementService,
    notices: () => noticeService!,
    appeals: () => appealService!,
    sites: repos.sites,
    logger,
  });
  const articleMetadata = new ArticleMetadataService({
    ...repos,
    publicChanged: (siteId, articleId) => publisher.publicChanged(siteId, articleId),
  });
  const commentService = new CommentService({
    ...repos,
    metadata: articleMetadata,
    accountability: hooks,
    risk,
    publisher,
    hasher,
    limits: { commentsPerIp: limiters.commentsPerIp, commentsPerAuthor: limiters.commentsPerAuthor },
    onDecision: (decision) => metrics.commentsByDecision.inc({ decision }),
    createdEventLingerMs: config.createdEventLingerMs,
  });
  // An article's record is cached until it changes: writes here are told to the other instances.
  repos.articles.onWrite((article) => publisher.articleChanged(article.siteId, article.articleId));
  publisher.onArticleChangedElsewhere((siteId, articleId) => repos.articles.forget(siteId, articleId));
  const createdEventSweep = new CreatedEventSweep(
    { comments: repos.comments, eventLog: repos.eventLog, publisher },
    {
      lookbackMs: CREATED_EVENT_LOOKBACK_MS,
      // A comment is stored within its request's deadline of its id being made.
      graceMs: Math.max(60_000, config.requestDeadlineMs + 30_000) + config.createdEventLingerMs,
    },
  );
  const createdEvents = new Schedule(
    async () => {
      const logged = await createdEventSweep.run();
      if (logged > 0) logger.warn({ logged }, 'logged the comment.created events a stopped process had not');
    },
    CREATED_EVENT_SWEEP_MS,
    (err) => logger.warn({ err }, 'comment.created sweep failed; retrying next time'),
  );
  const threadService = new ThreadService({
    ...repos,
    publisher,
    cursors,
    metadata: articleMetadata,
    cacheMs: config.threadCacheMs,
  });
  const ownCommentService = new OwnCommentService({
    ...repos,
    publisher,
    hasher,
    limits: { commentsPerIp: limiters.commentsPerIp, previewsPerIp: limiters.previewsPerIp },
  });
  const notificationService = new NotificationService({
    ...repos,
    hasher,
    cursors,
    limits: { readerViewsPerIp: limiters.readerViewsPerIp },
  });
  const digestService = new DigestService({
    ...repos,
    hasher,
    mailer,
    logger,
    publicUrl: config.publicUrl,
    limits: { readerViewsPerIp: limiters.readerViewsPerIp },
  });
  const digestWorker = new DigestWorker(digestService, logger, config.digestIntervalMs);
  const outboxWorker = new MailOutboxWorker(
    repos.mailOutbox,
    {
      statement: (ref) => statementService.sendHeld(ref),
      notice_decision: (ref) => noticeService!.sendHeld(ref),
    },
    logger,
    { idleMaxMs: config.outboxIdleMaxMs },
  );
  const reactionPush = new ReactionPush(
    (counts) => publisher.reactionsChanged(counts.siteId, counts.articleId, counts.id, counts.reactions),
    async (commentId) => ({ respect: await repos.reactions.count(commentId, 'respect') }),
    logger,
  );
  const reactionService = new ReactionService({
    ...repos,
    readerKeys: new AnonymousReaderKeys(hasher),
    hasher,
    push: reactionPush,
    limits: {
      reactionsPerIp: limiters.reactionsPerIp,
      readerKeysPerIp: limiters.readerKeysPerIp,
      readerViewsPerIp: limiters.readerViewsPerIp,
    },
  });
  const moderationService = new ModerationService({
    ...repos,
    publisher,
    cursors,
    risk,
    onCommentActed: (before, after, action) => hooks.commentActed(before, after, action),
  });
  // Audit records a decision's own request did not write (it failed, or its process died, after the write).
  const auditSweep = new Schedule(
    async () => {
      const written = await moderationService.writeDueAudits();
      if (written > 0) logger.info({ written }, 'audit sweep: wrote the audit records of earlier decisions');
    },
    AUDIT_SWEEP_MS,
    (err) => logger.warn({ err }, 'audit sweep failed; retrying next time'),
  );
  const reportService = new ReportService({
    ...repos,
    publisher,
    hasher,
    reportsPerIp: limiters.reportsPerIp,
  });
  const authorService = new AuthorService({
    ...repos,
    publisher,
    moderation: moderationService,
    onStandingChanged: (change) => hooks.standingChanged(change),
  });
  noticeService = new NoticeService({
    ...repos,
    hasher,
    cursors,
    mailer,
    moderation: moderationService,
    noticesPerIp: limiters.noticesPerIp,
    publisher,
  });
  appealService = new AppealService({
    ...repos,
    statementService,
    moderation: moderationService,
    authors: authorService,
    hasher,
    cursors,
    mailer,
    logger,
    onAppealDecided: appealOutcomeSink(risk, logger),
    publisher,
  });
  const statsService = new StatsService({
    stats: new StatsRepository({
      comments: repos.comments.model,
      audit: repos.audit.model,
      notices: repos.notices.model,
      appeals: repos.appeals.model,
      reports: repos.reports.model,
      statements: repos.statements.model,
    }),
    sites: repos.sites,
    users: repos.users,
    moderation: moderationService,
  });
  const privacyService = new PrivacyService({ ...repos, connection: db.connection, publisher, hasher });
  const retention = new RetentionJob({ ...repos, connection: db.connection, logger });
  const webhookWorker = new WebhookWorker(repos.webhookDeliveries, repos.sites, logger, {
    idleMaxMs: config.outboxIdleMaxMs,
  });
  const submissionService = new SubmissionService({
    ...repos,
    webhooks: repos.webhookDeliveries,
    publisher,
    hasher,
    cursors,
    limits: {
      submissionsPerIp: limiters.submissionsPerIp,
      submissionsPerEmail: limiters.submissionsPerEmail,
    },
    onWebhookQueued: () => webhookWorker.poke(),
  });

  await auth.ensureAdmin();
  await ensureDemoSite(repos.sites, logger);

  const registry = new RouteRegistry();
  const app = express();
  app.set('trust proxy', config.trustProxy);
  // req.ip is the client key from here on: one per address however spelt, IPv6 by prefix.
  clientKeys(app, config.ipv6PrefixBits);
  app.disable('x-powered-by');
  // No hash of every answer: the public lists set strong ETags of their own (platform/http/cacheable.ts).
  app.set('etag', false);
  // Privacy by design: request logs carry no client address, query string, cookies or tokens.
  app.use(requestLog(logger));
  app.use(metrics.middleware());
  app.use(helmet());
  app.use(
    notUnderSites(
      operationsRoutes(db, metrics, () => {
        if (!redisLimits || !redisAdapter) return 'none';
        return redisLimits.status === 'ready' && redisAdapter.status === 'ready' ? 'ready' : 'unavailable';
      }),
    ),
  );
  app.use(notUnderSites(webRoutes()));
  app.use(notUnderSites(digestLinkRoutes(digestService)));
  app.use(requireJsonBody);
  app.use(express.json({ limit: config.jsonBodyLimit, type: 'application/json' }));
  // After the body is read: the deadline bounds the work, not a slow client's upload (and the
  // parser's stream callbacks would not carry the request's async context).
  app.use(requestDeadline(config.requestDeadlineMs));

  const siteRouter = Router({ mergeParams: true });
  siteRouter.use(siteCors(repos.sites));
  commentRoutes(
    registry,
    { comments: commentService, threads: threadService, own: ownCommentService },
    siteRouter,
  );
  reactionRoutes(registry, { reactions: reactionService, own: ownCommentService }, siteRouter);
  notificationRoutes(registry, notificationService, siteRouter);
  digestRoutes(registry, digestService, siteRouter);
  reportRoutes(registry, reportService, siteRouter);
  submissionPublicRoutes(registry, submissionService, siteRouter);
  noticeRoutes(registry, noticeService, siteRouter);
  appealRoutes(registry, appealService, siteRouter);
  app.use(SITE_MOUNT, siteRouter);
  app.use(AUTH_MOUNT, authRoutes(registry, auth, config));
  app.use(SUBMISSION_EDITOR_MOUNT, submissionEditorRoutes(registry, submissionService, auth));
  app.use(
    MODERATION_MOUNT,
    moderationRoutes(registry, moderationService, auth, { notices: noticeService, appeals: appealService }),
  );
  app.use(MODERATION_MOUNT, noticeModerationRoutes(registry, noticeService, auth));
  app.use(MODERATION_MOUNT, appealModerationRoutes(registry, appealService, auth));
  app.use(MODERATION_MOUNT, statsRoutes(registry, statsService, auth));
  app.use(ADMIN_SITES_MOUNT, transparencyRoutes(registry, statsService, auth));
  app.use(MODERATION_MOUNT, reportModerationRoutes(registry, reportService, auth));
  app.use(MODERATION_MOUNT, authorRoutes(registry, authorService, auth));
  app.use(MODERATION_MOUNT, revisionRoutes(registry, repos, auth));
  app.use(MODERATION_MOUNT, rejectReasonRoutes(registry, repos.sites, moderationService, auth));
  app.use(
    WEBHOOK_ADMIN_MOUNT,
    webhookAdminRoutes(registry, repos.webhookDeliveries, cursors, auth, () => webhookWorker.poke()),
  );
  app.use(ADMIN_SITES_MOUNT, articleAdminRoutes(registry, articleMetadata, auth));
  app.use(ADMIN_SITES_MOUNT, siteAdminRoutes(registry, repos.sites, repos.audit, auth, risk));
  app.use(ADMIN_SITES_MOUNT, privacyRoutes(registry, privacyService, auth));
  app.use(ADMIN_USERS_MOUNT, userAdminRoutes(registry, repos.users, repos.audit, auth, cursors));

  const openApi = registry.openApi({ title: 'Ordskifte API', version: '1.0.0' });
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use(notFoundHandler);
  app.use(errorHandler);

  const httpServer = createServer(app);
  answerClientErrors(httpServer);
  httpServer.requestTimeout = 30_000;
  httpServer.headersTimeout = 15_000;
  const io = createSocketServer(httpServer, {
    logger,
    auth,
    sites: repos.sites,
    comments: repos.comments,
    eventLog: repos.eventLog,
    publisher,
    claims: repos.claims,
    submissionCounts: (siteId) => submissionService.counts(siteId),
    socketEventsPerSecond: rl.socketEventsPerSecond,
    connectionCap: new ConnectionCap({
      maxPerAddress: config.maxSocketsPerAddress,
      trustProxy: config.trustProxy,
      ipv6PrefixBits: config.ipv6PrefixBits,
    }),
    redis: redisAdapter,
    redisKeyPrefix: config.redisKeyPrefix,
    onConnectionChange: (namespace, delta) => metrics.connectedSockets.inc({ namespace }, delta),
  });

  repos.users.onAccessChanged(({ userId, jti }) => {
    const room = jti ? sessionRoom(jti) : userId ? userRoom(userId) : null;
    // Through the adapter, so sockets on every instance go; they reconnect and join with the new scope.
    if (room) io.of('/moderation').in(room).disconnectSockets(true);
  });

  await new Promise<void>((ok, fail) => {
    httpServer.once('error', fail);
    // A reconnect storm sends thousands of connections within a second; with node's
    // default accept queue (511) the kernel drops the rest, and each dropped client
    // waits 1, 3, 7 s to try again (docs/REALTIME.md). The kernel caps it at somaxconn.
    httpServer.listen(config.port, config.host, 4096, () => ok());
  });
  const port = (httpServer.address() as AddressInfo).port;
  webhookWorker.start();
  retention.start();
  auditSweep.start();
  createdEvents.start();
  digestWorker.start();
  outboxWorker.start();
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      const drained = new Promise<void>((ok) => httpServer.close(() => ok()));
      // Every namespace: the default one holds no sockets, /live and /moderation do.
      for (const nsp of ['/', '/live', '/moderation']) io.of(nsp).local.disconnectSockets(true);
      // Keep-alive connections become idle as their last response ends: close them as they do.
      const sweep = setInterval(() => httpServer.closeIdleConnections(), 50);
      httpServer.closeIdleConnections();
      const deadline = setTimeout(
        () => httpServer.closeAllConnections(),
        Math.max(100, config.shutdownTimeoutMs - 1000),
      );
      await drained;
      clearInterval(sweep);
      clearTimeout(deadline);
      await new Promise<void>((ok) => io.close(() => ok()));
      await webhookWorker.close();
      await retention.stop();
      await auditSweep.stop();
      await createdEvents.stop();
      // The moderators' events of the last posts, lingering: logged before the database closes.
      await publisher.flushEvents();
      await digestWorker.stop();
      await outboxWorker.stop();
      await mailer.close();
      publisher.close();
      reactionPush.close();
      repos.claims.close();
      redisLimits?.disconnect();
      redisAdapter?.disconnect();
      if (ownsDb) await db.close();
    })();
    return closing;
  };

  return { url: `http://${host}:${port}`, port, config, db, httpServer, io, close };
}
