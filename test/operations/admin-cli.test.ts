import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { adminCli } from '../../src/operations/admin-cli.js';
import {
  ADMIN,
  createSite,
  startTestApp,
  type TestApp,
  TestDatabase,
  uniqueDbName,
} from '../support/harness.js';

/** The script itself, as an operator runs it (once: every other case runs the same code in-process). */
function script(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

async function admin(args: string[], env: Record<string, string>) {
  const res = await adminCli(args, { NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  return { code: res.code, out: res.out.join('\n'), err: res.err.join('\n') };
}

describe('the admin CLI (npm run admin)', () => {
  let db: TestDatabase;
  let app: TestApp;
  const dbName = uniqueDbName();
  let env: Record<string, string>;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, {}, dbName);
    await createSite(app, 'avisa');
    env = { MONGODB_URI: db.uri, MONGODB_DB_NAME: dbName };
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  it('creates a moderator in the database who can then log in, and audits it', async () => {
    const created = await script(
      [
        'create-user',
        '--email',
        'Kari@Avisa.no',
        '--role',
        'moderator',
        '--sites',
        'avisa',
        '--name',
        'Kari N',
      ],
      env,
    );
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, /created kari@avisa\.no\tmoderator\tavisa\tactive\tKari N/);
    const password = /password \(shown once[^)]*\): (\S+)/.exec(created.out)?.[1];
    assert.ok(password && password.length >= 20, 'a generated password is printed once');
    const token = await app.login('kari@avisa.no', password);
    const session = await app.request('GET', '/api/v1/auth/session', { token });
    assert.deepEqual(session.body.user.sites, ['avisa']);
    const audit = await app.service.db.connection
      .collection('audit')
      .findOne({ entity: 'user', entityId: session.body.user.id, action: 'create' });
    assert.equal(audit?.actor.name, 'admin CLI');

    const listed = await admin(['list-users'], env);
    assert.match(listed.out, /kari@avisa\.no\tmoderator/);
    const reset = await admin(
      ['reset-password', '--email', 'kari@avisa.no', '--password', 'et-nytt-langt-passord'],
      env,
    );
    assert.equal(reset.code, 0, reset.err);
    assert.equal(
      (await app.request('GET', '/api/v1/auth/session', { token })).status,
      401,
      'old sessions end',
    );
    await app.login('kari@avisa.no', 'et-nytt-langt-passord');
    const disabled = await admin(['disable-user', '--email', 'kari@avisa.no'], env);
    assert.equal(disabled.code, 0, disabled.err);
    await assert.rejects(app.login('kari@avisa.no', 'et-nytt-langt-passord'));
  });

  it('refuses bad input with a clear message and exit code 2, changing nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['create-user', '--email', 'x@avisa.no', '--role', 'sjef', '--sites', 'avisa'], /--role is one of/],
      [['create-user', '--email', 'x@avisa.no', '--role', 'editor'], /needs --sites/],
      [
        ['create-user', '--email', 'x@avisa.no', '--role', 'editor', '--sites', 'finnes-ikke'],
        /no site with the id/,
      ],
      [['create-user', '--email', 'ikke-epost', '--role', 'admin'], /not an e-mail/],
      [['create-user', '--email', 'x@avisa.no', '--role', 'admin', '--password', 'kort'], /at least 10/],
      [['reset-password', '--email', 'ingen@avisa.no'], /no user with the e-mail/],
      [['sett-inn'], /usage: npm run admin/],
    ];
    for (const [args, message] of cases) {
      const res = await admin(args, env);
      assert.equal(res.code, 2, `${args.join(' ')}: ${res.out}${res.err}`);
      assert.match(res.err, message);
    }
    const none = await admin(['list-users'], { MONGODB_DB_NAME: dbName });
    assert.equal(none.code, 2);
    assert.match(none.err, /MONGODB_URI is not set/);
    assert.doesNotMatch((await admin(['list-users'], env)).out, /x@avisa\.no/);
  });

  it('works through a running service with --url and the admin account', async () => {
    const res = await admin(
      ['create-user', '--email', 'erik@avisa.no', '--role', 'editor', '--sites', 'avisa', '--url', app.url],
      {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
      },
    );
    assert.equal(res.code, 0, res.err);
    const password = /shown once[^)]*\): (\S+)/.exec(res.out)?.[1];
    await app.login('erik@avisa.no', password);
    const moved = await admin(
      ['set-access', '--email', 'erik@avisa.no', '--role', 'moderator', '--url', app.url],
      {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
      },
    );
    assert.match(moved.out, /updated erik@avisa\.no\tmoderator/);
  });
});
