import mongoose, { type Connection } from 'mongoose';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { type EmbeddedServer, startEmbeddedDatabase } from './embedded.js';

// Filters only hold fields the schemas know. Operator injection is stopped at the
// edge: every request value reaching a query has been parsed by zod into a
// string or number (see the injection tests), so repositories can use operators.
mongoose.set('strictQuery', true);

/**
 * Where the database came from and what answers: `external` is MONGODB_URI
 * reaching a MongoDB, `mongod` the embedded mongod, `jongodb` any jongodb
 * (embedded, or reached through MONGODB_URI as the tests do). The lane is read
 * from the server's own buildInfo, not from how it was started, so nobody can
 * forget to declare it.
 */
export type DatabaseLane = 'external' | 'mongod' | 'jongodb';

export interface Database {
  lane: DatabaseLane;
  /** True when every command goes through one connection (the jongodb lane). */
  serialised: boolean;
  maxPoolSize: number;
  connection: Connection;
  ping(timeoutMs?: number): Promise<boolean>;
  /**
   * `up`: a ping answered in time. `slow`: it did not, but the driver still
   * knows the server (its monitor's heartbeats get through; commands queue
   * behind others). `down`: not connected, or the server is Unknown to the driver.
   */
  health(timeoutMs?: number): Promise<DatabaseHealth>;
  close(): Promise<void>;
}

export type DatabaseHealth = 'up' | 'slow' | 'down';

/** MongoDB lanes: a normal pool, so a slow query does not hold up the others. */
const MONGODB_POOL = 20;

const DRIVER_TIMEOUTS = {
  serverSelectionTimeoutMS: 1500,
  connectTimeoutMS: 2000,
  heartbeatFrequencyMS: 2000,
} as const;

/**
 * Asks the server what it is. jongodb answers buildInfo with
 * `gitVersion: "jongodb"` and a version ending in `-jongodb`.
 */
export async function identifyServer(uri: string): Promise<'mongodb' | 'jongodb'> {
  const probe = new mongoose.mongo.MongoClient(uri, { ...DRIVER_TIMEOUTS, maxPoolSize: 1 });
  try {
    await probe.connect();
    const info = await probe.db('admin').command({ buildInfo: 1 });
    const version = `${String(info.version ?? '')} ${String(info.gitVersion ?? '')}`;
    return /jongodb/i.test(version) ? 'jongodb' : 'mongodb';
  } finally {
    await probe.close(true).catch(() => undefined);
  }
}

/**
 * Opens the database the configuration asks for: MONGODB_URI when set, an
 * embedded server otherwise (see embedded.ts). One code path for `npm start`
 * and the tests.
 *
 * jongodb is not atomic across connections: two connections running
 * `findOneAndUpdate({ _id, version: 1 }, { $inc: { version: 1 } })` at once can
 * both match. On one connection the driver sends one command at a time, so the
 * jongodb lane gets a pool of exactly one connection, whoever started it.
 * MongoDB guarantees single-document atomicity and keeps a normal pool.
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  options: {
    dbName?: string;
    persistent?: boolean;
    /** The driver's command monitoring (commandStarted events on the client): tests count commands. */
    monitorCommands?: boolean;
  } = {},
): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  let uri = config.mongodbUri;
  let lane: DatabaseLane = 'external';
  if (!uri) {
    embedded = await startEmbeddedDatabase({
      prefer: config.embeddedMongo,
      dataDir: options.persistent ? config.dataDir : null,
      logger,
    });
    uri = embedded.uri;
    lane = embedded.lane;
  }
  let connection: Connection;
  let serialised: boolean;
  let maxPoolSize: number;
  try {
    if ((await identifyServer(uri)) === 'jongodb') lane = 'jongodb';
    serialised = lane === 'jongodb' && config.jongodbSerialise;
    maxPoolSize = serialised ? 1 : MONGODB_POOL;
    if (lane === 'jongodb') {
      logger.warn(
        'database: jongodb (in memory). NOTHING PERSISTS across restarts. ' +
          'For persistence set MONGODB_URI, or EMBEDDED_MONGO=mongod (downloads mongod if needed).',
      );
      if (!serialised) {
        logger.warn(
          'database: JONGODB_SERIALISE=off: jongodb on a pool of connections; conditional writes can both win. ' +
            'A proof mode for the race tests, never for real use.',
        );
      }
    } else {
      logger.info({ lane }, `database: ${lane === 'external' ? 'MONGODB_URI' : 'embedded mongod'}`);
    }
    connection = mongoose.createConnection(uri, {
      dbName: options.dbName ?? config.mongodbDbName,
      autoCreate: false, // jongodb has no `create`; createIndexes creates collections on both
      autoIndex: false, // indexes are created once, explicitly, at start
      bufferCommands: false, // fail fast (503) instead of queueing while the database is away
      ...DRIVER_TIMEOUTS,
      maxPoolSize,
      monitorCommands: options.monitorCommands ?? false,
    });
    await connection.asPromise();
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const ping = (timeoutMs = 1000) => pingConnection(connection, timeoutMs);
  const watchdog = new WedgeWatchdog(connection, uri, ping, logger);
  const health = async (timeoutMs = 1000): Promise<DatabaseHealth> => {
    const answer = await pingAnswer(connection, timeoutMs);
    if (answer === 'ok') return 'up';
    // Slow only when the ping is merely late: an error (refused, reset) is down.
    return answer === 'late' && !serverUnknown(connection) ? 'slow' : 'down';
  };
  return {
    lane,
    serialised,
    maxPoolSize,
    connection,
    ping,
    health,
    async close() {
      watchdog.stop();
      await connection.close().catch(() => undefined);
      await embedded?.stop();
    },
  };
}

