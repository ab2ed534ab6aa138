import type { Deadline } from '../../platform/http/request-deadline.js';
/**
 * The per-site risk model: online logistic regression (FTRL, ftrl.ts) over
 * hashed character n-grams and words of the engine's normalised text
 * (features.ts), learning from every moderator approve/reject and appeal
 * outcome of the site, stored in MongoDB (risk-store.ts) and shared by every
 * instance. It gives each new comment a risk score with the n-grams that weighed
 * most; a site may let it hold (never reject) comments above a threshold once it
 * has learnt from enough decisions and its precision on the most recent
 * held-out decisions passes the site's floor. Until then it runs in shadow mode:
 * scores are stored and shown, and change nothing.
 *
 * Used by: comments (scores and maybe holds each new comment), moderation-queue
 * (`learnFromModerator` after an applied approve/reject), appeals
 * (`learnFromAppeal` when an appeal is decided; see docs/MODERATION.md).
 */
import { NormalisedText, normalise } from '../engine/normalise.js';
import {
  explanation,
  extractFeatures,
  FEATURE_VERSION,
  FeatureVector,
  ReasonFeatures,
  type RuleReason,
  reasonFeatures,
  scoreText,
  TextScore,
} from './features.js';
import type { BaseModel } from './base-model.js';
import { DEFAULT_FTRL, FtrlModel, SCORING_SCALE, sigmoid } from './ftrl.js';
import type { Logger } from '../../platform/logger.js';
import type { RiskLog, RiskSnapshot } from './risk-store.js';
import {
  type AtThreshold,
  chooseThreshold,
  type HeldOut,
  measureAt,
  type RulesVerdict,
} from './threshold.js';

import type { Risk } from './risk.js';

export type { Risk, RuleReason, RulesVerdict };

/** A site's settings for the model (site policy `riskModel`). */
export interface RiskPolicy {
  /** Let the model hold comments above `threshold` once it qualifies (never reject). */
  hold: boolean;
  /**
   * A fixed threshold, or `auto`: the lowest threshold whose precision over the
   * window reaches `precisionFloor` with `minPositives` rejections above it (threshold.ts).
   */
  threshold: number | 'auto';
  /** Decisions learnt before the model may hold. */
  minDecisions: number;
  /**
   * Precision at the threshold it must reach over the most recent `window`
   * held-out decisions on comments the rules approved (the only ones it can hold).
   */
  precisionFloor: number;
  window: number;
  /** `auto` only: rejected decisions in the window scoring at or above a threshold before it may be chosen. */
  minPositives: number;
  /**
   * With `hold`: until the site's own gate has its `minDecisions` decisions and a full window,
   * the shipped base model's gate decides (its out-of-fold window, base-model.ts): it holds at
   * the threshold chosen there for `precisionFloor` (or the site's fixed threshold when higher).
   * Off by default: a site opts in to holds from day one.
   */
  baseHold: boolean;
}

export const DEFAULT_RISK_POLICY: RiskPolicy = {
  hold: false,
  threshold: 0.8,
  minDecisions: 200,
  precisionFloor: 0.9,
  window: 200,
  minPositives: 20,
  baseHold: false,
};

/** How the model stands for a site, for the workbench and the decision to hold. */
export interface RiskStatus {
  version: number;
  decisions: number;
  /** Precision at the threshold over the recent held-out decisions; null when it flagged none (or none chosen). */
  precision: number | null;
  /** Held-out decisions the precision is measured on (on comments the rules approved). */
  measuredOn: number;
  /** The model may hold comments now (the site wants it and it qualifies). */
  holding: boolean;
  /** `fixed`: the site's threshold; `auto`: chosen by precision from the window (threshold.ts). */
  thresholdMode: 'fixed' | 'auto';
  /** The threshold it holds at; null when `auto` found none that qualifies (shadow mode). */
  threshold: number | null;
  /** Share of the window's rejections scoring at or above the threshold; null when none (or none chosen). */
  recall: number | null;
  /** Rejections in the window scoring at or above the threshold. */
  positives: number;
  /**
   * Whose gate this is: `site`, the site's own window; `base`, the shipped base model's
   * out-of-fold window (`baseHold`, while the site's own has too few decisions).
   */
  gate: 'site' | 'base';
  /** The shipped base model the site's model learns on top of (its id); null: none, it learns from nothing. */
  baseModel: string | null;
}

