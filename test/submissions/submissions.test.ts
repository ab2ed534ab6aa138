import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  collect,
  connect,
  connected,
  createSite,
  createStaff,
  emitAck,
  once,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import {
  createdSubmissionSchema,
  editorSubmissionSchema,
  publicSubmissionSchema,
  receiptSchema,
  revisionSchema,
  submissionCountsSchema,
} from '../../src/submissions/submission.js';

const SITE = 'avis-a';
const OTHER = 'avis-b';

let seq = 0;
/** A valid piece; every call gets its own text so duplicate detection stays out of the way. */
const piece = (overrides: Record<string, unknown> = {}) => {
  seq += 1;
  return {
    title: `Bygg sykkelvei langs elva nå (${seq})`,
    body: `Som forelder i bydelen ser jeg hver morgen hvordan barna sykler i veibanen. Innlegg nummer ${seq}. Kommunen har lovet sykkelvei i ti år, og nå må det skje.`,
    authorName: 'Kari Nordmann',
    authorEmail: 'Kari.Nordmann@Example.NO',
    authorPhone: '412 34 567',
    authorLocation: 'Tromsø',
    ...overrides,
  };
};

describe('reader opinion pieces: submission, editors’ workflow, receipt, public list', () => {
  let db: TestDatabase;
  let app: TestApp;
  let editorA: { token: string; id: string };
  let editorB: { token: string; id: string };
  let moderatorA: { token: string; id: string };

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE);
    await createSite(app, OTHER, { maxSubmissionLength: 200 });
    editorA = await createStaff(app, 'editor', [SITE]);
    editorB = await createStaff(app, 'editor', [OTHER]);
    moderatorA = await createStaff(app, 'moderator', [SITE]);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const submit = (body: unknown, siteId = SITE, headers: Record<string, string> = {}) =>
    app.request('POST', `/api/v1/sites/${siteId}/submissions`, { body, headers });
  const receipt = (id: string, token?: string, siteId = SITE) =>
    app.request(
      'GET',
      `/api/v1/sites/${siteId}/submissions/${id}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`,
    );
  const act = (id: string, body: Record<string, unknown>, token = editorA.token) =>
    app.request('POST', `/api/v1/moderation/submissions/${id}/actions`, { body, token });
  const detail = (id: string, token = editorA.token) =>
    app.request('GET', `/api/v1/moderation/submissions/${id}`, { token });
  const collection = (name: string) => app.service.db.connection.collection(name);

  /** Submits a piece and walks it to `status` through the API; returns id, version and token. */
  async function pieceIn(status: 'received' | 'in_review' | 'accepted' | 'published' | 'rejected') {
    const res = await submit(piece());
    assert.equal(res.status, 201);
    const id = res.body.submission.id as string;
    const path: Record<string, string[]> = {
      received: [],
      in_review: ['start_review'],
      accepted: ['start_review', 'accept'],
      published: ['start_review', 'accept', 'publish'],
      rejected: ['reject'],
    };
    let version = 1;
    for (const action of path[status] ?? []) {
      const step = await act(id, { action, version });
      assert.equal(step.status, 200, JSON.stringify(step.body));
      version = step.body.submission.version;
    }
    return { id, version, token: res.body.receipt.token as string };
  }

  it('takes a piece: 201 received with a receipt token; contact details stored for editors only', async () => {
    const res = await submit(piece({ noteToEditor: 'Kan forkortes om nødvendig.' }));
    assert.equal(res.status, 201);
    const { submission, receipt: issued } = res.body;
    assert.match(submission.id, /^[0-9a-f]{24}$/);
    assert.equal(submission.status, 'received');
    assert.ok(!Number.isNaN(Date.parse(submission.createdAt)));
    assert.equal(typeof issued.token, 'string');
    assert.ok(issued.token.length >= 43, 'a 32-byte token');
    const text = JSON.stringify(res.body).toLowerCase();
    for (const secret of ['kari.nordmann@example.no', '412 34 567', 'kan forkortes']) {
      assert.equal(text.includes(secret), false, `${secret} leaked into the response`);
    }

    const stored = await collection('submissions').findOne({ title: submission.title });
    assert.ok(stored);
    assert.equal(stored.authorEmail, 'kari.nordmann@example.no', 'e-mail lowercased for export/erasure');
    assert.equal(stored.authorPhone, '412 34 567');
    assert.equal(stored.status, 'received');
    assert.equal(stored.version, 1);
    assert.equal(stored.noteToEditor, 'Kan forkortes om nødvendig.');
    assert.equal(JSON.stringify(stored).includes(issued.token), false, 'the token is stored hashed only');
    assert.equal(stored.receiptTokenHashes.length, 1);
    const original = await collection('submission_revisions').findOne({ submissionId: submission.id });
    assert.equal(original?.revision, 1);
    assert.equal(original?.body, stored.body);
    assert.equal(original?.editor, null);
  });

  it('names every invalid field, and applies the site’s own length limit', async () => {
    const res = await submit({
      title: 'x'.repeat(121),
      body: '   ',
      authorEmail: 'ikke-en-adresse',
      authorPhone: '123',
    });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'validation_failed');
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    assert.deepEqual(paths, [
      'body.authorEmail',
      'body.authorName',
      'body.authorPhone',
      'body.body',
      'body.title',
    ]);

    const tooLong = await submit(piece({ body: 'a'.repeat(201) }), OTHER);
    assert.equal(tooLong.status, 422);
    assert.equal(tooLong.body.error.details[0].path, 'body.body');
    assert.match(tooLong.body.error.details[0].message, /200/);
    assert.equal((await submit(piece({ body: 'æ'.repeat(200) }), OTHER)).status, 201);
    assert.equal((await submit(piece({ body: 'a'.repeat(6001) }))).status, 422, 'default limit 6,000');
    assert.equal((await submit(piece({ body: 'a '.repeat(3000) }))).status, 201);
    assert.equal((await submit(piece(), 'no-such-site')).status, 404);
  });

  it('attaches the engine’s reasons per field for the editor and never publishes by itself', async () => {
    const res = await submit(
      piece({
        title: 'Faen ta politikerne',
        body: 'Ring meg på 412 34 567 så forklarer jeg hvorfor vedtaket er feil og må omgjøres.',
        authorName: 'Ola',
      }),
    );
    assert.equal(res.status, 201);
    assert.equal(res.body.submission.status, 'received');
    const view = await detail(res.body.submission.id);
    assert.equal(view.status, 200);
    const reasons = view.body.submission.moderation.reasons as { rule: string; field: string }[];
    assert.ok(
      reasons.some((r) => r.rule === 'suspect_term' && r.field === 'title'),
      JSON.stringify(reasons),
    );
    assert.ok(
      reasons.some((r) => r.rule === 'personal_info' && r.field === 'body'),
      JSON.stringify(reasons),
    );
    assert.ok(reasons.some((r) => r.rule === 'incomplete_name' && r.field === 'authorName'));
    assert.equal(
      reasons.filter((r) => r.rule === 'personal_info' && r.field !== 'body').length,
      0,
      'contact fields are not scanned',
    );
    assert.equal(view.body.submission.status, 'received');
    const published = await app.request('GET', `/api/v1/sites/${SITE}/submissions?status=published`);
    assert.equal(
      published.body.items.some((i: { id: string }) => i.id === res.body.submission.id),
      false,
    );
  });

  it('flags a second piece with the same normalised body as a duplicate, without rejecting it', async () => {
    const first = await submit(
      piece({ body: 'Skolen i bygda må bestå. Det er hjertet i lokalsamfunnet vårt!' }),
    );
    const second = await submit(
      piece({
        body: 'SKOLEN i  bygda må bestå.   Det er hjertet i lokalsamfunnet vårt!',
        authorName: 'Per Hansen',
        authorEmail: 'per@example.no',
      }),
    );
    assert.equal(second.status, 201);
    assert.equal(second.body.submission.status, 'received');
    const view = await detail(second.body.submission.id);
    const dup = view.body.submission.moderation.reasons.find((r: { rule: string }) => r.rule === 'duplicate');
    assert.ok(dup, JSON.stringify(view.body.submission.moderation));
    assert.match(dup.detail, new RegExp(first.body.submission.id));
    // What the workbench says it by, in the editor's language (it showed the English detail).
    assert.deepEqual(dup.params, { kind: 'piece_other_name' });
    assert.equal(view.body.submission.duplicateOf, first.body.submission.id);
    const firstView = await detail(first.body.submission.id);
    assert.equal(firstView.body.submission.duplicateOf, null);
  });

  it('takes a reply to a published piece and tells the editor about the right of reply', async () => {
    const answered = await pieceIn('published');
    const reply = await submit(
      piece({ inReplyTo: answered.id, authorName: 'Per Hansen', authorEmail: 'per@example.no' }),
    );
    assert.equal(reply.status, 201);
    const view = await detail(reply.body.submission.id);
    assert.equal(view.body.submission.inReplyTo, answered.id);
    const reason = view.body.submission.moderation.reasons.find((r: { rule: string }) => r.rule === 'reply');
    assert.match(reason.detail, /right of reply/);
    const { title, authorName } = (await detail(answered.id)).body.submission;
    assert.deepEqual(reason.params, { title, author: authorName }, 'what the workbench says it by');
    for (const target of [(await pieceIn('received')).id, '0123456789abcdef01234567']) {
      const refused = await submit(piece({ inReplyTo: target }));
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error.details[0].path, 'body.inReplyTo');
    }
    const foreign = await submit(piece({ inReplyTo: answered.id }), OTHER);
    assert.equal(foreign.status, 422, 'a reply answers a piece on its own site');
  });

  it('with an Idempotency-Key a retry answers with the same piece, creates nothing, and its token works too', async () => {
    const body = piece();
    const headers = { 'Idempotency-Key': 'innlegg-retry-1' };
    const first = await submit(body, SITE, headers);
    const again = await submit(body, SITE, headers);
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.body.submission.id, first.body.submission.id);
    assert.equal(await collection('submissions').countDocuments({ title: body.title }), 1);
    assert.equal((await receipt(first.body.submission.id, first.body.receipt.token)).status, 200);
    assert.equal((await receipt(first.body.submission.id, again.body.receipt.token)).status, 200);
    const changed = await submit({ ...body, body: `${body.body} Endret.` }, SITE, headers);
    assert.equal(changed.status, 422);
    assert.equal(changed.body.error.details[0].path, 'headers.idempotency-key');
  });

  it('the receipt shows status and the note to the writer; a wrong, missing or foreign token is 404', async () => {
    const { id, token } = await pieceIn('received');
    const ok = await receipt(id, token);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.submission.status, 'received');
    assert.equal(ok.body.submission.noteToAuthor, null);
    assert.equal(JSON.stringify(ok.body).includes('example.no'), false);

    const other = await pieceIn('received');
    const misses = [
      await receipt(id),
      await receipt(id, ''),
      await receipt(id, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`),
      await receipt(id, other.token),
      await receipt(id, token, OTHER),
      await receipt('0123456789abcdef01234567', token),
    ];
    for (const miss of misses) {
      assert.equal(miss.status, 404);
      assert.equal(miss.body.error.code, 'not_found');
      assert.equal(miss.body.error.message, misses[0]?.body.error.message, 'no hint which part was wrong');
    }
    const viaHeader = await app.request('GET', `/api/v1/sites/${SITE}/submissions/${id}`, {
      headers: { 'X-Receipt-Token': token },
    });
    assert.equal(viaHeader.status, 200);

    const step = await act(id, {
      action: 'start_review',
      version: 1,
      note: 'Intern: sjekk fakta om budsjettet.',
      noteToAuthor: 'Takk! Vi leser innlegget ditt nå.',
    });
    assert.equal(step.status, 200);
    const seen = await receipt(id, token);
    assert.equal(seen.body.submission.status, 'in_review');
    assert.equal(seen.body.submission.noteToAuthor, 'Takk! Vi leser innlegget ditt nå.');
    assert.equal(seen.body.submission.notesToAuthor.length, 1);
    assert.equal(JSON.stringify(seen.body).includes('Intern'), false, 'internal notes stay internal');
  });

  it('walks received → in_review → accepted → published with versions, audit and a public listing', async () => {
    const { id, token } = await pieceIn('received');
    let version = 1;
    for (const [action, status] of [
      ['start_review', 'in_review'],
      ['accept', 'accepted'],
      ['publish', 'published'],
    ] as const) {
      const res = await act(id, { action, version, note: `${action} ok` });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.submission.status, status);
      assert.equal(res.body.submission.version, version + 1);
      assert.equal(
        res.body.submission.authorEmail,
        'kari.nordmann@example.no',
        'editors see contact details',
      );
      version = res.body.submission.version;
    }
    const view = await detail(id);
    assert.deepEqual(
      view.body.audit.map((a: { action: string }) => a.action),
      ['start_review', 'accept', 'publish'],
    );
    for (const entry of view.body.audit) {
      assert.equal(entry.entity, 'submission');
      assert.equal(entry.actor.id, editorA.id);
      assert.equal(entry.after.version, entry.before.version + 1);
    }
    assert.equal(
      view.body.notes.filter((n: { visibility: string }) => n.visibility === 'internal').length,
      3,
    );
    assert.ok(view.body.submission.publishedAt);
    assert.deepEqual(view.body.submission.allowedActions, []);
    assert.equal((await receipt(id, token)).body.submission.status, 'published');

    const list = await app.request('GET', `/api/v1/sites/${SITE}/submissions?status=published`);
    assert.equal(list.status, 200);
    const item = list.body.items.find((i: { id: string }) => i.id === id);
    assert.ok(item);
    assert.deepEqual(Object.keys(item).sort(), [
      'articleId',
      'authorLocation',
      'authorName',
      'body',
      'createdAt',
      'id',
      'inReplyTo',
      'publishedAt',
      'siteId',
      'title',
      'updatedAt',
    ]);
    assert.equal(item.authorLocation, 'Tromsø');
    const text = JSON.stringify(list.body);
    for (const secret of ['example.no', '412 34 567', 'moderation', 'receipt', 'ipHash', 'version']) {
      assert.equal(text.includes(secret), false, `${secret} in the public list`);
    }
  });

  it('rejects from received, in_review and accepted', async () => {
    for (const from of ['received', 'in_review', 'accepted'] as const) {
      const { id, version, token } = await pieceIn(from);
      const res = await act(id, { action: 'reject', version, noteToAuthor: 'Dessverre ikke denne gangen.' });
      assert.equal(res.status, 200, `${from}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.submission.status, 'rejected');
      const seen = await receipt(id, token);
      assert.equal(seen.body.submission.status, 'rejected');
      assert.equal(seen.body.submission.noteToAuthor, 'Dessverre ikke denne gangen.');
    }
  });

  it('refuses every transition the workflow does not allow with 409 and changes nothing', async () => {
    const illegal: Record<string, string[]> = {
      received: ['accept', 'publish'],
      in_review: ['start_review', 'publish'],
      accepted: ['start_review', 'accept'],
      published: ['start_review', 'accept', 'publish', 'reject'],
      rejected: ['start_review', 'accept', 'publish', 'reject'],
    };
    for (const [status, actions] of Object.entries(illegal)) {
      const { id, version } = await pieceIn(status as 'received');
      for (const action of actions) {
        const res = await act(id, { action, version });
        assert.equal(res.status, 409, `${action} from ${status}`);
        assert.equal(res.body.error.code, 'conflict');
        const [reason] = res.body.error.details;
        assert.equal(reason.path, 'body.action');
        assert.match(reason.message, new RegExp(`${status}.*${action}`));
        assert.equal(reason.current.status, status);
        assert.equal(reason.current.version, version);
      }
      const after = await detail(id);
      assert.equal(after.body.submission.version, version);
      assert.equal(after.body.submission.status, status);
    }
  });

  it('a stale version is 409 with the current piece, and nothing is applied twice', async () => {
    const { id } = await pieceIn('received');
    const first = await act(id, { action: 'start_review', version: 1 });
    assert.equal(first.status, 200);
    const stale = await act(
      id,
      { action: 'reject', version: 1 },
      (await createStaff(app, 'editor', [SITE])).token,
    );
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.details[0].path, 'body.version');
    assert.equal(stale.body.error.details[0].current.status, 'in_review');
    assert.equal(stale.body.error.details[0].current.version, 2);
    assert.match(stale.body.error.message, /Already changed by/);

    const key = { 'Idempotency-Key': 'accept-once' };
    const accept = () =>
      app.request('POST', `/api/v1/moderation/submissions/${id}/actions`, {
        body: { action: 'accept', version: 2 },
        token: editorA.token,
        headers: key,
      });
    const [a, b] = [await accept(), await accept()];
    assert.equal(a.status, 200);
    assert.equal(b.status, 200, 'a retried action answers as before');
    assert.equal(b.body.submission.version, 3);
    assert.equal((await detail(id)).body.audit.length, 2);
  });

  it('concurrent actions at one version: exactly one applies, the others get 409', async () => {
    const { id } = await pieceIn('received');
    const editors = [
      editorA,
      ...(await Promise.all([1, 2, 3].map(() => createStaff(app, 'editor', [SITE])))),
    ];
    const results = await Promise.all(
      editors.map((e, i) =>
        act(id, { action: i % 2 === 0 ? 'start_review' : 'reject', version: 1 }, e.token),
      ),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409, 409, 409]);
    const view = await detail(id);
    assert.equal(view.body.submission.version, 2);
    assert.equal(view.body.audit.length, 1);

    const body = piece();
    const same = await Promise.all(
      [1, 2, 3].map(() => submit(body, SITE, { 'Idempotency-Key': 'concurrent-submit' })),
    );
    assert.deepEqual(
      same.map((r) => r.status),
      [201, 201, 201],
    );
    assert.equal(new Set(same.map((r) => r.body.submission.id)).size, 1);
    assert.equal(await collection('submissions').countDocuments({ title: body.title }), 1);
  });

  it('editors edit title and body before publishing; the original and every revision are kept', async () => {
    const { id, token } = await pieceIn('in_review');
    const original = (await detail(id)).body.submission;
    const retitle = await app.request('PATCH', `/api/v1/moderation/submissions/${id}`, {
      token: editorA.token,
      body: { title: 'Sykkelvei nå', summary: 'Kortere tittel', version: original.version },
    });
    assert.equal(retitle.status, 200, JSON.stringify(retitle.body));
    assert.equal(retitle.body.submission.title, 'Sykkelvei nå');
    assert.equal(retitle.body.submission.body, original.body);
    assert.equal(retitle.body.submission.version, original.version + 1);
    assert.equal(retitle.body.revision.revision, 2);

    const shortened = await app.request('PATCH', `/api/v1/moderation/submissions/${id}`, {
      token: editorA.token,
      body: { body: 'Kommunen har lovet sykkelvei i ti år. Nå må det skje.', version: original.version + 1 },
    });
    assert.equal(shortened.status, 200);
    const stale = await app.request('PATCH', `/api/v1/moderation/submissions/${id}`, {
      token: editorA.token,
      body: { title: 'Gammel versjon', version: original.version },
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.details[0].current.title, 'Sykkelvei nå');
    const empty = await app.request('PATCH', `/api/v1/moderation/submissions/${id}`, {
      token: editorA.token,
      body: { version: original.version + 2 },
    });
    assert.equal(empty.status, 422);

    const view = await detail(id);
    assert.deepEqual(
      view.body.revisions.map((r: { revision: number; title: string }) => [r.revision, r.title]),
      [
        [1, original.title],
        [2, 'Sykkelvei nå'],
        [3, 'Sykkelvei nå'],
      ],
    );
    assert.equal(view.body.revisions[0].body, original.body);
    assert.equal(view.body.revisions[0].editor, null);
    assert.equal(view.body.revisions[2].editor.id, editorA.id);
    assert.equal(view.body.revisions[1].summary, 'Kortere tittel');
    assert.equal(view.body.submission.revision, 3);
    assert.ok(view.body.audit.some((a: { action: string }) => a.action === 'edit'));
    assert.equal(
      (await receipt(id, token)).body.submission.title,
      'Sykkelvei nå',
      'the writer sees the edit',
    );

    let version = view.body.submission.version;
    for (const action of ['accept', 'publish']) {
      const res = await act(id, { action, version });
      version = res.body.submission.version;
    }
    const late = await app.request('PATCH', `/api/v1/moderation/submissions/${id}`, {
      token: editorA.token,
      body: { title: 'For sent', version },
    });
    assert.equal(late.status, 409);
    const published = await app.request('GET', `/api/v1/sites/${SITE}/submissions`);
    const item = published.body.items.find((i: { id: string }) => i.id === id);
    assert.equal(item.body, 'Kommunen har lovet sykkelvei i ti år. Nå må det skje.');
  });

  it('internal notes and notes to the writer through the notes endpoint', async () => {
    const { id, token } = await pieceIn('received');
    const internal = await app.request('POST', `/api/v1/moderation/submissions/${id}/notes`, {
      token: editorA.token,
      body: { text: 'Ring skribenten før publisering.' },
    });
    assert.equal(internal.status, 201);
    assert.equal(internal.body.note.visibility, 'internal');
    const toAuthor = await app.request('POST', `/api/v1/moderation/submissions/${id}/notes`, {
      token: editorA.token,
      body: { text: 'Kan du korte ned til 3000 tegn?', visibility: 'author' },
    });
    assert.equal(toAuthor.status, 201);
    const seen = await receipt(id, token);
    assert.equal(seen.body.submission.noteToAuthor, 'Kan du korte ned til 3000 tegn?');
    assert.equal(JSON.stringify(seen.body).includes('Ring skribenten'), false);
    assert.equal((await detail(id)).body.notes.length, 2);
    assert.equal((await detail(id)).body.submission.version, 1, 'notes do not change the piece');
  });

  it('keeps editors to their own sites and moderators out of submissions', async () => {
    const { id } = await pieceIn('received');
    const queueA = `/api/v1/moderation/sites/${SITE}/submissions`;
    assert.equal((await app.request('GET', queueA, { token: editorA.token })).status, 200);
    const checks = [
      await app.request('GET', queueA, { token: editorB.token }),
      await detail(id, editorB.token),
      await act(id, { action: 'start_review', version: 1 }, editorB.token),
      await app.request('GET', queueA, { token: moderatorA.token }),
      await detail(id, moderatorA.token),
      await act(id, { action: 'start_review', version: 1 }, moderatorA.token),
      await app.request('PATCH', `/api/v1/moderation/submissions/${id}`, {
        token: moderatorA.token,
        body: { title: 'Nei', version: 1 },
      }),
      await app.request('POST', `/api/v1/moderation/submissions/${id}/notes`, {
        token: editorB.token,
        body: { text: 'hei' },
      }),
    ];
    for (const res of checks) {
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'forbidden');
    }
    assert.equal((await app.request('GET', queueA)).status, 401);
    assert.equal((await app.request('GET', queueA, { token: await app.adminToken() })).status, 200);
    assert.equal((await detail(id)).body.submission.version, 1);
  });

  it('lists a queue per status with exact counts, oldest first, cursor-paginated', async () => {
    await createSite(app, 'avis-ko');
    const admin = await app.adminToken();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit(piece(), 'avis-ko')).body.submission.id);
    assert.equal((await act(ids[1]!, { action: 'start_review', version: 1 }, admin)).status, 200);
    const queue = (q: string) =>
      app.request('GET', `/api/v1/moderation/sites/avis-ko/submissions${q}`, { token: admin });
    const page1 = await queue('?status=received&limit=1');
    assert.equal(page1.status, 200);
    assert.deepEqual(page1.body.counts, {
      received: 2,
      in_review: 1,
      accepted: 0,
      published: 0,
      rejected: 0,
    });
    assert.deepEqual(
      page1.body.items.map((i: { id: string }) => i.id),
      [ids[0]],
    );
    const page2 = await queue(`?status=received&limit=1&cursor=${page1.body.nextCursor}`);
    assert.deepEqual(
      page2.body.items.map((i: { id: string }) => i.id),
      [ids[2]],
    );
    assert.equal(page2.body.nextCursor, null);
    assert.equal((await queue('?status=in_review')).body.items[0].id, ids[1]);
    assert.equal((await queue('?status=bogus')).status, 422);
    assert.equal((await queue(`?cursor=${page1.body.nextCursor}x`)).status, 422);
  });

  it('paginates the public list of published pieces and refuses other statuses there', async () => {
    await createSite(app, 'avis-pub');
    const published: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await submit(piece(), 'avis-pub');
      const id = res.body.submission.id;
      let version = 1;
      for (const action of ['start_review', 'accept', 'publish']) {
        version = (await act(id, { action, version }, await app.adminToken())).body.submission.version;
      }
      published.push(id);
    }
    await submit(piece(), 'avis-pub');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await app.request(
        'GET',
        `/api/v1/sites/avis-pub/submissions?status=published&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.equal(res.status, 200);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [...published].reverse(), 'newest first, each once');
    const other = await app.request('GET', '/api/v1/sites/avis-pub/submissions?status=received');
    assert.equal(other.status, 422);
    assert.equal(other.body.error.details[0].path, 'query.status');
  });

  it('sends submission.created, submission.updated and counts to editors on /moderation, without contact details', async () => {
    const editor = connect(app.url, '/moderation', { auth: { token: editorA.token } });
    const moderator = connect(app.url, '/moderation', { auth: { token: moderatorA.token } });
    await Promise.all([connected(editor), connected(moderator)]);
    const join = await emitAck<{ ok: boolean; submissionCounts?: Record<string, number> }>(editor, 'join', {
      siteId: SITE,
    });
    assert.equal(join.ok, true);
    assert.equal(typeof join.submissionCounts?.received, 'number');
    const before = join.submissionCounts!;
    assert.equal((await emitAck<{ ok: boolean }>(moderator, 'join', { siteId: SITE })).ok, true);
    const moderatorSaw = collect(moderator, 'submission.created');
    const counts = collect<{ siteId: string; counts: Record<string, number> }>(editor, 'submission.counts');
    const created = once<Record<string, unknown>>(editor, 'submission.created');

    const res = await submit(piece());
    const event = await created;
    assert.equal(event.id, res.body.submission.id);
    assert.equal(event.status, 'received');
    assert.equal(typeof event.seq, 'number');
    assert.equal(event.stream, 'submissions');
    assert.ok(Array.isArray((event.moderation as { reasons: unknown[] }).reasons));
    const text = JSON.stringify(event).toLowerCase();
    assert.equal(text.includes('example.no'), false);
    assert.equal(text.includes('412 34 567'), false);
    await waitFor(() => counts.some((c) => c.counts.received === before.received! + 1), 5000, 'counts');

    const updated = once<Record<string, unknown>>(editor, 'submission.updated');
    await act(res.body.submission.id, { action: 'start_review', version: 1 });
    const change = await updated;
    assert.equal(change.id, res.body.submission.id);
    assert.equal(change.status, 'in_review');
    assert.equal(change.version, 2);
    assert.ok((change.seq as number) > (event.seq as number));
    await waitFor(() => counts.some((c) => c.counts.in_review! >= 1 && c.siteId === SITE), 5000, 'counts');
    assert.equal(moderatorSaw.length, 0, 'a comment moderator is not in the submissions room');

    const outsider = connect(app.url, '/moderation', { auth: { token: editorB.token } });
    await connected(outsider);
    assert.equal((await emitAck<{ ok: boolean }>(outsider, 'join', { siteId: SITE })).ok, false);
    editor.close();
    moderator.close();
    outsider.close();
  });

  it('answers browsers only from the site’s own origins', async () => {
    await createSite(app, 'avis-cors', {}, ['https://www.avis-cors.no']);
    const from = (origin: string) =>
      app.request('POST', '/api/v1/sites/avis-cors/submissions', { body: piece(), headers: { origin } });
    const allowed = await from('https://www.avis-cors.no');
    assert.equal(allowed.status, 201);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://www.avis-cors.no');
    const foreign = await from('https://evil.example');
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error.code, 'forbidden');
    assert.equal(await collection('submissions').countDocuments({ siteId: 'avis-cors' }), 1);
  });

  it('answers in the shapes the OpenAPI document declares', async () => {
    const created = await submit(piece());
    createdSubmissionSchema.strict().parse(created.body);
    const { id } = created.body.submission;
    receiptSchema.strict().parse((await receipt(id, created.body.receipt.token)).body);
    const view = await detail(id);
    editorSubmissionSchema.strict().parse(view.body.submission);
    for (const revision of view.body.revisions) revisionSchema.strict().parse(revision);
    const acted = await act(id, { action: 'start_review', version: 1, note: 'ok' });
    editorSubmissionSchema.strict().parse(acted.body.submission);
    const queue = await app.request('GET', `/api/v1/moderation/sites/${SITE}/submissions?status=in_review`, {
      token: editorA.token,
    });
    submissionCountsSchema.strict().parse(queue.body.counts);
    for (const item of queue.body.items) editorSubmissionSchema.strict().parse(item);
    const list = await app.request('GET', `/api/v1/sites/${SITE}/submissions`);
    for (const item of list.body.items) publicSubmissionSchema.strict().parse(item);
  });

  it('describes the new endpoints in the OpenAPI document', async () => {
    const doc = await app.request('GET', '/api/v1/openapi.json');
    const paths = Object.keys(doc.body.paths);
    for (const path of [
      '/api/v1/sites/{siteId}/submissions',
      '/api/v1/sites/{siteId}/submissions/{submissionId}',
      '/api/v1/moderation/sites/{siteId}/submissions',
      '/api/v1/moderation/submissions/{submissionId}',
      '/api/v1/moderation/submissions/{submissionId}/actions',
      '/api/v1/moderation/submissions/{submissionId}/notes',
      '/api/v1/admin/sites/{siteId}/webhook-deliveries',
    ]) {
      assert.ok(paths.includes(path), path);
    }
  });
});
