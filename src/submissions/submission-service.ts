import type { Deadline } from '../platform/http/request-deadline.js';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import { type AuditRepository, auditView } from '../audit/audit.repository.js';
import { moderate } from '../moderation/engine/index.js';
import { withBoundedReasons } from '../moderation/bounded-reasons.js';
import type { ModerationReason } from '../moderation/engine/types.js';
import { AppError, notFound } from '../platform/errors.js';
import type { PublicCachePolicy } from '../platform/http/cacheable.js';
import type { CursorCodec } from '../platform/http/cursor.js';
import { hashRequest, type IdempotencyStore } from '../platform/idempotency.js';
import type { KeyedHasher } from '../platform/privacy.js';
import type { Limiter } from '../platform/rate-limit.js';
import type { EventPublisher } from '../realtime/publisher.js';
import type { Site } from '../sites/site.js';
import type { SiteRepository } from '../sites/site.repository.js';
import { canAccessSite, type User } from '../users/user.js';
import {
  EDITABLE,
  type EditorSubmission,
  type NoteVisibility,
  type Submission,
  type SubmissionActionInput,
  type SubmissionCounts,
  type SubmissionCreateInput,
  type SubmissionEditInput,
  type SubmissionLastAction,
  type SubmissionReason,
  type SubmissionStatus,
  TITLE_MAX,
  toEditorSubmission,
  toNoteView,
  toPublicSubmission,
  toRevisionView,
  toSubmissionSummary,
  transition,
} from './submission.js';
import { queueDirection, type SubmissionRepository } from './submission.repository.js';
import type { WebhookDeliveryRepository } from './webhook-delivery.js';

const RANK = { approve: 0, hold: 1, reject: 2 } as const;

/** Receipt tokens are 32 random bytes; only their sha256 is stored. */
const newReceiptToken = () => randomBytes(32).toString('base64url');
const hashToken = (token: string) => createHash('sha256').update(token).digest();
/** Compared against when the piece does not exist, so a miss costs what a hit costs. */
const NO_SUCH_HASH = hashToken('no such submission').toString('hex');

export interface SubmitterRequest {
  ip: string;
  idempotencyKey: string | null;
}

export interface SubmissionServiceDeps {
  sites: SiteRepository;
  submissions: SubmissionRepository;
  audit: AuditRepository;
  idempotency: IdempotencyStore;
  publisher: EventPublisher;
  hasher: KeyedHasher;
  cursors: CursorCodec;
  webhooks: WebhookDeliveryRepository;
  limits: { submissionsPerIp: Limiter; submissionsPerEmail: Limiter };
  /** Called after a delivery was queued, so the worker sends it without waiting for its next poll. */
  onWebhookQueued?: () => void;
}

/** Reader opinion pieces: submission, the editors' workflow, the writer's receipt, publishing. */
export class SubmissionService {
  constructor(private readonly deps: SubmissionServiceDeps) {}

