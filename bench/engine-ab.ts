/**
 * Two compiled builds of the engine side by side: are their outputs identical,
 * and which costs less CPU per comment, measured in one process.
 *
 *   tsx bench/engine-ab.ts <build A> <build B> [--identical-only | --cost-only] [--pairs n] [--rounds n]
 *
 * A build is a folder holding `dist/` (from `tsc -p tsconfig.json`) and the
 * `config/` its lexicon is read from, e.g. main before a change, checked out
 * and compiled elsewhere (see MODERATION.md, "Benchmark").
 *
 * Identical: `moderate()` under six contexts (four policies, a trusted author,
 * pre-moderation, a new author, recent fingerprints), every text's tokens and
 * joined spellings, its risk-model features, and its risk score with the
 * explanation under a model trained on the labelled set (without the rules'
 * reasons, and with those of the default policy and of the 2,000 terms), over the labelled set with its
 * held-out batches, 300- and 3,000-character joins, evasive variants of every
 * item (upper case, leet, spaced, dotted, dashed, underscored, split in two,
 * NFD, masked, stretched, glued), the fuzz tests' hostile strings (their edge
 * cases and 500 drawn with a fixed seed) and 3,000 random strings. The first
 * difference is printed and the process exits non-zero; in a text made of a
 * held-out item only its index is (the held-out batches stay blind).
 *
 * `--cost-only` skips the check, for builds whose outputs differ on purpose (a
 * rules round against the engine before it).
 *
 * Cost: the 100 comments of 300 characters that bench:moderation times, with
 * 2,000 site terms, by the process's CPU time: rules alone, rules + risk score,
 * the risk score on its own (with its explanation and the rules' reasons, of
 * texts normalised and moderated beforehand) and two parts of the rules on their own (the normaliser; the
 * matcher's classify and scan of texts normalised beforehand), whose changes
 * the whole may be too noisy to show. On this shared machine one process's figures differ from the next one's
 * by up to 2× (whatever else runs), so both builds are timed in one process,
 * a pass of 10 comments each in turn (the same 10 for both, the next 10 the
 * next round), `--rounds` times, and compared round by round (the median of the
 * per-round ratios B/A). Two builds loaded into one
 * process do not run exactly alike either (the one loaded first ran a few per
 * cent faster, whichever it was): so `--pairs` times, one process loads A first
 * and the next B first; prints each process's ratios and the median of all.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModerationContext, ModerationPolicy } from '../src/moderation/engine/index.js';
import fc from 'fast-check';
import { EDGE_STRINGS, hostileString } from '../test/fuzz/support/hostile.js';
import { EVAL_SITE_POLICY, joinedComments, loadEvalSet, loadHoldouts } from './support/eval-set.js';
import { realTerms, trainedModel } from './support/moderation-corpus.js';

type EngineModule = typeof import('../src/moderation/engine/index.js');
type FeaturesModule = typeof import('../src/moderation/model/features.js');
type RiskModule = typeof import('../src/moderation/model/risk-models.js');
type FtrlModule = typeof import('../src/moderation/model/ftrl.js');

interface Build {
  name: string;
  engine: EngineModule;
  features: FeaturesModule;
  risk: RiskModule;
  ftrl: FtrlModule;
}

async function load(dir: string): Promise<Build> {
  const root = pathToFileURL(`${realpathSync(resolve(dir))}/dist/moderation/`).href;
  return {
    name: dir,
    engine: (await import(`${root}engine/index.js`)) as EngineModule,
    features: (await import(`${root}model/features.js`)) as FeaturesModule,
    risk: (await import(`${root}model/risk-models.js`)) as RiskModule,
    ftrl: (await import(`${root}model/ftrl.js`)) as FtrlModule,
  };
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const dirs = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const ROUNDS = option('--rounds', 2000);
const PAIRS = option('--pairs', 5);
const TIME_ONE = args.indexOf('--time-one');
if (TIME_ONE < 0 && dirs.length !== 2) {
  console.error(
    'usage: tsx bench/engine-ab.ts <build A> <build B> [--identical-only | --cost-only] [--pairs n] [--rounds n]',
  );
  process.exit(2);
}

// ---- the texts ----

/** A small deterministic generator (mulberry32), so every run sees the same texts. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7', l: '1' };
const VARIANTS: ((text: string, rnd: () => number) => string)[] = [
  (t) => t.toUpperCase(),
  (t) => t.replace(/[aeiost]/g, (c) => LEET[c] ?? c),
  (t) => t.replace(/\p{L}{3,8}/gu, (w) => w.split('').join(' ')),
  (t) => t.replace(/\p{L}{3,8}/gu, (w) => w.split('').join('.')),
  (t) => t.replace(/\p{L}{3,8}/gu, (w) => w.split('').join('-')),
  (t) => t.replace(/\p{L}{3,8}/gu, (w) => w.split('').join('_')),
  (t) => t.replace(/\p{L}{4,}/gu, (w) => `${w.slice(0, w.length >> 1)} ${w.slice(w.length >> 1)}`),
  (t) => t.normalize('NFD'),
  (t, rnd) =>
    t.replace(/\p{L}{4,}/gu, (w) => w[0] + (rnd() < 0.5 ? '*' : '#').repeat(w.length - 2) + w.at(-1)),
  (t) => t.replace(/([aeiouyæøå])/g, '$1$1$1'),
  (t) => t.replace(/ (\p{L})/gu, '$1'),
];
const RANDOM_CHARS = 'abcdefghijklmnopqrstuvwxyzæøåABCÆØÅ0123456789 .,-_*#@$!+\'"?\n\u200bé\u0301ä';

/** Texts made of a held-out item (the item or a variant of it): a difference names its index only, never its text. */
const heldOut = new Set<number>();

