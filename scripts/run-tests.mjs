// Runs every *.test.ts under the given folders (default: src and test) with node's
// test runner. Node 20's runner does not expand globs itself.
//
// The TypeScript is run through scripts/ts-loader.mjs, which transforms only the
// repository's own files, as tsx would, and passes node_modules straight on: about a
// second of CPU less per test file than `--import tsx` (docs/TESTING.md).
// TEST_LOADER=tsx runs the files through tsx instead, to compare.
//
// Two phases. Most files run TEST_CONCURRENCY at a time (default 2): each starts its
// own database on port 0, its own servers and its own Redis key prefix, so they do not
// meet. The files that kill, stall or count processes (test/faults, test/operations)
// then run one at a time with nothing else beside them: they time recovery and look
// for leftover processes, and a neighbour's jongodb or server would be counted as
// theirs (the admin CLI's test, which does neither, runs with the rest).
// TEST_CONCURRENCY=1 runs the first phase serially too.
//
// Longest first. `node --test` sorts its files by name, so the first phase's longest
// files could start last and run alone at the end while the other core waited. Each
// phase therefore runs its files in the order of their last measured time, longest
// first (scripts/test-durations.json; a file not listed there counts as a median one),
// through node's own runner (`run()`: the same runner, spec reporter and exit code as
// `node --test`, every file still in a process of its own). At most
// TEST_BROWSER_CONCURRENCY (default 2) files of test/browser run at once, whatever
// TEST_CONCURRENCY is: each drives its own Chromium, and two at a time is what they
// have always had. CI runs the default two (docs/TESTING.md, stop 30: three at a time
// measured faster and passed once). Each phase prints its time and its slowest files;
// TEST_DURATIONS=write rewrites scripts/test-durations.json from the run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const DURATIONS = new URL('test-durations.json', import.meta.url);

if (process.env.RUN_TESTS_PHASE) await runPhase();
else runAll();

/** The outer process: finds the files, orders them and runs the two phases. */
function runAll() {
  const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.test.ts')) files.push(path);
    }
  };
  for (const root of roots.length > 0 ? roots : ['src', 'test']) {
    if (root.endsWith('.test.ts')) files.push(root);
    else walk(root);
  }
  if (files.length === 0) {
    console.error('no test files found');
    process.exit(1);
  }

  const ALONE = [join('test', 'faults') + sep, join('test', 'operations') + sep];
  // The admin CLI's test neither kills, stalls nor counts anything, nor waits against a
  // clock for a process to start: it runs with the rest. (dev-start's waits 20 s for
  // `src/main.ts` to start under tsx, which a loaded neighbour can stretch past that.)
  const SHARED = [join('test', 'operations', 'admin-cli.test.ts')];
  const alone = files.filter(
    (file) => ALONE.some((folder) => file.startsWith(folder)) && !SHARED.includes(file),
  );
  const shared = files.filter((file) => !alone.includes(file));

  // A URL, not import.meta.dirname: package.json allows node 20.10, which lacks it.
  const loader = process.env.TEST_LOADER === 'tsx' ? 'tsx' : new URL('ts-loader.mjs', import.meta.url).href;
  const known = existsSync(DURATIONS) ? JSON.parse(readFileSync(DURATIONS, 'utf8')) : {};
  const times = Object.values(known).sort((a, b) => a - b);
  const median = times.length > 0 ? times[Math.floor(times.length / 2)] : 0;
  const estimate = (file) => known[file.split(sep).join('/')] ?? median;
  const longestFirst = (group) =>
    [...group].sort((a, b) => estimate(b) - estimate(a) || (a < b ? -1 : a > b ? 1 : 0));

  const timings = join(tmpdir(), `ordskifte-test-timings-${process.pid}.jsonl`);
  const run = (name, group, concurrency) => {
    const started = Date.now();
    const status =
      spawnSync(process.execPath, ['--import', loader, ...flags, fileURLToPath(import.meta.url)], {
        stdio: 'inherit',
        env: {
          ...process.env,
          RUN_TESTS_PHASE: name,
          RUN_TESTS_FILES: JSON.stringify(longestFirst(group)),
          RUN_TESTS_CONCURRENCY: String(concurrency),
          RUN_TESTS_BROWSER: process.env.TEST_BROWSER_CONCURRENCY ?? '2',
          RUN_TESTS_TIMINGS: timings,
        },
      }).status ?? 1;
    console.log(
      `ℹ ${name}: ${group.length} files ${concurrency} at a time in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return status;
  };

  const concurrency = process.env.TEST_CONCURRENCY ?? '2';
  let status;
  try {
    status = [
      shared.length > 0 ? run('first phase', shared, concurrency) : 0,
      alone.length > 0 ? run('second phase (faults, operations)', alone, '1') : 0,
    ];
    const measured = existsSync(timings)
      ? readFileSync(timings, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line))
      : [];
    const slowest = [...measured].sort((a, b) => b.seconds - a.seconds).slice(0, 12);
    if (slowest.length > 1) {
      console.log('ℹ slowest files (wall seconds, with their neighbours beside them):');
      for (const { file, seconds } of slowest) console.log(`ℹ   ${seconds.toFixed(1).padStart(6)}  ${file}`);
    }
    if (process.env.TEST_DURATIONS === 'write') {
      const next = { ...known };
      for (const { file, seconds } of measured) next[file] = Math.round(seconds * 10) / 10;
      const kept = Object.keys(next)
        .filter((file) => existsSync(file))
        .sort((a, b) => next[b] - next[a] || (a < b ? -1 : 1));
      writeFileSync(
        DURATIONS,
        `${JSON.stringify(Object.fromEntries(kept.map((f) => [f, next[f]])), null, 1)}\n`,
      );
      console.log(`ℹ wrote ${kept.length} files' times to scripts/test-durations.json`);
    }
  } finally {
    rmSync(timings, { force: true });
  }
  if (status.some((code) => code !== 0)) {
    console.error(
      `\ntests failed: ${shared.length} files ${concurrency} at a time → exit ${status[0]}; ` +
        `${alone.length} files alone (faults, operations) → exit ${status[1]}`,
    );
  }
  process.exit(status.find((code) => code !== 0) ?? 0);
}