/** `hold`: the site lets the model hold and this comment scores at or above `threshold`. */
export type Assessment =
  | { risk: Risk; hold: true; threshold: number }
  | {
      risk: Risk | null;
      hold: false;
      /** The threshold it would hold at (null: `auto` chose none). */
      threshold: number | null;
    };

/** Events older than this behind a gap in the log mean the gap's writer died: the gap is tombstoned. */
export const GAP_TIMEOUT_MS = 15_000;
/** A cached model is brought up to date in the background at most this often. */
const SYNC_INTERVAL_MS = 1000;
const SNAPSHOT_EVERY = 50;
/** Held-out decisions kept for the gate's window (the policy's `window` is at most 1000). */
const RECENT_KEPT = 1000;
/**
 * What a snapshot's `recent` holds (risk-store.ts): 2, only decisions on
 * comments the rules approved; a snapshot of another version (1: every
 * decision, the verdict not recorded) starts with an empty window.
 */
export const WINDOW_VERSION = 2;
/**
 * Items in a score's explanation, from the KEPT heaviest words, pairs and the
 * reasons (features.ts, `explanation`: a word at two places is one item).
 */
const TOP_FEATURES = 5;
const KEPT = 8;
/**
 * The least an item must add to the score's logit to be shown as a push (the weight as shown:
 * its weights × the features' value): below it, a function word ("og", "at", "å") that weighs a
 * little in every text. 0.1 moves a score of 50 % by 2.5 points.
 */
export const MIN_PUSH = 0.1;
/** The prefix an upgrade puts before a decision's id (see `#upgrade`). */
const UPGRADED_ID = /^v\d+:/;

interface SiteModel {
  model: FtrlModel;
  applied: number;
  decisions: number;
  snapshotVersion: number;
  /**
   * The gate's window: held-out scores of the most recent decisions on comments
   * the rules approved, each scored before the model learnt it (at most RECENT_KEPT).
   */
  recent: { score: number; label: 0 | 1 }[];
  syncedAt: number;
  syncing: Promise<void> | null;
  /** Decisions of an older feature version being learnt again (see `#upgrade`), while it runs. */
  upgrading: Promise<void> | null;
  /** `#upgrade` has finished (false after a failure: tried again with the next background sync). */
  upgraded: boolean;
  /** The gate as last measured, for the model version and the policy it was measured under. */
  gate: { version: number; policy: RiskPolicy; status: RiskStatus } | null;
}

/** A decided comment as stored: its body and the rules' reasons when it was posted. */
export interface DecidedComment {
  body: string;
  reasons: readonly RuleReason[];
}

/** The comments decided on a site by id (`CommentRepository.findManyOnSite`). */
export type CommentBodies = (siteId: string, commentIds: string[]) => Promise<Map<string, DecidedComment>>;

export interface RiskModelsOptions {
  gapTimeoutMs?: number;
  now?: () => number;
  /**
   * Where the comments decided on are read when the features change: the decisions
   * stored under an older FEATURE_VERSION are learnt again from them. Without it,
   * such decisions are left out (the model starts again, in shadow mode).
   */
  bodies?: CommentBodies;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /**
   * The shipped base model (base-model.ts, `loadBaseModel`): every site's model learns on top
   * of it and a site with no decisions scores with it alone. Without it a site learns from nothing.
   */
  base?: BaseModel | null;
}

/** Scores texts under a model, with the features that pushed the score up (buffers reused: synchronous). */
export class RiskScorer {
  readonly #text = new NormalisedText();
  readonly #found = new TextScore();
  readonly #reasons = new ReasonFeatures();

