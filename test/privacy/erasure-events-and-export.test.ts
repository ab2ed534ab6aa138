import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

/**
 * Issue 12 item 14: erasure left the writer's name and place in the submission
 * events (replayed to editors for 7 days), and the data-subject export held the
 * newsroom's internal notes, editors' e-mails, the ipHash and token hashes.
 */
describe('privacy: the event log is erased too, and the export is the person’s own data', () => {
  let db: TestDatabase;
  let app: TestApp;
  const site = 'personvern-avis';
  const writer = { name: 'Solveig Haugland', email: 'solveig.haugland@example.no', place: 'Tynset' };
  const editorEmail = 'redaktor-intern@avisa.test';
  const internalNote = 'Intern: sjekk om hun er i slekt med ordføreren';
  const toAuthor = 'Takk, vi publiserer innlegget ditt på lørdag.';
  let submissionId = '';

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, site);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const collection = (name: string) => app.service.db.connection.collection(name);
  const admin = async (path: string, body: unknown) =>
    app.request('POST', path, { token: await app.adminToken(), body });

  it('the export holds what the person wrote and was told, not internal notes, editors or hashes', async () => {
    const comment = await app.request('POST', articlePath(site, 'sak-1'), {
      body: { body: 'Godt poeng om bompengene.', authorName: writer.name, authorEmail: writer.email },
    });
    assert.equal(comment.status, 201);
    const piece = await app.request('POST', `/api/v1/sites/${site}/submissions`, {
      body: {
        title: 'Bygda trenger bussen',
        body: 'Uten bussen kommer ingen av oss på jobb. Fylket må tenke seg om.',
        authorName: writer.name,
        authorEmail: writer.email,
        authorLocation: writer.place,
        noteToEditor: 'Jeg kan sende bilde.',
      },
    });
    assert.equal(piece.status, 201, JSON.stringify(piece.body));
    submissionId = piece.body.submission.id;
    const editor = await createStaff(app, 'editor', [site], editorEmail);
    const step = await app.request('POST', `/api/v1/moderation/submissions/${submissionId}/actions`, {
      token: editor.token,
      body: { action: 'start_review', version: 1, note: internalNote, noteToAuthor: toAuthor },
    });
    assert.equal(step.status, 200, JSON.stringify(step.body));

    const res = await admin(`/api/v1/admin/sites/${site}/privacy/export`, { email: writer.email });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const text = JSON.stringify(res.body);
    // Their own data is there.
    for (const own of [
      'Godt poeng om bompengene.',
      'Bygda trenger bussen',
      writer.name,
      writer.email,
      writer.place,
      'Jeg kan sende bilde.',
      toAuthor,
    ]) {
      assert.ok(text.includes(own), `the export lacks ${own}`);
    }
    // The newsroom's internals and secrets are not.
    assert.equal(text.includes(internalNote), false, 'internal editor note in the export');
    assert.equal(text.includes(editorEmail), false, "an editor's e-mail in the export");
    for (const field of ['ipHash', 'receiptTokenHashes', 'tokenHash', 'emailHash']) {
      assert.equal(text.includes(field), false, `${field} in the export`);
    }
    const storedHashes = await collection('submissions').findOne(
      {},
      { projection: { receiptTokenHashes: 1, ipHash: 1 } },
    );
    for (const hash of [storedHashes?.ipHash, ...(storedHashes?.receiptTokenHashes ?? [])]) {
      assert.equal(text.includes(String(hash)), false, 'a stored hash in the export');
    }
  });

  it('erasure leaves the name and place in no submission event', async () => {
    const before = await collection('site_events').find({ siteId: site, stream: 'submissions' }).toArray();
    assert.ok(
      JSON.stringify(before).includes(writer.place),
      'the submission events carried the place (the test needs them to)',
    );
    const res = await admin(`/api/v1/admin/sites/${site}/privacy/erase`, { email: writer.email });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    for (const name of ['site_events', 'submissions', 'comments', 'audit']) {
      const text = JSON.stringify(await collection(name).find({ siteId: site }).toArray());
      assert.equal(text.includes(writer.name), false, `name left in ${name}`);
      assert.equal(text.includes(writer.place), false, `place left in ${name}`);
      assert.equal(text.includes(writer.email), false, `e-mail left in ${name}`);
    }
    // An editor reconnecting after the erasure is replayed the events without the person.
    const events = await collection('site_events').find({ siteId: site, stream: 'submissions' }).toArray();
    assert.ok(events.length >= 2, 'the events stay (sequence numbers keep their meaning)');
  });
});
