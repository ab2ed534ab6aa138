import assert from 'node:assert/strict';
import type { CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import type { Config } from '../../src/platform/config.js';
import { type Database, openDatabase } from '../../src/platform/db/database.js';
import { type RunningService, startService } from '../../src/service.js';
import { ADMIN, TestDatabase, testConfig, testLogger, uniqueDbName } from './harness.js';

/** Driver housekeeping, not a request's own. */
const HOUSEKEEPING = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'buildInfo',
  'endSessions',
  'killCursors',
]);
/**
 * Background workers on their own clocks, not caused by a request: the webhook delivery
 * worker's poll and the held-mail outbox worker's poll (each backing off to OUTBOX_IDLE_MAX_MS
 * when idle, and woken by what this instance queues), the risk model's
 * periodic sync of other instances' decisions, and the audit sweep's look for decisions
 * whose audit record is due (every 5 s, a find on `auditDue`: see isAuditSweep).
 */
const BACKGROUND = new Set([
  'webhook_deliveries.findAndModify',
  'mail_outbox.findAndModify',
  'risk_model_events.find',
]);
const isAuditSweep = (event: CommandStartedEvent) =>
  event.commandName === 'find' &&
  event.command.find === 'comments' &&
  'auditDue' in (event.command.filter ?? {});
/**
 * The sweep for comments whose `comment.created` was lost after the answer (every 60 s: the
 * comments whose id was made in a time range, then their created events).
 */
const isCreatedEventSweep = (event: CommandStartedEvent) =>
  event.commandName === 'find' &&
  ((event.command.find === 'comments' && event.command.filter?._id?.$lt !== undefined) ||
    (event.command.find === 'site_events' && event.command.filter?.type === 'comment.created'));

/**
 * A database of its own on a fresh server, every command it is sent shown to `onCommand`;
 * `another()` opens the same database again, unmonitored, as another instance would.
 */
export async function monitoredDatabase(
  onCommand: (event: CommandStartedEvent) => void,
): Promise<{ database: Database; another(): Promise<Database>; stop(): Promise<void> }> {
  const db = await TestDatabase.start();
  const dbName = uniqueDbName();
  const database = await openDatabase(testConfig(db.uri), testLogger, { dbName, monitorCommands: true });
  database.connection.getClient().on('commandStarted', onCommand);
  return {
    database,
    another: () => openDatabase(testConfig(db.uri), testLogger, { dbName }),
    stop: async () => {
      await database.close();
      await db.stop();
    },
  };
}

/**
 * The real service on its own database with one site, and the database commands it
 * sends while `recording` is on (as `collection.command`, driver housekeeping and the
 * background workers left out), seen through the driver's command monitoring.
 */
export class CommandLog {
  readonly seen: string[] = [];
  /** The documents the commands seen read back (a cursor's first batch), by command. */
  readonly read: { command: string; documents: Record<string, unknown>[] }[] = [];
  /** The commands seen, as sent (in the order of `seen`). */
  readonly sent: Record<string, unknown>[] = [];
  recording = false;
  #db?: TestDatabase;
  #database?: Database;
  #service?: RunningService;
  #config?: Config;
  #dbName = '';

  get url(): string {
    return this.#service!.url;
  }

  async start(
    siteId: string,
    overrides: Partial<Config> = {},
    policy: Record<string, unknown> = {},
  ): Promise<void> {
    this.#db = await TestDatabase.start();
    const config = testConfig(this.#db.uri, overrides);
    this.#config = config;
    this.#dbName = uniqueDbName();
    this.#database = await openDatabase(config, testLogger, {
      dbName: this.#dbName,
      monitorCommands: true,
    });
    this.#database.connection.getClient().on('commandStarted', (event: CommandStartedEvent) => {
      if (!this.recording || HOUSEKEEPING.has(event.commandName) || isAuditSweep(event)) return;
      if (isCreatedEventSweep(event)) return;
      const target = event.command[event.commandName];
      const name = `${typeof target === 'string' ? target : '?'}.${event.commandName}`;
      if (BACKGROUND.has(name)) return;
      this.seen.push(name);
      this.sent.push(event.command);
      started.set(event.requestId, name);
    });
    const started = new Map<number, string>();
    this.#database.connection.getClient().on('commandSucceeded', (event: CommandSucceededEvent) => {
      const command = started.get(event.requestId);
      if (command === undefined) return;
      started.delete(event.requestId);
      const batch = (event.reply as { cursor?: { firstBatch?: Record<string, unknown>[] } }).cursor
        ?.firstBatch;
      if (batch) this.read.push({ command, documents: batch });
    });
    this.#service = await startService(config, testLogger, { db: this.#database });
    const login = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${this.url}/api/v1/admin/sites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ id: siteId, name: siteId, origins: [], policy }),
    });
    assert.equal(created.status, 201);
  }

  /**
   * Another instance of the service on the same database, unmonitored (as another process
   * behind the same load balancer would be): its url, and how to stop it.
   */
  async another(): Promise<{ url: string; close(): Promise<void> }> {
    const database = await openDatabase(this.#config!, testLogger, { dbName: this.#dbName });
    const service = await startService(this.#config!, testLogger, { db: database });
    return {
      url: service.url,
      close: async () => {
        await service.close();
        await database.close();
      },
    };
  }

  /** A collection's documents that match, read directly. */
  documents(collection: string, filter: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    return this.#database!.connection.collection(collection).find(filter).toArray();
  }

  async stop(): Promise<void> {
    await this.#service?.close();
    await this.#database?.close();
    await this.#db?.stop();
  }
}
