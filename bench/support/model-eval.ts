/**
 * bench:quality's "rules + per-site model" contender: the real risk model
 * (src/moderation/model/, RiskModels) learns, through the moderator's update
 * path (`learnFromModerator`), the labels of every split written before the
 * fresh one, as a moderator would decide them (approve → approve; hold or
 * reject → reject), then scores the fresh split without learning from it. It
 * holds as a site with `riskModel.hold: true`, the fixed threshold 0.8 (the
 * default) and the default decision count and precision floor would let it
 * (`assess`, the comment service's call): only an item the rules approve, only
 * while the shadow-mode gate is open. It never rejects. The automatic threshold
 * (`threshold: 'auto'`, opt-in) is chosen from the seen decisions' window
 * after the last of them, before the fresh split is scored, and its holds on
 * the fresh split are printed beside the fixed 0.8.
 *
 * Each seen item is also scored before the model learns it (what the service
 * stores when the comment is posted), so the whole set gets an honest figure
 * too: no item is scored by a model that learnt from it.
 */
import {
  DEFAULT_RISK_POLICY,
  RiskModels,
  type RiskPolicy,
  type RiskStatus,
  type RuleReason,
} from '../../src/moderation/model/risk-models.js';
import type {
  NewRiskEvent,
  RiskEvent,
  RiskLog,
  RiskSnapshot,
  StaleDecision,
} from '../../src/moderation/model/risk-store.js';
import type { EvalItem } from './eval-set.js';

export type Verdict = 'approve' | 'hold' | 'reject';

/** The rules on a text: their decision and their reasons (the engine's `moderate`). */
export interface Judged {
  decision: Verdict;
  reasons: readonly RuleReason[];
}

/**
 * The splits the model learns from: dev and test, then every held-out batch
 * written before the fresh one, oldest first. The fresh batch and any after it
 * are never learnt from.
 */
export function seenSplits(batches: readonly string[], fresh: string): string[] {
  const at = batches.indexOf(fresh);
  if (at < 0)
    throw new Error(`the fresh split ${fresh} is not one of the held-out batches ${batches.join(', ')}`);
  return ['dev', 'test', ...batches.slice(0, at)];
}