function corpus(): string[] {
  const seen = loadEvalSet().length;
  const items = [...loadEvalSet(), ...loadHoldouts()].map((item) => item.text);
  const rnd = random(15);
  for (let k = seen; k < items.length; k++) heldOut.add(k);
  const texts = [...items, ...joinedComments(400, 300), ...joinedComments(100, 3000)];
  for (let k = 0; k < items.length; k++)
    for (const variant of VARIANTS) {
      if (k >= seen) heldOut.add(texts.length);
      texts.push(variant(items[k]!, rnd));
    }
  // The fuzz tests' hostile strings: their edge cases and 500 drawn with a fixed seed.
  texts.push(...EDGE_STRINGS, ...fc.sample(hostileString, { numRuns: 500, seed: 15 }));
  for (let k = 0; k < 3000; k++) {
    let s = '';
    const length = 1 + Math.floor(rnd() * 120);
    for (let i = 0; i < length; i++) s += RANDOM_CHARS[Math.floor(rnd() * RANDOM_CHARS.length)];
    texts.push(s);
  }
  return texts;
}

function contexts(build: Build, terms: string[]): ModerationContext[] {
  const base = build.engine.DEFAULT_POLICY;
  const policy = (key: string, p: Partial<ModerationPolicy>): ModerationContext => ({
    policyKey: key,
    policy: { ...base, ...p },
  });
  const author = { trusted: false, banned: false, premoderated: false, approvedCount: 0, rejectedCount: 0 };
  return [
    policy('default', {}),
    { ...policy('eval-site', EVAL_SITE_POLICY), author: { ...author, trusted: true, approvedCount: 40 } },
    { ...policy('terms', { bannedTerms: terms.slice(0, 2000), allowedTerms: ['fitte*', 'hore'] }) },
    {
      ...policy('grades', { grades: { mild: 'hold', strong: 'reject', slur: 'hold' }, maxLinks: 0 }),
      premoderation: 'article',
    },
    { ...policy('default', {}), newAuthorHold: 3, author, minLength: 5, maxLength: 2000 },
    {
      ...policy('eval-site', EVAL_SITE_POLICY),
      recentFingerprints: [build.engine.fingerprint('Dette er en helt vanlig kommentar.'), 'x'],
    },
  ];
}

