/**
 * The admin CLI (scripts/admin.ts runs it): the first steps of running Ordskifte, from a shell: create moderators,
 * editors and admins, list them, reset a password, disable or re-enable.
 *
 *   npm run admin -- create-user --email kari@avisa.no --role moderator --sites avisa [--name "Kari N"] [--password …]
 *   npm run admin -- list-users
 *   npm run admin -- reset-password --email kari@avisa.no [--password …]
 *   npm run admin -- set-access --email kari@avisa.no [--role editor] [--sites avisa,avisa-sport]
 *   npm run admin -- disable-user --email kari@avisa.no      (enable-user to undo)
 *
 * It works on the database of MONGODB_URI (and MONGODB_DB_NAME), as the
 * service does; with `--url https://host` it goes through that running
 * service's admin API instead, logging in with ADMIN_EMAIL / ADMIN_PASSWORD
 * (the only way to reach an embedded, in-memory database). Without
 * --password a strong one is generated and printed once. Every change is
 * audited like one made in the workbench.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AuditRepository } from '../audit/audit.repository.js';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/db/database.js';
import { createLogger } from '../platform/logger.js';
import { SiteRepository } from '../sites/site.repository.js';
import { hashPassword } from '../users/password.js';
import { passwordSchema, type Role, roles, type User } from '../users/user.js';
import { UserRepository } from '../users/user.repository.js';

class UsageError extends Error {}

const COMMANDS = ['create-user', 'list-users', 'reset-password', 'set-access', 'disable-user', 'enable-user'];
const USAGE = `usage: npm run admin -- <command> [options]
commands: ${COMMANDS.join(', ')}
options:  --email E  --role ${roles.join('|')}  --sites a,b  --name N  --password P  --url https://host`;

interface Options {
  email?: string;
  role?: string;
  sites?: string;
  name?: string;
  password?: string;
  url?: string;
}

/** What each command does, against the database or against a running service. */
interface Backend {
  create(input: {
    email: string;
    name: string;
    role: Role;
    sites: string[];
    password: string;
  }): Promise<User>;
  list(): Promise<User[]>;
  update(
    email: string,
    change: { role?: Role; sites?: string[]; disabled?: boolean; password?: string },
  ): Promise<User>;
  close(): Promise<void>;
}

const CLI_ACTOR = { id: 'cli', email: 'cli', name: 'admin CLI' };

async function databaseBackend(env: NodeJS.ProcessEnv): Promise<Backend> {
  const config = loadConfig(env);
  if (!config.mongodbUri) {
    throw new UsageError(
      'MONGODB_URI is not set: without it the service keeps its data in an embedded database this command ' +
        'cannot reach. Set MONGODB_URI (and MONGODB_DB_NAME) as for the service, or pass --url with the ' +
        "service's address and ADMIN_EMAIL / ADMIN_PASSWORD in the environment.",
    );
  }
  const db = await openDatabase(config, createLogger('warn'));
  const users = new UserRepository(db.connection);
  const sites = new SiteRepository(db.connection);
  const audit = new AuditRepository(db.connection);
  await users.model.createIndexes();
  const find = async (email: string) => {
    const found = await users.findCredentials(email);
    if (!found) throw new UsageError(`no user with the e-mail ${email}`);
    return found.user;
  };
  const checkSites = async (ids: string[]) => {
    for (const id of ids) if (!(await sites.findById(id))) throw new UsageError(`no site with the id ${id}`);
  };
  const record = (user: User, action: string, before: User | null) =>
    audit.record({
      siteId: '*',
      entity: 'user',
      entityId: user.id,
      action,
      actor: CLI_ACTOR,
      reason: null,
      before: before ? { ...before, createdAt: before.createdAt.toISOString() } : null,
      after: { ...user, createdAt: user.createdAt.toISOString() },
    });
  return {
    async create(input) {
      await checkSites(input.sites);
      const user = await users.create({
        email: input.email,
        name: input.name,
        role: input.role,
        sites: input.sites,
        passwordHash: await hashPassword(input.password),
      });
      if (!user) throw new UsageError(`a user with the e-mail ${input.email} exists`);
      await record(user, 'create', null);
      return user;
    },
    async list() {
      return users.list(1000);
    },
    async update(email, change) {
      const before = await find(email);
      if (change.sites) await checkSites(change.sites);
      const { password, ...rest } = change;
      const user = await users.update(before.id, {
        ...rest,
        ...(password ? { passwordHash: await hashPassword(password) } : {}),
      });
      if (!user) throw new UsageError(`no user with the e-mail ${email}`);
      if (change.disabled || password) await users.endAllSessions(user.id);
      await record(user, change.disabled ? 'disable' : 'update', before);
      return user;
    },
    close: () => db.close(),
  };
}

