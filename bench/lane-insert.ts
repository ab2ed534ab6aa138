/**
 * Lane benchmark: what one insert (and one read) of a comment costs the database, against the
 * size of the collection, with the bare driver (no service, no mongoose). It answers issue 17
 * point 5's question "what bounds 200 posts a second on this lane": which index or option makes
 * the cost grow with the collection, and what insert rate the lane sustains at a given size,
 * one `insertOne` per post (the floor's) against batches (our group commit).
 *
 *   npm run bench:lane                                  # every case, sizes 0,500,1000,2000,3000
 *   LANE_SIZES=0,2000 LANE_CASES=floor,batch-20 npm run bench:lane    # some cases, some sizes
 *   LANE_INDEX_SIZES=0,2000 npm run bench:lane          # sizes of the index-by-index sweep ('' skips it)
 *   LANE_OFFER=200 LANE_OFFER_SECONDS=10 npm run bench:lane   # the open-loop part ('0' skips it)
 *   MONGODB_URI=mongodb://… npm run bench:lane          # the same against a MongoDB (wall time only)
 *   MONGODB_URI=… LANE_DB_PID=PID npm run bench:lane    # a database started by hand (e.g. jongodb with
 *                                                       # GC flags), its CPU read from that process
 *
 * The database is an embedded jongodb (src/platform/db/embedded.ts) unless MONGODB_URI is set,
 * reached through one connection (maxPoolSize 1, as the service uses jongodb). Each case gets a
 * fresh collection with its indexes, filled to each size with unmeasured `insertMany`s of 500
 * (w: 1); then windows of the case's operation run until the database process has spent
 * ≥ 150 ms of CPU or 3 s have passed (at most 10 windows); after each insert window its
 * documents are deleted again, so the size stays where it is measured. Documents are shaped as
 * CommentRepository.insert writes them (about 700 bytes of BSON, every field of the schema,
 * with an Idempotency-Key as the widget sends, over 20 articles and 997 authors).
 *
 * Then, open loop: comments offered at LANE_OFFER a second for LANE_OFFER_SECONDS into a fresh
 * collection with the schema's indexes, once one `insertOne` per comment in order (the floor of
 * bench:http, one connection) and once as CommentRepository's group commit does it (alone one
 * `insertOne`, those that waited meanwhile one unordered `insertMany` of at most 100), and once
 * group-committed after the author-activity read of a post of an author this instance wrote
 * lately (history, duplicate check and record, in CommentRepository's own aggregation): once one
 * aggregation per comment ('known-alone', as the product sent it until the group read), and once
 * as the product's group read sends it ('known': alone at once, the posts that waited meanwhile
 * in one aggregation of at most 100), each given until twice the offering time to finish: what
 * each took in, its latency, where it ended.
 *
 * Printed per size: wall ms and database-process CPU ms per document (and per command for
 * batches), and the documents a second that CPU allows on one free core. The CPU is read from
 * /proc/PID/stat of the jongodb process (utime + stime, 10 ms ticks, threads that ended
 * included): on a loaded machine it is the robust figure, wall time is queueing. Index cases
 * take their indexes from the comments schema itself (`commentIndexes()`), options included.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { mongo, Types } from 'mongoose';
import { authorActivityPipeline, commentIndexes } from '../src/comments/comment.repository.js';
import { startEmbeddedDatabase } from '../src/platform/db/embedded.js';
import { createLogger } from '../src/platform/logger.js';
import { storedComment } from '../test/support/factories.js';
import { findDatabasePid, processCpuMs } from './support/database-process.js';
import { commentText } from './support/seed.js';

const numbers = (value: string) =>
  value
    .split(',')
    .filter((part) => part.trim() !== '')
    .map(Number);
const SIZES = numbers(process.env.LANE_SIZES ?? '0,500,1000,2000,3000');
const INDEX_SIZES = numbers(process.env.LANE_INDEX_SIZES ?? '0,2000');
const OFFER_RATE = Number(process.env.LANE_OFFER ?? 200);
const OFFER_SECONDS = Number(process.env.LANE_OFFER_SECONDS ?? 10);
/** CommentRepository's INSERT_BATCH: the most comments one group-committed insertMany carries. */
const GROUP_MAX = 100;
const ONLY = process.env.LANE_CASES ? new Set(process.env.LANE_CASES.split(',')) : null;
/** The size at which the summary states the sustained rates (10 s of 200 posts a second). */
const RATE_AT = 2000;
const MIN_CPU_MS = 150;
const MAX_WALL_MS = 3000;
const MAX_WINDOWS = 10;
const FILL_CHUNK = 500;

