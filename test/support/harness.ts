import { randomBytes } from 'node:crypto';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { type Config, loadConfig } from '../../src/platform/config.js';
import { type EmbeddedServer, startEmbeddedDatabase } from '../../src/platform/db/embedded.js';
import { createLogger } from '../../src/platform/logger.js';
import { type RunningService, startService } from '../../src/service.js';
import { OpenApiResponses, type SeenResponse } from './openapi-check.js';

export const ADMIN = { email: 'admin@test.local', password: 'test-admin-password' };

/** Generous limits so functional tests are not throttled; rate-limit tests lower them. */
export const RELAXED_LIMITS: Config['rateLimits'] = {
  commentsPerMinutePerIp: 100_000,
  commentsPerMinutePerAuthor: 100_000,
  reportsPerMinutePerIp: 100_000,
  submissionsPerHourPerIp: 100_000,
  submissionsPerDayPerEmail: 100_000,
  loginAttemptsPer15MinPerIp: 100_000,
  socketEventsPerSecond: 100_000,
  reactionsPerMinutePerIp: 100_000,
  readerKeysPerHourPerIp: 100_000,
  previewsPerMinutePerIp: 100_000,
  readerViewsPerMinutePerIp: 100_000,
};

export const testLogger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

/**
 * The database lane for a test file: MONGODB_URI when set (real MongoDB),
 * else one embedded server for the file. Each service gets its own database name.
 */
export class TestDatabase {
  #embedded: EmbeddedServer | null = null;
  uri = '';

  static async start(): Promise<TestDatabase> {
    const db = new TestDatabase();
    if (process.env.MONGODB_URI) {
      db.uri = process.env.MONGODB_URI;
    } else {
      db.#embedded = await startEmbeddedDatabase({ prefer: 'auto', dataDir: null, logger: testLogger });
      db.uri = db.#embedded.uri;
    }
    return db;
  }

  async stop(): Promise<void> {
    await this.#embedded?.stop();
  }
}

export const uniqueDbName = () => `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

export function testConfig(uri: string, overrides: Partial<Config> = {}): Config {
  return loadConfig(
    // JONGODB_SERIALISE=off (the race tests' proof mode) reaches every service a test starts.
    { NODE_ENV: 'test', JONGODB_SERIALISE: process.env.JONGODB_SERIALISE },
    {
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      mongodbUri: uri,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      tokenSecret: 'test-secret-0123456789abcdef',
      rateLimits: RELAXED_LIMITS,
      // Every test client comes from 127.0.0.1; the cap's own test sets it low.
      maxSocketsPerAddress: 10_000,
      // Two loaded cores hold the event loop for seconds on the fuzzers' hostile texts; the
      // deadline's own tests (test/faults/database-slow.test.ts) set the short one they test.
      requestDeadlineMs: 30_000,
      ...overrides,
    },
  );
}

export interface TestApp {
  service: RunningService;
  url: string;
  dbName: string;
  /** JSON request helper: returns status, headers and the parsed body. */
  request: (method: string, path: string, options?: RequestOptions) => Promise<TestResponse>;
  login: (email?: string, password?: string) => Promise<string>;
  adminToken: () => Promise<string>;
  close: () => Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected loosely
  body: any;
}

export async function startTestApp(
  db: TestDatabase,
  overrides: Partial<Config> = {},
  dbName = uniqueDbName(),
): Promise<TestApp> {
  const config = testConfig(db.uri, overrides);
  const service = await startService(config, testLogger, { dbName });
  const url = service.url;
  const request = async (
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (metrics)
    }
    seen.push({ method, path, status: res.status, body: parsed });
    return { status: res.status, headers: res.headers, body: parsed };
  };
  const seen: SeenResponse[] = [];
  let cachedAdmin: string | null = null;
  const login = async (email = ADMIN.email, password = ADMIN.password) => {
    const res = await request('POST', '/api/v1/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };
  return {
    service,
    url,
    dbName,
    request,
    login,
    adminToken: async () => {
      cachedAdmin ??= await login();
      return cachedAdmin;
    },
    close: async () => {
      // Every response this app gave through `request` is checked against its OpenAPI document.
      // A finding fails the file (its exit code) instead of throwing here, so the caller's
      // cleanup after close() still runs.
      const findings = await checkAgainstOpenApi(url, seen)
        .catch((error: unknown) => [
          `the OpenAPI document could not be fetched to check them: ${String(error)}`,
        ])
        .finally(() => service.close());
      if (findings.length > 0) {
        console.error(
          `the OpenAPI check of this file's responses failed (${findings.length}):\n  ${findings.slice(0, 15).join('\n  ')}`,
        );
        process.exitCode = 1;
      }
    },
  };
}

