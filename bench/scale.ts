/**
 * Cost as data grows: the reader list (first page, and page 50 by cursor) and
 * the moderators' pending queue, timed over 100,000 and then 1,000,000
 * comments, with explain() of the very queries the repository sends
 * (captured through mongoose's debug hook and replayed with explain).
 *
 *   MONGODB_URI=mongodb://localhost:27017 npm run bench:scale
 *
 * Needs a real MongoDB. Refuses the embedded jongodb lane (detected by its
 * buildInfo as well): jongodb scans whole collections and has no explain, so
 * its figures would measure jongodb, not Ordskifte. SCALE_SMOKE=1 runs the
 * script on any lane with 3,000/6,000 documents and no explain, only to check
 * that the script itself works. SCALE_SIZES=100000,1000000 overrides sizes.
 *
 * Passes (exit 0) when every plan is an index scan with no in-memory SORT
 * stage and no paginated query is more than 2× slower at the largest size
 * than at the smallest. The database `ordskifte_scale` is dropped first.
 */
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { Types } from 'mongoose';
import { CommentRepository, type Position } from '../src/comments/comment.repository.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { createLogger } from '../src/platform/logger.js';

const SMOKE = process.env.SCALE_SMOKE === '1';
const SIZES = (process.env.SCALE_SIZES ?? (SMOKE ? '3000,6000' : '100000,1000000')).split(',').map(Number);
const SITE = 'scale';
const HOT = 'hot-article';
const HOT_TOP_LEVEL = SMOKE ? 1200 : 5000; // page 50 at 20 a page needs 1,000
const PENDING = SMOKE ? 200 : 2000;
const RUNS = SMOKE ? 5 : 40;
const PAGE = 20;

const uri = process.env.MONGODB_URI;
if (!uri && !SMOKE) {
  process.stderr.write(
    'bench:scale needs a real MongoDB: MONGODB_URI=mongodb://... npm run bench:scale\n' +
      'The embedded jongodb lane scans whole collections (a sorted, limited find took 10 ms over 20,000\n' +
      'documents and 39 ms over 100,000) and has no explain, so its figures would measure jongodb, not us.\n',
  );
  process.exit(2);
}

const logger = createLogger('warn');
const config = loadConfig({ NODE_ENV: 'test' }, { mongodbUri: uri ?? null, logLevel: 'warn' });
const db = await openDatabase(config, logger, { dbName: 'ordskifte_scale' });
// An embedded server (SCALE_SMOKE without MONGODB_URI) must not outlive a failed run.
const failRun = (err: unknown) => {
  process.stderr.write(`bench:scale failed: ${(err as Error)?.stack ?? err}\n`);
  void db.close().finally(() => process.exit(1));
};
process.on('uncaughtException', failRun);
process.on('unhandledRejection', failRun);
const build = (await db.connection.db!.admin().command({ buildInfo: 1 })) as { version?: string };
const isJongodb = /jongodb/i.test(String(build.version));
if (isJongodb && !SMOKE) {
  process.stderr.write(
    `bench:scale refuses this server (buildInfo ${build.version}): jongodb answers queries by scanning whole\n` +
      'collections and has no explain, so the figures would measure jongodb, not Ordskifte. Use a real MongoDB.\n',
  );
  await db.close();
  process.exit(2);
}

/** Starts and ends empty (jongodb, in SMOKE mode only, has no dropDatabase). */
const clear = () =>
  isJongodb ? db.connection.db!.collection('comments').deleteMany({}) : db.connection.db!.dropDatabase();
await clear();
const comments = new CommentRepository(db.connection);
await comments.model.createIndexes();
const collection = comments.model.collection;

/** The commands a repository call sends, captured from mongoose's debug hook. */
interface Sent {
  method: string;
  args: unknown[];
}
let capture: Sent[] | null = null;
db.connection.set('debug', (_collection: string, method: string, ...args: unknown[]) => {
  capture?.push({ method, args });
});

async function captured(run: () => Promise<unknown>): Promise<Sent[]> {
  capture = [];
  await run();
  const sent = capture;
  capture = null;
  return sent;
}

