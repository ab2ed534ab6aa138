import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';
import {
  CONTENT_TYPES,
  EDGE_STRINGS,
  hostileJson,
  hostileString,
  nearValid,
  rawBody,
} from './support/hostile.js';

/**
 * Generated requests for every endpoint the OpenAPI document lists (so a new
 * endpoint is fuzzed without touching this file): random and near-valid JSON,
 * wrong types, huge strings, deep nesting, lone surrogates, operator and
 * prototype keys, bad UTF-8, wrong content types, odd paths, queries and
 * headers. Invariants: never a 5xx, always the contract's error body, never a
 * stack trace, never a stored document from a refused request, and the
 * process stays up.
 *
 * FUZZ_RUNS (default 10,000) is the total number of requests across all
 * endpoints; `npm run fuzz:long` runs 200,000.
 */
const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const RAW_SHARE = 0.1;

/** Collections a refused request may still touch: bookkeeping, never a resource a reader or staff sees. */
const BOOKKEEPING = new Set([
  'articles', // first comment on an article records it before the article's own checks
  'idempotency_keys', // a key is claimed before the request's later checks run
  'webhook_deliveries', // background sender
  'webhook_attempts',
  'claims',
]);

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  body: unknown | null;
  auth: boolean;
}

interface Sent {
  status: number;
  text: string;
  writes: string[];
}

