/**
 * How much of `moderate()`'s cost is reading data the caches no longer hold, and whose
 * data it is (speed round 10, MODERATION.md). Each sample moderates 30 other comments
 * (as a busy service would between two comments of one article), then runs one stage
 * of the engine over ten comments untimed, then times `moderate()` over those ten: the
 * stage run first leaves its data warm. A stage whose warming lowers the time is one
 * whose reads were cold.
 *
 *   npx tsx bench/moderation-warmth.ts [build]   # build: a folder with dist/ and config/ (default: this checkout)
 *
 * Compile first (`npx tsc -p tsconfig.json`). Times are the process's CPU time per
 * comment, medians of 600 samples per stage; the stages take turns, so a shared
 * machine's load falls on all alike. Read the differences, not the microseconds.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModerationContext, NormalisedText } from '../src/moderation/engine/index.js';
import { joinedComments } from './support/eval-set.js';
import { realTerms } from './support/moderation-corpus.js';

type EngineModule = typeof import('../src/moderation/engine/index.js');

const dir = realpathSync(resolve(process.argv[2] ?? '.'));
const engine = (await import(pathToFileURL(`${dir}/dist/moderation/engine/index.js`).href)) as EngineModule;
const COMMENTS = joinedComments(100, 300);
const context: ModerationContext = {
  policyKey: 'warmth-2000',
  policy: { ...engine.DEFAULT_POLICY, bannedTerms: realTerms().slice(0, 2000) },
};
const matcher = engine.matcherFor(context);
const normalised = COMMENTS.map((text) => engine.normalise(text));
const scratch = new engine.NormalisedText();
const scan = (n: NormalisedText) => matcher.scan(n, new engine.LanguageGuess(n), matcher.classify(n));

/** What runs over a comment, untimed, right before it is moderated. */
const WARMING: Record<string, (k: number) => unknown> = {
  nothing: () => 0,
  'the normaliser': (k) => engine.normalise(COMMENTS[k]!, scratch),
  "the matcher's classify (the word cache)": (k) => matcher.classify(normalised[k]!),
  "classify and the matcher's scan": (k) => scan(normalised[k]!),
  'moderate() itself (all warm)': (k) => engine.moderate(COMMENTS[k]!, context),
};
const names = Object.keys(WARMING);
const SAMPLES = 600;

const cpuMicros = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

let sink = 0;
for (let w = 0; w < 500; w++)
  for (const text of COMMENTS) sink += engine.moderate(text, context).reasons.length;
const times = new Map<string, number[]>(names.map((name) => [name, []]));
for (let r = 0; r < SAMPLES * names.length; r++) {
  const name = names[r % names.length]!;
  const first = (r * 7) % COMMENTS.length;
  for (let j = 0; j < 30; j++)
    sink += engine.moderate(COMMENTS[(first + 50 + j) % COMMENTS.length]!, context).reasons.length;
  const ks = Array.from({ length: 10 }, (_, q) => (first + 3 * q) % COMMENTS.length);
  for (const k of ks) WARMING[name]!(k);
  const t0 = cpuMicros();
  for (const k of ks) sink += engine.moderate(COMMENTS[k]!, context).reasons.length;
  times.get(name)!.push((cpuMicros() - t0) / ks.length);
}
const cold = median(times.get('nothing')!);
console.log(`${dir}: CPU µs per comment of moderate(), 2,000 site terms, after warming`);
for (const name of names) {
  const us = median(times.get(name)!);
  console.log(
    `  ${name.padEnd(42)} ${us.toFixed(2).padStart(7)}  (${(us - cold).toFixed(2)} against nothing)`,
  );
}
if (sink < 0) console.log(sink);