type IndexSpec = [Record<string, 1 | -1>, Record<string, unknown>];
type Operation =
  | 'insertOne'
  | 'insertMany'
  | 'findOneByKey'
  | 'findOneById'
  | 'history'
  | 'historyAndAuthor'
  | 'historyBatch';

interface Case {
  name: string;
  what: string;
  indexes: IndexSpec[];
  operation: Operation;
  /** Documents per command (insertMany) or commands per window (the others). */
  batch: number;
  majority: boolean;
  /** Measure into an empty collection while another collection of the database holds the size. */
  neighbour?: boolean;
  /** The documents' shape: a comment as stored (default), without its default-valued fields, or three fields. */
  shape?: Shape;
}

type Shape = 'comment' | 'lean' | 'tiny';

const schemaIndexes = (): IndexSpec[] =>
  commentIndexes().map(([fields, options]) => [fields as Record<string, 1 | -1>, { ...options }]);
const isUnique = ([, options]: IndexSpec) => options.unique === true;
const indexName = ([fields, options]: IndexSpec) =>
  `{${Object.entries(fields)
    .map(([field, dir]) => `${field}:${dir}`)
    .join(',')}}${options.unique ? ' unique' : ''}${options.partialFilterExpression ? ' partial' : ''}${
    options.sparse ? ' sparse' : ''
  }`;

function mainCases(): Case[] {
  const all = schemaIndexes();
  const unique = all.filter(isUnique);
  const nonUnique = all.filter((spec) => !isUnique(spec));
  const insert = (name: string, what: string, indexes: IndexSpec[], batch = 1, majority = true): Case => ({
    name,
    what,
    indexes,
    operation: batch === 1 ? 'insertOne' : 'insertMany',
    batch,
    majority,
  });
  const read = (name: string, what: string, operation: Operation, batch = 20): Case => ({
    name,
    what,
    indexes: all,
    operation,
    batch,
    majority: true,
  });
  return [
    insert('bare-w1', 'insertOne, no secondary index, w:1', [], 1, false),
    insert('bare', 'insertOne, no secondary index, w:majority', []),
    insert(
      'floor',
      `insertOne, the schema's ${all.length} indexes, w:majority (a post alone; the floor)`,
      all,
    ),
    insert('floor-w1', `insertOne, the schema's ${all.length} indexes, w:1`, all, 1, false),
    insert(
      'batch-20',
      `insertMany of 20, the schema's ${all.length} indexes, w:majority (group commit)`,
      all,
      20,
    ),
    insert(
      'batch-100',
      `insertMany of 100, the schema's ${all.length} indexes, w:majority (group commit's cap)`,
      all,
      100,
    ),
    insert('bare-batch-20', 'insertMany of 20, no secondary index, w:majority', [], 20),
    insert('unique-only', `insertOne, only the unique index(es): ${unique.map(indexName).join(' ')}`, unique),
    insert(
      'non-unique-only',
      `insertOne, the ${nonUnique.length} non-unique indexes, not the unique one`,
      nonUnique,
    ),
    {
      ...insert('bare-lean', 'insertOne, no index, the comment without its 14 default-valued fields', []),
      shape: 'lean',
    },
    {
      ...insert('bare-tiny', 'insertOne, no index, documents of three fields (_id, siteId, n)', []),
      shape: 'tiny',
    },
    {
      ...insert('neighbour', 'insertOne, no index, into an empty collection beside one of the size', []),
      neighbour: true,
    },
    read(
      'find-key',
      "findOne by idempotencyKey (findByIdempotencyKey's shape), the schema's indexes",
      'findOneByKey',
    ),
    read('find-id', "findOne by _id, the schema's indexes", 'findOneById'),
    read(
      'history',
      "the author-activity aggregation ($match, $facet per status by author + duplicate), the schema's indexes",
      'history',
    ),
    read(
      'history-author',
      "the same with $unionWith of the author record (a known author's post), 997 authors stored",
      'historyAndAuthor',
    ),
    read(
      'history-batch-20',
      'the same for 20 authors in one aggregation ($in, per status grouped by author), per author',
      'historyBatch',
      20,
    ),
    read('history-batch-100', 'the same for 100 authors in one aggregation, per author', 'historyBatch', 100),
    insert('bare-again', 'insertOne, no secondary index, w:majority: the first case again, for drift', []),
  ];
}