/**
 * One phase, in a process started with the loader (and any flags given), which node's
 * runner passes on to every test file's process, as `node --test` does with its own.
 * Its own pool instead of `run()`'s: `run({ files: [file] })` per file, longest first,
 * at most RUN_TESTS_CONCURRENCY files at a time and at most RUN_TESTS_BROWSER files of
 * test/browser (each drives its own Chromium). Each file's events are held until it is
 * done and then given to one spec reporter, as `node --test` prints a file's results in
 * one block, and the counts at the end are the sums of every file's.
 */
async function runPhase() {
  const { run } = await import('node:test');
  const { spec } = await import('node:test/reporters');
  const { PassThrough } = await import('node:stream');
  const { appendFileSync } = await import('node:fs');
  const files = JSON.parse(process.env.RUN_TESTS_FILES ?? '[]');
  const slots = Math.max(1, Number(process.env.RUN_TESTS_CONCURRENCY ?? 2));
  const browserSlots = Math.max(1, Number(process.env.RUN_TESTS_BROWSER ?? slots));
  const isBrowser = (file) => file.startsWith(join('test', 'browser') + sep);

  const events = new PassThrough({ objectMode: true });
  const reporter = events.compose(spec);
  const printed = (async () => {
    for await (const chunk of reporter) process.stdout.write(chunk);
  })();

  const SUMMARY = /^(tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$/;
  const totals = { tests: 0, suites: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
  const phaseStarted = Date.now();

  const runFile = async (file) => {
    const started = Date.now();
    const held = [];
    for await (const event of run({ files: [file], concurrency: 1 })) {
      const { type, data } = event;
      // As `node --test` decides its exit code: any failing test that is not a todo.
      if (type === 'test:fail' && (data.todo === undefined || data.todo === false)) process.exitCode = 1;
      // The counts of this file's own run: summed below, printed once at the end.
      if (type === 'test:diagnostic' && data.file === undefined && data.nesting === 0) {
        const count = SUMMARY.exec(data.message);
        if (count) totals[count[1]] += Number(count[2]);
        if (count || data.message.startsWith('duration_ms ')) continue;
      }
      held.push(event);
    }
    for (const event of held) events.write(event);
    if (process.env.RUN_TESTS_TIMINGS) {
      const seconds = (Date.now() - started) / 1000;
      appendFileSync(
        process.env.RUN_TESTS_TIMINGS,
        `${JSON.stringify({ file: file.split(sep).join('/'), seconds })}\n`,
      );
    }
  };

  const waiting = [...files];
  let browsers = 0;
  const lane = async () => {
    for (;;) {
      const at = waiting.findIndex((file) => !isBrowser(file) || browsers < browserSlots);
      if (at === -1) {
        if (waiting.length === 0) return;
        // Only browser files are left and their slots are taken: wait for one to end.
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      const [file] = waiting.splice(at, 1);
      const browser = isBrowser(file);
      if (browser) browsers++;
      try {
        await runFile(file);
      } finally {
        if (browser) browsers--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(slots, files.length) }, lane));

  for (const [name, value] of Object.entries(totals))
    events.write({ type: 'test:diagnostic', data: { nesting: 0, message: `${name} ${value}` } });
  events.write({
    type: 'test:diagnostic',
    data: { nesting: 0, message: `duration_ms ${Date.now() - phaseStarted}` },
  });
  events.end();
  await printed;
}
