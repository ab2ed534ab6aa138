/**
 * What a POST leaves in the heap: a sampling heap profile over a stretch of one-at-a-time posts,
 * objects collected by any GC left out (what survives to the end), summarised by allocation site.
 *
 *   HEAP_ROLE=service|floor HEAP_SECONDS=20 npx tsx bench/heap-http.ts
 */
import { readFileSync } from 'node:fs';
import { ask, benchDatabase, drained, load, startServer, stopServer } from './support/http-load.js';

const ROLE = process.env.HEAP_ROLE === 'floor' ? 'floor' : 'service';
const SECONDS = Number(process.env.HEAP_SECONDS ?? 20);
const FILE = `/tmp/postcpu/${ROLE}.heapprofile`;

interface Node {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: Node[];
}

const database = await benchDatabase();
try {
  const server = await startServer(ROLE, database.uri);
  await load(server, 'post', 5, 1);
  const before = await drained(server);
  await ask(server, { profile: 'heap-start' });
  await load(server, 'post', SECONDS, 1);
  const after = await drained(server);
  await ask(server, { profile: 'heap-stop', file: FILE });
  const posts = (after.requests.POST ?? 0) - (before.requests.POST ?? 0);
  await stopServer(server);
  const { head } = JSON.parse(readFileSync(FILE, 'utf8')) as { head: Node };
  const bySite = new Map<string, number>();
  const byStack = new Map<string, number>();
  let total = 0;
  const walk = (node: Node, stack: string[]) => {
    const f = node.callFrame;
    const here = `${f.functionName || '(anon)'} ${f.url.replace(/.*node_modules\//, '').replace(/.*postcpu\//, '')}:${f.lineNumber}`;
    const path = [...stack, here];
    if (node.selfSize > 0) {
      total += node.selfSize;
      bySite.set(here, (bySite.get(here) ?? 0) + node.selfSize);
      const key = path.slice(-6).join(' < ');
      byStack.set(key, (byStack.get(key) ?? 0) + node.selfSize);
    }
    for (const c of node.children) walk(c, path);
  };
  walk(head, []);
  process.stdout.write(
    `${ROLE}: ${posts} posts, ${(total / 1024).toFixed(0)} KB retained = ${(total / posts / 1024).toFixed(2)} KB per post\n`,
  );
  for (const [k, v] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 25))
    process.stdout.write(`  ${(v / posts / 1024).toFixed(2).padStart(7)} KB/post  ${k}\n`);
  process.stdout.write('stacks (innermost last):\n');
  for (const [k, v] of [...byStack].sort((a, b) => b[1] - a[1]).slice(0, 15))
    process.stdout.write(`  ${(v / posts / 1024).toFixed(2).padStart(7)} KB/post  ${k}\n`);
} finally {
  await database.stop();
}
