import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { CommandStartedEvent } from 'mongodb';
import { type Database, openDatabase } from '../../src/platform/db/database.js';
import { type RunningService, startService } from '../../src/service.js';
import { ADMIN, testConfig, testLogger } from './harness.js';

/** A database command as `collection.command` (`sites.find`), with the command itself. */
export type SeenCommand = { name: string; command: Record<string, unknown> };

/**
 * A whole service on a database opened with command monitoring, so a test can
 * count what the service sends to MongoDB (several may share one database, as
 * instances behind Redis do), with plain HTTP helpers.
 */
export class MonitoredInstance {
  readonly commands: SeenCommand[] = [];
  constructor(
    readonly service: RunningService,
    readonly database: Database,
  ) {}

  static async start(uri: string, dbName: string, overrides = {}): Promise<MonitoredInstance> {
    const config = testConfig(uri, overrides);
    const database = await openDatabase(config, testLogger, { dbName, monitorCommands: true });
    const service = await startService(config, testLogger, { db: database });
    const instance = new MonitoredInstance(service, database);
    database.connection.getClient().on('commandStarted', (event: CommandStartedEvent) => {
      const target = event.command[event.commandName];
      const name = `${typeof target === 'string' ? target : '?'}.${event.commandName}`;
      instance.commands.push({ name, command: event.command });
    });
    return instance;
  }

  count(name: string, which: (command: Record<string, unknown>) => boolean = () => true): number {
    return this.commands.filter((c) => c.name === name && which(c.command)).length;
  }

  async call(method: string, path: string, body?: unknown, token?: string) {
    const res = await fetch(this.service.url + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: responses are read loosely in a scenario
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  async login(email = ADMIN.email, password = ADMIN.password): Promise<string> {
    const res = await this.call('POST', '/api/v1/auth/login', { email, password });
    assert.equal(res.status, 200);
    return res.body.token;
  }

  /** A site (any policy) and a moderator of it; returns the moderator's token. */
  async siteWithModerator(siteId: string, policy: Record<string, unknown> = {}): Promise<string> {
    const admin = await this.login();
    const site = await this.call(
      'POST',
      '/api/v1/admin/sites',
      { id: siteId, name: `Site ${siteId}`, origins: [], policy },
      admin,
    );
    assert.equal(site.status, 201);
    const email = `mod-${randomBytes(3).toString('hex')}@test.local`;
    const password = 'staff-password-123';
    const user = await this.call(
      'POST',
      '/api/v1/admin/users',
      { email, password, role: 'moderator', sites: [siteId], name: 'Moderator' },
      admin,
    );
    assert.equal(user.status, 201);
    return this.login(email, password);
  }

  async close(): Promise<void> {
    await this.service.close();
    await this.database.close();
  }
}
