import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import {
  articlePath,
  collect,
  connect,
  connected,
  createSite,
  createStaff,
  emitAck,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';

const A = 'sted-a';
const B = 'sted-b';
type Principal = 'admin' | 'moderator of A' | 'editor of A' | 'moderator of B';

/** Who may work on a site's comments: the admin everywhere, a moderator on their own sites only. */
const allowed: Record<Principal, Record<string, boolean>> = {
  admin: { [A]: true, [B]: true },
  'moderator of A': { [A]: true, [B]: false },
  'editor of A': { [A]: false, [B]: false },
  'moderator of B': { [A]: false, [B]: true },
};

describe('role and site scope: every moderation endpoint and socket event', () => {
  let db: TestDatabase;
  let app: TestApp;
  const tokens = {} as Record<Principal, string>;
  const pending = {} as Record<string, string>;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, A, { mode: 'pre' });
    await createSite(app, B, { mode: 'pre' });
    tokens.admin = await app.adminToken();
    tokens['moderator of A'] = (await createStaff(app, 'moderator', [A])).token;
    tokens['editor of A'] = (await createStaff(app, 'editor', [A])).token;
    tokens['moderator of B'] = (await createStaff(app, 'moderator', [B])).token;
    for (const site of [A, B]) {
      const res = await app.request('POST', articlePath(site, 'sak'), {
        body: { body: `Et innlegg på ${site}.`, authorName: 'Leser' },
      });
      pending[site] = res.body.comment.id;
    }
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const endpoints = (site: string) => {
    const commentId = pending[site]!;
    return {
      'GET queue': ['GET', `/api/v1/moderation/sites/${site}/queue`, undefined, 200],
      'GET comment': ['GET', `/api/v1/moderation/comments/${commentId}`, undefined, 200],
      // A stale version: whoever may act gets 409, whoever may not gets 403 — nothing changes either way.
      'POST action': [
        'POST',
        `/api/v1/moderation/comments/${commentId}/actions`,
        { action: 'approve', version: 999 },
        409,
      ],
      'PATCH article': ['PATCH', `/api/v1/moderation/sites/${site}/articles/sak`, { open: true }, 200],
    } as const;
  };

  it('answers each role × own site / other site × endpoint as the scope says', async () => {
    const seen: string[] = [];
    for (const principal of Object.keys(allowed) as Principal[]) {
      for (const site of [A, B]) {
        for (const [name, [method, path, body, okStatus]] of Object.entries(endpoints(site))) {
          const res = await app.request(method, path, { token: tokens[principal], body });
          const expected = allowed[principal][site] ? okStatus : 403;
          seen.push(`${principal} ${site} ${name} → ${res.status}`);
          assert.equal(
            res.status,
            expected,
            `${principal} on ${site}: ${name} → ${JSON.stringify(res.body)}`,
          );
          if (res.status === 403) assert.equal(res.body.error.code, 'forbidden');
        }
        const anonymous = await app.request('GET', `/api/v1/moderation/sites/${site}/queue`);
        assert.equal(anonymous.status, 401);
        assert.equal(anonymous.body.error.code, 'unauthorized');
      }
    }
    assert.equal(seen.length, 4 * 2 * 4);
    const untouched = await app.service.db.connection
      .collection('comments')
      .find({ siteId: { $in: [A, B] } })
      .toArray();
    assert.ok(untouched.every((c) => c.version === 1 && c.status === 'pending'));
  });

  it('joins, claims and events follow the same scope', async () => {
    const sockets = {} as Record<Principal, Socket>;
    const created = {} as Record<Principal, { siteId: string }[]>;
    for (const principal of Object.keys(allowed) as Principal[]) {
      const socket = connect(app.url, '/moderation', { auth: { token: tokens[principal] } });
      sockets[principal] = socket;
      created[principal] = collect(socket, 'comment.created');
      await connected(socket);
      for (const site of [A, B]) {
        const join = await emitAck<{ ok: boolean; error?: string; counts?: unknown }>(socket, 'join', {
          siteId: site,
        });
        const claim = await emitAck<{ ok: boolean; error?: string }>(socket, 'claim', {
          commentId: pending[site],
        });
        if (allowed[principal][site]) {
          assert.equal(join.ok, true, `${principal} joins ${site}`);
          assert.ok(join.counts, 'a moderator gets the comment counts');
          assert.equal(claim.ok, true, `${principal} claims on ${site}`);
        } else {
          assert.equal(claim.ok, false);
          assert.equal(claim.error, 'forbidden', `${principal} claims on ${site}`);
          // An editor of the site may join for its submissions, never for its comments.
          if (principal === 'editor of A' && site === A) {
            assert.equal(join.ok, true);
            assert.equal(join.counts, undefined);
          } else {
            assert.deepEqual(join, { ok: false, error: 'forbidden' }, `${principal} joins ${site}`);
          }
        }
      }
    }

    for (const site of [A, B]) {
      await app.request('POST', articlePath(site, 'sak'), {
        body: { body: `Nytt innlegg på ${site}.`, authorName: 'Leser' },
      });
    }
    const expectedCount = (p: Principal) => [A, B].filter((site) => allowed[p][site]).length;
    await waitFor(
      () => (Object.keys(allowed) as Principal[]).every((p) => created[p].length >= expectedCount(p)),
      5000,
      'every allowed socket to receive its events',
    );
    for (const principal of Object.keys(allowed) as Principal[]) {
      const sites = created[principal].map((e) => e.siteId).sort();
      const expected = [A, B].filter((site) => allowed[principal][site]);
      assert.deepEqual(sites, expected, `${principal} receives comment events of ${expected.join(', ')}`);
      sockets[principal].close();
    }
  });
});
