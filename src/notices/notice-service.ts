import type { Deadline } from '../platform/http/request-deadline.js';
import { Types } from 'mongoose';
import type { ModComment } from '../comments/comment.js';
import type { CommentRepository } from '../comments/comment.repository.js';
import type { ModerationService } from '../moderation-queue/moderation-service.js';
import { AppError, notFound } from '../platform/errors.js';
import type { CursorCodec } from '../platform/http/cursor.js';
import { hashRequest, type IdempotencyStore } from '../platform/idempotency.js';
import type { Mailer } from '../platform/mail.js';
import { type KeyedHasher, sameSecret } from '../platform/privacy.js';
import type { Limiter } from '../platform/rate-limit.js';
import type { EventPublisher } from '../realtime/publisher.js';
import type { Language } from '../sites/reject-reasons.js';
import type { Site } from '../sites/site.js';
import type { SiteRepository } from '../sites/site.repository.js';
import type { MailOutbox, OutboxOutcome, OutboxRef } from '../statements/mail-outbox.js';
import { CODE_BY_NOTICE_CATEGORY } from '../statements/statement-service.js';
import { excerpt, formatDate, noticeCategoryLabel } from '../statements/statement-text.js';
import { canAccessSite, type User } from '../users/user.js';
import type { Notice, NoticeCategory, NoticeRepository } from './notice.repository.js';

export interface NoticeInput {
  category: NoticeCategory;
  explanation: string;
  notifierName?: string;
  notifierEmail?: string;
  goodFaith: true;
}

export interface NoticeActionInput {
  action: 'remove' | 'keep';
  version: number;
  reason?: string;
  reasonCode?: string;
}

export interface NoticeServiceDeps {
  notices: NoticeRepository;
  comments: CommentRepository;
  sites: SiteRepository;
  idempotency: IdempotencyStore;
  hasher: KeyedHasher;
  cursors: CursorCodec;
  mailer: Mailer;
  moderation: ModerationService;
  noticesPerIp: Limiter;
  /** Moderators on /moderation see notices arrive and leave the queue (`notice.received`, `notice.decided`). */
  publisher: Pick<EventPublisher, 'siteEvent'>;
  /** A removal by a reject is told to the notifier once the reject can no longer be undone. */
  mailOutbox: MailOutbox;
}

/** What the notifier sees with their receipt token. */
export const receiptView = (n: Notice) => ({
  id: n.id,
  status: n.status,
  ...(n.decision ? { decision: n.decision } : {}),
  ...(n.decidedAt ? { decidedAt: n.decidedAt.toISOString() } : {}),
  automated: n.automated,
});

/** What moderators see of a notice in the queue: never the notifier's address. */
export const noticeModView = (n: Notice, now = Date.now()) => ({
  id: n.id,
  category: n.category,
  explanation: n.explanation,
  notifierName: n.notifierName,
  notifierGaveEmail: n.notifierEmail !== null,
  status: n.status,
  decision: n.decision,
  receivedAt: n.receivedAt.toISOString(),
  decidedAt: n.decidedAt?.toISOString() ?? null,
  waitingSeconds: Math.max(0, Math.round(((n.decidedAt?.getTime() ?? now) - n.receivedAt.getTime()) / 1000)),
  version: n.version,
});

const MAX_COMMENT_RETRIES = 5;

/**
 * Notices of illegal content (DSA Art. 16): anyone can send one about a
 * visible comment, gets a receipt (and an e-mail, if they give an address),
 * and is told the decision. Notices form their own queue, oldest first; a
 * person decides each one, and a removal goes through the moderators' own
 * conditional reject, which issues the writer's statement of reasons.
 */
export class NoticeService {
  constructor(private readonly deps: NoticeServiceDeps) {}

