// Names the JavaScript in a callgrind dump of node: which JS functions (and so which packages)
// the counted instructions of one thread went to. Run the server with node's `--perf-basic-prof`
// (node writes /tmp/perf-PID.map: the address range of each piece of JIT code and its function),
// e.g. through bench:instructions:
//
//   INSTR_NODE_ARGS=--perf-basic-prof INSTR_KEEP=1 INSTR_ROLES=service npm run bench:instructions
//   node bench/support/callgrind-js.mjs DIR/cg.out.PID.2-01 /tmp/perf-PID.map 100
//
// (`.2-01`: the second dump, the counted posts, of thread 1, the main thread; 100: the posts, to
// print per post.) JIT code is charged its own instructions; builtins and C++ (V8's inline caches,
// the runtime, the garbage collector's work on the main thread, libc) are charged to their callers
// in proportion to each caller's calls (as gprof does), up to the nearest JavaScript function, as
// callgrind keeps caller-callee pairs, not whole stacks: an approximation that can misplace a
// share of a builtin called from many places, not a count to quote to the instruction. Code run
// by the interpreter shows as its JS caller's (no map entry of its own); optimised code that V8
// moved after writing the map shows as unmapped.
import { readFileSync } from 'node:fs';

const [file, mapFile, postsArg] = process.argv.slice(2);
if (!file || !mapFile) {
  process.stderr.write(
    'usage: node bench/support/callgrind-js.mjs <callgrind dump> <perf-PID.map> [posts]\n',
  );
  process.exit(2);
}
const posts = Number(postsArg ?? 1);
const rows = Number(process.env.ROWS ?? 40);

const ranges = readFileSync(mapFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [start = '0', size = '0', ...name] = line.split(' ');
    return { start: Number.parseInt(start, 16), size: Number.parseInt(size, 16), name: name.join(' ') };
  })
  .sort((a, b) => a.start - b.start);

/** The perf map's entry covering an address: the JS function whose code is there. */
function lookup(address) {
  let lo = 0;
  let hi = ranges.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].start <= address) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const range = ranges[best];
  return range && address < range.start + range.size ? range.name : null;
}

// callgrind's format: `fn=(id) name` starts a function's lines (the name only the first time),
// `cfn=` names a callee, `calls=` says the next cost line is that call's inclusive cost.
const names = new Map();
const nameOf = (spec) => {
  const m = /^\((\d+)\)(?: (.*))?$/.exec(spec);
  if (!m) return spec;
  if (m[2] !== undefined) names.set(m[1], m[2]);
  return names.get(m[1]);
};
const self = new Map();
/** callee → (caller → instructions of the caller's calls to it, inclusive). */
const callers = new Map();
let fn = null;
let callee = null;
let inCall = false;
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (line.startsWith('fn=')) {
    fn = nameOf(line.slice(3));
    inCall = false;
  } else if (line.startsWith('cfn=')) callee = nameOf(line.slice(4));
  else if (line.startsWith('calls=')) inCall = true;
  else if (fn !== null && /^[0-9+\-*]/.test(line)) {
    const cost = Number(line.trim().split(/\s+/)[1] ?? 0);
    if (inCall) {
      inCall = false;
      if (callee === fn) continue;
      const of = callers.get(callee) ?? new Map();
      callers.set(callee, of);
      of.set(fn, (of.get(fn) ?? 0) + cost);
    } else self.set(fn, (self.get(fn) ?? 0) + cost);
  }
}

const jsNames = new Map();
/** The JS function a callgrind function is (JIT code has no symbol: callgrind names it by address). */
function jsOf(name) {
  if (!jsNames.has(name)) {
    const mapped = /^0x[0-9a-f]+$/.test(name) ? lookup(Number.parseInt(name, 16)) : null;
    jsNames.set(name, mapped?.startsWith('JS:') ? mapped : null);
  }
  return jsNames.get(name);
}

function packageOf(js) {
  const url = / (file:\S+|node:\S+|\/\S+)/.exec(js)?.[1] ?? '';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first = '?', second = ''] = url.slice(modules + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split(':')[0]}`;
  if (url.includes('/src/')) return `src/${url.split('/src/')[1].split(':')[0]}`;
  if (url.includes('/bench/')) return 'bench';
  return '(other JS)';
}

let total = 0;
const charged = new Map();
let mass = new Map();
for (const [name, cost] of self) {
  total += cost;
  if (jsOf(name)) charged.set(name, (charged.get(name) ?? 0) + cost);
  else mass.set(name, cost);
}
const orphaned = new Map();
for (let round = 0; round < 60 && mass.size > 0; round++) {
  const next = new Map();
  for (const [name, cost] of mass) {
    const of = callers.get(name);
    const all = of ? [...of.values()].reduce((a, b) => a + b, 0) : 0;
    if (!of || all === 0) {
      orphaned.set(name, (orphaned.get(name) ?? 0) + cost);
      continue;
    }
    for (const [caller, calls] of of) {
      const share = (cost * calls) / all;
      const target = jsOf(caller) ? charged : next;
      target.set(caller, (target.get(caller) ?? 0) + share);
    }
  }
  mass = next;
}
for (const [name, cost] of mass) orphaned.set(name, (orphaned.get(name) ?? 0) + cost);

const perPost = (cost) => `${(cost / posts / 1e3).toFixed(1).padStart(8)}k`;
const sum = (map, key, cost) => map.set(key, (map.get(key) ?? 0) + cost);
const byPackage = new Map();
const byFunction = new Map();
for (const [name, cost] of charged) {
  const js = jsOf(name);
  sum(byPackage, packageOf(js), cost);
  sum(byFunction, js.replace(/ \S*node_modules\//, ' ').replace(/ \S*\/(src|bench)\//, ' $1/'), cost);
}
sum(
  byPackage,
  '(no JS caller: timers, GC tasks, I/O callbacks)',
  [...orphaned.values()].reduce((a, b) => a + b, 0),
);
const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, cost]) => `${perPost(cost)}  ${key.slice(0, 160)}`)
    .join('\n');
process.stdout.write(
  `${perPost(total)} instructions per post in all (${file})\n` +
    `by package (JS, with the builtins and C++ it called):\n${top(byPackage, rows)}\n` +
    `by JS function:\n${top(byFunction, rows)}\n` +
    `reached from no JS function:\n${top(orphaned, 12)}\n`,
);
