import type { Deadline } from '../platform/http/request-deadline.js';
import { Types } from 'mongoose';
import type { AuditRepository } from '../audit/audit.repository.js';
import { auditView } from '../audit/audit.repository.js';
import { toPublicComment } from '../comments/comment.js';
import type { CommentRepository } from '../comments/comment.repository.js';
import type { ModerationService } from '../moderation-queue/moderation-service.js';
import { AppError, notFound } from '../platform/errors.js';
import type { EventPublisher } from '../realtime/publisher.js';
import type { User } from '../users/user.js';
import type { AuthorRecord, AuthorRepository, StandingFlags } from './author.repository.js';

export const authorActions = [
  'ban',
  'unban',
  'shadow_ban',
  'unshadow_ban',
  'premoderate',
  'unpremoderate',
  'trust',
  'untrust',
] as const;
export type AuthorAction = (typeof authorActions)[number];

/** What each action does to the standing. Trust and bans exclude each other. */
const CHANGES: Record<AuthorAction, Partial<StandingFlags>> = {
  ban: { banned: true, trusted: false },
  unban: { banned: false },
  shadow_ban: { shadowBanned: true, trusted: false },
  unshadow_ban: { shadowBanned: false },
  premoderate: { premoderated: true },
  unpremoderate: { premoderated: false },
  trust: { trusted: true, banned: false, shadowBanned: false, premoderated: false },
  untrust: { trusted: false },
};

/** How many existing comments one action changes at most (a moderator can repeat it). */
const MAX_EXISTING = 500;

export interface AuthorActionInput {
  action: AuthorAction;
  reason?: string;
  /** The author's version the moderator saw: stale → 409. Omitted: applied as is (the flags are idempotent). */
  version?: number;
  /** ban: reject their approved and pending comments; (un)shadow_ban: hide (show) their existing ones. */
  applyToExisting?: boolean;
  /** One of the site's reject-reason codes: the ground the author's statement of reasons names. */
  reasonCode?: string;
}

/** An applied change of an author's standing, for the statement of reasons it may call for. */
export interface StandingChange {
  siteId: string;
  authorKey: string;
  action: AuthorAction;
  actionId: string;
  actor: { id: string; name: string };
  reasonCode: string | null;
  existingChanged: number;
  at: Date;
}

export const authorView = (record: AuthorRecord) => ({
  key: record.authorKey,
  name: record.name,
  trusted: record.trusted,
  banned: record.banned,
  shadowBanned: record.shadowBanned,
  premoderated: record.premoderated,
  version: record.version,
  firstSeenAt: record.firstSeenAt?.toISOString() ?? null,
  lastSeenAt: record.lastSeenAt?.toISOString() ?? null,
});

export interface AuthorServiceDeps {
  authors: AuthorRepository;
  comments: CommentRepository;
  audit: AuditRepository;
  publisher: EventPublisher;
  moderation: ModerationService;
  /** After an applied change (restrictions get a statement of reasons); failures are the callee's to log. */
  onStandingChanged?: (change: StandingChange) => Promise<void>;
}

/** Moderators' view of an author on a site, and their standing: ban, shadow-ban, pre-moderation, trust. */
export class AuthorService {
  constructor(private readonly deps: AuthorServiceDeps) {}

  async get(user: User, siteId: string, authorKey: string, d?: Deadline | null) {
    const { authors, comments, audit, moderation } = this.deps;
    await moderation.requireSiteAccess(user, siteId, d);
    const [record, recent, histories, actions] = await Promise.all([
      authors.find(siteId, authorKey, d),
      comments.listByAuthor(siteId, [authorKey], { limit: 20 }, d),
      comments.authorHistories(siteId, [authorKey], d),
      audit.forEntity('author', `${siteId}:${authorKey}`, undefined, d),
    ]);
    if (record.version === 0 && recent.length === 0) throw notFound('No such author on this site.');
    return {
      author: authorView(record),
      history: histories.get(authorKey) ?? { approved: 0, rejected: 0, pending: 0 },
      recentComments: await moderation.toMod(recent, d),
      actions: actions.map(auditView),
    };
  }