  async create(
    siteId: string,
    articleId: string,
    commentId: string,
    input: NoticeInput,
    request: { ip: string; idempotencyKey: string | null },
    d?: Deadline | null,
  ) {
    const { notices, comments, sites, idempotency, hasher } = this.deps;
    const site = await sites.findById(siteId, undefined, d);
    if (!site) throw notFound('No such site.');
    await this.deps.noticesPerIp.consume(`ip:${hasher.hash('ip', request.ip)}`);
    let noticeId = new Types.ObjectId().toHexString();
    if (request.idempotencyKey) {
      noticeId = await idempotency.claim(
        `notices:${siteId}`,
        request.idempotencyKey,
        hashRequest([articleId, commentId, input]),
        noticeId,
      );
      const earlier = await notices.findById(noticeId, d);
      if (earlier) return this.#created(earlier);
    }
    const comment = await comments.findById(commentId, d);
    // Only what readers can see can be notified; anything else does not exist for them.
    if (
      !comment ||
      comment.siteId !== siteId ||
      comment.articleId !== articleId ||
      comment.status !== 'approved' ||
      comment.shadowHidden
    ) {
      throw notFound('No such comment.');
    }
    const stored =
      (await notices.insert(
        {
          id: noticeId,
          siteId,
          articleId,
          commentId,
          category: input.category,
          explanation: input.explanation,
          notifierName: input.notifierName ?? null,
          notifierEmail: input.notifierEmail?.toLowerCase() ?? null,
          receivedAt: new Date(),
        },
        d,
      )) ?? (await notices.findById(noticeId, d));
    if (!stored) throw new Error('notice id taken but not found');
    if (stored.notifierEmail) void this.#mailReceipt(stored, site, comment.body);
    await this.#announceReceived([stored], d);
    return this.#created(stored);
  }