async function pingConnection(connection: Connection, timeoutMs: number): Promise<boolean> {
  return (await pingAnswer(connection, timeoutMs)) === 'ok';
}

/** A ping's outcome: answered in time, still unanswered at the limit, or failed. */
async function pingAnswer(connection: Connection, timeoutMs: number): Promise<'ok' | 'late' | 'failed'> {
  const db = connection.db;
  if (!db || connection.readyState !== 1) return 'failed';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'late'>((ok) => {
    timer = setTimeout(() => ok('late'), timeoutMs);
  });
  const ping = db
    .command({ ping: 1 })
    .then(() => 'ok' as const)
    .catch(() => 'failed' as const);
  const answer = await Promise.race([ping, timeout]);
  clearTimeout(timer);
  return answer;
}

/** True when the driver knows no server it can reach (never connected, or every server Unknown). */
function serverUnknown(connection: Connection): boolean {
  const topology = (
    connection.getClient() as unknown as {
      topology?: { description?: { servers?: Map<string, { type: string }> } };
    }
  ).topology;
  const servers = [...(topology?.description?.servers?.values() ?? [])];
  return servers.length === 0 || servers.every((server) => server.type === 'Unknown');
}

/** How long the database may look unreachable before the watchdog asks a fresh client. */
const WEDGE_AFTER_MS = 6000;
const WATCH_EVERY_MS = 2000;

/**
 * Recovers a driver client whose server monitor has wedged. After a connection
 * reset, the driver's heartbeat can start and never finish (no succeeded or
 * failed event, ever; seen with driver 7.5 in the database-outage fault test,
 * about one run in four). The server then stays Unknown and every operation
 * fails server selection although the database answers. When the database has
 * looked unreachable for a while, the watchdog asks a fresh client; if that one
 * gets an answer, the old client is closed and connected again. A client whose
 * server is still known is not wedged, only busy (on the one-connection jongodb
 * lane a ping waits behind every queued command): closing it then failed every
 * request in flight with a 500 under load (bench:readers, 197 of 200 posts).
 */
class WedgeWatchdog {
  #failingSince = 0;
  #busy = false;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly connection: Connection,
    private readonly uri: string,
    private readonly ping: () => Promise<boolean>,
    private readonly logger: Logger,
  ) {
    this.#timer = setInterval(() => void this.#check(), WATCH_EVERY_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #check(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      if (await this.ping()) {
        this.#failingSince = 0;
        return;
      }
      if (!serverUnknown(this.connection)) {
        this.#failingSince = 0;
        return;
      }
      const now = Date.now();
      this.#failingSince ||= now;
      if (now - this.#failingSince < WEDGE_AFTER_MS || !(await this.#freshClientAnswers())) return;
      this.logger.warn('database answers a new client but not ours: reconnecting the driver client');
      const client = this.connection.getClient();
      await client.close(true).catch(() => undefined);
      await client.connect();
      this.#failingSince = 0;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'database watchdog: reconnect failed; will retry');
    } finally {
      this.#busy = false;
    }
  }

  async #freshClientAnswers(): Promise<boolean> {
    const probe = new mongoose.mongo.MongoClient(this.uri, {
      serverSelectionTimeoutMS: 1500,
      connectTimeoutMS: 1500,
      maxPoolSize: 1,
    });
    try {
      await probe.connect();
      await probe.db('admin').command({ ping: 1 });
      return true;
    } catch {
      return false;
    } finally {
      await probe.close(true).catch(() => undefined);
    }
  }
}

const UNAVAILABLE_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  // Operations in flight when a client is closed (a reconnect, a shutdown) fail with these.
  'MongoClientClosedError',
  'MongoServerClosedError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  'MongoWriteConcernError',
  // A request's deadline passed before its database work began (platform/http/request-deadline.ts).
  'DeadlineExceededError',
]);

/** MaxTimeMSExpired: the server stopped an operation at the request's deadline. */
const MAX_TIME_EXPIRED = 50;

/**
 * True for errors that mean "storage is unreachable right now" (answered 503).
 * Matched by class along the prototype chain as well as by name: the driver
 * subclasses its network errors (a silently dropped connection surfaces as
 * PoolClearedOnNetworkError, a MongoNetworkError whose own name differs).
 */
export function isStorageUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const name = (err as { name?: string }).name ?? '';
  if (UNAVAILABLE_ERRORS.has(name)) return true;
  if ((err as { code?: unknown }).code === MAX_TIME_EXPIRED) return true;
  for (
    let proto = Object.getPrototypeOf(err);
    proto && proto !== Error.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    if (UNAVAILABLE_ERRORS.has((proto as { constructor?: { name?: string } }).constructor?.name ?? ''))
      return true;
  }
  const message = (err as { message?: string }).message ?? '';
  return /buffering timed out|Client must be connected|connection .* closed|ECONNREFUSED|ECONNRESET/i.test(
    message,
  );
}

export function isDuplicateKey(err: unknown): boolean {
  return Boolean(err && typeof err === 'object' && (err as { code?: number }).code === 11000);
}
