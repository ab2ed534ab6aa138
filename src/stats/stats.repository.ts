import { type Deadline, within } from '../platform/http/request-deadline.js';
import type { Model, PipelineStage } from 'mongoose';

/** A half-open period [start, end). */
export interface Period {
  start: Date;
  end: Date;
}

type Rows = { _id: string | null; n: number }[];
// biome-ignore lint/suspicious/noExplicitAny: read-only aggregations over several collections' models
type AnyModel = Model<any>;

/** The most documents one bounded read returns; past it, figures say they are truncated. */
export const MAX_READ = 50_000;

const toCounts = (rows: Rows | undefined): Record<string, number> =>
  Object.fromEntries((rows ?? []).map((r) => [String(r._id), r.n]));

/**
 * The read side of statistics and the transparency report. Counts are
 * `$match` on an indexed prefix, then one `$facet` branch per period with a
 * `$group … $sum` on a plain field path: the part of the aggregation
 * language jongodb evaluates (it returns date expressions and compound
 * `_id`s unevaluated), and plain, index-backed MongoDB everywhere else.
 * Durations come from bounded, sorted reads and are summarised in code.
 */
export class StatsRepository {
  constructor(
    private readonly models: {
      comments: AnyModel;
      audit: AnyModel;
      notices: AnyModel;
      appeals: AnyModel;
      reports: AnyModel;
      statements: AnyModel;
    },
  ) {}

  /** Per period: counts of `field`'s values among a site's documents whose `timeField` falls in it. */
  async countsPerPeriod(
    model: AnyModel,
    match: Record<string, unknown>,
    timeField: string,
    periods: Period[],
    groups: Record<string, { field: string; match?: Record<string, unknown> }>,
  ): Promise<Record<string, Record<string, number>>[]> {
    if (periods.length === 0) return [];
    const facet: Record<string, PipelineStage.FacetPipelineStage[]> = {};
    for (const [i, p] of periods.entries()) {
      for (const [name, group] of Object.entries(groups)) {
        facet[`${name}_${i}`] = [
          { $match: { [timeField]: { $gte: p.start, $lt: p.end }, ...group.match } },
          { $group: { _id: `$${group.field}`, n: { $sum: 1 } } },
        ];
      }
    }
    const whole = { start: periods[0]!.start, end: periods.at(-1)!.end };
    const [row] = await model.aggregate<Record<string, Rows>>([
      { $match: { ...match, [timeField]: { $gte: whole.start, $lt: whole.end } } },
      { $facet: facet },
    ]);
    return periods.map((_, i) =>
      Object.fromEntries(Object.keys(groups).map((name) => [name, toCounts(row?.[`${name}_${i}`])])),
    );
  }

  /** Engine decisions per period: new comments by `moderation.decision`. */
  engineDecisions(siteId: string, periods: Period[]) {
    return this.countsPerPeriod(this.models.comments, { siteId }, 'createdAt', periods, {
      decision: { field: 'moderation.decision' },
    });
  }

  /** Moderators' actions per period: comment decisions by action, and every action by moderator. */
  moderatorActions(siteId: string, periods: Period[]) {
    return this.countsPerPeriod(
      this.models.audit,
      { siteId, entity: { $in: ['comment', 'author'] } },
      'at',
      periods,
      {
        decision: { field: 'action', match: { entity: 'comment', action: { $in: ['approve', 'reject'] } } },
        comments: { field: 'actor.id', match: { entity: 'comment' } },
        authors: { field: 'actor.id', match: { entity: 'author' } },
      },
    );
  }

  /** Notices and appeals decided per period, by who decided them. */
  async decisionsByPerson(siteId: string, periods: Period[]) {
    const [notices, appeals] = await Promise.all([
      this.countsPerPeriod(this.models.notices, { siteId }, 'decidedAt', periods, {
        by: { field: 'decidedBy.id' },
      }),
      this.countsPerPeriod(this.models.appeals, { siteId }, 'decidedAt', periods, {
        by: { field: 'decidedBy.id' },
      }),
    ]);
    return periods.map((_, i) => ({ notices: notices[i]!.by!, appeals: appeals[i]!.by! }));
  }

