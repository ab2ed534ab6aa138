import type { Deadline } from '../platform/http/request-deadline.js';
import type { ModerationService } from '../moderation-queue/moderation-service.js';
import { AppError, notFound } from '../platform/errors.js';
import { dayIn, dayStartIn, NEWSROOM_ZONE } from '../sites/newsroom-time.js';
import { resolveRejectReason } from '../sites/reject-reasons.js';
import type { SiteRepository } from '../sites/site.repository.js';
import type { User } from '../users/user.js';
import type { UserRepository } from '../users/user.repository.js';
import { medianHours, summarise } from './percentiles.js';
import { WITHDRAWN_REPORT_KEY } from '../statements/statement.repository.js';
import { MAX_READ, type Period, type StatsRepository } from './stats.repository.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Hour buckets over a month, day buckets over a year and a bit. */
const MAX_BUCKETS = 750;

export interface StatsQuery {
  from?: string;
  to?: string;
  bucket: 'hour' | 'day';
}

/** Notice categories of the contract, mapped to the categories of the EU statements-of-reasons schema. */
export const EU_CATEGORY: Record<string, string> = {
  hate: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  defamation: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  threat: 'STATEMENT_CATEGORY_VIOLENCE',
  privacy: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  terrorism: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
  child_safety: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
  other_illegal: 'STATEMENT_CATEGORY_OTHER',
};
export const NOTICE_CATEGORIES = Object.keys(EU_CATEGORY);

/**
 * Splits [from, to) into whole hours (UTC), or days from midnight to midnight in the
 * newsroom's zone (a DST day has 23 or 25 hours); the first and last may be shorter.
 */
export function periodsOf(from: Date, to: Date, bucket: 'hour' | 'day', zone = NEWSROOM_ZONE): Period[] {
  const periods: Period[] = [];
  const push = (start: number, end: number) =>
    periods.push({
      start: new Date(Math.max(start, from.getTime())),
      end: new Date(Math.min(end, to.getTime())),
    });
  if (bucket === 'hour') {
    for (let t = Math.floor(from.getTime() / HOUR) * HOUR; t < to.getTime(); t += HOUR) push(t, t + HOUR);
    return periods;
  }
  let day = dayIn(from, zone);
  for (let t = dayStartIn(day, zone); t < to.getTime(); ) {
    const next = dayStartIn(day, zone, 1);
    push(t, next);
    day = dayIn(next, zone);
    t = next;
  }
  return periods;
}

function parseRange(query: { from?: string; to?: string }, defaultDays: number): Period {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultDays * DAY);
  if (Number.isNaN(to.getTime()) || Number.isNaN(from.getTime()) || from >= to) {
    throw new AppError('validation_failed', 'The period is not valid.', {
      details: [{ path: 'query.from', message: 'from and to are ISO dates, from before to' }],
    });
  }
  return { start: from, end: to };
}

/**
 * The newsroom's own figures, computed from what is stored (comments, the
 * audit log, reports, notices, appeals, statements) every time they are
 * asked for, never kept as counters that could drift.
 */
export class StatsService {
  constructor(
    private readonly deps: {
      stats: StatsRepository;
      sites: SiteRepository;
      users: UserRepository;
      moderation: ModerationService;
    },
  ) {}