  async receipt(siteId: string, noticeId: string, token: string, d?: Deadline | null) {
    const notice = await this.deps.notices.findById(noticeId, d);
    if (!notice || notice.siteId !== siteId || !sameSecret(token, this.#token(notice.id))) {
      throw notFound('No such notice, or the receipt token does not match.');
    }
    return { notice: receiptView(notice) };
  }

  /** The notices queue: open notices, oldest first, each with its comment and how long it has waited. */
  async queue(user: User, siteId: string, query: { limit: number; cursor?: string }, d?: Deadline | null) {
    await this.deps.moderation.requireSiteAccess(user, siteId, d);
    const scope = `notices:${siteId}`;
    const position = query.cursor ? this.deps.cursors.decode(query.cursor, scope) : undefined;
    const page = await this.deps.notices.listOpen(siteId, { limit: query.limit, after: position }, d);
    const items = page.slice(0, query.limit);
    const mod = await this.#withComments(items, d);
    const last = items.at(-1);
    return {
      items: mod,
      nextCursor:
        page.length > query.limit && last
          ? this.deps.cursors.encode({ t: last.receivedAt.getTime(), id: last.id }, scope)
          : null,
    };
  }

  countOpen(siteId: string, d?: Deadline | null): Promise<number> {
    return this.deps.notices.countOpen(siteId, d);
  }

  /**
   * A moderator decides a notice. `remove` rejects the comment (if it is not
   * already down): the reject decides every open notice on it and issues the
   * writer's statement. `keep` decides the comment's open notices as kept.
   */
  async act(user: User, noticeId: string, input: NoticeActionInput, d?: Deadline | null) {
    const { notices, comments, moderation } = this.deps;
    const notice = await notices.findById(noticeId, d);
    if (!notice) throw notFound('No such notice.');
    if (!canAccessSite(user, notice.siteId, 'moderator')) {
      throw new AppError('forbidden', 'You do not moderate this site.');
    }
    const conflict = async () => {
      const current = (await notices.findById(noticeId, d)) ?? notice;
      return new AppError('conflict', 'The notice was decided or changed by someone else.', {
        details: [
          {
            path: 'body.version',
            message: `the current version is ${current.version}`,
            current: noticeModView(current),
          },
        ],
      });
    };
    if (notice.status !== 'received' || notice.version !== input.version) throw await conflict();
    const by = { id: user.id, name: user.name };
    if (input.action === 'keep') {
      const decided = await notices.decide(
        noticeId,
        { decision: 'kept', decidedBy: by, at: new Date() },
        input.version,
        d,
      );
      if (!decided) throw await conflict();
      await this.#announceDecided(decided);
      await this.decideOpen(notice.commentId, 'kept', by, undefined, d);
      await this.notifyDecided(decided, d);
      return { notice: noticeModView(decided) };
    }
    if (!(await notices.claim(noticeId, input.version, d))) throw await conflict();
    const reasonCode = input.reasonCode ?? CODE_BY_NOTICE_CATEGORY[notice.category];
    for (let attempt = 0; ; attempt++) {
      const comment = await comments.findById(notice.commentId, d);
      if (!comment || comment.status === 'rejected') break;
      try {
        await moderation.act(
          user,
          comment.id,
          { action: 'reject', reason: input.reason, reasonCode, version: comment.version },
          null,
          d,
        );
        break;
      } catch (err) {
        // Someone else changed the comment in between: read it again and reject the current version.
        if (!(err instanceof AppError && err.code === 'conflict') || attempt >= MAX_COMMENT_RETRIES)
          throw err;
      }
    }
    // The reject decided the open notices; a comment already down leaves them to decide here.
    await this.decideOpen(notice.commentId, 'removed', by, undefined, d);
    const current = (await notices.findById(noticeId, d)) ?? notice;
    return { notice: noticeModView(current) };
  }

  /**
   * Decides every open notice on a comment the same way, and tells each
   * notifier. Decided by a moderator's reject (`action`), which its moderator
   * may undo for a few seconds, the notifier's e-mail waits until it stands.
   */
  async decideOpen(
    commentId: string,
    decision: 'removed' | 'kept',
    by: { id: string; name: string },
    action?: { id: string },
    d?: Deadline | null,
  ) {
    const open = await this.deps.notices.openForComment(commentId, undefined, d);
    const at = new Date();
    for (const notice of open) {
      const decided = await this.deps.notices.decide(
        notice.id,
        {
          decision,
          decidedBy: by,
          at,
          ...(action ? { actionId: action.id } : {}),
        },
        undefined,
        d,
      );
      if (!decided) continue;
      await this.#announceDecided(decided);
      if (!action) await this.notifyDecided(decided, d);
      else if (decided.notifierEmail) {
        await this.deps.mailOutbox.hold(
          `notice:${decided.id}:${decided.version}`,
          'notice_decision',
          {
            commentId,
            noticeId: decided.id,
            actionId: action.id,
          },
          undefined,
          d,
        );
      }
    }
  }

  /** The outbox's turn for a held decision e-mail: sent if the reject that decided the notice still stands. */
  async sendHeld(ref: OutboxRef): Promise<OutboxOutcome> {
    // The comment's own state first: an undo flips it in one write, before its hook reopens the notice.
    const [notice, comment] = await Promise.all([
      ref.noticeId ? this.deps.notices.findById(ref.noticeId) : null,
      this.deps.comments.findById(ref.commentId),
    ]);
    const stands =
      comment?.status === 'rejected' && notice?.status === 'decided' && notice.decidedAction === ref.actionId;
    if (!stands) return 'dropped';
    return (await this.notifyDecided(notice)) ? 'sent' : 'not_sent';
  }

  /** The moderator undid the reject that decided these notices: they are open again, in the queue. */
  async reopenUndone(commentId: string, undone: { id: string } | undefined): Promise<void> {
    if (!undone) return;
    const reopened = await this.deps.notices.reopenDecidedBy(commentId, undone.id);
    await this.#announceReceived(reopened);
  }

  async #announceReceived(notices: Notice[], d?: Deadline | null): Promise<void> {
    if (notices.length === 0) return;
    for (const item of await this.#withComments(notices, d)) {
      await this.deps.publisher.siteEvent(item.siteId, 'notice.received', item);
    }
  }