function indexCases(): Case[] {
  return schemaIndexes().map((spec, i) => ({
    name: `index-${i + 1}`,
    what: `insertOne, only ${indexName(spec)}`,
    indexes: [spec],
    operation: 'insertOne' as const,
    batch: 1,
    majority: true,
  }));
}

const SITE = 'demo';
/** The product's pipeline reads the records from `authors` (this bench's database is its own). */
const AUTHORS = 'authors';

/** The authors collection a known author's post reads its record from: 997 authors, as the benches post from. */
async function storeAuthors(db: mongo.Db): Promise<void> {
  const now = new Date();
  const authors = Array.from({ length: 997 }, (_, i) => ({
    _id: new Types.ObjectId(),
    siteId: SITE,
    authorKey: `anon:lane-${i}`,
    name: `Leser ${i}`,
    emailHash: null,
    firstSeenAt: now,
    lastSeenAt: now,
    banned: false,
  }));
  await db.collection(AUTHORS).createIndex({ siteId: 1, authorKey: 1 }, { unique: true });
  await db.collection(AUTHORS).insertMany(authors, { ordered: false });
}
let serial = 0;

/** Fields CommentRepository.insert writes with their default (null, 0, false, '', {}): what 'lean' leaves out. */
const DEFAULTED = [
  'parentId',
  'authorEmail',
  'authorId',
  'featured',
  'reactionSeq',
  'reactionsCountedAt',
  'editedAt',
  'deletedAt',
  'reported',
  'reportCount',
  'reportReasons',
  'shadowHidden',
  'risk',
  'lastAction',
];

function documentOf(shape: Shape = 'comment'): Record<string, unknown> {
  if (shape === 'tiny') return { _id: new Types.ObjectId(), siteId: SITE, n: serial++ };
  const doc = commentDoc();
  if (shape === 'lean') for (const field of DEFAULTED) delete doc[field];
  return doc;
}

/** A comment as CommentRepository.insert writes it: the shared stored-comment factory plus what an insert adds. */
function commentDoc(): Record<string, unknown> {
  const n = serial++;
  return storedComment({
    siteId: SITE,
    articleId: `lane-sak-${n % 20}`,
    body: commentText(n),
    authorName: `Leser ${n % 997}`,
    authorKey: `anon:lane-${n % 997}`,
    authorId: '',
    ipHash: randomBytes(16).toString('hex'),
    reactions: { respect: 0 },
    reactionSeq: 0,
    reactionsCountedAt: 0,
    editedAt: null,
    deletedAt: null,
    fingerprint: randomBytes(8).toString('hex'),
    risk: null,
    idempotencyKey: `${SITE}:${randomBytes(12).toString('hex')}`,
    requestHash: randomBytes(16).toString('hex'),
  });
}

interface Point {
  size: number;
  docs: number;
  commands: number;
  wallMs: number;
  cpuMs: number;
}

let databasePid: number | null = null;

/** Fills the collection from `from` to `to` documents; every 50th document is kept in `samples` (what reads look for). */
async function fill(
  collection: mongo.Collection,
  from: number,
  to: number,
  samples: Record<string, unknown>[],
  shape: Shape | undefined,
): Promise<void> {
  for (let at = from; at < to; at += FILL_CHUNK) {
    const docs = Array.from({ length: Math.min(FILL_CHUNK, to - at) }, () => documentOf(shape));
    await collection.insertMany(docs, { ordered: false, writeConcern: { w: 1 } });
    samples.push(...docs.filter((_, i) => i % 50 === 0));
  }
}

