/**
 * Instructions per comment of `moderate()` (the rules, 2,000 site terms) over bench:moderation's
 * 100 comments of 300 characters, counted by valgrind's callgrind: a figure that, unlike CPU time,
 * does not move with what else the machine runs (docs/MODERATION.md, "Speed round 13").
 *
 *   npx tsx bench/instructions-moderation.ts <build>... [--warm 300] [--passes 30] [--top 25] [--score]
 *
 * A build is a folder holding `dist/` (`npx tsc -p tsconfig.json`) and the `config/` its lexicon
 * is read from, as for bench/engine-ab.ts. Each build runs in its own process under callgrind
 * (`bench/support/callgrind-moderation.mjs`): `--warm` passes uncounted, then `--passes` counted.
 * Printed per build: all instructions per comment, the JIT compiler's share of them (functions
 * that reach their thresholds late are still compiled in the counted passes; it shrinks with a
 * longer warm-up) and the rest, the figure to compare; with `--top`, the functions costing most,
 * named from V8's `--perf-basic-prof` map (an optimised function's count includes what it
 * inlined). Slow: valgrind runs node some 50 times slower, about a minute per build at the
 * defaults on a quiet core.
 *
 * `--score` counts the risk score alone instead (RiskScorer.score with its explanation, the texts
 * normalised and their rules' reasons found beforehand, as the service hands them over), under a
 * model learnt on the labelled set on top of the shipped base, as bench:moderation's; the figure
 * printed is then instructions a score (docs/MODERATION.md, "Model speed round 5").
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { joinedComments } from './support/eval-set.js';
import { DEFAULT_FTRL, FtrlModel } from '../src/moderation/model/ftrl.js';
import { loadBaseModel } from '../src/moderation/model/base-model.js';
import { realTerms, trainedModel } from './support/moderation-corpus.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const builds = args.filter(
  (a, i) => !a.startsWith('--') && !(args[i - 1]?.startsWith('--') && args[i - 1] !== '--score'),
);
const WARM = option('--warm', 300);
const PASSES = option('--passes', 30);
const TOP = option('--top', 0);
const SCORE = args.includes('--score');
const COMMENTS = 100;
if (builds.length === 0) {
  console.error('usage: tsx bench/instructions-moderation.ts <build>... [--warm n] [--passes n] [--top n]');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'instr-moderation-'));
const corpus = join(work, 'corpus.json');
writeFileSync(
  corpus,
  JSON.stringify({
    comments: joinedComments(COMMENTS, 300),
    terms: realTerms().slice(0, 2000),
    // --score: the scoring table of bench:moderation's model (the same in every build that keeps the weights).
    scoring: SCORE
      ? Array.from(
          FtrlModel.fromSparse(trainedModel().toSparse(), DEFAULT_FTRL, loadBaseModel().weights).scoring,
        )
      : [],
  }),
);
const driver = resolve(import.meta.dirname, 'support/callgrind-moderation.mjs');

/** A perf map's entries (start, size, name), sorted by start. */
function perfMap(file: string): [number, number, string][] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [start, size, ...name] = line.split(' ');
      return [Number.parseInt(start!, 16), Number.parseInt(size!, 16), name.join(' ')] as [
        number,
        number,
        string,
      ];
    })
    .sort((x, y) => x[0] - y[0]);
}

function nameAt(map: [number, number, string][], address: number): string | undefined {
  let lo = 0;
  let hi = map.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid]![0] <= address) lo = mid + 1;
    else hi = mid - 1;
  }
  const entry = map[hi];
  return entry !== undefined && address < entry[0] + entry[1] ? entry[2] : undefined;
}

const COMPILER = /v8::internal::(compiler|maglev|baseline)::|Compile|Turbofan|Maglev/;

for (const build of builds) {
  const out = join(work, 'callgrind.out');
  const run = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${out}`,
      'node',
      '--single-threaded',
      '--perf-basic-prof',
      driver,
      resolve(build),
      corpus,
      String(WARM),
      String(PASSES),
      ...(SCORE ? ['score'] : []),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const pid = /==(\d+)==/.exec(run.stderr)?.[1];
  const mapFile = `/tmp/perf-${pid}.map`;
  if (run.status !== 0) {
    console.error(run.stderr.slice(-2000));
    process.exit(1);
  }
  const calls = COMMENTS * PASSES;
  const annotated = execFileSync('callgrind_annotate', ['--threshold=100', out], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const map = perfMap(mapFile);
  const byName = new Map<string, number>();
  let total = 0;
  let compiler = 0;
  for (const line of annotated.split('\n')) {
    const m = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S+?):(.*)$/.exec(line);
    if (m === null || line.includes('PROGRAM TOTALS')) continue;
    const count = Number(m[1]!.replaceAll(',', ''));
    const fn = m[3]!;
    const name = fn.startsWith('0x')
      ? (nameAt(map, Number.parseInt(fn.split(/[ ']/)[0]!, 16)) ?? 'JIT code (unnamed)')
      : fn.replace(/ \[.*$/, '');
    total += count;
    if (COMPILER.test(name)) compiler += count;
    byName.set(name, (byName.get(name) ?? 0) + count);
  }
  const reasons = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}').reasons as number;
  const k = (n: number) => `${(n / calls / 1000).toFixed(1)} k`;
  console.log(
    `${build}: ${k(total)} instructions a comment (${calls.toLocaleString('en')} calls, ${WARM} passes warm-up; ${reasons.toLocaleString('en')} ${SCORE ? 'explanation items' : 'reasons'} in them), JIT compiler ${k(compiler)}, the rest ${k(total - compiler)}`,
  );
  for (const [name, count] of [...byName].sort((x, y) => y[1] - x[1]).slice(0, TOP))
    console.log(`  ${k(count).padStart(9)}  ${name.replace(/file:\/\/\S*\/dist\//, 'dist/')}`);
  rmSync(mapFile, { force: true });
}
rmSync(work, { recursive: true, force: true });
