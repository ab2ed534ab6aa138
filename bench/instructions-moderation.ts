/**
 * Instructions per comment of `moderate()` (the rules, 2,000 site terms) over bench:moderation's
 * 100 comments of 300 characters, counted by valgrind's callgrind: a figure that, unlike CPU time,
 * does not move with what else the machine runs (docs/MODERATION.md, "Speed round 13").
 *
 *   npx tsx bench/instructions-moderation.ts <build>... [--warm 300] [--passes 30] [--top 25] [--score]
 *     [--annotate <function> [--min 10]]
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
 *
 * With `--annotate <function>`: V8's disassembly of every optimised version of the functions of
 * that name (`--print-opt-code-filter`, so `get` is every method called get), each machine
 * instruction with the times it ran per comment (callgrind's `--dump-instr`), the instructions
 * run at least `--min` times a comment and the comments naming their constants: where inside one
 * function the count goes (a typed array's map, bounds and backing-store checks, spilled
 * registers), which the function's own total does not say (docs/MODERATION.md, "Speed round 14").
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
const annotateAt = args.indexOf('--annotate');
const ANNOTATE = annotateAt >= 0 ? args[annotateAt + 1] : undefined;
const MIN = option('--min', 10);
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
      ...(ANNOTATE === undefined ? [] : ['--dump-instr=yes']),
      'node',
      '--single-threaded',
      '--perf-basic-prof',
      ...(ANNOTATE === undefined
        ? []
        : ['--print-opt-code', `--print-opt-code-filter=${ANNOTATE}`, '--code-comments']),
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
  if (ANNOTATE !== undefined) annotate(out, run.stdout, calls);
  rmSync(mapFile, { force: true });
}
rmSync(work, { recursive: true, force: true });

/**
 * Prints each optimised version of the `--annotate` function that ran: its instructions with the
 * times each ran per comment (those run at least MIN times, with the code comments before them).
 */
function annotate(callgrindOut: string, disassembly: string, calls: number): void {
  // Instruction addresses and their counts. Positions are "instr line"; a position is absolute
  // (0x…), relative to the last one (+n, -n) or the same (*); the line after `calls=` is the
  // call's inclusive cost, not the instruction's own, and the `calls=` line moves no position.
  const counts = new Map<number, number>();
  let last = 0;
  let callCost = false;
  for (const line of readFileSync(callgrindOut, 'utf8').split('\n')) {
    if (line.startsWith('calls=')) {
      callCost = true;
      continue;
    }
    if (!/^[0-9+*-]/.test(line)) continue;
    const fields = line.split(' ');
    const at = fields[0]!;
    if (at.startsWith('0x')) last = Number.parseInt(at, 16);
    else if (at.startsWith('+')) last += Number(at.slice(1));
    else if (at.startsWith('-')) last -= Number(at.slice(1));
    else if (at !== '*') continue;
    if (callCost) {
      callCost = false;
      continue;
    }
    counts.set(last, (counts.get(last) ?? 0) + Number(fields[fields.length - 1]));
  }
  let name = '';
  let block: string[] = [];
  let total = 0;
  let comments: string[] = [];
  const flush = () => {
    if (total > 0) {
      console.log(`--- ${name}: ${(total / calls).toFixed(0)} instructions a comment`);
      for (const line of block) console.log(line);
    }
    block = [];
    total = 0;
    comments = [];
  };
  for (const line of disassembly.split('\n')) {
    const named = /^name = (.*)$/.exec(line);
    if (named !== null) {
      flush();
      name = named[1]!;
      continue;
    }
    const instruction = /^(0x[0-9a-f]+)\s+[0-9a-f]+\s+[0-9a-f]+\s+(.*)$/.exec(line);
    if (instruction === null) {
      if (/^\s+;;/.test(line)) comments.push(line.trim());
      continue;
    }
    const count = counts.get(Number.parseInt(instruction[1]!, 16)) ?? 0;
    total += count;
    if (count / calls >= MIN) {
      for (const comment of comments) block.push(`${' '.repeat(19)}${comment}`);
      block.push(`${(count / calls).toFixed(1).padStart(8)}  ${instruction[1]}  ${instruction[2]}`);
    }
    comments = [];
  }
  flush();
}