async function checkAgainstOpenApi(url: string, seen: SeenResponse[]): Promise<string[]> {
  if (seen.length === 0) return [];
  // The document is fetched after the file's last request, often seconds later. If the
  // test kept the event loop busy past the server's keep-alive timeout, the pooled socket
  // can be closed by the server just as this request goes out on it (ECONNRESET); a GET is
  // safe to send again, on a new socket.
  const fetchDocument = () => fetch(`${url}/api/v1/openapi.json`);
  const document = await (await fetchDocument().catch(fetchDocument)).json();
  const checker = new OpenApiResponses(document);
  const findings = new Set<string>();
  for (const response of seen) {
    const finding = checker.check(response);
    if (finding) findings.add(finding);
  }
  return [...findings];
}

export const articlePath = (siteId: string, articleId: string) =>
  `/api/v1/sites/${siteId}/articles/${encodeURIComponent(articleId)}/comments`;

/** Creates a moderator or editor for the given sites and returns their token. */
export async function createStaff(
  app: TestApp,
  role: 'moderator' | 'editor' | 'admin',
  sites: string[],
  email = `${role}-${randomBytes(3).toString('hex')}@test.local`,
): Promise<{ token: string; id: string; email: string }> {
  const password = 'staff-password-123';
  const res = await app.request('POST', '/api/v1/admin/users', {
    token: await app.adminToken(),
    body: { email, password, role, sites, name: `${role} ${email.split('@')[0]}` },
  });
  if (res.status !== 201) throw new Error(`user create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: await app.login(email, password), id: res.body.user.id, email };
}

export async function createSite(
  app: TestApp,
  id: string,
  policy: Record<string, unknown> = {},
  origins: string[] = [],
) {
  const res = await app.request('POST', '/api/v1/admin/sites', {
    token: await app.adminToken(),
    body: { id, name: `Site ${id}`, origins, policy },
  });
  if (res.status !== 201) throw new Error(`site create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.site;
}

export function connect(
  url: string,
  namespace: '/live' | '/moderation',
  options: Record<string, unknown> = {},
): Socket {
  return connectSocket(url + namespace, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
}

export function once<T = unknown>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      ok(payload);
    });
  });
}

/**
 * An event with its acknowledgement. The default wait is 15 s, not 5: a site's first
 * `subscribe` has the service compile the site's matcher on the next turn of the event
 * loop (prepareModeration), synchronously, and the test's client shares that loop.
 * The compile takes 0.3-0.8 s on a quiet machine but 3-5 s at the load the suite runs
 * at (measured 8 Dec 2026 at load 9), which timed out the first subscribe of a test.
 */
export function emitAck<T = unknown>(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs = 15_000,
): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

export async function connected(socket: Socket): Promise<void> {
  if (socket.connected) return;
  await new Promise<void>((ok, fail) => {
    socket.once('connect', () => ok());
    socket.once('connect_error', (err) => fail(err));
  });
}

/** Collects every payload of an event into an array. */
export function collect<T = unknown>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Waits until a site's event log holds `count` `comment.created` events. A post is answered
 * before its moderators' event is logged (it lingers to share an insert with the next posts'),
 * so a test that reads the log or its seqs right after posting waits for them here first.
 */
export async function createdEventsLogged(app: TestApp, siteId: string, count: number): Promise<void> {
  const events = app.service.db.connection.collection('site_events');
  await waitFor(
    async () => (await events.countDocuments({ siteId, type: 'comment.created' })) >= count,
    10_000,
    `${count} comment.created events of ${siteId} logged`,
  );
}
