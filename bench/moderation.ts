/**
 * Moderation benchmark: bad-words 4 (`isProfane`, `clean`) against the whole
 * Ordskifte engine (normalisation and every rule), in one run on one machine,
 * over a fixed set of 300-character Norwegian and English comments.
 *
 *   npm run bench:moderation
 *
 * Sound on a shared machine: every contender is warmed up first, then timed in
 * rounds that interleave them round-robin per comment (the order rotating each
 * round), so a change in machine load hits all of them alike. A sample lasts
 * about a millisecond for every contender (one bad-words isProfane call, 100
 * calls of ours), so all are equally exposed to preemption. Each sample is
 * timed twice: by the process's CPU time (`process.cpuUsage()`, user + system,
 * 1 µs resolution), which does not count time spent waiting for a core while
 * other processes run, and by the wall clock. The targets are judged on the
 * median CPU-time sample; the wall-clock median is printed beside it. Because each sample follows other contenders'
 * work (bad-words evicts the caches), one more line times ours with a single
 * call per sample: the cold-cache cost, for information, not a target. Prints the median µs per comment, ops/s, the ratios and
 * each target with PASS/FAIL; exits non-zero when a target is missed (≥ 100×
 * isProfane at 2,000 terms, ≤ 10 µs median, doubling the site's terms ≤ 10 %).
 */
import { cpus, loadavg } from 'node:os';
import { Filter } from 'bad-words';
import { DEFAULT_POLICY, type ModerationContext, moderate } from '../src/moderation/engine/index.js';

const LENGTH = 300;

const SENTENCES = {
  noClean: [
    'Takk for en god og grundig sak om den nye gang- og sykkelveien langs fjorden.',
    'Jeg har kjørt denne strekningen hver dag i tjue år, og det har vært farlig lenge.',
    'Kommunen burde ha prioritert dette før de brukte penger på nytt rådhus i sentrum.',
    'Eg er samd med innsendaren: skulen treng fleire lærarar og betre vedlikehald.',
    'Det er fint at avisa følger opp saken, men hva sier fylkeskommunen om fristen?',
    'Vi som bor på øya har ventet på ferjeavgangen om kvelden i mange år nå.',
  ],
  noDirty: [
    'Faen heller, dette er det dummeste jeg har lest i hele år, jævla tull fra kommunen.',
    'Ordføreren er en drittsekk og alle vet det, så hold kjeft om den saken.',
    'Du er ei h.o.r.e og burde skamme deg over det du skriver her i avisa.',
    'Ring meg på 412 34 567 så skal jeg fortelle deg hva jeg mener om dette.',
    'Jeg vet hvor du bor, og jeg skal drepe deg hvis du skriver mer om dette.',
    'F A E N, for en elendig artikkel, kjøp dere en ny journalist, idioter.',
  ],
  enClean: [
    'Thanks for a thoughtful article about the new cycle path along the fjord.',
    'I have driven this road every day for twenty years and it has been unsafe.',
    'The council should have fixed this before spending money on a new town hall.',
    'Good to see the paper follow up, but what does the county say about the deadline?',
    'We who live on the island have waited for an evening ferry for years now.',
  ],
  enDirty: [
    'What the fuck is this shit, the council are a bunch of useless bastards.',
    'You are a stupid bitch and everyone here knows it, go back to your cave.',
    'This is bullsh1t and the writer is an a$$hole who should be fired today.',
    'Visit www.example.com and www.example.net for cheap viagra, click here now.',
    'I know where you live and I will kill you if you write about this again.',
  ],
};

/** Fills a comment to exactly 300 characters from a rotation of sentences. */
function comment(sentences: readonly string[], offset: number): string {
  let text = '';
  for (let i = offset; text.length < LENGTH; i++) text += `${sentences[i % sentences.length]} `;
  return text.slice(0, LENGTH);
}

const COMMENTS: string[] = [];
for (const sentences of Object.values(SENTENCES)) {
  for (let i = 0; i < sentences.length; i++) COMMENTS.push(comment(sentences, i));
}

