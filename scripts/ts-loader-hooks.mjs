// Module hooks that let node run the repository's TypeScript, for the test runner.
//
// tsx does the same and more (CommonJS, tsconfig paths, watch mode), and costs for it:
// every module a test file loads, the ~1,000 of node_modules included, goes through its
// hooks, which is about 2 s of CPU per test file on top of the 2 s node needs to load
// the service. These hooks touch only the repository's own .ts/.tsx files (a relative
// `./x.js` import of a file that is `x.ts`, as TypeScript's NodeNext resolution writes
// it) and pass everything else straight on; they transform with esbuild, with the
// options tsx uses (so a test sees the code tsx and `npm start` run), and keep each
// transform on disk by the hash of its source, so a file is transformed once per run
// of the suite, not once per test file.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform, version as esbuildVersion } from 'esbuild';

const ROOT = new URL('../', import.meta.url);
const { compilerOptions } = JSON.parse(readFileSync(new URL('tsconfig.json', ROOT), 'utf8'));
const OPTIONS = {
  format: 'esm',
  target: `node${process.versions.node}`,
  sourcemap: 'inline',
  sourcesContent: false,
  minifyWhitespace: true,
  keepNames: true,
  // The browser views' JSX, as src/browser/tsconfig.json compiles it.
  tsconfigRaw: { compilerOptions: { ...compilerOptions, jsx: 'react-jsx', jsxImportSource: 'preact' } },
};
const CACHE = join(tmpdir(), `ordskifte-ts-${process.getuid?.() ?? 'user'}`);
mkdirSync(CACHE, { recursive: true });
const optionsKey = createHash('sha1')
  .update(JSON.stringify(OPTIONS) + esbuildVersion)
  .digest('hex');

const TS = /\.(ts|tsx|mts)$/;

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (
    parent?.startsWith('file:') &&
    TS.test(parent) &&
    (specifier.startsWith('./') || specifier.startsWith('../')) &&
    specifier.endsWith('.js')
  ) {
    for (const ext of ['.ts', '.tsx']) {
      const url = new URL(specifier.slice(0, -3) + ext, parent);
      if (existsSync(url)) return { url: url.href, format: 'module', shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !TS.test(url)) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const source = readFileSync(path, 'utf8');
  const key = createHash('sha1').update(optionsKey).update(path).update(source).digest('hex');
  const cached = join(CACHE, `${key}.mjs`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    const loader = path.endsWith('.tsx') ? 'tsx' : 'ts';
    code = (await transform(source, { ...OPTIONS, loader, sourcefile: path })).code;
    const temporary = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(temporary, code);
    renameSync(temporary, cached);
  }
  return { format: 'module', source: code, shortCircuit: true };
}