  async #announceDecided(notice: Notice): Promise<void> {
    await this.deps.publisher.siteEvent(notice.siteId, 'notice.decided', {
      id: notice.commentId,
      notice: noticeModView(notice),
    });
  }

  /** The oldest open notice on a comment, if any: a reject of the comment is then a decision on notices. */
  async oldestOpen(commentId: string): Promise<Notice | null> {
    const open = await this.deps.notices.openForComment(commentId);
    return open.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())[0] ?? null;
  }

  /** True once the mail server took the message; false when there is no one to tell or it was not sent. */
  async notifyDecided(notice: Notice, d?: Deadline | null): Promise<boolean> {
    if (!notice.notifierEmail) return false;
    const site = await this.deps.sites.findById(notice.siteId, undefined, d);
    if (!site) return false;
    const lang: Language = site.policy.language ?? 'nb';
    const decided = formatDate(notice.decidedAt ?? new Date(), lang);
    const category = noticeCategoryLabel(notice.category, lang);
    const outcome =
      notice.decision === 'removed'
        ? {
            nb: `Vi har behandlet meldingen din om ${category} og fjernet kommentaren (${decided}).`,
            nn: `Vi har behandla meldinga di om ${category} og fjerna kommentaren (${decided}).`,
            en: `We have handled your notice about ${category} and removed the comment (${decided}).`,
          }
        : {
            nb: `Vi har behandlet meldingen din om ${category}. En moderator vurderte kommentaren og fant ikke grunnlag for å fjerne den (${decided}).`,
            nn: `Vi har behandla meldinga di om ${category}. Ein moderator vurderte kommentaren og fann ikkje grunnlag for å fjerne han (${decided}).`,
            en: `We have handled your notice about ${category}. A moderator assessed the comment and found no ground to remove it (${decided}).`,
          };
    const redress = {
      nb: 'Avgjørelsen ble tatt av et menneske, ikke automatisk. Er du uenig, kan du svare på denne e-posten, bringe saken inn for et godkjent organ for utenrettslig tvisteløsning eller for domstolene, eller melde forholdet til politiet.',
      nn: 'Avgjerda vart teken av eit menneske, ikkje automatisk. Er du usamd, kan du svare på denne e-posten, bringe saka inn for eit godkjent organ for utanrettsleg tvisteløysing eller for domstolane, eller melde forholdet til politiet.',
      en: 'The decision was taken by a person, not automatically. If you disagree, you can reply to this e-mail, take the matter to a certified out-of-court dispute settlement body or to the courts, or report it to the police.',
    };
    const subject = {
      nb: `Meldingen din er behandlet (${site.name})`,
      nn: `Meldinga di er behandla (${site.name})`,
      en: `Your notice has been handled (${site.name})`,
    };
    return this.deps.mailer.send(
      notice.notifierEmail,
      subject[lang],
      `${outcome[lang]}\n\n${redress[lang]}\n\n— ${site.name}`,
    );
  }

  async #mailReceipt(notice: Notice, site: Site, body: string): Promise<void> {
    const lang: Language = site.policy.language ?? 'nb';
    const category = noticeCategoryLabel(notice.category, lang);
    const text = {
      nb: `Vi har mottatt meldingen din om mulig ulovlig innhold (${category}) i kommentaren «${excerpt(body)}», ${formatDate(notice.receivedAt, lang)}. En moderator behandler den så snart som mulig, og vi sier fra når den er avgjort.\n\nSaksnummer: ${notice.id}`,
      nn: `Vi har motteke meldinga di om mogleg ulovleg innhald (${category}) i kommentaren «${excerpt(body)}», ${formatDate(notice.receivedAt, lang)}. Ein moderator behandlar henne så snart som mogleg, og vi seier frå når ho er avgjord.\n\nSaksnummer: ${notice.id}`,
      en: `We received your notice of possibly illegal content (${category}) in the comment "${excerpt(body)}", ${formatDate(notice.receivedAt, lang)}. A moderator will handle it as soon as possible, and we will tell you the decision.\n\nCase number: ${notice.id}`,
    };
    const subject = {
      nb: `Vi har mottatt meldingen din (${site.name})`,
      nn: `Vi har motteke meldinga di (${site.name})`,
      en: `We received your notice (${site.name})`,
    };
    await this.deps.mailer.send(notice.notifierEmail!, subject[lang], `${text[lang]}\n\n— ${site.name}`);
  }

  async #withComments(
    items: Notice[],
    d?: Deadline | null,
  ): Promise<(ModComment & { notice: ReturnType<typeof noticeModView> })[]> {
    const now = Date.now();
    const comments = await Promise.all(items.map((n) => this.deps.comments.findById(n.commentId, d)));
    const present = comments.filter((c): c is NonNullable<typeof c> => c !== null);
    const mod = await this.deps.moderation.toMod(present, d);
    const byId = new Map(mod.map((m) => [m.id, m]));
    return items.flatMap((n) => {
      const comment = byId.get(n.commentId);
      return comment ? [{ ...comment, notice: noticeModView(n, now) }] : [];
    });
  }

  #token(noticeId: string): string {
    return this.deps.hasher.hash('notice-receipt', noticeId);
  }

  #created(notice: Notice) {
    return {
      notice: { id: notice.id, status: 'received' as const, receivedAt: notice.receivedAt.toISOString() },
      receiptToken: this.#token(notice.id),
    };
  }
}