/** Deterministic pseudo-words, so every run times the same lists. */
function syntheticTerms(count: number, seed: number): string[] {
  const syllables = [
    'kra',
    'vok',
    'zim',
    'plu',
    'drø',
    'sny',
    'gax',
    'qui',
    'wek',
    'blå',
    'fyx',
    'tor',
    'jub',
    'hex',
  ];
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state >>> 8;
  };
  const out = new Set<string>();
  while (out.size < count) {
    let word = '';
    const parts = 2 + (next() % 3);
    for (let i = 0; i < parts; i++) word += syllables[next() % syllables.length];
    out.add(word);
  }
  return [...out];
}

const defaultFilter = new Filter();
const DEFAULT_LIST = defaultFilter.list;
/** The 2,000-term list: bad-words' own 896 entries plus synthetic terms. */
const TERMS_2000 = [...DEFAULT_LIST, ...syntheticTerms(2000 - DEFAULT_LIST.length, 1)];
const TERMS_4000 = [...TERMS_2000, ...syntheticTerms(2000, 2)];

function context(key: string, terms: string[]): ModerationContext {
  return { policyKey: key, policy: { ...DEFAULT_POLICY, bannedTerms: terms } };
}

interface Engine {
  name: string;
  fn: (text: string) => unknown;
  /** Calls per timed sample: about a millisecond's worth, the length of one bad-words isProfane call. */
  batch: number;
  /** Timed in every `every`-th round only (bad-words clean takes ~0.1 s a call). */
  every: number;
  warmup: number;
  /** µs per call: CPU time, and wall clock. */
  samples: number[];
  wallSamples: number[];
  totalNs: number;
  calls: number;
}

const filter2000 = new Filter({ list: TERMS_2000.slice(DEFAULT_LIST.length) });
const ctxLexicon = context('bench:lexicon', []);
const ctx2000 = context('bench:2000', TERMS_2000);
const ctx4000 = context('bench:4000', TERMS_4000);

const engine = (
  name: string,
  fn: (text: string) => unknown,
  batch: number,
  every: number,
  warmup: number,
): Engine => ({ name, fn, batch, every, warmup, samples: [], wallSamples: [], totalNs: 0, calls: 0 });

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const engines: Engine[] = [
  engine('bad-words isProfane, default list (896)', (t) => defaultFilter.isProfane(t), 1, 1, 20),
  engine('bad-words isProfane, 2,000 terms', (t) => filter2000.isProfane(t), 1, 1, 20),
  engine('bad-words clean, default list (896)', (t) => defaultFilter.clean(t), 1, 20, 1),
  engine('bad-words clean, 2,000 terms', (t) => filter2000.clean(t), 1, 20, 1),
  engine('Ordskifte moderate, lexicon only', (t) => moderate(t, ctxLexicon), 100, 1, 2000),
  engine('Ordskifte moderate, lexicon + 2,000 terms', (t) => moderate(t, ctx2000), 100, 1, 2000),
  engine('Ordskifte moderate, lexicon + 4,000 terms', (t) => moderate(t, ctx4000), 100, 1, 2000),
  engine('Ordskifte moderate, 2,000 terms, cold (1 call)', (t) => moderate(t, ctx2000), 1, 1, 0),
];

const loadBefore = loadavg();
let sink = 0;
// Warm-up: every engine on every comment, enough calls for the JIT to settle.
for (const e of engines) {
  for (let i = 0; i < e.warmup; i++) for (const text of COMMENTS) if (e.fn(text)) sink++;
}
// Timed rounds: for each comment, each engine takes one sample, in an order that rotates every round.
for (let round = 0; round < ROUNDS; round++) {
  for (let c = 0; c < COMMENTS.length; c++) {
    const text = COMMENTS[c]!;
    for (let k = 0; k < engines.length; k++) {
      const e = engines[(k + round + c) % engines.length]!;
      if (round % e.every !== 0) continue;
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (let i = 0; i < e.batch; i++) if (e.fn(text)) sink++;
      const ns = Number(process.hrtime.bigint() - start);
      const used = process.cpuUsage(cpu);
      e.samples.push((used.user + used.system) / e.batch);
      e.wallSamples.push(ns / e.batch / 1000);
      e.totalNs += ns;
      e.calls += e.batch;
    }
  }
}
const loadAfter = loadavg();
if (sink < 0) console.log(sink);