/** A fixed shuffle, so the stream's order is the same in every run. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Area under the ROC curve: the chance a random abusive item outranks a random clean one (NaN without both). */
export function rocAuc(scored: { score: number; abusive: boolean }[]): number {
  const pos = scored.filter((s) => s.abusive);
  const neg = scored.filter((s) => !s.abusive);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p.score > n.score ? 1 : p.score === n.score ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

/** RiskModels' log in memory, one site, no other writer: no gaps, no stale feature versions. */
export class MemoryRiskLog implements RiskLog {
  /** In seq order, event i holding seq i + 1. */
  readonly events: RiskEvent[] = [];
  /** Every decision recorded, `siteId decisionId`: a lookup, not a scan of the log per decision. */
  readonly #decisions = new Set<string>();
  #snapshot: RiskSnapshot | null = null;

  async append(event: NewRiskEvent, now = new Date()): Promise<number | null> {
    if (event.decisionId !== null && (await this.hasDecision(event.siteId, event.decisionId))) return null;
    const seq = this.events.length + 1;
    this.events.push({ ...event, seq, tombstone: false, at: now });
    if (event.decisionId !== null) this.#decisions.add(`${event.siteId} ${event.decisionId}`);
    return seq;
  }

  async eventsAfter(siteId: string, afterSeq: number, limit = 500): Promise<RiskEvent[]> {
    const after: RiskEvent[] = [];
    for (let i = Math.max(0, afterSeq); i < this.events.length && after.length < limit; i++) {
      const event = this.events[i]!;
      if (event.siteId === siteId) after.push(event);
    }
    return after;
  }

  async staleDecisions(): Promise<StaleDecision[]> {
    return [];
  }

  async hasDecision(siteId: string, decisionId: string): Promise<boolean> {
    return this.#decisions.has(`${siteId} ${decisionId}`);
  }

  async markUpgraded(): Promise<void> {}

  async tombstone(): Promise<boolean> {
    return false;
  }

  async loadSnapshot(): Promise<RiskSnapshot | null> {
    return this.#snapshot;
  }

  async saveSnapshot(snapshot: RiskSnapshot): Promise<boolean> {
    this.#snapshot = snapshot;
    return true;
  }
}

/** One item as the contender saw it: the rules' verdict, the model's score and whether it held. */
export interface ContenderItem {
  item: EvalItem;
  rules: Verdict;
  /** The rules' reasons the model was given with it (none when the run leaves them out). */
  reasons: readonly RuleReason[];
  /** The model's risk score when the item was posted (null before its first decision). */
  score: number | null;
  /** The model held it: the rules approved it, the gate was open and the score reached the threshold. */
  held: boolean;
  /** The gate was open when the item was posted. */
  gateOpen: boolean;
}

export interface ModelEval {
  trainedOn: string[];
  fresh: string;
  policy: RiskPolicy;
  /** The model's standing after learning, as it scored the fresh split. */
  status: RiskStatus;
  /** Its standing had the site set another threshold (SWEEP), on the same decisions. */
  sweep: { threshold: number; status: RiskStatus }[];
  /** Its standing with `threshold: 'auto'`: chosen from the seen decisions only, before the fresh split. */
  auto: RiskStatus;
  /** The seen items in the order learnt, each scored before the model learnt it. */
  seen: ContenderItem[];
  freshItems: ContenderItem[];
}

const SITE = 'bench-quality';
/** Thresholds a site may set (the policy allows 0.5 to 1), for the sweep; the default is added. */
const SWEEP = [0.5, 0.6, 0.7];
/** The fixed threshold the contender holds at (the default; `auto` is opt-in). */
const FIXED = 0.8;
/** The seed of each split's fixed shuffle: a moderator decides a mix of categories, not one file after another. */
const SEED = 15;

/**
 * Replays the seen splits through the model as moderator decisions and scores
 * the fresh one. `log` is where the decisions go (a test reads it back).
 */
export async function evaluateModel(
  items: readonly EvalItem[],
  options: {
    batches: readonly string[];
    fresh: string;
    judge: (text: string) => Judged;
    log?: MemoryRiskLog;
    /** Of each split's fixed shuffle (default SEED). */
    seed?: number;
    /** False: the model is given no rules' reasons (version 4's features, text only), for a comparison in one run. */
    reasons?: boolean;
  },
): Promise<ModelEval> {
  const trainedOn = seenSplits(options.batches, options.fresh);
  // A site that lets the model hold at the fixed 0.8, with the default decision count and floor.
  const policy: RiskPolicy = { ...DEFAULT_RISK_POLICY, hold: true, threshold: FIXED };
  // A fixed clock: no background sync between decisions (each decision syncs before it returns).
  const risk = new RiskModels(options.log ?? new MemoryRiskLog(), { now: () => 0 });
  const reasonsOf = (judged: Judged) => (options.reasons === false ? [] : judged.reasons);
  const see = async (item: EvalItem): Promise<ContenderItem> => {
    const judged = options.judge(item.text);
    const rules = judged.decision;
    const reasons = reasonsOf(judged);
    // As the comment service assesses a new comment: with the rules' reasons for it.
    const assessment = await risk.assess(SITE, policy, item.text, reasons);
    const { holding } = await risk.status(SITE, policy);
    return {
      item,
      rules,
      reasons,
      score: assessment.risk?.score ?? null,
      held: rules === 'approve' && assessment.hold,
      gateOpen: holding,
    };
  };
  const seen: ContenderItem[] = [];
  for (const split of trainedOn) {
    for (const item of shuffled(
      items.filter((i) => i.split === split),
      options.seed ?? SEED,
    )) {
      const c = await see(item);
      seen.push(c);
      const id = `${item.split}/${item.id}`;
      await risk.learnFromModerator({
        siteId: SITE,
        commentId: id,
        decisionId: id,
        body: item.text,
        // As stored with the comment when it was posted.
        reasons: c.reasons,
        action: item.label === 'approve' ? 'approve' : 'reject',
        // As the service records it: the rules' verdict when the comment was posted.
        rules: c.rules,
      });
    }
  }
  const status = await risk.status(SITE, policy);
  const sweep: ModelEval['sweep'] = [];
  for (const threshold of [...SWEEP, FIXED])
    sweep.push({ threshold, status: await risk.status(SITE, { ...policy, threshold }) });
  // Chosen here, from the seen decisions' window: the fresh split is not scored yet.
  const auto = await risk.status(SITE, { ...policy, threshold: 'auto' });
  const freshItems: ContenderItem[] = [];
  for (const item of items.filter((i) => i.split === options.fresh)) freshItems.push(await see(item));
  return { trainedOn, fresh: options.fresh, policy, status, sweep, auto, seen, freshItems };
}

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);
const auc = (v: number): string => (Number.isNaN(v) ? '    –' : v.toFixed(3).padStart(5));
const RULES_SCORE: Record<Verdict, number> = { approve: 0, hold: 1, reject: 2 };