  async stats(user: User, siteId: string, query: StatsQuery, d?: Deadline | null) {
    await this.deps.moderation.requireSiteAccess(user, siteId, d);
    const range = parseRange(query, query.bucket === 'hour' ? 1 : 30);
    const site = await this.deps.sites.findById(siteId, undefined, d);
    const periods = periodsOf(range.start, range.end, query.bucket, site?.policy.timeZone ?? NEWSROOM_ZONE);
    if (periods.length > MAX_BUCKETS) {
      throw new AppError('validation_failed', 'The period has too many buckets.', {
        details: [
          {
            path: 'query.bucket',
            message: `at most ${MAX_BUCKETS} buckets: choose day, or a shorter period`,
          },
        ],
      });
    }
    const { stats } = this.deps;
    const [engine, actions, byPerson, decisions, notices] = await Promise.all([
      stats.engineDecisions(siteId, periods),
      stats.moderatorActions(siteId, periods),
      stats.decisionsByPerson(siteId, periods),
      stats.commentDecisions(siteId, range, d),
      stats.noticesDecided(siteId, range, d),
    ]);
    const reported = decisions.filter((d) => d.before?.reported).map((d) => d.entityId);
    const firstReports = await stats.firstReports([...new Set(reported)], d);
    const names = await this.#names(actions, byPerson, d);

    const summaryOf = (period: Period) => {
      const inside = (at: Date) => at >= period.start && at < period.end;
      const here = decisions.filter((d) => inside(d.at));
      const held = here
        .filter((d) => d.before?.status === 'pending' && d.after?.createdAt)
        .map((d) => d.at.getTime() - Date.parse(d.after!.createdAt!));
      const fromReport = here.flatMap((d) => {
        const first = d.before?.reported ? firstReports.get(d.entityId) : undefined;
        return first && first <= d.at ? [d.at.getTime() - first.getTime()] : [];
      });
      const fromNotice = notices
        .filter((n) => inside(n.decidedAt))
        .map((n) => n.decidedAt.getTime() - n.receivedAt.getTime());
      return {
        heldWait: summarise(held),
        reportToAction: summarise(fromReport),
        noticeToAction: summarise(fromNotice),
      };
    };

    const buckets = periods.map((period, i) => ({
      start: period.start.toISOString(),
      end: period.end.toISOString(),
      decisions: {
        engine: pick(engine[i]!.decision!, ['approve', 'hold', 'reject']),
        moderator: pick(actions[i]!.decision!, ['approve', 'reject']),
      },
      ...summaryOf(period),
      actionsByModerator: workload(names, [actions[i]!], [byPerson[i]!]),
    }));
    const sum = (side: 'engine' | 'moderator', key: string) =>
      buckets.reduce((n, b) => n + ((b.decisions[side] as Record<string, number>)[key] ?? 0), 0);
    return {
      siteId,
      from: range.start.toISOString(),
      to: range.end.toISOString(),
      bucket: query.bucket,
      buckets,
      totals: {
        decisions: {
          engine: {
            approve: sum('engine', 'approve'),
            hold: sum('engine', 'hold'),
            reject: sum('engine', 'reject'),
          },
          moderator: { approve: sum('moderator', 'approve'), reject: sum('moderator', 'reject') },
        },
        ...summaryOf(range),
        actionsByModerator: workload(names, actions, byPerson),
      },
      truncated: decisions.length >= MAX_READ || notices.length >= MAX_READ,
    };
  }