  /**
   * `text` as the engine normalised it (the same `NormalisedText` it moderated),
   * or raw; `reasons`: the rules' reasons for it (the engine's, as stored with the comment).
   */
  score(
    model: FtrlModel,
    version: number,
    text: string | NormalisedText,
    reasons: readonly RuleReason[] = [],
  ): Risk {
    const norm = typeof text === 'string' ? normalise(text, this.#text) : text;
    const fired = reasonFeatures(reasons, this.#reasons);
    const found = scoreText(norm, model.scoring, KEPT, this.#found, fired);
    // Each feature's value is 1/√count; weights are in SCORING_SCALE units.
    const value = 1 / Math.sqrt(found.count) / SCORING_SCALE;
    // The explanation's items, their weights scaled as the score's (in place: fresh objects).
    const top: Risk['top'] = explanation(norm, found, fired, TOP_FEATURES);
    for (const item of top) item.weight = Math.round(item.weight * value * 10_000) / 10_000;
    // Heaviest first: what weighs less than MIN_PUSH is at the end.
    while (top.length > 0 && top[top.length - 1]!.weight < MIN_PUSH) top.pop();
    return { score: Math.round(sigmoid(found.sum * value) * 10_000) / 10_000, modelVersion: version, top };
  }
}

export class RiskModels {
  readonly #sites = new Map<string, SiteModel>();
  readonly #features = new FeatureVector();
  readonly #text = new NormalisedText();
  readonly #reasons = new ReasonFeatures();
  readonly #scorer = new RiskScorer();

  constructor(
    private readonly store: RiskLog,
    private readonly options: RiskModelsOptions = {},
  ) {}

  #now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The site's model, loaded on first use and kept up to date in the background after that. */
  async #site(siteId: string, d?: Deadline | null): Promise<SiteModel> {
    let site = this.#sites.get(siteId);
    if (site === undefined) {
      site = this.#fromSnapshot(await this.store.loadSnapshot(siteId, d));
      // Another call may have loaded it meanwhile: keep one.
      const loaded = this.#sites.get(siteId);
      if (loaded === undefined) this.#sites.set(siteId, site);
      else site = loaded;
      await this.#upgradeOnce(siteId, site, d);
      await this.sync(siteId, d);
    } else if (this.#now() - site.syncedAt > SYNC_INTERVAL_MS && site.syncing === null) {
      const loaded = site;
      this.#upgradeOnce(siteId, loaded, d)
        .then(() => this.sync(siteId, d))
        .catch(() => {
          // A failed background sync is retried on the next use; scores come from the model as it is.
        });
    }
    return site;
  }

  /** The base model's id, or null (what a snapshot records as `baseModel`). */
  get #baseId(): string | null {
    return this.options.base?.id ?? null;
  }

  #newModel(): FtrlModel {
    return new FtrlModel(DEFAULT_FTRL, this.options.base?.weights ?? null);
  }

