import type { Deadline } from '../platform/http/request-deadline.js';
import { randomUUID } from 'node:crypto';
import { type Connection, Types } from 'mongoose';
import type { AuditRepository } from '../audit/audit.repository.js';
import { publicReasons } from '../moderation/engine/public-reasons.js';
import type { AuthorRepository } from '../authors/author.repository.js';
import type { Comment } from '../comments/comment.js';
import type { CommentRepository } from '../comments/comment.repository.js';
import type { ReactionRepository } from '../comments/reactions/reaction.repository.js';
import { recountReactions } from '../comments/reactions/reaction-service.js';
import type { ReaderStateRepository } from '../comments/notifications/reader-state.repository.js';
import type { DigestRepository } from '../comments/notifications/digest.repository.js';
import type { RevisionRepository } from '../comments/revision.repository.js';
import { notFound } from '../platform/errors.js';
import type { KeyedHasher } from '../platform/privacy.js';
import type { EventPublisher } from '../realtime/publisher.js';
import type { ReportRepository } from '../reports/report.repository.js';
import type { SiteRepository } from '../sites/site.repository.js';
import type { User } from '../users/user.js';

/** The name an anonymised author's comments and submissions show. */
export const ANONYMOUS_NAME = 'Anonym';
/** At most this many comments per author are exported or erased in one request (repeat for more). */
const MAX_COMMENTS = 20_000;

export type AuthorSelector =
  | { authorKey: string; email?: undefined }
  | { email: string; authorKey?: undefined };

export interface PrivacyServiceDeps {
  connection: Connection;
  sites: SiteRepository;
  comments: CommentRepository;
  authors: AuthorRepository;
  reports: ReportRepository;
  reactions: ReactionRepository;
  revisions: RevisionRepository;
  readerStates: ReaderStateRepository;
  digests: DigestRepository;
  audit: AuditRepository;
  publisher: EventPublisher;
  hasher: KeyedHasher;
  /** How many comments one erasure request takes at most (MAX_COMMENTS; tests lower it). */
  maxComments?: number;
}

interface Subject {
  keys: string[];
  emails: string[];
  /** What the audit log may name: author keys, never the e-mail itself. */
  label: string;
}

/**
 * The data subject's rights, for admins: export everything stored about an
 * author on a site as JSON, and erase it (delete or anonymise, per the site's
 * `policy.erasure`). Found by author key or by e-mail; the e-mail also finds
 * the author's reader submissions (leserinnlegg).
 */
export class PrivacyService {
  constructor(private readonly deps: PrivacyServiceDeps) {}

  async export(user: User, siteId: string, selector: AuthorSelector, d?: Deadline | null) {
    const { authors, comments, reports, audit } = this.deps;
    await this.#requireSite(siteId, d);
    const subject = await this.#resolve(siteId, selector, d);
    const [records, written, reportsMade, submissions, actions, accountability, digests] = await Promise.all([
      authors.findMany(siteId, subject.keys, d),
      comments.listByAuthor(siteId, subject.keys, { limit: MAX_COMMENTS }, d),
      reports.byReporters(
        siteId,
        subject.keys.filter((k) => k.startsWith('sso:')),
        undefined,
        d,
      ),
      this.#submissions(siteId, subject.emails),
      Promise.all(subject.keys.map((key) => audit.forEntity('author', `${siteId}:${key}`, undefined, d))),
      this.#accountability(siteId, subject),
      this.deps.digests.listFor(siteId, subject.keys, subject.emails, d),
    ]);
    await audit.record(
      {
        siteId,
        entity: 'author',
        entityId: `${siteId}:${subject.label}`,
        action: 'export',
        actor: { id: user.id, email: user.email, name: user.name },
        reason: null,
        before: null,
        after: { authorKeys: subject.keys, comments: written.length, submissions: submissions.length },
      },
      d,
    );
    return {
      exportedAt: new Date().toISOString(),
      siteId,
      authors: records.map((r) => ({
        authorKey: r.authorKey,
        name: r.name,
        trusted: r.trusted,
        banned: r.banned,
        shadowBanned: r.shadowBanned,
        premoderated: r.premoderated,
        firstSeenAt: r.firstSeenAt?.toISOString() ?? null,
        lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
      })),
      comments: written.map(exportComment),
      reportsMade: reportsMade.map((r) => ({
        commentId: r.commentId,
        articleId: r.articleId,
        reason: r.reason,
        note: r.note,
        createdAt: r.createdAt.toISOString(),
      })),
      submissions,
      // What was done about them and when; the moderator's identity and internal reason are the newsroom's.
      moderatorActions: actions.flat().map((a) => ({ action: a.action, at: a.at.toISOString() })),
      ...accountability,
      replyDigests: digests.map((d) => ({
        email: d.email,
        language: d.lang,
        confirmed: d.confirmedAt !== null,
        commentIds: d.commentIds,
        lastSentAt: d.lastSentAt?.toISOString() ?? null,
        expiresAt: d.expiresAt.toISOString(),
      })),
    };
  }