  /** The transparency report (DSA Art. 15 and 24, in the structure of Implementing Regulation (EU) 2024/2835). */
  async transparency(siteId: string, query: { from?: string; to?: string }, d?: Deadline | null) {
    const site = await this.deps.sites.findById(siteId, undefined, d);
    if (!site) throw notFound('No such site.');
    const period = parseRange(query, 365);
    const { stats } = this.deps;
    const [received, decidedNotices, dimensions, appeals] = await Promise.all([
      stats.noticesReceived(siteId, period),
      stats.noticesDecided(siteId, period, d),
      stats.statementsByDimensions(siteId, period),
      stats.appeals(siteId, period, d),
    ]);
    const noticeTimes = (category?: string) =>
      decidedNotices
        .filter((n) => !category || n.category === category)
        .map((n) => n.decidedAt.getTime() - n.receivedAt.getTime());
    const count = (counts: Record<string, number> | undefined, key: string) => counts?.[key] ?? 0;
    const byCategory = NOTICE_CATEGORIES.map((category) => ({
      category,
      euCategory: EU_CATEGORY[category]!,
      received: count(received.received, category),
      removed: count(received.removed, category),
      kept: count(received.kept, category),
      pending:
        count(received.received, category) -
        count(received.removed, category) -
        count(received.kept, category),
      medianHoursToDecision: medianHours(noticeTimes(category)),
    }));
    const ownInitiative = Object.entries(dimensions)
      .map(([key, n]) => {
        const [source, groundType, code, decision, detection, decided] = key.split('|');
        return { source, groundType, code, decision, detection, decided, count: n };
      })
      // Notices are counted in 1.3; a withdrawn statement's decision was undone (WITHDRAWN_REPORT_KEY).
      .filter((d) => d.source !== 'notice' && d.source !== WITHDRAWN_REPORT_KEY)
      .map((d) => {
        const reason = resolveRejectReason(site.policy, d.code ?? null);
        return {
          ground: d.groundType as 'terms' | 'law',
          reasonCode: d.code!,
          reference: reason.code === d.code ? reason.ground.reference : d.code!,
          type: d.decision!,
          detection: d.detection === 'auto' ? 'automated' : 'manual',
          decision: d.decided === 'auto' ? 'automated' : 'manual',
          count: d.count,
        };
      })
      .sort((a, b) => b.count - a.count || a.reasonCode.localeCompare(b.reasonCode));
    const appealTimes = appeals.decided.map((a) => a.decidedAt!.getTime() - a.receivedAt.getTime());
    const appealsReceived = Object.values(appeals.byOutcome).reduce((n, v) => n + v, 0);
    return {
      report: {
        siteId,
        siteName: site.name,
        from: period.start.toISOString(),
        to: period.end.toISOString(),
        generatedAt: new Date().toISOString(),
        template: 'Commission Implementing Regulation (EU) 2024/2835, Annex I, quantitative template',
      },
      notices: {
        received: byCategory.reduce((n, c) => n + c.received, 0),
        removed: byCategory.reduce((n, c) => n + c.removed, 0),
        kept: byCategory.reduce((n, c) => n + c.kept, 0),
        decidedByAutomatedMeans: decidedNotices.filter((n) => n.automated).length,
        medianHoursToDecision: medianHours(noticeTimes()),
        byCategory,
      },
      ownInitiative: {
        total: ownInitiative.reduce((n, d) => n + d.count, 0),
        items: ownInitiative,
      },
      appeals: {
        received: appealsReceived,
        upheld: count(appeals.byOutcome, 'upheld'),
        reversed: count(appeals.byOutcome, 'reversed'),
        pending: count(appeals.byOutcome, 'null'),
        medianHoursToDecision: medianHours(appealTimes),
      },
      truncated: decidedNotices.length >= MAX_READ,
    };
  }

  async #names(
    actions: Record<string, Record<string, number>>[],
    byPerson: { notices: Record<string, number>; appeals: Record<string, number> }[],
    d?: Deadline | null,
  ): Promise<Map<string, string>> {
    const ids = new Set<string>();
    for (const a of actions)
      for (const id of [...Object.keys(a.comments ?? {}), ...Object.keys(a.authors ?? {})]) ids.add(id);
    for (const p of byPerson)
      for (const id of [...Object.keys(p.notices), ...Object.keys(p.appeals)]) ids.add(id);
    const names = new Map<string, string>();
    await Promise.all(
      [...ids].map(async (id) => {
        const user = await this.deps.users.findById(id, d);
        names.set(id, user?.name ?? id);
      }),
    );
    return names;
  }
}

const pick = (counts: Record<string, number>, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, counts[k] ?? 0])) as Record<string, number>;

/** Actions per moderator, summed over the given periods: comment and author actions, notices and appeals decided. */
function workload(
  names: Map<string, string>,
  actions: Record<string, Record<string, number>>[],
  byPerson: { notices: Record<string, number>; appeals: Record<string, number> }[],
) {
  const rows = new Map<
    string,
    {
      id: string;
      name: string;
      comments: number;
      authors: number;
      notices: number;
      appeals: number;
      actions: number;
    }
  >();
  const row = (id: string) => {
    let r = rows.get(id);
    if (!r) {
      r = { id, name: names.get(id) ?? id, comments: 0, authors: 0, notices: 0, appeals: 0, actions: 0 };
      rows.set(id, r);
    }
    return r;
  };
  const add = (
    counts: Record<string, number> | undefined,
    field: 'comments' | 'authors' | 'notices' | 'appeals',
  ) => {
    for (const [id, n] of Object.entries(counts ?? {})) {
      if (id === 'null') continue;
      row(id)[field] += n;
      row(id).actions += n;
    }
  };
  for (const a of actions) {
    add(a.comments, 'comments');
    add(a.authors, 'authors');
  }
  for (const p of byPerson) {
    add(p.notices, 'notices');
    add(p.appeals, 'appeals');
  }
  return [...rows.values()].sort((a, b) => b.actions - a.actions || a.name.localeCompare(b.name));
}