/** Caught = not published (hold or reject): by the rules alone, and by the rules with the model's holds. */
function caught(items: ContenderItem[], withModel: boolean, held = (c: ContenderItem) => c.held) {
  const flagged = (c: ContenderItem) => c.rules !== 'approve' || (withModel && held(c));
  const rejectWorthy = items.filter((c) => c.item.label === 'reject');
  const abusive = items.filter((c) => c.item.label !== 'approve');
  const clean = items.filter((c) => c.item.label === 'approve');
  return {
    reject: pct(rejectWorthy.filter(flagged).length, rejectWorthy.length),
    abusive: pct(abusive.filter(flagged).length, abusive.length),
    cleanFp: pct(clean.filter(flagged).length, clean.length),
    holds: withModel ? items.filter((c) => held(c)).length : 0,
    /** The model's holds that were abusive: the precision a site's floor is about. */
    holdPrecision: withModel
      ? pct(
          items.filter((c) => held(c) && c.rules === 'approve' && c.item.label !== 'approve').length,
          items.filter((c) => held(c) && c.rules === 'approve').length,
        )
      : '–',
  };
}

/** bench:quality's lines for the contender (printed after the tables it already prints). */
export function modelEvalLines(result: ModelEval): string[] {
  const { policy, status, fresh, freshItems, seen } = result;
  const lines: string[] = [];
  lines.push(
    `Rules + per-site model (src/moderation/model/), ${fresh} scored blind. The model only ever holds (never rejects), and only what the rules approve.`,
  );
  lines.push(
    `It learnt ${status.decisions} moderator decisions through learnFromModerator, in order: ${result.trainedOn.join(', ')} (each split in a fixed shuffle; approve → approve, hold or reject → reject); none from ${fresh}.`,
  );
  const precision =
    status.precision === null ? 'none (it scored no decision at the threshold)' : status.precision.toFixed(3);
  lines.push(
    `Shadow-mode gate (site policy with hold: true and the fixed threshold ${policy.threshold}, the default; defaults: minDecisions ${policy.minDecisions}, precision floor ${policy.precisionFloor} over the last ${policy.window} decisions on items the rules approved): ` +
      `${status.decisions} decisions, precision ${precision} on ${status.measuredOn} → ${status.holding ? 'OPEN: the model would hold' : 'SHUT: the model would stay in shadow mode and change nothing'}`,
  );
  lines.push(
    `ROC AUC on ${fresh} (abusive vs clean), the model's score alone and the rules' decision (approve 0, hold 1, reject 2):`,
  );
  lines.push(`${'category'.padEnd(16)}${'items'.padStart(5)}${'model'.padStart(7)}${'rules'.padStart(7)}`);
  const categories = [...new Set(freshItems.map((c) => c.item.category))].sort();
  const aucOf = (items: ContenderItem[], by: 'model' | 'rules') =>
    rocAuc(
      items.map((c) => ({
        score: by === 'model' ? (c.score ?? 0) : RULES_SCORE[c.rules],
        abusive: c.item.label !== 'approve',
      })),
    );
  for (const category of [...categories, 'all']) {
    const items = category === 'all' ? freshItems : freshItems.filter((c) => c.item.category === category);
    lines.push(
      `${category.padEnd(16)}${String(items.length).padStart(5)}  ${auc(aucOf(items, 'model'))}  ${auc(aucOf(items, 'rules'))}`,
    );
  }
  lines.push(
    `(whole set, each seen item scored before the model learnt it: model ${auc(aucOf([...seen, ...freshItems], 'model')).trim()}, rules ${auc(aucOf([...seen, ...freshItems], 'rules')).trim()})`,
  );
  lines.push('Caught = held or rejected, not published:');
  lines.push(
    `${'contender'.padEnd(36)}${'set'.padEnd(11)}${'reject-worthy caught'.padStart(21)}${'abusive caught'.padStart(15)}${'clean FP'.padStart(10)}${'model holds'.padStart(12)}`,
  );
  const wouldHold = (c: ContenderItem) => c.rules === 'approve' && c.score !== null && c.score >= FIXED;
  const sets: [string, ContenderItem[]][] = [
    [fresh, freshItems],
    ['whole set', [...seen, ...freshItems]],
  ];
  for (const [name, items] of sets) {
    const rows: [string, ReturnType<typeof caught>][] = [
      ['rules alone', caught(items, false)],
      ['rules + model (as the gate allows)', caught(items, true)],
      ['rules + model (gate forced open)', caught(items, true, wouldHold)],
    ];
    for (const [label, c] of rows) {
      lines.push(
        `${label.padEnd(36)}${name.padEnd(11)}${c.reject.padStart(21)}${c.abusive.padStart(15)}${c.cleanFp.padStart(10)}${String(c.holds).padStart(12)}`,
      );
    }
  }
  const open = seen.filter((c) => c.gateOpen).length;
  lines.push(
    `(whole set: the gate as it stood when each item was posted; it was open for ${open} of the ${seen.length} seen items and ${freshItems.filter((c) => c.gateOpen).length} of the ${freshItems.length} ${fresh} items)`,
  );
  lines.push(
    `Had the site set another threshold (the gate measured at it on the same last ${policy.window} decisions on items the rules approved; ${fresh} figures, so choosing one from them would read the fresh split):`,
  );
  lines.push(
    `${'threshold'.padEnd(10)}${'gate precision'.padStart(15)}${'gate'.padStart(6)}${'reject-worthy caught'.padStart(21)}${'abusive caught'.padStart(15)}${'clean FP'.padStart(10)}${'model holds'.padStart(12)}`,
  );
  for (const { threshold, status: at } of result.sweep) {
    const c = caught(
      freshItems,
      true,
      (i) => at.holding && i.rules === 'approve' && i.score !== null && i.score >= threshold,
    );
    lines.push(
      `${String(threshold).padEnd(10)}${(at.precision === null ? '–' : at.precision.toFixed(3)).padStart(15)}${(at.holding ? 'open' : 'shut').padStart(6)}${c.reject.padStart(21)}${c.abusive.padStart(15)}${c.cleanFp.padStart(10)}${String(c.holds).padStart(12)}`,
    );
  }
  const { auto } = result;
  const autoCaught = caught(
    freshItems,
    true,
    (i) =>
      auto.holding &&
      auto.threshold !== null &&
      i.rules === 'approve' &&
      i.score !== null &&
      i.score >= auto.threshold,
  );
  const fixed = result.sweep.find((s) => s.threshold === FIXED);
  const fixedCaught = caught(
    freshItems,
    true,
    (i) => fixed?.status.holding === true && i.rules === 'approve' && i.score !== null && i.score >= FIXED,
  );
  const fig = (v: number | null) => (v === null ? '–' : v.toFixed(3));
  lines.push(
    `Automatic threshold (threshold "auto", opt-in: the lowest of 0.50, 0.51, …, 0.99 with precision ≥ ${policy.precisionFloor} and ≥ ${policy.minPositives} rejections at or above it over the last ${policy.window} seen decisions on items the rules approved, each scored before it was learnt; chosen before ${fresh} was scored): ` +
      (auto.threshold === null
        ? 'none qualifies → SHUT (shadow mode)'
        : `${auto.threshold.toFixed(2)}, precision ${fig(auto.precision)}, recall ${fig(auto.recall)} (${auto.positives} rejections) on ${auto.measuredOn} → ${auto.holding ? 'OPEN' : 'SHUT'}`),
  );
  lines.push(
    `${'threshold'.padEnd(36)}${'set'.padEnd(11)}${'reject-worthy caught'.padStart(21)}${'abusive caught'.padStart(15)}${'clean FP'.padStart(10)}${'model holds'.padStart(12)}${'holds abusive'.padStart(17)}`,
  );
  const autoLabel = `auto (${auto.threshold === null ? 'none' : auto.threshold.toFixed(2)})`;
  for (const [label, c] of [
    [`fixed ${FIXED}`, fixedCaught],
    [autoLabel, autoCaught],
  ] as const) {
    lines.push(
      `${label.padEnd(36)}${fresh.padEnd(11)}${c.reject.padStart(21)}${c.abusive.padStart(15)}${c.cleanFp.padStart(10)}${String(c.holds).padStart(12)}${c.holdPrecision.padStart(17)}`,
    );
  }
  return lines;
}