describe('fuzzing every endpoint from the OpenAPI document', () => {
  let db: TestDatabase;
  let app: TestApp;
  let admin: string;
  let operations: Operation[] = [];
  const ids: Record<string, string[]> = {};
  let writes: string[] = [];

  before(async () => {
    db = await TestDatabase.start();
    // A comment's moderators' event is logged after its answer, lingering by default up to 100 ms
    // for the next posts' events: it would land inside a later request's window here and be
    // counted as that request's write. Sent at once, it stays inside its own request's.
    app = await startTestApp(db, { createdEventLingerMs: 0 });
    app.service.db.connection.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      const options = args.at(-1) as { upsert?: boolean } | undefined;
      const stores =
        method === 'insertOne' ||
        method === 'insertMany' ||
        method === 'bulkWrite' ||
        method === 'replaceOne' ||
        (/^(update|findOneAndUpdate|findOneAndReplace)/.test(method) && options?.upsert === true);
      if (stores) writes.push(`${collection}.${method}`);
    });
    admin = await app.adminToken();
    const moderator = await createStaff(app, 'moderator', ['demo']);
    const comments: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.request('POST', articlePath('demo', 'a1'), {
        body: { body: `Kommentar ${i}`, authorName: 'Kari' },
      });
      comments.push(res.body.comment.id);
    }
    const submission = await app.request('POST', '/api/v1/sites/demo/submissions', {
      body: {
        title: 'Tittel',
        body: 'Eit lesarinnlegg om skulen. '.repeat(10),
        authorName: 'Ola',
        authorEmail: 'ola@example.no',
      },
    });
    Object.assign(ids, {
      siteId: ['demo'],
      articleId: ['a1', 'ny-sak'],
      commentId: comments,
      submissionId: submission.status === 201 ? [submission.body.submission.id] : [],
      userId: [moderator.id],
    });
    const spec = (await app.request('GET', '/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const parameters = (op.parameters ?? []) as { name: string; in: string }[];
        const body = op.requestBody as { content: { 'application/json': { schema: unknown } } } | undefined;
        operations.push({
          method: method.toUpperCase(),
          path,
          pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
          body: body?.content['application/json'].schema ?? null,
          auth: Boolean(op.security),
        });
      }
    }
    for (const model of Object.values(app.service.db.connection.models)) {
      known.set(model.collection.collectionName, await countOf(model.collection.collectionName));
    }
    operations = operations.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
  });

  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const encode = (value: string) => {
    try {
      return encodeURIComponent(value);
    } catch {
      return '%ED%A0%80'; // a lone surrogate, percent-encoded as (invalid) UTF-8
    }
  };

  async function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
  ): Promise<Sent> {
    writes = [];
    const res = await fetch(app.url + path, {
      method,
      headers,
      // Copied into a fresh ArrayBuffer: fetch's types take no view over a shared buffer.
      body:
        method === 'GET' || method === 'HEAD'
          ? undefined
          : typeof body === 'string'
            ? body
            : body && new Uint8Array(body).buffer,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, text, writes };
  }

  /** fast-check's report holds whole counterexamples (70 kB strings); keep failures readable. */
  async function property(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      const cause = (err as { cause?: Error }).cause;
      const message = `${cause ? `${cause.message.slice(0, 1500)}\n` : ''}${(err as Error).message}`;
      throw new Error(
        message.length > 4000 ? `${message.slice(0, 2000)} … ${message.slice(-2000)}` : message,
      );
    }
  }

  /** Documents per collection as last counted: a refused request must leave them unchanged. */
  const known = new Map<string, number>();
  const countOf = (collection: string) => app.service.db.connection.collection(collection).countDocuments();

  async function check(sent: Sent, what: string): Promise<void> {
    assert.ok(sent.status < 500, `${what} → ${sent.status} ${sent.text.slice(0, 300)}`);
    assert.ok(!sent.text.includes('    at '), `${what} leaked a stack trace`);
    const refused = sent.status >= 400;
    if (refused) {
      let body: { error?: { code?: unknown; message?: unknown; details?: unknown } } = {};
      try {
        body = JSON.parse(sent.text);
      } catch {
        assert.fail(`${what} → ${sent.status} without a JSON error body: ${sent.text.slice(0, 200)}`);
      }
      assert.equal(typeof body.error?.code, 'string', `${what}: not the contract's error body`);
      assert.equal(typeof body.error?.message, 'string');
      assert.ok(Array.isArray(body.error?.details));
    }
    // The debug hook sees attempted writes (a duplicate key fails after it): count what is really there.
    const touched = new Set(sent.writes.map((w) => w.split('.')[0]!).filter((c) => !BOOKKEEPING.has(c)));
    for (const collection of touched) {
      const now = await countOf(collection);
      if (refused) {
        assert.equal(
          now,
          known.get(collection) ?? 0,
          `${what} was refused with ${sent.status} but stored a document in ${collection}`,
        );
      }
      known.set(collection, now);
    }
  }

  const segment = (name: string) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...(ids[name]?.length ? ids[name]! : ['x'])).map(encode) },
      { weight: 3, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 300).map(encode) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('%', '%zz', '%c0%af', '%ED%A0%80', '%2e%2e', '%00', '..', '%2F'),
      },
    );

  const query = (names: string[]) =>
    fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(...names, 'limit', 'cursor'),
            fc.constantFrom('__proto__', 'constructor', 'limit[$gt]', 'status[]', '$where'),
          ),
          fc.oneof(
            fc.constantFrom('1', '20', '0', '-1', '101', '1e3', 'newest', 'pending', 'published'),
            hostileString,
          ),
        ),
        { maxLength: 4 },
      )
      .map((pairs) =>
        pairs.length ? `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` : '',
      );

  const ascii = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)),
    maxLength: 260,
  });

  const headers = (op: Operation) =>
    fc.record({
      authorization: fc.oneof(
        { weight: op.auth ? 6 : 1, arbitrary: fc.constant('admin') },
        { weight: 2, arbitrary: fc.constant('') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'Bearer x',
            'Bearer ',
            'Basic YTpi',
            `Bearer ${'a'.repeat(5000)}`,
            'bearer  a.b.c',
          ),
        },
      ),
      idempotencyKey: fc.option(fc.oneof(ascii, fc.constantFrom('', 'k', 'a'.repeat(201))), { freq: 4 }),
      origin: fc.option(
        fc.constantFrom(
          'https://evil.example',
          'http://localhost:3000',
          'null',
          'javascript:alert(1)',
          'http://[::1]:80',
        ),
        { freq: 5 },
      ),
    });

  const bodyFor = (op: Operation): fc.Arbitrary<{ text: string | undefined; type: string | undefined }> => {
    const json = (text: fc.Arbitrary<string>) => text.map((t) => ({ text: t, type: 'application/json' }));
    const sometimesWrongType = fc.tuple(hostileJson, fc.constantFrom(...CONTENT_TYPES)).map(([t, type]) => ({
      text: t,
      type,
    }));
    if (!op.body) {
      return fc.oneof(
        { weight: 4, arbitrary: fc.constant({ text: undefined, type: undefined }) },
        { weight: 1, arbitrary: json(hostileJson) },
        { weight: 1, arbitrary: sometimesWrongType },
      );
    }
    return fc.oneof(
      { weight: 5, arbitrary: json(nearValid(op.body)) },
      { weight: 2, arbitrary: json(hostileJson) },
      { weight: 1, arbitrary: sometimesWrongType },
      { weight: 1, arbitrary: fc.constant({ text: undefined, type: undefined }) },
    );
  };

  const request = (op: Operation) =>
    fc.record({
      segments: fc.tuple(...op.pathParams.map(segment)),
      query: query(op.queryParams),
      headers: headers(op),
      body: bodyFor(op),
    });

  it('never answers 5xx, always the error contract, stores nothing it refused', async (t) => {
    assert.ok(operations.length >= 10, `only ${operations.length} operations in the OpenAPI document`);
    const perOperation = Math.max(20, Math.floor((TOTAL_RUNS * (1 - RAW_SHARE)) / operations.length));
    for (const op of operations) {
      await t.test(`${op.method} ${op.path}`, async () => {
        await property(() =>
          fc.assert(
            fc.asyncProperty(request(op), async (r) => {
              let path = op.path;
              op.pathParams.forEach((name, i) => {
                path = path.replace(`{${name}}`, r.segments[i] ?? 'x');
              });
              path += r.query;
              const h: Record<string, string> = {};
              if (r.headers.authorization === 'admin') h.authorization = `Bearer ${admin}`;
              else if (r.headers.authorization) h.authorization = r.headers.authorization;
              // Logging the admin out would turn every later case into a plain 401.
              if (op.path.endsWith('/logout')) delete h.authorization;
              if (r.headers.idempotencyKey !== null) h['idempotency-key'] = r.headers.idempotencyKey;
              if (r.headers.origin !== null) h.origin = r.headers.origin;
              if (r.body.type) h['content-type'] = r.body.type;
              const sent = await send(op.method, path, h, r.body.text);
              await check(sent, `${op.method} ${path.slice(0, 200)} ${String(r.body.text).slice(0, 200)}`);
            }),
            { numRuns: perOperation, endOnFailure: true },
          ),
        );
      });
    }
  });

  it('bad UTF-8, odd encodings and wrong content types on every body-taking endpoint', async () => {
    const bodied = operations.filter((op) => op.body);
    const fill = (op: Operation) => {
      let path = op.path;
      for (const name of op.pathParams) path = path.replace(`{${name}}`, encode(ids[name]?.[0] ?? 'x'));
      return path;
    };
    await property(() =>
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...bodied),
          rawBody,
          fc.constantFrom(...CONTENT_TYPES, ''),
          fc.boolean(),
          async (op, bytes, type, authed) => {
            const h: Record<string, string> = {};
            if (type) h['content-type'] = type;
            if (authed) h.authorization = `Bearer ${admin}`;
            const sent = await send(op.method, fill(op), h, bytes);
            // Awaited: a failure then fails this property with its seed and shrunk case,
            // instead of surfacing later as an unhandled rejection nobody can replay.
            await check(
              sent,
              `${op.method} ${op.path} [${type}] ${Buffer.from(bytes).toString('hex').slice(0, 80)}`,
            );
          },
        ),
        { numRuns: Math.max(50, Math.floor(TOTAL_RUNS * RAW_SHARE)), endOnFailure: true },
      ),
    );
  });

  it('is still up and serving after the barrage', async () => {
    assert.equal((await app.request('GET', '/healthz')).status, 200);
    assert.equal((await app.request('GET', '/readyz')).status, 200);
    // The fuzz may have changed the demo site's policy (require login, pre-moderation...).
    await createSite(app, 'after-fuzz');
    const res = await app.request('POST', articlePath('after-fuzz', 'a1'), {
      body: { body: 'Fortsatt oppe', authorName: 'Kari' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.ok(EDGE_STRINGS.length > 10);
  });
});