  async act(user: User, siteId: string, authorKey: string, input: AuthorActionInput, d?: Deadline | null) {
    const { authors, comments, audit, moderation } = this.deps;
    await moderation.requireSiteAccess(user, siteId, d);
    const before = await authors.find(siteId, authorKey, d);
    if (before.version === 0 && !(await comments.listByAuthor(siteId, [authorKey], { limit: 1 }, d)).length) {
      throw notFound('No such author on this site.');
    }
    const conflict = (current: AuthorRecord) =>
      new AppError('conflict', 'The author was changed by someone else.', {
        details: [
          {
            path: 'body.version',
            message: `the current version is ${current.version}`,
            current: authorView(current),
          },
        ],
      });
    if (input.version !== undefined && input.version !== before.version) throw conflict(before);
    if (input.reasonCode) await moderation.checkReasonCode(siteId, input.reasonCode, d);
    const after = await authors.setStanding(siteId, authorKey, CHANGES[input.action], input.version, d);
    if (!after) throw conflict(await authors.find(siteId, authorKey, d));

    const existing = input.applyToExisting ? await this.#applyToExisting(user, after, input, d) : 0;
    const actionId = new Types.ObjectId().toHexString();
    const at = new Date();
    await audit.record(
      {
        id: actionId,
        at,
        siteId,
        entity: 'author',
        entityId: `${siteId}:${authorKey}`,
        action: input.action,
        actor: { id: user.id, email: user.email, name: user.name },
        reason: input.reason ?? null,
        before: authorView(before),
        after: { ...authorView(after), existingCommentsChanged: existing },
      },
      d,
    );
    await this.deps.onStandingChanged?.({
      siteId,
      authorKey,
      action: input.action,
      actionId,
      actor: { id: user.id, name: user.name },
      reasonCode: input.reasonCode ?? null,
      existingChanged: existing,
      at,
    });
    return { author: authorView(after), existingCommentsChanged: existing };
  }

  /** The action's effect on comments already written; returns how many changed. */
  async #applyToExisting(
    user: User,
    author: AuthorRecord,
    input: AuthorActionInput,
    d?: Deadline | null,
  ): Promise<number> {
    const { comments, publisher, moderation } = this.deps;
    const { siteId, authorKey } = author;
    if (input.action === 'ban') {
      const targets = await comments.listByAuthor(
        siteId,
        [authorKey],
        {
          limit: MAX_EXISTING,
          statuses: ['approved', 'pending'],
        },
        d,
      );
      let changed = 0;
      const reject = {
        action: 'reject' as const,
        reason: input.reason ?? 'author banned',
        reasonCode: input.reasonCode ?? 'banned_author',
      };
      // Still shown or waiting: a report, an edit or another moderator that moved the comment's
      // version since the list does not save it (before, each such conflict left it published).
      const due = (c: { status: string }) => c.status === 'approved' || c.status === 'pending';
      for (const target of targets) {
        // The moderators' own conditional write: audited and published, on the comment as it is now.
        const done = await moderation.actOnCurrent(user, target.id, reject, due).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'conflict') return false;
          throw err;
        });
        if (done) changed++;
      }
      return changed;
    }
    if (input.action === 'shadow_ban' || input.action === 'unshadow_ban') {
      const hide = input.action === 'shadow_ban';
      const changed = await comments.setShadowHidden(siteId, authorKey, hide, MAX_EXISTING, d);
      const mod = await moderation.toMod(changed, d);
      for (const [i, comment] of changed.entries()) {
        await publisher.siteEvent(siteId, 'comment.updated', mod[i]!);
        if (comment.status !== 'approved') continue;
        if (hide) publisher.removed(siteId, comment.articleId, comment.id);
        else publisher.published(toPublicComment(comment));
      }
      return changed.length;
    }
    return 0;
  }
}
