/**
 * Reads a V8 .cpuprofile (node --cpu-prof, or the inspector's Profiler) and
 * summarises where the time went: self time by group (our modules under src/,
 * each library, node's internals, garbage collection), the top functions by
 * self time, our functions by total time, and every sample charged to the
 * innermost of our functions on its stack (what our code costs, the libraries
 * it calls included).
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/** `src/comments/comment-service.ts`, `express`, `@socket.io/x`, `node`, `(garbage collector)`... */
export function groupOf(frame: CallFrame): string {
  if (SPECIAL.has(frame.functionName)) return frame.functionName;
  const url = frame.url;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first = '?', second = ''] = url.slice(modules + '/node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.startsWith('node:')) return 'node';
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  const bench = url.indexOf('/bench/');
  if (bench >= 0) return url.slice(bench + 1);
  return url === '' ? '(native)' : url;
}

const isOurs = (group: string) => group.startsWith('src/');
const label = (frame: CallFrame) =>
  `${frame.functionName || '(anonymous)'} ${groupOf(frame)}:${frame.lineNumber + 1}`;

function top(map: Map<string, number>, n: number, total: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([key, us]) =>
        `  ${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`,
    );
}

export function summarise(profile: CpuProfile, rows = 20): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfByGroup = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const totalByOurFunction = new Map<string, number>();
  const chargedToOurs = new Map<string, number>();
  let busy = 0;
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);

  // Each sample counts as the median interval: a sample after the process was descheduled
  // (a loaded machine) carries a long delta that says nothing about the code it landed in.
  const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
  const us = deltas[Math.floor(deltas.length / 2)] ?? 0;
  const stackOf = (leaf: ProfileNode) => {
    const stack: ProfileNode[] = [];
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
      stack.push(node);
    }
    return stack;
  };
  for (const id of profile.samples) {
    const leaf = byId.get(id);
    if (!leaf || leaf.callFrame.functionName === '(idle)') continue;
    const stack = stackOf(leaf);
    // The profiler's own stop (serialising the profile) is not the server's work.
    if (stack.some((node) => node.callFrame.url === 'node:inspector')) continue;
    busy += us;
    add(selfByGroup, groupOf(leaf.callFrame), us);
    add(selfByFunction, label(leaf.callFrame), us);
    const seen = new Set<string>();
    let charged = false;
    for (const node of stack) {
      const group = groupOf(node.callFrame);
      if (!isOurs(group)) continue;
      const key = label(node.callFrame);
      if (!charged) {
        add(chargedToOurs, key, us);
        charged = true;
      }
      if (!seen.has(key)) {
        seen.add(key);
        add(totalByOurFunction, key, us);
      }
    }
    if (!charged) add(chargedToOurs, `(no frame of ours) ${groupOf(leaf.callFrame)}`, us);
  }

  const ours = [...selfByGroup.entries()].filter(([g]) => isOurs(g)).reduce((a, [, us]) => a + us, 0);
  const wall = profile.endTime - profile.startTime;
  return [
    `busy ${(busy / 1000).toFixed(0)} ms of ${(wall / 1000).toFixed(0)} ms profiled (samples × their median interval); self time in src/: ${((100 * ours) / busy).toFixed(1)} %`,
    'self time by group:',
    ...top(selfByGroup, rows, busy),
    'top functions by self time:',
    ...top(selfByFunction, rows, busy),
    'our functions by total time (what they called included):',
    ...top(totalByOurFunction, rows, busy),
    'each sample charged to the innermost of our functions on its stack:',
    ...top(chargedToOurs, rows, busy),
  ].join('\n');
}
