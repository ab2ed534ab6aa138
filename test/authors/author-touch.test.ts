import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthorRepository } from '../../src/authors/author.repository.js';
import { monitoredDatabase } from '../support/command-log.js';

/**
 * A post skips the author's history when its upsert of the author's record created it
 * (docs/PERFORMANCE.md, "POST path, sixth round"). So `touch` must tell an insert from an
 * update by what the server answered, on every lane: only the call that inserted says so,
 * never one that found a record, whoever wrote that record (a post, a moderator's action).
 */
describe('the author upsert tells a created record from an existing one', () => {
  let stop: () => Promise<void>;
  let authors: AuthorRepository;
  const seen = (name: string) => ({ name, emailHash: null, at: new Date() });

  before(async () => {
    const monitored = await monitoredDatabase(() => {});
    stop = monitored.stop;
    authors = new AuthorRepository(monitored.database.connection);
    await authors.model.createIndexes();
  });
  after(() => stop?.());

  it('created on the first text, not on the next', async () => {
    const first = await authors.touch('demo', 'anon:ny', seen('Kari'));
    assert.equal(first.created, true);
    assert.equal(first.record.name, 'Kari');
    assert.equal(first.record.version, 1);
    const second = await authors.touch('demo', 'anon:ny', seen('Kari Nordmann'));
    assert.equal(second.created, false);
    assert.equal(second.record.name, 'Kari Nordmann');
    // The same key on another site is another author.
    assert.equal((await authors.touch('annen', 'anon:ny', seen('Kari'))).created, true);
  });

  it('not created when a moderator made the record first (a ban before any text)', async () => {
    const banned = await authors.setStanding('demo', 'sso:troll', { banned: true }, 0);
    assert.equal(banned?.banned, true);
    const touched = await authors.touch('demo', 'sso:troll', seen('Troll'));
    assert.equal(touched.created, false);
    assert.equal(touched.record.banned, true);
  });

  it('created again after the record was deleted (erasure)', async () => {
    await authors.touch('demo', 'anon:slettet', seen('Ola'));
    assert.equal(await authors.deleteMany('demo', ['anon:slettet']), 1);
    assert.equal((await authors.touch('demo', 'anon:slettet', seen('Ola'))).created, true);
  });

  it('of first texts sent at once, exactly one created the record', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => authors.touch('demo', 'anon:samtidig', seen('Eva'))),
    );
    assert.equal(results.filter((r) => r.created).length, 1);
  });
});