/**
 * Leave-later-batch-out folds for choosing the model's features and settings on
 * seen batches only (`npm run bench:quality -- --model-cv`): for each fold the
 * model learns dev, test and the batches before it, in order, and scores the
 * fold's batch blind. The newest blind batch is never a fold: nothing is chosen on it.
 */
export const CV_FOLDS = ['holdout5', 'holdout6', 'holdout7', 'holdout8'] as const;

/** One fold: the model's ROC AUC on the blind batch, and what the rules alone and with the model's holds catch. */
export interface FoldResult {
  fresh: string;
  decisions: number;
  items: number;
  /** `approved`: among the items the rules approved, the only ones the model can hold. */
  auc: { all: number; threat: number; implicit: number; approved: number };
  rulesAuc: number;
  /** Reject-worthy items caught (held or rejected), 0..1: the rules alone and with the model's holds as the gate allows. */
  rejectCaught: { rules: number; withModel: number };
  /** Clean items flagged, 0..1, the same two ways. */
  cleanFp: { rules: number; withModel: number };
  /** The gate as the blind batch was scored, and the model's holds on it. */
  gateOpen: boolean;
  holds: number;
}

/** Runs the folds (each a full `evaluateModel`); `batches` must hold every fold and nothing after the last. */
export async function modelCv(
  items: readonly EvalItem[],
  options: {
    batches: readonly string[];
    judge: (text: string) => Judged;
    folds?: readonly string[];
    reasons?: boolean;
  },
): Promise<FoldResult[]> {
  const results: FoldResult[] = [];
  for (const fresh of options.folds ?? CV_FOLDS) {
    const result = await evaluateModel(items, {
      batches: options.batches,
      fresh,
      judge: options.judge,
      reasons: options.reasons,
    });
    const of = (wanted: (c: ContenderItem) => boolean = () => true) =>
      rocAuc(
        result.freshItems
          .filter(wanted)
          .map((c) => ({ score: c.score ?? 0, abusive: c.item.label !== 'approve' })),
      );
    const share = (wanted: (c: ContenderItem) => boolean, flagged: (c: ContenderItem) => boolean) => {
      const among = result.freshItems.filter(wanted);
      return among.filter(flagged).length / among.length;
    };
    const byRules = (c: ContenderItem) => c.rules !== 'approve';
    const byBoth = (c: ContenderItem) => c.rules !== 'approve' || c.held;
    const rejectWorthy = (c: ContenderItem) => c.item.label === 'reject';
    const clean = (c: ContenderItem) => c.item.label === 'approve';
    results.push({
      fresh,
      decisions: result.status.decisions,
      items: result.freshItems.length,
      auc: {
        all: of(),
        threat: of((c) => c.item.category === 'threat'),
        implicit: of((c) => c.item.category === 'implicit'),
        approved: of((c) => c.rules === 'approve'),
      },
      rulesAuc: rocAuc(
        result.freshItems.map((c) => ({ score: RULES_SCORE[c.rules], abusive: c.item.label !== 'approve' })),
      ),
      rejectCaught: { rules: share(rejectWorthy, byRules), withModel: share(rejectWorthy, byBoth) },
      cleanFp: { rules: share(clean, byRules), withModel: share(clean, byBoth) },
      gateOpen: result.status.holding,
      holds: result.freshItems.filter((c) => c.held).length,
    });
  }
  return results;
}