/** One window of the case's operation, timed; inserted documents are deleted afterwards. */
async function window(
  kase: Case,
  target: mongo.Collection,
  samples: Record<string, unknown>[],
): Promise<Omit<Point, 'size'>> {
  const writeConcern = kase.majority ? { w: 'majority' as const } : { w: 1 };
  const insertCommands = kase.operation === 'insertOne' ? 20 : kase.batch === 20 ? 3 : 1;
  const batches =
    kase.operation === 'insertOne' || kase.operation === 'insertMany'
      ? Array.from({ length: insertCommands }, () =>
          Array.from({ length: kase.batch }, () => documentOf(kase.shape)),
        )
      : [];
  const pick = (i: number) => samples[i % samples.length] ?? {};
  const cpu0 = processCpuMs(databasePid);
  const t0 = performance.now();
  let docs = 0;
  let commands = 0;
  if (kase.operation === 'insertOne') {
    for (const [doc] of batches) await target.insertOne(doc!, { writeConcern });
  } else if (kase.operation === 'insertMany') {
    for (const batch of batches) await target.insertMany(batch, { ordered: false, writeConcern });
  } else if (kase.operation === 'historyBatch') {
    const first = Math.floor(Math.random() * 997);
    const posts = Array.from({ length: kase.batch }, (_, i) => ({
      authorKey: `anon:lane-${(first + i) % 997}`,
      fingerprint: randomBytes(8).toString('hex'),
    }));
    await target.aggregate(activityPipeline(posts, true)).toArray();
    docs = kase.batch;
    commands = 1;
  } else {
    for (let i = 0; i < kase.batch; i++) {
      const sample = pick(i);
      if (kase.operation === 'findOneByKey')
        await target.findOne({ idempotencyKey: { $eq: sample.idempotencyKey, $exists: true } });
      else if (kase.operation === 'findOneById') await target.findOne({ _id: sample._id as Types.ObjectId });
      else
        await target
          .aggregate(
            activityPipeline(
              [{ authorKey: sample.authorKey as string, fingerprint: sample.fingerprint as string }],
              kase.operation === 'historyAndAuthor',
            ),
          )
          .toArray();
      docs++;
      commands++;
    }
  }
  const wallMs = performance.now() - t0;
  const cpuMs = processCpuMs(databasePid) - cpu0;
  if (batches.length > 0) {
    docs = batches.flat().length;
    commands = batches.length;
    await target.deleteMany({ _id: { $in: batches.flat().map((doc) => doc._id as Types.ObjectId) } });
  }
  return { docs, commands, wallMs, cpuMs };
}

async function runCase(db: mongo.Db, kase: Case, sizes: number[]): Promise<Point[]> {
  const name = `lane_${kase.name}`;
  const main = db.collection(name);
  const neighbour = db.collection(`${name}_beside`);
  for (const [fields, options] of kase.indexes) await main.createIndex(fields, options);
  // createIndexes creates the collection on jongodb (it has no `create`); one with no index needs a document.
  const sized = kase.neighbour ? neighbour : main;
  const target = main;
  const points: Point[] = [];
  let size = 0;
  const samples: Record<string, unknown>[] = [];
  for (const wanted of sizes) {
    await fill(sized, size, wanted, samples, kase.shape);
    size = wanted;
    // Reads look for stored documents from all over the collection (a miss when it is empty).
    const samplesOrFresh =
      samples.length > 0
        ? samples.filter((_, i) => i % Math.ceil(samples.length / 20) === 0)
        : [commentDoc()];
    const point: Point = { size, docs: 0, commands: 0, wallMs: 0, cpuMs: 0 };
    for (let i = 0; i < MAX_WINDOWS; i++) {
      const one = await window(kase, target, samplesOrFresh);
      point.docs += one.docs;
      point.commands += one.commands;
      point.wallMs += one.wallMs;
      point.cpuMs += one.cpuMs;
      if (point.cpuMs >= MIN_CPU_MS || point.wallMs >= MAX_WALL_MS) break;
    }
    points.push(point);
  }
  await main.drop().catch(() => {});
  await neighbour.drop().catch(() => {});
  return points;
}

/**
 * CommentRepository.authorActivity's aggregation (`authorActivityPipeline`, the product's own):
 * for one post, or for the posts waiting as the product's group read sends them, each with the
 * duplicate check of its text from a day back and, with `withAuthor`, its author's record.
 */
function activityPipeline(
  posts: { authorKey: string; fingerprint: string }[],
  withAuthor: boolean,
): mongo.Document[] {
  const since = new Date(Date.now() - 864e5);
  return authorActivityPipeline(
    SITE,
    posts.map((post) => ({ ...post, since, withAuthor })),
  );
}

interface Offered {
  mode: string;
  offered: number;
  doneInTime: number;
  doneAtEnd: number;
  finishedMs: number | null;
  latencies: number[];
  /** Insert commands. */
  commands: number;
  /** Author-activity aggregations ('known', 'known-alone'). */
  reads: number;
  cpuMs: number;
}

/**
 * Offers comments at `rate` a second for `seconds` (open loop: the next comes on time whatever
 * the database does) and inserts them over one connection, one `insertOne` each in order
 * ('floor') or group-committed ('group'); waits until twice the offering time at most.
 */