async function httpBackend(url: string, env: NodeJS.ProcessEnv): Promise<Backend> {
  const base = url.replace(/\/+$/, '');
  const email = env.ADMIN_EMAIL;
  const password = env.ADMIN_PASSWORD;
  if (!email || !password)
    throw new UsageError('--url needs ADMIN_EMAIL and ADMIN_PASSWORD in the environment');
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const parsed = (await res.json().catch(() => ({}))) as {
      error?: { message?: string; details?: { path: string; message: string }[] };
    } & Record<string, unknown>;
    if (!res.ok) {
      const details = parsed.error?.details?.map((d) => `${d.path}: ${d.message}`).join('; ');
      throw new UsageError(`${res.status} ${parsed.error?.message ?? ''}${details ? ` (${details})` : ''}`);
    }
    return parsed;
  };
  const login = await call('POST', '/api/v1/auth/login', { email, password });
  const token = String(login.token);
  const list = async () => {
    const all: User[] = [];
    let cursor = '';
    for (;;) {
      const page = (await call('GET', `/api/v1/admin/users?limit=100${cursor}`, undefined, token)) as {
        items: User[];
        nextCursor: string | null;
      };
      all.push(...page.items);
      if (!page.nextCursor) return all;
      cursor = `&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
  };
  return {
    async create(input) {
      return ((await call('POST', '/api/v1/admin/users', input, token)) as { user: User }).user;
    },
    list,
    async update(userEmail, change) {
      const user = (await list()).find((u) => u.email === userEmail.toLowerCase());
      if (!user) throw new UsageError(`no user with the e-mail ${userEmail}`);
      return ((await call('PATCH', `/api/v1/admin/users/${user.id}`, change, token)) as { user: User }).user;
    },
    async close() {
      await call('POST', '/api/v1/auth/logout', undefined, token).catch(() => undefined);
    },
  };
}

const generatedPassword = () => randomBytes(15).toString('base64url');

function parseRole(value: string | undefined): Role | undefined {
  if (value === undefined) return undefined;
  if (!(roles as readonly string[]).includes(value))
    throw new UsageError(`--role is one of ${roles.join(', ')}`);
  return value as Role;
}

function parseSites(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.find((id) => !/^[a-z0-9-]{2,40}$/.test(id));
  if (bad) throw new UsageError(`"${bad}" is not a site id`);
  return ids;
}

function checkPassword(password: string): string {
  const result = passwordSchema.safeParse(password);
  if (!result.success) throw new UsageError(`--password: ${result.error.issues[0]?.message}`);
  return password;
}

const describe = (u: User) =>
  `${u.email}\t${u.role}\t${u.role === 'admin' ? '(all sites)' : u.sites.join(',') || '(no sites)'}\t${u.disabled ? 'disabled' : 'active'}\t${u.name}`;

async function run(command: string, options: Options, env: NodeJS.ProcessEnv): Promise<string[]> {
  if (!COMMANDS.includes(command)) throw new UsageError(USAGE);
  const needEmail = () => {
    if (!options.email) throw new UsageError(`${command} needs --email`);
    return options.email.trim().toLowerCase();
  };
  const role = parseRole(options.role);
  const sites = parseSites(options.sites);
  const backend = options.url ? await httpBackend(options.url, env) : await databaseBackend(env);
  try {
    switch (command) {
      case 'create-user': {
        const email = needEmail();
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
          throw new UsageError('--email is not an e-mail address');
        if (!role) throw new UsageError('create-user needs --role');
        if (role !== 'admin' && !sites?.length)
          throw new UsageError(`a ${role} needs --sites (comma-separated site ids)`);
        const password = options.password ? checkPassword(options.password) : generatedPassword();
        const user = await backend.create({
          email,
          name: options.name?.trim() || email.split('@')[0]!,
          role,
          sites: sites ?? [],
          password,
        });
        return [
          `created ${describe(user)}`,
          ...(options.password ? [] : [`password (shown once, give it to ${email} safely): ${password}`]),
        ];
      }
      case 'list-users':
        return (await backend.list()).map(describe);
      case 'reset-password': {
        const password = options.password ? checkPassword(options.password) : generatedPassword();
        const user = await backend.update(needEmail(), { password });
        return [
          `new password set for ${user.email}; their sessions are ended`,
          ...(options.password ? [] : [`password (shown once): ${password}`]),
        ];
      }
      case 'set-access': {
        if (!role && !sites) throw new UsageError('set-access needs --role and/or --sites');
        const user = await backend.update(needEmail(), {
          ...(role ? { role } : {}),
          ...(sites ? { sites } : {}),
        });
        return [`updated ${describe(user)}`];
      }
      default: {
        const user = await backend.update(needEmail(), { disabled: command === 'disable-user' });
        return [`${command === 'disable-user' ? 'disabled (sessions ended)' : 'enabled'} ${describe(user)}`];
      }
    }
  } finally {
    await backend.close();
  }
}

/**
 * Runs one command line (without the program name): exit code 0 and the
 * lines to print, 2 and a message for a usage error, 1 for anything else.
 */
export async function adminCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; out: string[]; err: string[] }> {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        sites: { type: 'string' },
        name: { type: 'string' },
        password: { type: 'string' },
        url: { type: 'string' },
      },
    });
    return { code: 0, out: await run(positionals[0] ?? '', values, env), err: [] };
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    return {
      code: usage ? 2 : 1,
      out: [],
      err: [usage ? (err as Error).message : `admin: ${(err as Error).message}`],
    };
  }
}