  async erase(user: User, siteId: string, selector: AuthorSelector, reason?: string, d?: Deadline | null) {
    const { authors, comments, reports, audit, publisher } = this.deps;
    const site = await this.#requireSite(siteId, d);
    const mode = site.policy.erasure ?? 'anonymise';
    const subject = await this.#resolve(siteId, selector, d);
    const max = this.deps.maxComments ?? MAX_COMMENTS;
    const written = await comments.listByAuthor(siteId, subject.keys, { limit: max }, d);
    // Comments may be left for a repeat of the request: the author records go with the last of
    // them. A post skips the history of an author whose record it has just created (no record,
    // no comments), and a repeat by e-mail finds the author by the record's e-mail hash.
    const complete = written.length < max;
    const ids = written.map((c) => c.id);
    const objectIds = ids.map((id) => new Types.ObjectId(id));
    const commentsCollection = this.deps.connection.collection('comments');
    const replacementKey = `erased:${randomUUID()}`;

    if (mode === 'delete') {
      await commentsCollection.deleteMany({ _id: { $in: objectIds }, siteId });
      await reports.deleteForComments(ids, d);
      await this.deps.reactions.deleteForComments(ids, d);
      await this.deps.revisions.deleteForComments(ids, d);
    } else {
      await commentsCollection.updateMany(
        { _id: { $in: objectIds }, siteId },
        {
          $set: {
            authorName: ANONYMOUS_NAME,
            authorEmail: null,
            ipHash: null,
            authorKey: replacementKey,
            authorId: '',
            updatedAt: new Date(),
          },
          // The post's Idempotency-Key and the hash of its request (which covered the name).
          $unset: { idempotencyKey: 1, requestHash: 1 },
          $inc: { version: 1 },
        },
      );
    }
    await this.#scrubCopies(siteId, ids, mode, replacementKey);
    await this.#eraseAccountability(siteId, subject, replacementKey);
    const reportsRemoved = await reports.deleteByReporters(
      siteId,
      subject.keys.filter((k) => k.startsWith('sso:')),
      d,
    );
    // Their reactions (a logged-in reader's; anonymous reader keys name nobody), and the counts.
    const reacted = await this.deps.reactions.deleteByReaders(
      siteId,
      subject.keys.filter((k) => k.startsWith('sso:')),
      undefined,
      d,
    );
    for (const commentId of reacted) await recountReactions(this.deps, commentId, d);
    await this.deps.readerStates.deleteByReaders(
      siteId,
      subject.keys.filter((k) => k.startsWith('sso:')),
      d,
    );
    // Their reply-digest subscription (by login or by address): no more mail after erasure.
    await this.deps.digests.deleteFor(siteId, subject.keys, subject.emails, d);
    const authorsRemoved = complete ? await authors.deleteMany(siteId, subject.keys, d) : 0;
    const submissionsChanged = await this.#eraseSubmissions(siteId, subject.emails, mode);

    for (const comment of written) {
      if (mode === 'delete' && comment.status === 'approved' && !comment.shadowHidden) {
        publisher.removed(siteId, comment.articleId, comment.id);
      }
    }
    publisher.publicChanged(siteId); // anonymised names, in every article the author wrote in
    publisher.scheduleCounts(siteId, 'comments');

    const summary = {
      mode,
      comments: ids.length,
      submissions: submissionsChanged,
      reportsMade: reportsRemoved,
      authorRecords: authorsRemoved,
    };
    await audit.record(
      {
        siteId,
        entity: 'author',
        entityId: `${siteId}:${subject.label}`,
        action: 'erase',
        actor: { id: user.id, email: user.email, name: user.name },
        reason: reason ?? null,
        before: { authorKeys: subject.keys },
        after: summary,
      },
      d,
    );
    return { erased: summary };
  }