async function offer(
  db: mongo.Db,
  mode: 'floor' | 'group' | 'known-alone' | 'known',
  rate: number,
  seconds: number,
): Promise<Offered> {
  const target = db.collection(`lane_offer_${mode}`);
  for (const [fields, options] of schemaIndexes()) await target.createIndex(fields, options);
  const queue: { doc: Record<string, unknown>; at: number }[] = [];
  const result: Offered = {
    mode,
    offered: 0,
    doneInTime: 0,
    doneAtEnd: 0,
    finishedMs: null,
    latencies: [],
    commands: 0,
    reads: 0,
    cpuMs: 0,
  };
  const writeConcern = { w: 'majority' as const };
  let sending = false;
  const t0 = performance.now();
  const cpu0 = processCpuMs(databasePid);
  const send = async () => {
    sending = true;
    while (queue.length > 0 && performance.now() - t0 < 2 * seconds * 1000) {
      const batch = queue.splice(0, mode === 'floor' ? 1 : GROUP_MAX);
      if (batch.length === 1) await target.insertOne(batch[0]!.doc, { writeConcern });
      else
        await target.insertMany(
          batch.map((entry) => entry.doc),
          { ordered: false, writeConcern },
        );
      result.commands++;
      const now = performance.now();
      for (const entry of batch) result.latencies.push(now - entry.at);
      result.doneAtEnd += batch.length;
      if (now - t0 <= seconds * 1000) result.doneInTime += batch.length;
    }
    sending = false;
  };
  let sender: Promise<void> = Promise.resolve();
  const arrive = (entry: { doc: Record<string, unknown>; at: number }) => {
    queue.push(entry);
    if (!sending) sender = send();
  };
  // 'known': each comment first reads its author's activity, as a post of an author this instance
  // wrote lately does: group-read as the product does ('known'), or one aggregation a post in
  // arrival order over the same connection ('known-alone').
  const toRead: { doc: Record<string, unknown>; at: number }[] = [];
  let reading = false;
  let reader: Promise<void> = Promise.resolve();
  const read = async () => {
    reading = true;
    while (toRead.length > 0 && performance.now() - t0 < 2 * seconds * 1000) {
      const entries = toRead.splice(0, mode === 'known-alone' ? 1 : GROUP_MAX);
      const posts = entries.map((entry) => entry.doc as { authorKey: string; fingerprint: string });
      await target.aggregate(activityPipeline(posts, true)).toArray();
      result.reads++;
      for (const entry of entries) arrive(entry);
    }
    reading = false;
  };
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - t0;
      const due = Math.min(rate * seconds, Math.floor((rate * elapsed) / 1000));
      for (; result.offered < due; result.offered++) {
        const entry = { doc: commentDoc(), at: performance.now() };
        if (mode === 'known' || mode === 'known-alone') toRead.push(entry);
        else arrive(entry);
      }
      if (!reading && toRead.length > 0) reader = read();
      if (elapsed >= seconds * 1000) {
        clearInterval(tick);
        done();
      }
    }, 5);
  });
  await reader;
  await sender;
  if (!sending && queue.length > 0) await send();
  result.cpuMs = processCpuMs(databasePid) - cpu0;
  if (queue.length === 0 && toRead.length === 0) result.finishedMs = performance.now() - t0;
  await target.drop().catch(() => {});
  return result;
}

function printOffered(entry: Offered, seconds: number): void {
  const sorted = [...entry.latencies].sort((a, b) => a - b);
  const quantile = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  console.log(
    `  ${entry.mode.padEnd(6)} took in ${pad(entry.doneInTime, 5)} in ${seconds} s (${fixed(entry.doneInTime / seconds, 0)}/s), ${pad(entry.doneAtEnd, 5)} of ${entry.offered} by ${
      entry.finishedMs === null ? `${2 * seconds} s (gave up)` : `${fixed(entry.finishedMs / 1000, 1)} s`
    }; latency p50 ${fixed(quantile(0.5), 0)} ms, p99 ${fixed(quantile(0.99), 0)} ms; ${entry.commands} commands (${fixed(entry.doneAtEnd / Math.max(1, entry.commands), 1)} comments each)${entry.reads > 0 ? ` after ${entry.reads} aggregations` : ''}; db CPU ${fixed(entry.cpuMs / Math.max(1, entry.doneAtEnd))} ms a comment`,
  );
}