let sequence = 0;
const base = Date.now() - 400 * 24 * 3600 * 1000;
function doc(siteId: string, articleId: string, status: string, parentId: Types.ObjectId | null = null) {
  const at = new Date(base + sequence++ * 1000);
  return {
    _id: new Types.ObjectId(),
    siteId,
    articleId,
    parentId,
    body: `Kommentar ${sequence} om saken, med litt tekst slik at dokumentet har en realistisk størrelse.`,
    authorName: `Leser ${sequence % 5000}`,
    authorEmail: null,
    authorKey: `anon:${sequence % 5000}`,
    ipHash: null,
    status,
    featured: false,
    reported: false,
    reportCount: 0,
    reportReasons: {},
    shadowHidden: false,
    version: 1,
    moderation: { decision: status === 'approved' ? 'approve' : 'hold', reasons: [] },
    fingerprint: randomBytes(8).toString('hex'),
    lastAction: null,
    createdAt: at,
    updatedAt: at,
  };
}

async function insert(docs: ReturnType<typeof doc>[]) {
  for (let i = 0; i < docs.length; i += 5000) {
    await collection.insertMany(docs.slice(i, i + 5000), { ordered: false });
  }
}

/** The measured data: one busy article with replies and a pending queue, fixed in size. */
async function seedFixed() {
  const docs = [];
  for (let i = 0; i < HOT_TOP_LEVEL; i++) {
    const top = doc(SITE, HOT, 'approved');
    docs.push(top);
    if (i % 2 === 0) docs.push(doc(SITE, HOT, 'approved', top._id), doc(SITE, HOT, 'approved', top._id));
  }
  for (let i = 0; i < PENDING; i++) docs.push(doc(SITE, `article-${i % 300}`, 'pending'));
  await insert(docs);
  return docs.length;
}

