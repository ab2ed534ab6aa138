// Mutation testing with StrykerJS: the tap runner runs node's test runner files
// through scripts/ts-loader.mjs, one process per test file, and each mutant only against the files
// that reach it (per-file coverage). Two scopes, run separately because their
// tests differ in cost by a factor of a hundred:
//
//   engine   the moderation engine (pure code) against its unit tests;
//   actions  moderator actions, event seqs and idempotency against the
//            integration tests that drive them through HTTP and the database lane.
//
// MUTATION_SCOPE picks the scope (default engine). MUTATION_CI=1 is the scoped run:
// a fixed part of each scope, with a floor (Stryker exits non-zero under `break`).
// `npm run mutation` is the full run; `npm run mutation:ci` the engine's scoped run,
// which .ci/run runs; `npm run mutation:ci:actions` the actions' scoped run, by hand
// (its tests go through HTTP and the database, ~15 s per mutant on a loaded machine).
// The floors sit a little under the scores measured on 2026-12-05 (docs/TESTING.md).
const SCOPES = {
  engine: {
    mutate: ['src/moderation/engine/**/*.ts', '!src/moderation/engine/**/*.test.ts'],
    // How the rules' reasons become one decision, and the fingerprint the duplicate rule compares.
    ciMutate: ['src/moderation/engine/index.ts', 'src/moderation/engine/fingerprint.ts'],
    testFiles: [
      'src/moderation/engine/engine.test.ts',
      'src/moderation/engine/matcher.test.ts',
      'src/moderation/engine/normalise.test.ts',
      'src/moderation/engine/fingerprint.test.ts',
    ],
    ciBreak: 78,
    break: null,
  },
  actions: {
    mutate: [
      'src/moderation-queue/moderation-service.ts',
      'src/platform/idempotency.ts',
      'src/events/site-event-log.ts',
    ],
    ciMutate: ['src/platform/idempotency.ts'],
    testFiles: ['test/moderation-queue/queue-and-actions.test.ts', 'test/events/seq-allocation.test.ts'],
    ciBreak: 48,
    break: null,
  },
};

const name = process.env.MUTATION_SCOPE ?? 'engine';
const scope = SCOPES[name];
if (!scope) throw new Error(`MUTATION_SCOPE must be one of ${Object.keys(SCOPES).join(', ')}`);
const ci = process.env.MUTATION_CI === '1';

export default {
  testRunner: 'tap',
  tap: {
    testFiles: scope.testFiles,
    // The suite's own TypeScript loader (scripts/ts-loader.mjs), as npm test runs the files:
    // each mutant is a new process, and tsx costs about a second more of CPU to start one.
    nodeArgs: ['--import', './scripts/ts-loader.mjs', '-r', '{{hookFile}}', '{{testFile}}'],
  },
  coverageAnalysis: 'perTest',
  mutate: ci ? scope.ciMutate : scope.mutate,
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${name}${ci ? '-ci' : ''}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}${ci ? '-ci' : ''}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  thresholds: { high: 80, low: 60, break: ci ? scope.ciBreak : scope.break },
  ignorePatterns: ['/scratch', '/test-artifacts', '/data', '/dist', '/public/build', '/reports', '/.stryker-tmp'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
