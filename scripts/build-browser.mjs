// Bundles the browser code into public/build with esbuild: the embeddable
// widget (widget.js, paid for on every article page view, so it has a size
// budget) and the moderator dashboard (dashboard.js + dashboard.css).
// Usage: node scripts/build-browser.mjs [--quiet]
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public/build');
const WIDGET_BUDGET = 20 * 1024;
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

await build({
  ...common,
  entryPoints: [join(root, 'src/browser/widget/main.ts')],
  outfile: join(out, 'widget.js'),
});
await build({
  ...common,
  entryPoints: [join(root, 'src/browser/dashboard/main.ts')],
  outfile: join(out, 'dashboard.js'),
});
copyFileSync(join(root, 'src/browser/dashboard/dashboard.css'), join(out, 'dashboard.css'));

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
if (widget > WIDGET_BUDGET) {
  console.error(
    `widget.js is ${kb(widget)} gzipped, over its ${kb(WIDGET_BUDGET)} budget (socket client included).`,
  );
  process.exit(1);
}
if (!quiet)
  console.log(
    `widget.js within budget: ${kb(widget)} of ${kb(WIDGET_BUDGET)} gzipped (socket client included)`,
  );