interface Result {
  name: string;
  /** Median CPU-time sample, µs per call. */
  medianUs: number;
  wallMedianUs: number;
  opsPerSec: number;
  samples: number;
}

const median = (values: number[]): number => values.slice().sort((a, b) => a - b)[values.length >> 1]!;
const results: Result[] = engines.map((e) => {
  return {
    name: e.name,
    medianUs: median(e.samples),
    wallMedianUs: median(e.wallSamples),
    opsPerSec: e.calls / (e.totalNs / 1e9),
    samples: e.samples.length,
  };
});

const byName = (prefix: string): Result => results.find((r) => r.name.startsWith(prefix))!;
const ours2000 = byName('Ordskifte moderate, lexicon + 2,000');
const ours4000 = byName('Ordskifte moderate, lexicon + 4,000');
const isProfane2000 = byName('bad-words isProfane, 2,000');
const clean2000 = byName('bad-words clean, 2,000');

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ');
console.log(
  `Moderation benchmark: ${COMMENTS.length} comments of ${LENGTH} characters (Norwegian and English, clean and dirty)`,
);
console.log(`Node ${process.version}, ${cpu}, ${cpus().length} cores`);
console.log(
  `${ROUNDS} interleaved rounds; load average ${load(loadBefore)} before, ${load(loadAfter)} after\n`,
);
console.log(
  `${'engine'.padEnd(46)}${'CPU µs'.padStart(11)}${'wall µs'.padStart(11)}${'ops/s (wall)'.padStart(14)}${'samples'.padStart(9)}`,
);
for (const r of results) {
  console.log(
    `${r.name.padEnd(46)}${r.medianUs.toFixed(2).padStart(11)}${r.wallMedianUs.toFixed(2).padStart(11)}${Math.round(r.opsPerSec).toLocaleString('en').padStart(14)}${String(r.samples).padStart(9)}`,
  );
}
console.log('(median µs per call over the samples: CPU time of the process, and wall clock)');
// Targets on CPU-time medians; the wall-clock ratio is printed beside them.
const speedup = isProfane2000.medianUs / ours2000.medianUs;
const wallSpeedup = isProfane2000.wallMedianUs / ours2000.wallMedianUs;
const cleanSpeedup = clean2000.medianUs / ours2000.medianUs;
const doubling = (ours4000.medianUs / ours2000.medianUs - 1) * 100;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
const targets = [
  {
    ok: speedup >= 100,
    line: `ours vs bad-words isProfane at 2,000 terms: ${speedup.toFixed(0)}× faster (target ≥ 100×; wall clock ${wallSpeedup.toFixed(0)}×)`,
  },
  {
    ok: ours2000.medianUs <= 10,
    line: `ours, median per comment at 2,000 terms:    ${ours2000.medianUs.toFixed(2)} µs CPU (target ≤ 10 µs; wall clock ${ours2000.wallMedianUs.toFixed(2)} µs)`,
  },
  {
    ok: doubling <= 10,
    line: `doubling the terms (2,000 → 4,000):         ${doubling >= 0 ? '+' : ''}${doubling.toFixed(1)} % (target ≤ 10 %)`,
  },
];
console.log('');
for (const t of targets) console.log(`${verdict(t.ok)}  ${t.line}`);
console.log(`      ours vs bad-words clean at 2,000 terms:     ${cleanSpeedup.toFixed(0)}× faster`);
const cold = byName('Ordskifte moderate, 2,000 terms, cold');
console.log(
  `      ours cold (1 call per sample) at 2,000:     ${cold.medianUs.toFixed(2)} µs CPU, ${(isProfane2000.medianUs / cold.medianUs).toFixed(0)}× isProfane (information, not a target)`,
);

if (targets.some((t) => !t.ok)) {
  console.log('\nA target was missed.');
  process.exitCode = 1;
}
