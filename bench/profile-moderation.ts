/**
 * CPU profile of the moderation engine over bench:moderation's corpus (100
 * different 300-character comments of the labelled set, 2,000 site terms):
 * the rules alone, then the rules with the risk model's score, each written as
 * a .cpuprofile and summarised (our functions by self and total time). Where
 * the microseconds of bench:moderation go; the times themselves come from
 * bench:moderation.
 *
 *   npm run profile:moderation
 *   PROFILE_SECONDS=5 PROFILE_DIR=profiles   # the defaults
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { DEFAULT_POLICY, moderate, NormalisedText, normalise } from '../src/moderation/engine/index.js';
import { RiskScorer } from '../src/moderation/model/risk-models.js';
import { type CpuProfile, summarise } from './support/cpu-profile.js';
import { joinedComments } from './support/eval-set.js';
import { realTerms, trainedModel } from './support/moderation-corpus.js';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 5);
const DIR = process.env.PROFILE_DIR ?? 'profiles';
const COMMENTS = joinedComments(100, 300);

const terms = realTerms().slice(0, 2000);
const context = { policyKey: 'profile:2000', policy: { ...DEFAULT_POLICY, bannedTerms: terms } };

const model = trainedModel();
const scorer = new RiskScorer();
const shared = new NormalisedText();

const runs: { name: string; fn: (text: string) => number }[] = [
  { name: 'rules', fn: (t) => moderate(t, context).reasons.length },
  {
    name: 'rules-and-model',
    fn: (t) => {
      const text = normalise(t, shared);
      // The rules' reasons go to the model too, as the service passes them.
      const { reasons } = moderate(text, context);
      return reasons.length + scorer.score(model, 1, text, reasons).score;
    },
  },
];

let sink = 0;
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
mkdirSync(DIR, { recursive: true });
for (const run of runs) {
  for (let i = 0; i < 2000; i++) for (const text of COMMENTS) sink += run.fn(text);
  await session.post('Profiler.start');
  const until = Date.now() + SECONDS * 1000;
  let calls = 0;
  while (Date.now() < until) {
    for (const text of COMMENTS) sink += run.fn(text);
    calls += COMMENTS.length;
  }
  const { profile } = await session.post('Profiler.stop');
  const file = join(DIR, `moderation-${run.name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(
    `${run.name}: ${calls} calls, ${((SECONDS * 1e6) / calls).toFixed(2)} µs a call (wall, profiler on); ${file}\n`,
  );
  process.stdout.write(`${summarise(profile as unknown as CpuProfile, 25)}\n\n`);
}
session.disconnect();
if (sink < 0) process.stdout.write(`${sink}\n`);