  /** Moderators' comment decisions in the period (bounded, oldest first), for waiting times. */
  async commentDecisions(siteId: string, period: Period, d?: Deadline | null) {
    const docs = await within(this.models.audit, d)
      .find({ siteId, entity: 'comment', at: { $gte: period.start, $lt: period.end } })
      .select({
        at: 1,
        action: 1,
        entityId: 1,
        'before.status': 1,
        'before.reported': 1,
        'after.createdAt': 1,
      })
      .sort({ at: 1 })
      .limit(MAX_READ)
      .lean<
        {
          at: Date;
          action: string;
          entityId: string;
          before?: { status?: string; reported?: boolean };
          after?: { createdAt?: string };
        }[]
      >();
    return docs.filter((d) => d.action === 'approve' || d.action === 'reject');
  }

  /** The earliest report on each of the comments. */
  async firstReports(commentIds: string[], d?: Deadline | null): Promise<Map<string, Date>> {
    const first = new Map<string, Date>();
    for (let i = 0; i < commentIds.length; i += 1000) {
      const docs = await within(this.models.reports, d)
        .find({ commentId: { $in: commentIds.slice(i, i + 1000) } })
        .select({ commentId: 1, createdAt: 1 })
        .sort({ commentId: 1, createdAt: 1 })
        .limit(MAX_READ)
        .lean<{ commentId: string; createdAt: Date }[]>();
      for (const d of docs) if (!first.has(d.commentId)) first.set(d.commentId, d.createdAt);
    }
    return first;
  }

  /** Notices decided in the period (bounded). */
  noticesDecided(siteId: string, period: Period, d?: Deadline | null) {
    return within(this.models.notices, d)
      .find({ siteId, decidedAt: { $gte: period.start, $lt: period.end } })
      .select({ receivedAt: 1, decidedAt: 1, category: 1, decision: 1, automated: 1 })
      .sort({ decidedAt: 1 })
      .limit(MAX_READ)
      .lean<
        { receivedAt: Date; decidedAt: Date; category: string; decision: string; automated: boolean }[]
      >();
  }

  /** Notices received in the period, counted by category and by category per outcome. */
  async noticesReceived(siteId: string, period: Period) {
    const [counts] = await this.countsPerPeriod(this.models.notices, { siteId }, 'receivedAt', [period], {
      received: { field: 'category' },
      removed: { field: 'category', match: { decision: 'removed' } },
      kept: { field: 'category', match: { decision: 'kept' } },
    });
    return counts!;
  }

  /** Own-initiative decisions (not on a notice) in the period, by their report dimensions. */
  async statementsByDimensions(siteId: string, period: Period) {
    const [counts] = await this.countsPerPeriod(this.models.statements, { siteId }, 'issuedAt', [period], {
      all: { field: 'reportKey' },
    });
    return counts!.all!;
  }

  /** Appeals received in the period by outcome, and the decided ones' times (bounded). */
  async appeals(siteId: string, period: Period, d?: Deadline | null) {
    const [counts] = await this.countsPerPeriod(this.models.appeals, { siteId }, 'receivedAt', [period], {
      outcome: { field: 'outcome' },
    });
    const decided = await within(this.models.appeals, d)
      .find({ siteId, receivedAt: { $gte: period.start, $lt: period.end } })
      .select({ receivedAt: 1, decidedAt: 1, outcome: 1 })
      .sort({ receivedAt: 1 })
      .limit(MAX_READ)
      .lean<{ receivedAt: Date; decidedAt: Date | null; outcome: string | null }[]>();
    return { byOutcome: counts!.outcome!, decided: decided.filter((a) => a.decidedAt) };
  }
}