const pad = (text: string | number, width: number) => String(text).padStart(width);
const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function printCase(kase: Case, points: Point[]): void {
  const batch = kase.operation === 'insertMany';
  console.log(`\n${kase.name}: ${kase.what}`);
  console.log(
    `  ${pad('size', 5)}  ${pad('wall ms/doc', 11)}  ${pad('db CPU ms/doc', 13)}${batch ? `  ${pad('db CPU ms/command', 17)}` : ''}  ${pad('docs/s on a free core', 21)}  ${pad('ops', 4)}`,
  );
  for (const point of points) {
    const cpuPerDoc = point.cpuMs / point.docs;
    console.log(
      `  ${pad(point.size, 5)}  ${pad(fixed(point.wallMs / point.docs), 11)}  ${pad(databasePid === null ? '-' : fixed(cpuPerDoc), 13)}${
        batch ? `  ${pad(fixed(point.cpuMs / point.commands, 1), 17)}` : ''
      }  ${pad(databasePid === null || point.cpuMs === 0 ? '-' : fixed(1000 / cpuPerDoc, 0), 21)}  ${pad(point.commands, 4)}`,
    );
  }
}

async function main(): Promise<void> {
  const logger = createLogger('silent');
  const embedded = process.env.MONGODB_URI
    ? null
    : await startEmbeddedDatabase({ prefer: 'jongodb', dataDir: null, logger });
  const uri = process.env.MONGODB_URI ?? embedded!.uri;
  databasePid = embedded
    ? findDatabasePid()
    : process.env.LANE_DB_PID
      ? Number(process.env.LANE_DB_PID)
      : null;
  const client = new mongo.MongoClient(uri, { maxPoolSize: 1 });
  const stopAll = async () => {
    await client.close().catch(() => {});
    await embedded?.stop();
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    await client.connect();
    const db = client.db(`lane_${process.pid}`);
    await storeAuthors(db);
    const load = loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
    console.log(
      `bench:lane — ${new Date().toISOString()}, load average ${load}\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, database: ${embedded ? `embedded jongodb (pid ${databasePid ?? '?'})` : `MONGODB_URI (${databasePid === null ? 'no process CPU' : `CPU of pid ${databasePid}`})`}`,
    );
    const wanted = (kase: Case) => !ONLY || ONLY.has(kase.name);
    const results = new Map<string, Point[]>();
    for (const kase of mainCases().filter(wanted)) {
      const points = await runCase(db, kase, SIZES);
      results.set(kase.name, points);
      printCase(kase, points);
    }
    if (INDEX_SIZES.length > 0) {
      console.log(
        `\nEach index of the comments schema alone, insertOne, w:majority, sizes ${INDEX_SIZES.join(', ')}:`,
      );
      for (const kase of indexCases().filter(wanted)) printCase(kase, await runCase(db, kase, INDEX_SIZES));
    }
    if (OFFER_RATE > 0) {
      console.log(
        `\nOpen loop: ${OFFER_RATE} comments a second offered for ${OFFER_SECONDS} s into an empty collection with the schema's indexes, one connection:`,
      );
      for (const mode of ['floor', 'group', 'known-alone', 'known'] as const)
        printOffered(await offer(db, mode, OFFER_RATE, OFFER_SECONDS), OFFER_SECONDS);
    }
    const at = (name: string) => results.get(name)?.find((point) => point.size === RATE_AT);
    const rates = ['floor', 'batch-20', 'batch-100', 'bare']
      .map((name) => [name, at(name)] as const)
      .filter((entry): entry is readonly [string, Point] => entry[1] !== undefined);
    if (rates.length > 0 && databasePid !== null) {
      console.log(
        `\nSustained insert rate at ${RATE_AT} comments (10 s of 200 posts a second), from the database's CPU:`,
      );
      for (const [name, point] of rates)
        console.log(
          `  ${name.padEnd(10)} ${pad(fixed(1000 / (point.cpuMs / point.docs), 0), 6)} docs/s on a free core (${fixed(point.cpuMs / point.docs)} ms CPU a doc); at the wall time measured here ${fixed(1000 / (point.wallMs / point.docs), 0)} docs/s`,
        );
    }
    console.log(
      `\nload average at the end: ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
    );
    await client
      .db(`lane_${process.pid}`)
      .dropDatabase()
      .catch(() => {});
  } finally {
    await stopAll();
  }
}

await main();
