// The process bench/instructions-moderation.ts runs under callgrind (plain JavaScript: no
// loader to count). Loads a build's dist/, moderates the corpus `warm` times with counting
// off, switches it on for `passes` passes and off again, so start-up and most of the JIT's
// warm-up are not counted.
//
//   node --single-threaded callgrind-moderation.mjs <build> <corpus.json> <warm> <passes>
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [dir, corpusFile, warm, passes] = process.argv.slice(2);
const engine = await import(pathToFileURL(`${dir}/dist/moderation/engine/index.js`).href);
const { comments, terms } = JSON.parse(readFileSync(corpusFile, 'utf8'));
const context = { policyKey: 'instructions-2000', policy: { ...engine.DEFAULT_POLICY, bannedTerms: terms } };
let sink = 0;
const pass = () => {
  for (const text of comments) sink += engine.moderate(text, context).reasons.length;
};

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