  #fromSnapshot(snapshot: RiskSnapshot | null): SiteModel {
    if (
      snapshot === null ||
      snapshot.featureVersion !== FEATURE_VERSION ||
      snapshot.baseModel !== this.#baseId
    ) {
      // Learnt on another base (or none): the same events are learnt again on this one, from the
      // start of the log. Of another feature version: the events up to the snapshot are of that
      // version (skipped when applied) and are learnt again as new events after it (`#upgrade`).
      const from = snapshot !== null && snapshot.featureVersion !== FEATURE_VERSION ? snapshot.version : 0;
      return {
        model: this.#newModel(),
        applied: from,
        decisions: 0,
        snapshotVersion: from,
        recent: [],
        syncedAt: 0,
        syncing: null,
        upgrading: null,
        upgraded: false,
        gate: null,
      };
    }
    return {
      model: FtrlModel.fromSparse(snapshot, DEFAULT_FTRL, this.options.base?.weights ?? null),
      applied: snapshot.version,
      decisions: snapshot.decisions,
      snapshotVersion: snapshot.version,
      // A window stored before the rules' verdict was recorded mixes in decisions the model
      // could never have acted on, and which they are is not known: it is not used.
      recent: snapshot.windowVersion === WINDOW_VERSION ? snapshot.recent.slice(-RECENT_KEPT) : [],
      syncedAt: 0,
      syncing: null,
      upgrading: null,
      upgraded: false,
      gate: null,
    };
  }

  /**
   * Learns again, under today's features, the site's decisions stored under an
   * older FEATURE_VERSION: each comment decided on is read again and its decision
   * appended as a new event (decisionId `v<version>:<first id>`: once, whichever
   * instance gets there first), then the old event is marked done. A decision whose
   * comment is gone (erased) is marked done and left out. Runs once per site when an
   * instance first loads it, before the model catches up with the log; after a
   * failure (logged) the model scores from what it has and the next sync tries again.
   */
  async #upgradeOnce(siteId: string, site: SiteModel, d?: Deadline | null): Promise<void> {
    if (site.upgraded) return;
    site.upgrading ??= this.#upgrade(siteId, d).then(
      (done) => {
        site.upgraded = done;
        site.upgrading = null;
      },
      () => {
        site.upgrading = null;
      },
    );
    await site.upgrading;
  }

  /** See `#upgradeOnce`. True when done, false after a failure (logged). */
  async #upgrade(siteId: string, d?: Deadline | null): Promise<boolean> {
    const bodies = this.options.bodies;
    if (bodies === undefined) return true;
    let learnt = 0;
    let lost = 0;
    try {
      for (;;) {
        const stale = await this.store.staleDecisions(siteId, FEATURE_VERSION, undefined, d);
        if (stale.length === 0) break;
        const ids = [...new Set(stale.flatMap((e) => (e.commentId === null ? [] : [e.commentId])))];
        const found = await bodies(siteId, ids);
        for (const e of stale) {
          const comment = e.commentId === null ? undefined : found.get(e.commentId);
          if (comment === undefined || e.decisionId === null) {
            lost++;
            continue;
          }
          // The decision's first id (`v2:d1` learnt again is `v3:d1`), so a decision appended
          // again by an upgrade that died before marking its old event is still learnt once.
          const decisionId = `v${FEATURE_VERSION}:${e.decisionId.replace(UPGRADED_ID, '')}`;
          if (!(await this.store.hasDecision(siteId, decisionId, d))) {
            await this.store.append(
              {
                siteId,
                decisionId,
                commentId: e.commentId,
                label: e.label,
                importance: e.importance,
                source: e.source,
                rules: e.rules,
                featureVersion: FEATURE_VERSION,
                features: this.#featuresOf(comment.body, comment.reasons),
              },
              undefined,
              d,
            );
          }
          learnt++;
        }
        await this.store.markUpgraded(
          siteId,
          stale.map((d) => d.seq),
          FEATURE_VERSION,
          d,
        );
      }
    } catch (err) {
      this.options.logger?.warn(
        { err, siteId, featureVersion: FEATURE_VERSION, learnt },
        'risk model: learning the decisions of an older feature version again failed; tried again with the next sync',
      );
      return false;
    }
    if (learnt + lost > 0) {
      this.options.logger?.info(
        { siteId, featureVersion: FEATURE_VERSION, learnt, lost },
        'risk model: decisions of an older feature version learnt again from their comments (lost: comment gone)',
      );
    }
    return true;
  }

  /** Applies every event of the site's log this instance has not applied yet, in seq order. */
  async sync(siteId: string, d?: Deadline | null): Promise<void> {
    const site = this.#sites.get(siteId) ?? (await this.#site(siteId, d));
    while (site.syncing !== null) await site.syncing;
    site.syncing = this.#catchUp(siteId, site, d).finally(() => {
      site.syncing = null;
    });
    await site.syncing;
  }

  async #catchUp(siteId: string, site: SiteModel, d?: Deadline | null): Promise<void> {
    for (;;) {
      const events = await this.store.eventsAfter(siteId, site.applied, undefined, d);
      if (events.length === 0) break;
      let stalled = false;
      for (const event of events) {
        if (event.seq !== site.applied + 1) {
          // A gap: its writer is slow, or died between taking the seq and writing.
          const waited = this.#now() - event.at.getTime();
          if (waited < (this.options.gapTimeoutMs ?? GAP_TIMEOUT_MS)) {
            stalled = true;
            break;
          }
          await this.store.tombstone(siteId, site.applied + 1, undefined, d);
          // Whatever holds that seq now (the tombstone, or the event that won) is read next round.
          stalled = false;
          break;
        }
        this.#apply(
          site,
          event.tombstone,
          event.featureVersion,
          event.features,
          event.label,
          event.importance,
          event.rules,
        );
        site.applied = event.seq;
      }
      if (stalled) break;
    }
    site.syncedAt = this.#now();
    if (site.applied - site.snapshotVersion >= SNAPSHOT_EVERY) {
      const { indices, z, n } = site.model.toSparse();
      await this.store.saveSnapshot(
        {
          siteId,
          version: site.applied,
          featureVersion: FEATURE_VERSION,
          decisions: site.decisions,
          indices,
          z,
          n,
          // A copy: the store may keep the object (the bench's in-memory log does), and `recent` moves on.
          recent: site.recent.slice(),
          windowVersion: WINDOW_VERSION,
          baseModel: this.#baseId,
        },
        d,
      );
      site.snapshotVersion = site.applied;
    }
  }

  #apply(
    site: SiteModel,
    tombstone: boolean,
    featureVersion: number,
    indices: Int32Array,
    label: 0 | 1,
    importance: number,
    rules: RulesVerdict | null,
  ): void {
    if (tombstone || featureVersion !== FEATURE_VERSION || indices.length === 0) return;
    const features = this.#features;
    features.reset();
    for (let k = 0; k < indices.length; k++) features.push(indices[k]!);
    features.value = 1 / Math.sqrt(features.count);
    // Scored before it learns from it: a held-out measurement of the model as it was, kept
    // for the gate only where the model could have acted: a comment the rules approved.
    if (rules === 'approve') {
      site.recent.push({ score: site.model.predict(features), label });
      if (site.recent.length > RECENT_KEPT) site.recent.splice(0, site.recent.length - RECENT_KEPT);
    }
    site.model.update(features, label, importance);
    site.decisions++;
  }

  /** The features of a text and the rules' reasons for it, as stored in an event. */
  #featuresOf(text: string, reasons: readonly RuleReason[]): Int32Array {
    extractFeatures(normalise(text, this.#text), this.#features, reasonFeatures(reasons, this.#reasons));
    return this.#features.indices.slice(0, this.#features.count);
  }

  /**
   * Learns from a moderator's approve (label 0) or reject (label 1) of a
   * comment. `decisionId` (the action's audit id) makes a retried call one
   * decision. `rules`: what the rules decided on the comment when it was posted
   * (`rulesVerdictOf`; null when not known): only decisions on comments the rules
   * approved count in the gate's window. `reasons`: the rules' reasons stored with
   * the comment when it was posted (its `moderation.reasons`), so the decision learns
   * the features the comment was scored with. Resolves once this instance has applied it.
   */
  async learnFromModerator(
    input: {
      siteId: string;
      commentId: string;
      decisionId: string;
      body: string;
      reasons: readonly RuleReason[];
      action: 'approve' | 'reject';
      rules: RulesVerdict | null;
    },
    d?: Deadline | null,
  ): Promise<void> {
    await this.#learn(
      input.siteId,
      input.commentId,
      input.decisionId,
      input.body,
      input.reasons,
      input.action === 'reject' ? 1 : 0,
      1,
      'moderator',
      input.rules,
      d,
    );
  }

  /**
   * Learns from an appeal's outcome: `restored` (the rejection was wrong, the
   * comment is published) teaches "fine", an upheld rejection teaches "reject".
   * An appeal is a second, considered look, so it weighs twice a first decision.
   * `appealId` makes a retried call one decision; `reasons` and `rules` as for `learnFromModerator`.
   */
  async learnFromAppeal(input: {
    siteId: string;
    commentId: string;
    appealId: string;
    body: string;
    reasons: readonly RuleReason[];
    restored: boolean;
    rules: RulesVerdict | null;
  }): Promise<void> {
    await this.#learn(
      input.siteId,
      input.commentId,
      `appeal:${input.appealId}`,
      input.body,
      input.reasons,
      input.restored ? 0 : 1,
      2,
      'appeal',
      input.rules,
    );
  }

  async #learn(
    siteId: string,
    commentId: string,
    decisionId: string,
    body: string,
    reasons: readonly RuleReason[],
    label: 0 | 1,
    importance: number,
    source: 'moderator' | 'appeal',
    rules: RulesVerdict | null,
    d?: Deadline | null,
  ): Promise<void> {
    await this.store.append(
      {
        siteId,
        decisionId,
        commentId,
        label,
        importance,
        source,
        rules,
        featureVersion: FEATURE_VERSION,
        features: this.#featuresOf(body, reasons),
      },
      undefined,
      d,
    );
    await this.#site(siteId, d);
    await this.sync(siteId, d);
  }

  /**
   * The risk of a text, with the rules' reasons for it, under the site's model as
   * this instance has it: on top of the base model when there is one (a site with no
   * decisions scores with the base alone); without a base, null before any decision.
   */
  score(siteId: string, text: string | NormalisedText, reasons: readonly RuleReason[] = []): Risk | null {
    const site = this.#sites.get(siteId);
    if (site === undefined || (site.decisions === 0 && this.options.base == null)) return null;
    return this.#scorer.score(site.model, site.applied, text, reasons);
  }

  /**
   * Scores a new comment and says whether the site's model holds it. `reasons`:
   * the rules' reasons for it (the engine's, before the model's own is added).
   */
  async assess(
    siteId: string,
    policy: Partial<RiskPolicy> | undefined,
    text: string | NormalisedText,
    reasons: readonly RuleReason[],
    d?: Deadline | null,
  ): Promise<Assessment> {
    await this.#site(siteId, d);
    const risk = this.score(siteId, text, reasons);
    const { holding, threshold } = this.#status(siteId, policy);
    if (risk !== null && holding && threshold !== null && risk.score >= threshold)
      return { risk, hold: true, threshold };
    return { risk, hold: false, threshold };
  }

  async status(
    siteId: string,
    policy: Partial<RiskPolicy> | undefined,
    d?: Deadline | null,
  ): Promise<RiskStatus> {
    await this.#site(siteId, d);
    return this.#status(siteId, policy);
  }

  /**
   * The gate, measured again only when the model's version or the site's policy
   * changed since it was last measured: a comment pays a few comparisons.
   */
  #status(siteId: string, policy: Partial<RiskPolicy> | undefined): RiskStatus {
    const site = this.#sites.get(siteId);
    const settings = { ...DEFAULT_RISK_POLICY, ...policy };
    const base = this.options.base ?? null;
    if (site === undefined) return measureGate(null, settings, base);
    const gate = site.gate;
    if (gate !== null && gate.version === site.applied && samePolicy(gate.policy, settings))
      return gate.status;
    const status = measureGate(site, settings, base);
    site.gate = { version: site.applied, policy: settings, status };
    return status;
  }
}

