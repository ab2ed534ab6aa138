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
// theirs. TEST_CONCURRENCY=1 runs the first phase serially too.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

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
const alone = files.filter((file) => ALONE.some((folder) => file.startsWith(folder)));
const shared = files.filter((file) => !alone.includes(file));

// A URL, not import.meta.dirname: package.json allows node 20.10, which lacks it.
const loader = process.env.TEST_LOADER === 'tsx' ? 'tsx' : new URL('ts-loader.mjs', import.meta.url).href;

const run = (group, concurrency) =>
  spawnSync(
    process.execPath,
    [
      '--import',
      loader,
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec',
      ...flags,
      ...group,
    ],
    { stdio: 'inherit' },
  ).status ?? 1;

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const status = [shared.length > 0 ? run(shared, concurrency) : 0, alone.length > 0 ? run(alone, '1') : 0];
if (status.some((code) => code !== 0)) {
  console.error(
    `\ntests failed: ${shared.length} files ${concurrency} at a time → exit ${status[0]}; ` +
      `${alone.length} files alone (faults, operations) → exit ${status[1]}`,
  );
}
process.exit(status.find((code) => code !== 0) ?? 0);