/** Growth around it: the same site's other articles and other sites, mostly approved. */
async function grow(to: number) {
  let count = await collection.estimatedDocumentCount();
  while (count < to) {
    const batch = [];
    for (let i = 0; i < Math.min(20_000, to - count); i++) {
      const r = (count + i) % 10;
      const site = r < 5 ? SITE : `other-${r}`;
      const status = r === 9 ? 'rejected' : r === 8 && site !== SITE ? 'pending' : 'approved';
      batch.push(doc(site, `article-${(count + i) % 20_000}`, status));
    }
    await insert(batch);
    count += batch.length;
    process.stdout.write(`\r  seeded ${count.toLocaleString('en')} comments`);
  }
  process.stdout.write('\n');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

async function timed(run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  return { p50: median(ms), p95: p95(ms) };
}

interface PlanCheck {
  stages: string[];
  keysExamined: number;
  docsExamined: number;
  returned: number;
}

function stagesOf(plan: unknown, out: string[] = []): string[] {
  if (!plan || typeof plan !== 'object') return out;
  const node = plan as Record<string, unknown>;
  if (typeof node.stage === 'string') out.push(node.stage);
  for (const key of ['inputStage', 'queryPlan', 'winningPlan']) stagesOf(node[key], out);
  for (const child of (node.inputStages as unknown[]) ?? []) stagesOf(child, out);
  return out;
}

/** explain() of every find/count the repository call sent. */
async function explainAll(sent: Sent[]): Promise<PlanCheck[]> {
  const checks: PlanCheck[] = [];
  for (const { method, args } of sent) {
    const [filter, options] = args as [Record<string, unknown>, Record<string, unknown> | undefined];
    let explained: Record<string, unknown>;
    if (method === 'find' || method === 'findOne') {
      const cursor = collection.find(filter, {
        sort: options?.sort as never,
        limit: (options?.limit as number) ?? 1,
      });
      explained = (await cursor.explain('executionStats')) as Record<string, unknown>;
    } else if (method === 'countDocuments') {
      explained = (await collection
        .aggregate([{ $match: filter }, { $group: { _id: 1, n: { $sum: 1 } } }])
        .explain('executionStats')) as Record<string, unknown>;
    } else if (method === 'aggregate') {
      explained = (await collection.aggregate(filter as never).explain('executionStats')) as Record<
        string,
        unknown
      >;
    } else continue;
    const planner = (explained.queryPlanner ??
      ((explained.stages as Record<string, Record<string, unknown>>[] | undefined)?.[0]?.$cursor
        ?.queryPlanner as unknown)) as Record<string, unknown> | undefined;
    const stats = (explained.executionStats ??
      (explained.stages as Record<string, Record<string, unknown>>[] | undefined)?.[0]?.$cursor
        ?.executionStats) as Record<string, number> | undefined;
    checks.push({
      stages: stagesOf(planner?.winningPlan),
      keysExamined: stats?.totalKeysExamined ?? Number.NaN,
      docsExamined: stats?.totalDocsExamined ?? Number.NaN,
      returned: stats?.nReturned ?? Number.NaN,
    });
  }
  return checks;
}

interface Measured {
  name: string;
  paginated: boolean;
  p50: number;
  p95: number;
  plans: PlanCheck[];
}

async function measure(): Promise<Measured[]> {
  // As the service reads a first page: the page with the count and editor picks, then the replies.
  const firstPage = async () => {
    const page = await comments.threadPage(SITE, HOT, { limit: PAGE, sort: 'newest' }, { featured: 10 });
    await comments.listReplies(
      SITE,
      HOT,
      page.top.slice(0, PAGE).map((c) => c.id),
    );
  };
  // Walk to page 50 the way a reader does: each page's last item is the next cursor.
  let position: Position | undefined;
  for (let p = 1; p < 50; p++) {
    const page = await comments.listTopLevel(SITE, HOT, { limit: PAGE, sort: 'newest', after: position });
    const last = page[PAGE - 1]!;
    position = { t: last.createdAt.getTime(), id: last.id };
  }
  const page50 = async () => {
    const page = await comments.listTopLevel(SITE, HOT, { limit: PAGE, sort: 'newest', after: position });
    await comments.listReplies(
      SITE,
      HOT,
      page.slice(0, PAGE).map((c) => c.id),
    );
  };
  let queuePosition: Position | undefined;
  const firstQueuePage = await comments.listQueue(SITE, 'pending', { limit: PAGE });
  const lastQueued = firstQueuePage[PAGE - 1]!;
  queuePosition = { t: lastQueued.createdAt.getTime(), id: lastQueued.id };
  const queue = () => comments.listQueue(SITE, 'pending', { limit: PAGE });
  const queueNext = () => comments.listQueue(SITE, 'pending', { limit: PAGE, after: queuePosition });
  const counts = () => comments.queueCounts(SITE);

  const cases: [string, boolean, () => Promise<unknown>][] = [
    ['reader list, first page (+ count, picks; replies)', true, firstPage],
    ['reader list, page 50 by cursor (+ replies)', true, page50],
    ['pending queue, first page', true, queue],
    ['pending queue, second page by cursor', true, queueNext],
    ['queue counts (4 counts, one is all approved)', false, counts],
  ];
  const results: Measured[] = [];
  for (const [name, paginated, run] of cases) {
    const { p50, p95: slow } = await timed(run);
    const plans = isJongodb ? [] : await explainAll(await captured(run));
    results.push({ name, paginated, p50, p95: slow, plans });
  }
  return results;
}

process.stdout.write(
  `bench:scale — ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, server ${build.version}${SMOKE ? ' (SMOKE: script check only, no figures)' : ''}\n`,
);
const fixed = await seedFixed();
process.stdout.write(`  fixed data: ${fixed} comments (hot article and pending queue)\n`);
const bySize = new Map<number, Measured[]>();
for (const size of SIZES) {
  await grow(size);
  bySize.set(size, await measure());
}

let failed = false;
const smallest = bySize.get(SIZES[0]!)!;
const largest = bySize.get(SIZES.at(-1)!)!;
process.stdout.write('\n');
for (const [i, m] of largest.entries()) {
  const row = SIZES.map((s) => {
    const r = bySize.get(s)![i]!;
    return `${s.toLocaleString('en').padStart(9)}: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms`;
  }).join('   ');
  const growth = m.p50 / smallest[i]!.p50;
  const planProblems = m.plans.flatMap((p) => [
    ...(p.stages.includes('COLLSCAN') ? ['COLLSCAN'] : []),
    ...(p.stages.includes('SORT') ? ['in-memory SORT'] : []),
    ...(p.stages.some((s) => s === 'IXSCAN' || s === 'COUNT_SCAN' || s === 'EXPRESS_IXSCAN' || s === 'IDHACK')
      ? []
      : ['no index scan']),
  ]);
  const plans = m.plans
    .map((p) => `${p.stages.join('<')} keys ${p.keysExamined} docs ${p.docsExamined} → ${p.returned}`)
    .join('; ');
  const grew = m.paginated && growth > 2;
  if (planProblems.length > 0 || grew) failed = true;
  process.stdout.write(
    `${m.name}\n  ${row}\n  growth ×${growth.toFixed(2)}${grew ? ' (TOO MUCH)' : ''}` +
      `${m.plans.length ? `\n  plans: ${plans}` : ''}${planProblems.length ? `\n  PROBLEMS: ${planProblems.join(', ')}` : ''}\n`,
  );
}
await clear();
await db.close();
process.exitCode = failed && !SMOKE ? 1 : 0;