/** The fold table, with the mean of each column over the folds. */
export function modelCvLines(folds: FoldResult[]): string[] {
  const p = (v: number) => `${(100 * v).toFixed(1)}`;
  const head = ['fold', 'learnt', 'items', 'AUC all', 'threat', 'implicit', 'approved', 'rules AUC'];
  const tail = ['caught: rules', '+model', 'clean FP: rules', '+model', 'gate', 'holds'];
  const widths = [...head, ...tail].map((h) => Math.max(9, h.length + 2));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(10) : c.padStart(widths[i]!))).join('');
  const lines = [
    `Model CV: leave-later-batch-out (learn dev, test, holdout2 … the batch before the fold, in order; score the fold blind). AUC of the model's score; approved = among the items the rules approved (what it can hold); rules AUC = the rules' decision as a score. Caught = reject-worthy held or rejected, %; clean FP %; +model = with the model's holds as the gate allows (fixed threshold ${FIXED}).`,
    line([...head, ...tail]),
  ];
  const row = (name: string, f: Omit<FoldResult, 'fresh' | 'gateOpen'> & { gate: string }) =>
    line([
      name,
      String(f.decisions),
      String(f.items),
      auc(f.auc.all),
      auc(f.auc.threat),
      auc(f.auc.implicit),
      auc(f.auc.approved),
      auc(f.rulesAuc),
      p(f.rejectCaught.rules),
      p(f.rejectCaught.withModel),
      p(f.cleanFp.rules),
      p(f.cleanFp.withModel),
      f.gate,
      String(f.holds),
    ]);
  for (const f of folds) lines.push(row(f.fresh, { ...f, gate: f.gateOpen ? 'open' : 'shut' }));
  const mean = (get: (f: FoldResult) => number) => folds.reduce((s, f) => s + get(f), 0) / folds.length;
  lines.push(
    row('mean', {
      decisions: Math.round(mean((f) => f.decisions)),
      items: Math.round(mean((f) => f.items)),
      auc: {
        all: mean((f) => f.auc.all),
        threat: mean((f) => f.auc.threat),
        implicit: mean((f) => f.auc.implicit),
        approved: mean((f) => f.auc.approved),
      },
      rulesAuc: mean((f) => f.rulesAuc),
      rejectCaught: {
        rules: mean((f) => f.rejectCaught.rules),
        withModel: mean((f) => f.rejectCaught.withModel),
      },
      cleanFp: { rules: mean((f) => f.cleanFp.rules), withModel: mean((f) => f.cleanFp.withModel) },
      gate: `${folds.filter((f) => f.gateOpen).length}/${folds.length} open`,
      holds: Math.round(mean((f) => f.holds)),
    }),
  );
  return lines;
}