  async #requireSite(siteId: string, d?: Deadline | null): Promise<Site> {
    const site = await this.deps.sites.findById(siteId, undefined, d);
    if (!site) throw notFound('No such site.');
    return site;
  }

  /** A writer sends a piece: validate against the site → moderate for the editor → store → notify editors. */
  async submit(siteId: string, input: SubmissionCreateInput, request: SubmitterRequest, d?: Deadline | null) {
    const { submissions, idempotency, hasher, limits } = this.deps;
    const site = await this.#requireSite(siteId, d);
    this.#checkLength(site, input.body);
    const reply = input.inReplyTo ? await this.#replyReason(siteId, input.inReplyTo, d) : null;
    const authorEmail = input.authorEmail.toLowerCase();
    const ipHash = hasher.hash('ip', request.ip);

    let id = new Types.ObjectId().toHexString();
    if (request.idempotencyKey) {
      id = await idempotency.claim(
        `submissions:${siteId}`,
        request.idempotencyKey,
        hashRequest({ ...input, authorEmail }),
        id,
      );
      const earlier = await submissions.findById(id, d);
      if (earlier) return this.#retried(earlier, d);
    }

    await limits.submissionsPerIp.consume(`ip:${ipHash}`);
    await limits.submissionsPerEmail.consume(`${siteId}:${hasher.hash('email', authorEmail)}`);

    const moderation = this.#moderate(site, input.title, input.body);
    const duplicate = await this.#duplicateReason(siteId, moderation.fingerprint, authorEmail, d);
    const reasons = [
      ...moderation.reasons,
      ...nameReasons(input.authorName),
      ...(duplicate ? [duplicate.reason] : []),
      ...(reply ? [reply] : []),
    ];
    const token = newReceiptToken();
    const stored = await submissions.insert(
      {
        id,
        siteId,
        status: 'received',
        title: input.title,
        body: input.body,
        authorName: input.authorName,
        authorEmail,
        authorPhone: input.authorPhone ?? null,
        authorLocation: input.authorLocation ?? null,
        articleId: input.articleId ?? null,
        inReplyTo: input.inReplyTo ?? null,
        noteToEditor: input.noteToEditor ?? null,
        ipHash,
        receiptTokenHashes: [hashToken(token).toString('hex')],
        moderation: { decision: strongest(reasons), reasons },
        fingerprint: moderation.fingerprint,
        duplicateOf: duplicate?.earlierId ?? null,
      },
      d,
    );
    if (!stored) {
      const winner = await submissions.findById(id, d);
      if (!winner) throw new Error('submission id taken but not found');
      return this.#retried(winner, d);
    }
    await submissions.addRevision(
      {
        id: `${id}:1`,
        submissionId: id,
        siteId,
        revision: 1,
        title: stored.title,
        body: stored.body,
        editor: null,
        summary: 'the writer’s original',
        createdAt: stored.createdAt,
      },
      d,
    );
    await this.deps.publisher.siteEvent(siteId, 'submission.created', toSubmissionSummary(stored));
    return this.#created(stored, token);
  }

  /** The writer's view through their receipt: 404 unless the token is one issued for this piece. */
  async receipt(siteId: string, id: string, token: string | undefined, d?: Deadline | null) {
    const submission = await this.deps.submissions.findById(id, d);
    const hashes =
      submission && submission.siteId === siteId ? submission.receiptTokenHashes : [NO_SUCH_HASH];
    const given = hashToken(token ?? '');
    let match = false;
    for (const stored of hashes) {
      const expected = Buffer.from(stored, 'hex');
      if (expected.length === given.length && timingSafeEqual(expected, given)) match = true;
    }
    if (!submission || !match || !token) throw notFound('No such submission.');
    const notes = await this.deps.submissions.listNotes(id, 'author', d);
    const last = notes.at(-1);
    return {
      submission: {
        id: submission.id,
        siteId: submission.siteId,
        status: submission.status,
        title: submission.title,
        body: submission.body,
        createdAt: submission.createdAt.toISOString(),
        updatedAt: submission.updatedAt.toISOString(),
        publishedAt: submission.publishedAt ? submission.publishedAt.toISOString() : null,
        noteToAuthor: last ? last.text : null,
        notesToAuthor: notes.map((n) => ({ text: n.text, at: n.createdAt.toISOString() })),
      },
    };
  }

  /** Published pieces for the site's CMS, newest first; public fields only. */
  /** How long caches may keep this site's public lists. */
  async cachePolicy(siteId: string, d?: Deadline | null): Promise<PublicCachePolicy> {
    return (await this.#requireSite(siteId, d)).policy.publicCache;
  }

  async listPublished(siteId: string, query: { limit: number; cursor?: string }, d?: Deadline | null) {
    await this.#requireSite(siteId, d);
    const scope = `submissions:public:${siteId}`;
    const after = query.cursor ? this.deps.cursors.decode(query.cursor, scope) : undefined;
    const page = await this.deps.submissions.listByStatus(
      siteId,
      'published',
      {
        limit: query.limit,
        after,
        by: 'publishedAt',
        direction: -1,
      },
      d,
    );
    const items = page.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toPublicSubmission),
      nextCursor:
        page.length > query.limit && last?.publishedAt
          ? this.deps.cursors.encode({ t: last.publishedAt.getTime(), id: last.id }, scope)
          : null,
    };
  }

  counts(siteId: string): Promise<SubmissionCounts> {
    return this.deps.submissions.counts(siteId);
  }

  async requireEditor(user: User, siteId: string, d?: Deadline | null): Promise<void> {
    if (!canAccessSite(user, siteId, 'editor'))
      throw new AppError('forbidden', 'You are not an editor of this site.');
    await this.#requireSite(siteId, d);
  }

  /** An editors' queue: one status, with exact counts of every status. */
  async queue(
    user: User,
    siteId: string,
    query: { status: SubmissionStatus; limit: number; cursor?: string },
    d?: Deadline | null,
  ) {
    await this.requireEditor(user, siteId, d);
    const { submissions, cursors } = this.deps;
    const scope = `submissions:queue:${siteId}:${query.status}`;
    const after = query.cursor ? cursors.decode(query.cursor, scope) : undefined;
    const [page, counts] = await Promise.all([
      submissions.listByStatus(
        siteId,
        query.status,
        {
          limit: query.limit,
          after,
          by: 'createdAt',
          direction: queueDirection(query.status),
        },
        d,
      ),
      submissions.counts(siteId, d),
    ]);
    const items = page.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toEditorSubmission),
      nextCursor:
        page.length > query.limit && last
          ? cursors.encode({ t: last.createdAt.getTime(), id: last.id }, scope)
          : null,
      counts,
    };
  }

  /** One piece with its revisions, notes and audit trail. */
  async detail(user: User, id: string, d?: Deadline | null) {
    const submission = await this.#load(user, id, d);
    const [revisions, notes, audit] = await Promise.all([
      this.deps.submissions.listRevisions(id, d),
      this.deps.submissions.listNotes(id, undefined, d),
      this.deps.audit.forEntity('submission', id, undefined, d),
    ]);
    return {
      submission: toEditorSubmission(submission),
      revisions: revisions.map(toRevisionView),
      notes: notes.map(toNoteView),
      audit: audit.map(auditView),
    };
  }

  /**
   * Moves a piece through the workflow if it is still at the version the
   * editor saw; otherwise 409 with the current piece. With an action key, a
   * retried request returns the piece as it is instead of acting again.
   */
  async act(
    user: User,
    id: string,
    input: SubmissionActionInput,
    actionKey: string | null,
    d?: Deadline | null,
  ): Promise<EditorSubmission> {
    const { submissions } = this.deps;
    const current = await this.#load(user, id, d);
    const actionId = await this.#claimAction(user, id, input, actionKey);
    const replay = await this.#replayed(current, actionId, d);
    if (replay) return replay;
    if (current.version !== input.version) throw this.#conflict(current);
    const step = transition(current.status, input.action);
    if (!step.ok) {
      throw new AppError('conflict', `Cannot ${input.action.replace('_', ' ')}: ${step.reason}.`, {
        details: [
          {
            path: 'body.action',
            message: `${step.reason}; allowed now: ${step.allowed.join(', ') || 'none'}`,
            allowed: step.allowed,
            current: toEditorSubmission(current),
          },
        ],
      });
    }
    const now = new Date();
    const lastAction = this.#lastAction(actionId, input.action, user, current, now, input);
    const updated = await submissions.updateIfVersion(
      id,
      input.version,
      [current.status],
      {
        status: step.to,
        lastAction,
        ...(step.to === 'published' ? { publishedAt: now } : {}),
      },
      d,
    );
    if (!updated) return this.#lostTo(id, current, actionId, actionKey, d);
    await this.#afterwards(updated, lastAction, d);
    return toEditorSubmission(updated);
  }

  /** An editor shortens or retitles a piece; the previous text stays as a revision. */
  async edit(
    user: User,
    id: string,
    input: SubmissionEditInput,
    actionKey: string | null,
    d?: Deadline | null,
  ): Promise<{ submission: EditorSubmission; revision: ReturnType<typeof toRevisionView> }> {
    const { submissions } = this.deps;
    const current = await this.#load(user, id, d);
    const site = await this.#requireSite(current.siteId, d);
    if (input.body !== undefined) this.#checkLength(site, input.body);
    const actionId = await this.#claimAction(user, id, input, actionKey);
    const replay = await this.#replayed(current, actionId, d);
    if (replay) return { submission: replay, revision: await this.#revisionView(id, current.revision, d) };
    if (current.version !== input.version) throw this.#conflict(current);
    if (!EDITABLE.includes(current.status)) {
      throw new AppError('conflict', `Cannot edit a submission that is ${current.status}.`, {
        details: [
          {
            path: 'body',
            message: `only pieces that are ${EDITABLE.join(', ')} can be edited`,
            current: toEditorSubmission(current),
          },
        ],
      });
    }
    const title = input.title ?? current.title;
    const body = input.body ?? current.body;
    const now = new Date();
    const moderation = this.#moderate(site, title, body);
    const lastAction = this.#lastAction(actionId, 'edit', user, current, now, {
      note: input.summary,
    });
    const updated = await submissions.updateIfVersion(
      id,
      input.version,
      EDITABLE,
      {
        title,
        body,
        revision: current.revision + 1,
        moderation: (() => {
          const kept = current.moderation.reasons.filter(
            (r) => r.field === 'authorName' || r.rule === 'duplicate',
          );
          const reasons = [...moderation.reasons, ...kept];
          return { decision: strongest(reasons), reasons };
        })(),
        lastAction,
      },
      d,
    );
    if (!updated) {
      const replay = await this.#lostTo(id, current, actionId, actionKey, d);
      return { submission: replay, revision: await this.#revisionView(id, replay.revision, d) };
    }
    await this.#afterwards(updated, lastAction, d);
    return {
      submission: toEditorSubmission(updated),
      revision: await this.#revisionView(id, updated.revision, d),
    };
  }

  /** A note on a piece: internal (editors only) or to the writer (shown on their receipt). */
  async addNote(user: User, id: string, text: string, visibility: NoteVisibility, d?: Deadline | null) {
    const submission = await this.#load(user, id, d);
    const note = await this.deps.submissions.addNote(
      {
        id: new Types.ObjectId().toHexString(),
        submissionId: id,
        siteId: submission.siteId,
        visibility,
        text,
        author: { id: user.id, name: user.name },
        action: null,
        createdAt: new Date(),
      },
      d,
    );
    return { note: toNoteView(note) };
  }

  /**
   * Everything that follows an applied action, each step safe to repeat:
   * revision (edits), notes, audit record, webhook delivery (publish), event.
   */
  async #afterwards(updated: Submission, action: SubmissionLastAction, d?: Deadline | null): Promise<void> {
    const { submissions, audit, publisher, webhooks } = this.deps;
    const actor = { id: action.actor.id, name: action.actor.name };
    if (action.action === 'edit') {
      await submissions.addRevision(
        {
          id: `${updated.id}:${updated.revision}`,
          submissionId: updated.id,
          siteId: updated.siteId,
          revision: updated.revision,
          title: updated.title,
          body: updated.body,
          editor: actor,
          summary: action.note,
          createdAt: action.at,
        },
        d,
      );
    } else {
      const notes: [NoteVisibility, string | null][] = [
        ['internal', action.note],
        ['author', action.noteToAuthor],
      ];
      for (const [visibility, text] of notes) {
        if (!text) continue;
        await submissions.addNote(
          {
            id: `${action.id}:${visibility}`,
            submissionId: updated.id,
            siteId: updated.siteId,
            visibility,
            text,
            author: actor,
            action: action.action,
            createdAt: action.at,
          },
          d,
        );
      }
    }
    await audit.record(
      {
        id: action.id,
        siteId: updated.siteId,
        entity: 'submission',
        entityId: updated.id,
        action: action.action,
        actor: action.actor,
        reason: action.note,
        before: action.before,
        after: {
          status: updated.status,
          version: updated.version,
          revision: updated.revision,
          ...(action.action === 'edit' ? { title: updated.title } : {}),
        },
        at: action.at,
      },
      d,
    );
    if (updated.status === 'published' && action.action === 'publish') {
      const site = await this.deps.sites.findById(updated.siteId, { fresh: true }, d);
      if (site?.policy.webhookUrl) {
        await webhooks.enqueue(
          {
            id: action.id,
            siteId: updated.siteId,
            event: 'submission.published',
            submissionId: updated.id,
            body: JSON.stringify({
              event: 'submission.published',
              deliveryId: action.id,
              siteId: updated.siteId,
              submission: toPublicSubmission(updated),
            }),
          },
          d,
        );
        this.deps.onWebhookQueued?.();
      }
    }
    await publisher.siteEvent(updated.siteId, 'submission.updated', toSubmissionSummary(updated));
  }

  /** Binds an Idempotency-Key to the id of the action (its audit record); a fresh id without one. */
  async #claimAction(user: User, id: string, input: unknown, actionKey: string | null): Promise<string> {
    const proposed = new Types.ObjectId().toHexString();
    if (!actionKey) return proposed;
    return this.deps.idempotency.claim(
      `submission-actions:${id}:${user.id}`,
      actionKey,
      hashRequest(input),
      proposed,
    );
  }

  /** A retried action that was applied already: finish what a crash may have left undone, answer as before. */
  async #replayed(
    current: Submission,
    actionId: string,
    d?: Deadline | null,
  ): Promise<EditorSubmission | null> {
    if (current.lastAction?.id === actionId) {
      await this.#afterwards(current, current.lastAction, d);
      return toEditorSubmission(current);
    }
    if (await this.deps.audit.findById(actionId, d)) {
      // Applied by a concurrent twin after `current` was read: answer with the piece as it is now.
      return toEditorSubmission((await this.deps.submissions.findById(current.id, d)) ?? current);
    }
    return null;
  }

  /**
   * The conditional write matched nothing: someone else changed the piece, or
   * a concurrent duplicate of this very action (same key) won. The duplicate
   * answers as the winner does; anyone else gets 409 with the current piece.
   */
  async #lostTo(
    id: string,
    current: Submission,
    actionId: string,
    actionKey: string | null,
    d?: Deadline | null,
  ): Promise<EditorSubmission> {
    const fresh = (await this.deps.submissions.findById(id, d)) ?? current;
    const replay = actionKey ? await this.#replayed(fresh, actionId, d) : null;
    if (replay) return replay;
    throw this.#conflict(fresh);
  }

  async #revisionView(id: string, revision: number, d?: Deadline | null) {
    const revisions = await this.deps.submissions.listRevisions(id, d);
    const found = revisions.find((r) => r.revision === revision) ?? revisions.at(-1);
    if (!found) throw new Error(`submission ${id} has no revisions`);
    return toRevisionView(found);
  }

  #lastAction(
    id: string,
    action: SubmissionLastAction['action'],
    user: User,
    current: Submission,
    at: Date,
    notes: { note?: string; noteToAuthor?: string },
  ): SubmissionLastAction {
    return {
      id,
      action,
      actor: { id: user.id, email: user.email, name: user.name },
      note: notes.note ?? null,
      noteToAuthor: notes.noteToAuthor ?? null,
      before: { status: current.status, version: current.version, revision: current.revision },
      at,
    };
  }

  /** The engine on title and body separately, so each reason says where it was found. */
  #moderate(site: Site, title: string, body: string) {
    const base = { policyKey: `${site.id}:${site.policyVersion}`, policy: site.policy };
    const onTitle = withBoundedReasons(moderate(title, { ...base, maxLength: TITLE_MAX }));
    const onBody = withBoundedReasons(
      moderate(body, { ...base, maxLength: site.policy.maxSubmissionLength }),
    );
    const reasons: SubmissionReason[] = [
      ...onTitle.reasons.map((r) => ({ ...r, field: 'title' as const })),
      ...onBody.reasons.map((r) => ({ ...r, field: 'body' as const })),
    ];
    return { decision: strongest(reasons), reasons, fingerprint: onBody.fingerprint };
  }

  /**
   * A reason for the editor when the normalised body equals an earlier piece
   * on the site (writers re-send, or send one text under two names): flagged,
   * never rejected.
   */
  async #duplicateReason(siteId: string, fingerprint: string, authorEmail: string, d?: Deadline | null) {
    const earlier = await this.deps.submissions.findByFingerprint(siteId, fingerprint, d);
    if (!earlier) return null;
    const sameWriter = earlier.authorEmail === authorEmail;
    const who = sameWriter ? 'from the same writer' : 'under another name';
    const reason: SubmissionReason = {
      rule: 'duplicate',
      severity: 'hold',
      field: 'body',
      detail: `Same text as submission ${earlier.id}, received ${earlier.createdAt.toISOString()} ${who}`,
      // The workbench says it in the editor's language from these (the detail is English, for logs and the API).
      params: { kind: sameWriter ? 'piece_same_writer' : 'piece_other_name' },
    };
    return { earlierId: earlier.id, reason };
  }

  /**
   * A reply must answer a piece the site has published. The editor is told,
   * since someone a piece attacked has a right of reply (Vær Varsom 4.15).
   */
  async #replyReason(siteId: string, inReplyTo: string, d?: Deadline | null): Promise<SubmissionReason> {
    const answered = await this.deps.submissions.findById(inReplyTo, d);
    if (!answered || answered.siteId !== siteId || answered.status !== 'published') {
      throw new AppError('validation_failed', 'The body is not valid.', {
        details: [{ path: 'body.inReplyTo', message: 'no published piece with this id on this site' }],
      });
    }
    return {
      rule: 'reply',
      severity: 'info',
      detail: `A reply to “${answered.title}” by ${answered.authorName}: if the writer is the one it concerns, they have a right of reply`,
      params: { title: answered.title, author: answered.authorName },
    };
  }

  #checkLength(site: Site, body: string): void {
    const max = site.policy.maxSubmissionLength;
    const length = [...body].length;
    if (length > max) {
      throw new AppError('validation_failed', 'The body is not valid.', {
        details: [{ path: 'body.body', message: `at most ${max} characters (this has ${length})` }],
      });
    }
  }

  async #load(user: User, id: string, d?: Deadline | null): Promise<Submission> {
    const submission = await this.deps.submissions.findById(id, d);
    if (!submission) throw notFound('No such submission.');
    if (!canAccessSite(user, submission.siteId, 'editor'))
      throw new AppError('forbidden', 'You are not an editor of this site.');
    return submission;
  }

  #conflict(current: Submission): AppError {
    const by = current.lastAction?.actor.name;
    return new AppError(
      'conflict',
      by ? `Already changed by ${by}.` : 'The submission was changed by someone else.',
      {
        details: [
          {
            path: 'body.version',
            message: `the current version is ${current.version}`,
            current: toEditorSubmission(current),
          },
        ],
      },
    );
  }

  #created(submission: Submission, token: string) {
    return {
      submission: {
        id: submission.id,
        siteId: submission.siteId,
        status: 'received' as const,
        title: submission.title,
        createdAt: submission.createdAt.toISOString(),
      },
      receipt: {
        token,
        url: `/api/v1/sites/${submission.siteId}/submissions/${submission.id}?token=${token}`,
      },
    };
  }

  /** A retried submit: the same piece, and a receipt token of its own (the first may never have arrived). */
  async #retried(submission: Submission, d?: Deadline | null) {
    const token = newReceiptToken();
    await this.deps.submissions.addReceiptTokenHash(submission.id, hashToken(token).toString('hex'), d);
    return this.#created(submission, token);
  }
}

/** The strongest outcome among the reasons (reject > hold > approve); `info` never changes it. */
function strongest(reasons: SubmissionReason[]): Submission['moderation']['decision'] {
  let decision: Submission['moderation']['decision'] = 'approve';
  for (const { severity } of reasons) {
    if (severity !== 'info' && RANK[severity] > RANK[decision]) decision = severity;
  }
  return decision;
}

/** The paper publishes full names: a single name is pointed out to the editor. */
function nameReasons(name: string): SubmissionReason[] {
  if (/\S\s+\S/u.test(name)) return [];
  return [
    {
      rule: 'incomplete_name',
      severity: 'info',
      field: 'authorName',
      detail: 'Only one name given; opinion pieces are published under the writer’s full name',
    },
  ];
}

export type { ModerationReason };