  async #requireSite(siteId: string, d?: Deadline | null) {
    const site = await this.deps.sites.findById(siteId, { fresh: true }, d);
    if (!site) throw notFound('No such site.');
    return site;
  }

  /** Every author key and e-mail that belongs to the subject on this site. */
  async #resolve(siteId: string, selector: AuthorSelector, d?: Deadline | null): Promise<Subject> {
    const keys = new Set<string>();
    const emails = new Set<string>();
    if (selector.authorKey) {
      keys.add(selector.authorKey);
    } else {
      const email = (selector.email ?? '').trim().toLowerCase();
      emails.add(email);
      const emailHash = this.deps.hasher.hash('email', email);
      keys.add(`email:${emailHash}`);
      for (const key of await this.deps.authors.keysByEmailHash(siteId, emailHash, d)) keys.add(key);
      const byEmail = await this.deps.connection
        .collection('comments')
        .find({ siteId, authorEmail: email }, { projection: { authorKey: 1 } })
        .limit(MAX_COMMENTS)
        .toArray();
      for (const doc of byEmail) if (typeof doc.authorKey === 'string') keys.add(doc.authorKey);
    }
    // The e-mails their comments still carry lead to their submissions too.
    const written = await this.deps.comments.listByAuthor(siteId, [...keys], { limit: MAX_COMMENTS }, d);
    for (const comment of written) if (comment.authorEmail) emails.add(comment.authorEmail.toLowerCase());
    const label = selector.authorKey ?? `email:${this.deps.hasher.hash('email', [...emails][0] ?? '')}`;
    return { keys: [...keys], emails: [...emails], label };
  }

  /**
   * Reader submissions by e-mail: what the person sent and what the editors told
   * them. Not the newsroom's internal notes, who handled it, nor the address and
   * receipt-token hashes (secrets of the service, not data about the person).
   */
  async #submissions(siteId: string, emails: string[]): Promise<Record<string, unknown>[]> {
    if (emails.length === 0) return [];
    const { connection } = this.deps;
    const docs = await connection
      .collection('submissions')
      .find({ siteId, authorEmail: { $in: emails } })
      .limit(MAX_COMMENTS)
      .toArray();
    const ids = docs.map((d) => String(d._id));
    const toAuthor = await connection
      .collection('submission_notes')
      .find({ submissionId: { $in: ids }, visibility: 'author' })
      .sort({ createdAt: 1 })
      .limit(MAX_COMMENTS)
      .toArray();
    return docs.map((d) => ({
      id: String(d._id),
      title: d.title,
      body: d.body,
      authorName: d.authorName,
      authorEmail: d.authorEmail,
      authorPhone: d.authorPhone ?? null,
      authorLocation: d.authorLocation ?? null,
      articleId: d.articleId ?? null,
      noteToEditor: d.noteToEditor ?? null,
      status: d.status,
      createdAt: d.createdAt,
      publishedAt: d.publishedAt ?? null,
      messagesFromEditors: toAuthor
        .filter((n) => n.submissionId === String(d._id))
        .map((n) => ({ text: n.text, at: n.createdAt })),
    }));
  }

  async #eraseSubmissions(siteId: string, emails: string[], mode: 'delete' | 'anonymise'): Promise<number> {
    if (emails.length === 0) return 0;
    const { connection } = this.deps;
    const submissions = connection.collection('submissions');
    const filter = { siteId, authorEmail: { $in: emails } };
    const found = await submissions.find(filter, { projection: { _id: 1 } }).toArray();
    const ids = found.map((d) => String(d._id));
    // The editors' event log (replayed to a reconnecting workbench for days) holds copies.
    await connection.collection('site_events').updateMany(
      { siteId, stream: 'submissions', 'payload.id': { $in: ids } },
      {
        $set: {
          'payload.authorName': ANONYMOUS_NAME,
          'payload.authorLocation': null,
          ...(mode === 'delete' ? { 'payload.title': '', 'payload.excerpt': '' } : {}),
        },
      },
    );
    if (mode === 'delete') {
      const deleted = (await submissions.deleteMany({ _id: { $in: found.map((d) => d._id) } })).deletedCount;
      // Their earlier versions and the editors' notes on them go with them.
      for (const name of ['submission_revisions', 'submission_notes']) {
        await connection.collection(name).deleteMany({ submissionId: { $in: ids } });
      }
      return deleted;
    }
    const result = await submissions.updateMany(filter, {
      $set: {
        authorName: ANONYMOUS_NAME,
        authorEmail: null,
        authorPhone: null,
        authorLocation: null,
        ipHash: null,
        updatedAt: new Date(),
      },
    });
    return result.modifiedCount;
  }

  /**
   * Statements of reasons and appeals stay (they are the newsroom's record and its transparency
   * figures) without the author: the key is replaced, an appeal's words go. A notice the person
   * sent loses their name and address.
   */
  async #eraseAccountability(siteId: string, subject: Subject, key: string) {
    const { connection } = this.deps;
    if (subject.keys.length > 0) {
      await connection
        .collection('appeals')
        .updateMany(
          { siteId, authorKey: { $in: subject.keys } },
          { $set: { explanation: '', authorKey: key } },
        );
      await connection
        .collection('statements')
        .updateMany({ siteId, authorKey: { $in: subject.keys } }, { $set: { authorKey: key } });
    }
    if (subject.emails.length > 0) {
      await connection
        .collection('notices')
        .updateMany(
          { siteId, notifierEmail: { $in: subject.emails } },
          { $set: { notifierEmail: null, notifierName: null } },
        );
    }
  }

  /** What the accountability features hold about the person: statements, appeals, notices sent. */
  async #accountability(siteId: string, subject: Subject) {
    const { connection } = this.deps;
    const [statements, appeals, notices] = await Promise.all([
      subject.keys.length
        ? connection
            .collection('statements')
            .find({ siteId, authorKey: { $in: subject.keys } })
            .sort({ issuedAt: -1 })
            .limit(MAX_COMMENTS)
            .toArray()
        : [],
      subject.keys.length
        ? connection
            .collection('appeals')
            .find({ siteId, authorKey: { $in: subject.keys } })
            .limit(MAX_COMMENTS)
            .toArray()
        : [],
      subject.emails.length
        ? connection
            .collection('notices')
            .find({ siteId, notifierEmail: { $in: subject.emails } })
            .limit(MAX_COMMENTS)
            .toArray()
        : [],
    ]);
    return {
      statements: statements.map((d) => ({
        id: String(d._id),
        commentId: d.commentId,
        decision: d.decision,
        facts: d.facts,
        ground: d.ground,
        issuedAt: d.issuedAt,
      })),
      appeals: appeals.map((d) => ({
        id: String(d._id),
        commentId: d.commentId,
        explanation: d.explanation,
        status: d.status,
        outcome: d.outcome,
        receivedAt: d.receivedAt,
        decidedAt: d.decidedAt,
      })),
      noticesSent: notices.map((d) => ({
        id: String(d._id),
        commentId: d.commentId,
        category: d.category,
        explanation: d.explanation,
        notifierName: d.notifierName,
        notifierEmail: d.notifierEmail,
        status: d.status,
        decision: d.decision,
        receivedAt: d.receivedAt,
      })),
    };
  }

  /** Audit snapshots and logged events hold copies of the comments: scrub the author out of them. */
  async #scrubCopies(siteId: string, ids: string[], mode: 'delete' | 'anonymise', key: string) {
    if (ids.length === 0) return;
    const scrub = (prefix: string) => ({
      [`${prefix}.authorName`]: ANONYMOUS_NAME,
      [`${prefix}.authorEmail`]: null,
      [`${prefix}.authorKey`]: key,
      [`${prefix}.author.name`]: ANONYMOUS_NAME,
      [`${prefix}.author.email`]: null,
      [`${prefix}.author.key`]: key,
      ...(mode === 'delete' ? { [`${prefix}.body`]: '' } : {}),
    });
    await this.deps.connection
      .collection('audit')
      .updateMany(
        { siteId, entity: 'comment', entityId: { $in: ids }, 'after.authorKey': { $exists: true } },
        { $set: scrub('after') },
      );
    // A new comment's event may still linger after its answer (CREATED_EVENT_LINGER_MS): stored
    // first, so the scrub reaches it (another instance's lingers at most that long after its post).
    await this.deps.publisher.flushEvents();
    await this.deps.connection
      .collection('site_events')
      .updateMany(
        { siteId, stream: 'comments', 'payload.id': { $in: ids }, 'payload.authorKey': { $exists: true } },
        { $set: scrub('payload') },
      );
  }
}

function exportComment(c: Comment) {
  return {
    id: c.id,
    articleId: c.articleId,
    parentId: c.parentId,
    body: c.body,
    authorName: c.authorName,
    authorEmail: c.authorEmail,
    authorKey: c.authorKey,
    status: c.status,
    featured: c.featured,
    shadowHidden: c.shadowHidden,
    moderation: { decision: c.moderation.decision, reasons: publicReasons(c.moderation.reasons) },
    reports: { count: c.reportCount, reasons: c.reportReasons },
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
