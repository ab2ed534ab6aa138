// The process bench/instructions-moderation.ts runs under callgrind (plain JavaScript: no
// loader to count). Loads a build's dist/, moderates the corpus `warm` times with counting
// off, switches it on for `passes` passes and off again, so start-up and most of the JIT's
// warm-up are not counted.
//
//   node --single-threaded callgrind-moderation.mjs <build> <corpus.json> <warm> <passes> [score]
//
// With `score`, what is counted is the risk score alone (RiskScorer.score with its explanation),
// as bench:moderation's rules + risk model line scores: the texts normalised and their reasons
// found beforehand (2,000 terms), the corpus's scoring table (a model learnt on the labelled set
// on top of the base) loaded into the build's FtrlModel.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [dir, corpusFile, warm, passes, mode] = process.argv.slice(2);
const engine = await import(pathToFileURL(`${dir}/dist/moderation/engine/index.js`).href);
const { comments, terms, scoring } = JSON.parse(readFileSync(corpusFile, 'utf8'));
const context = { policyKey: 'instructions-2000', policy: { ...engine.DEFAULT_POLICY, bannedTerms: terms } };
let sink = 0;
let pass = () => {
  for (const text of comments) sink += engine.moderate(text, context).reasons.length;
};
if (mode === 'score') {
  const { FtrlModel } = await import(pathToFileURL(`${dir}/dist/moderation/model/ftrl.js`).href);
  const { RiskScorer } = await import(pathToFileURL(`${dir}/dist/moderation/model/risk-models.js`).href);
  const model = new FtrlModel();
  model.scoring.set(scoring);
  const scorer = new RiskScorer();
  const texts = comments.map((text) => engine.normalise(text));
  const reasons = texts.map((text) => engine.moderate(text, context).reasons);
  pass = () => {
    for (let k = 0; k < texts.length; k++) sink += scorer.score(model, 1, texts[k], reasons[k]).top.length;
  };
}

// callgrind_control waits for this process to read its command, so it runs in a child while
// this process keeps running (a blocked event loop would never read it).
function counting(on) {
  const flag = `${corpusFile}.${process.pid}.${on ? 'on' : 'off'}`;
  spawn(
    'sh',
    ['-c', `callgrind_control -i ${on ? 'on' : 'off'} ${process.pid} >/dev/null && touch ${flag}`],
    {
      stdio: 'ignore',
    },
  );
  while (!existsSync(flag)) {}
  rmSync(flag);
}

for (let k = 0; k < Number(warm); k++) pass();
// The reasons of the counted passes only: equal between two builds whose verdicts are.
sink = 0;
counting(true);
for (let k = 0; k < Number(passes); k++) pass();
counting(false);
console.log(JSON.stringify({ reasons: sink }));
