// Bundles the browser code into public/build with esbuild: the embeddable
// widget (widget.js, paid for on every article page view, so it has a size
// budget) and the moderators' workbench (dashboard.js + dashboard.css, Preact
// components in TSX; JS and CSS together have a budget too).
// Usage: node scripts/build-browser.mjs [--quiet]
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public/build');
const WIDGET_BUDGET = 20 * 1024;
const DASHBOARD_BUDGET = 40 * 1024;
const quiet = process.argv.includes('--quiet');

mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15.4'],
  legalComments: 'none',
  sourcemap: 'linked',
  logLevel: 'warning',
};

// The widget's accountability parts (notice form, statements, appeals) and the leserinnlegg
// form are chunks of their own, fetched only by the readers (and pages) that need them;
// widget.js learns their hashed names.
for (const name of readdirSync(out)) if (name.startsWith('widget-')) rmSync(join(out, name));
const widgetChunks = await build({
  ...common,
  format: 'esm',
  entryPoints: {
    'widget-accountability': join(root, 'src/browser/widget/accountability.ts'),
    'widget-submission': join(root, 'src/browser/widget/submission.ts'),
  },
  outdir: out,
  entryNames: '[name]-[hash]',
  metafile: true,
});
const chunkOf = (entry) =>
  Object.entries(widgetChunks.metafile.outputs)
    .find(([file, meta]) => file.endsWith('.js') && meta.entryPoint?.endsWith(entry))[0]
    .split('/')
    .at(-1);
const accountabilityChunk = chunkOf('widget/accountability.ts');
const submissionChunk = chunkOf('widget/submission.ts');
await build({
  ...common,
  entryPoints: [join(root, 'src/browser/widget/main.ts')],
  outfile: join(out, 'widget.js'),
  define: {
    __ACCOUNTABILITY_CHUNK__: JSON.stringify(accountabilityChunk),
    __SUBMISSION_CHUNK__: JSON.stringify(submissionChunk),
  },
});
// The workbench is an ES module split in chunks: the languages a moderator does not
// use (and views only admins open) load on demand. Old chunks are removed first.
for (const name of readdirSync(out)) if (name.startsWith('dashboard-')) rmSync(join(out, name));
const dashboardBuild = await build({
  ...common,
  format: 'esm',
  splitting: true,
  entryPoints: { dashboard: join(root, 'src/browser/dashboard/main.tsx') },
  outdir: out,
  entryNames: '[name]',
  chunkNames: 'dashboard-[name]-[hash]',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  // CSS a view imports comes in its chunk as text, adopted as a stylesheet when the view loads.
  loader: { '.css': 'text' },
  metafile: true,
});
await build({
  entryPoints: [join(root, 'src/browser/dashboard/dashboard.css')],
  outfile: join(out, 'dashboard.css'),
  bundle: true,
  minify: true,
  logLevel: 'warning',
});

const sizes = {};
for (const name of ['widget.js', 'dashboard.js', 'dashboard.css']) {
  const bytes = readFileSync(join(out, name));
  sizes[name] = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
if (!quiet) {
  for (const [name, size] of Object.entries(sizes)) {
    console.log(
      `${name.padEnd(14)} ${kb(size.raw).padStart(9)} minified, ${kb(size.gzip).padStart(8)} gzipped`,
    );
  }
}
const widget = sizes['widget.js'].gzip;
const chunkGzip = (chunk) => gzipSync(readFileSync(join(out, chunk)), { level: 9 }).length;
if (!quiet) {
  console.log(
    `  ${accountabilityChunk.padEnd(36)} ${kb(chunkGzip(accountabilityChunk))} gzipped, on demand (notices, statements, appeals)`,
  );
  console.log(
    `  ${submissionChunk.padEnd(36)} ${kb(chunkGzip(submissionChunk))} gzipped, on the leserinnlegg page (the form)`,
  );
}
if (widget > WIDGET_BUDGET) {
  console.error(
    `widget.js is ${kb(widget)} gzipped, over its ${kb(WIDGET_BUDGET)} budget (socket client included).`,
  );
  process.exit(1);
}
// The budget is what every moderator downloads before the first item shows: the entry
// and the chunks it imports statically, the CSS, and the largest language chunk (each
// user reads one language, and only that one is fetched). Views loaded on demand (the
// admin screens) are listed with their own size; they load when an admin first opens one.
const gz = (file) => gzipSync(readFileSync(join(root, file)), { level: 9 }).length;
const outputs = dashboardBuild.metafile.outputs;
const entry = 'public/build/dashboard.js';
const staticChunks = (outputs[entry]?.imports ?? [])
  .filter((i) => i.kind === 'import-statement')
  .map((i) => i.path);
const isLanguage = (meta) => /\/strings\/(nb|nn|en)\.ts$/.test(meta.entryPoint ?? '');
if (!quiet) {
  for (const file of staticChunks)
    console.log(`  ${file.split('/').at(-1).padEnd(36)} ${kb(gz(file))} gzipped, with dashboard.js`);
}
let language = 0;
let onDemand = 0;
for (const [file, meta] of Object.entries(outputs)) {
  if (!file.endsWith('.js') || file === entry || staticChunks.includes(file)) continue;
  const size = gz(file);
  if (isLanguage(meta)) language = Math.max(language, size);
  else onDemand += size;
  const when = isLanguage(meta) ? "the user's language, with the first load" : 'on demand';
  if (!quiet) console.log(`  ${file.split('/').at(-1).padEnd(36)} ${kb(size)} gzipped, ${when}`);
}
const dashboard =
  sizes['dashboard.js'].gzip +
  staticChunks.reduce((n, file) => n + gz(file), 0) +
  sizes['dashboard.css'].gzip +
  language;
if (!quiet) {
  console.log(
    `dashboard first load (what a moderator's browser fetches to work the queue): ${kb(dashboard)} gzipped ` +
      `(entry, shared chunk, CSS and the largest language); ` +
      `views loaded on demand ${kb(onDemand)} more, ${kb(dashboard + onDemand)} in all for a user who opens every one`,
  );
}
if (dashboard > DASHBOARD_BUDGET) {
  console.error(
    `the dashboard's first load is ${kb(dashboard)} gzipped (JS, CSS, one language), over its ${kb(DASHBOARD_BUDGET)} budget.`,
  );
  process.exit(1);
}
if (!quiet) {
  console.log(
    `widget.js within budget: ${kb(widget)} of ${kb(WIDGET_BUDGET)} gzipped (socket client included)`,
  );
  console.log(`dashboard within budget: ${kb(dashboard)} of ${kb(DASHBOARD_BUDGET)} gzipped`);
}