const samePolicy = (a: RiskPolicy, b: RiskPolicy): boolean =>
  a.hold === b.hold &&
  a.threshold === b.threshold &&
  a.minDecisions === b.minDecisions &&
  a.precisionFloor === b.precisionFloor &&
  a.window === b.window &&
  a.minPositives === b.minPositives &&
  a.baseHold === b.baseHold;

/**
 * How the model stands under `policy`: precision (and the automatic threshold)
 * over its held-out window, the last `window` decisions on comments the rules
 * approved. With `baseHold` and a base model, while the site has fewer than
 * `minDecisions` decisions or its window is not full, the base model's gate
 * stands in (`measureBase`).
 */
function measureGate(
  site: Pick<SiteModel, 'applied' | 'decisions' | 'recent'> | null,
  policy: RiskPolicy,
  base: BaseModel | null,
): RiskStatus {
  const recent = site === null ? [] : site.recent.slice(-policy.window);
  const decisions = site?.decisions ?? 0;
  const enough =
    decisions >= policy.minDecisions && recent.length >= Math.min(policy.window, policy.minDecisions);
  const baseGate = base !== null && policy.baseHold && !enough;
  const at = baseGate ? measureBase(base.window, policy) : measureSite(recent, policy);
  const holding =
    policy.hold &&
    (baseGate || enough) &&
    at !== null &&
    at.precision !== null &&
    at.precision >= policy.precisionFloor;
  return {
    version: site?.applied ?? 0,
    decisions,
    precision: at?.precision ?? null,
    measuredOn: baseGate ? base.window.length : recent.length,
    holding,
    thresholdMode: policy.threshold === 'auto' ? 'auto' : 'fixed',
    threshold: at?.threshold ?? null,
    recall: at?.recall ?? null,
    positives: at?.positives ?? 0,
    gate: baseGate ? 'base' : 'site',
    baseModel: base?.id ?? null,
  };
}

/** The site's own gate: the automatic threshold chosen on its window, or its fixed one measured there. */
const measureSite = (recent: readonly HeldOut[], policy: RiskPolicy): AtThreshold | null =>
  policy.threshold === 'auto'
    ? chooseThreshold(recent, policy.precisionFloor, policy.minPositives)
    : measureAt(recent, policy.threshold);

/**
 * The base model's gate, on its out-of-fold window (the labelled set's items the rules
 * approved, each scored by a model that did not learn its split): the threshold chosen
 * there for the site's floor (threshold.ts, `chooseThreshold`), or the site's fixed threshold
 * when that is higher (measured there): never a lower one than the floor allows.
 */
function measureBase(window: readonly HeldOut[], policy: RiskPolicy): AtThreshold | null {
  const chosen = chooseThreshold(window, policy.precisionFloor, policy.minPositives);
  if (chosen === null || policy.threshold === 'auto' || policy.threshold <= chosen.threshold) return chosen;
  return measureAt(window, policy.threshold);
}