function outputs(build: Build, texts: string[], terms: string[]): Generator<string> {
  const ctxs = contexts(build, terms);
  const vector = new build.features.FeatureVector();
  const fired = new build.features.ReasonFeatures();
  const { engine, features } = build;
  const model = build.ftrl.FtrlModel.fromSparse(trainedModel().toSparse());
  const scorer = new build.risk.RiskScorer();
  return (function* () {
    for (const text of texts) {
      const results = ctxs.map((ctx) => engine.moderate(text, ctx));
      for (const result of results) yield JSON.stringify(result);
      const norm = engine.normalise(text);
      yield JSON.stringify([norm.tokens, norm.joined, norm.fingerprint]);
      const found = features.extractFeatures(norm, vector);
      yield Array.from(found.indices.subarray(0, found.count)).join(',');
      yield JSON.stringify(scorer.score(model, 1, norm));
      // With the rules' reasons, as the service scores and learns (the default policy's and the 2,000 terms').
      for (const { reasons } of [results[0]!, results[2]!]) {
        const withReasons = features.extractFeatures(norm, vector, features.reasonFeatures(reasons, fired));
        yield Array.from(withReasons.indices.subarray(0, withReasons.count)).join(',');
        yield JSON.stringify(scorer.score(model, 1, norm, reasons));
      }
    }
  })();
}

// ---- cost, in a process of its own ----

const COMMENTS = joinedComments(100, 300);
/**
 * Comments per timed pass: about half a millisecond, shorter than the scheduler's
 * slice, so most passes run without another process taking the core in between.
 */
const PER_PASS = 10;
let nextComment = 0;
const cpuMicros = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** What is timed: the whole engine, with the risk score, the risk score alone, and two parts of the rules. */
const PARTS = ['rules', 'rules + risk score', 'risk score', 'normalise', 'classify + scan'] as const;
type Part = (typeof PARTS)[number];

/** One build's passes over the comments, by part. */
function passes(build: Build, terms: string[]): Record<Part, () => number> {
  const ctx: ModerationContext = {
    policyKey: 'ab-2000',
    policy: { ...build.engine.DEFAULT_POLICY, bannedTerms: terms.slice(0, 2000) },
  };
  const model = build.ftrl.FtrlModel.fromSparse(trainedModel().toSparse());
  const scorer = new build.risk.RiskScorer();
  const norm = new build.engine.NormalisedText();
  const { moderate, normalise, matcherFor, LanguageGuess } = build.engine;
  const matcher = matcherFor(ctx);
  // The matcher's part reads texts normalised beforehand, as `moderate()` hands them over.
  const normalised = COMMENTS.map((text) => normalise(text));
  const languages = normalised.map((n) => new LanguageGuess(n));
  // The risk score's part reads the rules' reasons found beforehand, as the service hands them over.
  const reasonsOf = normalised.map((n) => moderate(n, ctx).reasons);
  const each = (f: (k: number) => number) => () => {
    let sink = 0;
    for (let k = nextComment; k < nextComment + PER_PASS; k++) sink += f(k);
    return sink;
  };
  return {
    rules: each((k) => moderate(COMMENTS[k]!, ctx).reasons.length),
    'rules + risk score': each((k) => {
      const n = normalise(COMMENTS[k]!, norm);
      // The rules' reasons go to the model too (a build before FEATURE_VERSION 5 ignores them).
      const { reasons } = moderate(n, ctx);
      return reasons.length + scorer.score(model, 1, n, reasons).score;
    }),
    'risk score': each((k) => scorer.score(model, 1, normalised[k]!, reasonsOf[k]).score),
    normalise: each((k) => normalise(COMMENTS[k]!, norm).count),
    'classify + scan': each((k) => {
      const n = normalised[k]!;
      return matcher.scan(n, languages[k]!, matcher.classify(n)).length;
    }),
  };
}

/** CPU µs per comment of one pass. */
function timed(pass: () => number): number {
  const t0 = cpuMicros();
  if (pass() === -1) console.log('never');
  return (cpuMicros() - t0) / PER_PASS;
}

/** Times two passes, `a` first in even rounds and `b` first in odd ones. */
function inTurn(round: number, a: () => number, b: () => number): [number, number] {
  if (round % 2 === 0) {
    const ta = timed(a);
    return [ta, timed(b)];
  }
  const tb = timed(b);
  return [timed(a), tb];
}

/**
 * Times `first` and `second` (loaded in that order) in turns; returns the medians
 * per comment and of the per-round ratios second/first.
 */
async function timePair(firstDir: string, secondDir: string): Promise<Record<Part, number[]>> {
  const terms = realTerms();
  const first = passes(await load(firstDir), terms);
  const second = passes(await load(secondDir), terms);
  for (let w = 0; w < 500; w++) {
    nextComment = (w % 10) * PER_PASS;
    for (const part of PARTS) inTurn(w, first[part], second[part]);
  }
  const samples = PARTS.map(() => ({ first: [] as number[], second: [] as number[], ratio: [] as number[] }));
  for (let round = 0; round < ROUNDS; round++) {
    // Both builds read the same comments in a round; the next round the next ten.
    nextComment = (round % (COMMENTS.length / PER_PASS)) * PER_PASS;
    PARTS.forEach((part, p) => {
      const [t1, t2] = inTurn(round, first[part], second[part]);
      samples[p]!.first.push(t1);
      samples[p]!.second.push(t2);
      if (t1 > 0) samples[p]!.ratio.push(t2 / t1);
    });
  }
  const out = {} as Record<Part, number[]>;
  PARTS.forEach((part, p) => {
    const s = samples[p]!;
    out[part] = [median(s.first), median(s.second), median(s.ratio)];
  });
  return out;
}

if (TIME_ONE >= 0) {
  console.log(JSON.stringify(await timePair(args[TIME_ONE + 1]!, args[TIME_ONE + 2]!)));
  process.exit(0);
}

// ---- identical ----

if (!args.includes('--cost-only')) {
  const [A, B] = [await load(dirs[0]!), await load(dirs[1]!)];
  const texts = corpus();
  const terms = realTerms();
  const a = outputs(A, texts, terms);
  const b = outputs(B, texts, terms);
  let n = 0;
  for (;;) {
    const x = a.next();
    const y = b.next();
    if (x.done || y.done) break;
    if (x.value !== y.value) {
      const perText = contexts(A, terms).length + 3;
      const at = Math.floor(n / perText);
      console.error(`DIFFERENT at output ${n} (text ${at}):`);
      // A held-out batch stays blind: neither its text nor what the engine made of it is printed.
      if (heldOut.has(at)) console.error('(a held-out item or a variant of it: not printed)');
      else {
        console.error(JSON.stringify(texts[at]));
        console.error(`A: ${x.value.slice(0, 2000)}\nB: ${y.value.slice(0, 2000)}`);
      }
      process.exit(1);
    }
    n++;
  }
  console.log(
    `identical: ${n} outputs over ${texts.length} texts (6 contexts, tokens, features and risk score, without and with two contexts' reasons)`,
  );
}
if (args.includes('--identical-only')) process.exit(0);

// ---- cost: both in one process, A loaded first, then B first ----

const script = new URL(import.meta.url).pathname;
type Timing = Record<Part, number[]>;
const timeIn = (first: string, second: string): Timing =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [...process.execArgv, script, '--time-one', first, second, '--rounds', `${ROUNDS}`],
      { encoding: 'utf8' },
    ).trim(),
  );
console.log(
  `A = ${dirs[0]}, B = ${dirs[1]}; ${PAIRS} pairs of processes (A loaded first, then B first), each ${ROUNDS} rounds of 10 of 100 comments of 300 characters per build, 2,000 site terms, CPU µs per comment`,
);
const ratios = PARTS.map(() => [] as number[]);
for (let p = 0; p < 2 * PAIRS; p++) {
  const aFirst = p % 2 === 0;
  const t = aFirst ? timeIn(dirs[0]!, dirs[1]!) : timeIn(dirs[1]!, dirs[0]!);
  // B/A whichever was loaded first.
  const cells = PARTS.map((part, k) => {
    const [x, y, r] = t[part] as [number, number, number];
    const [a, b, ratio] = aFirst ? [x, y, r] : [y, x, 1 / r];
    ratios[k]!.push(ratio);
    return `${part} A ${a.toFixed(2)} B ${b.toFixed(2)} (B/A ${ratio.toFixed(3)})`;
  });
  console.log(`${aFirst ? 'A first' : 'B first'}: ${cells.join('; ')}`);
}
console.log(
  `median B/A of the processes: ${PARTS.map((part, k) => `${part} ${median(ratios[k]!).toFixed(3)}`).join(', ')}`,
);
