import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommandLog } from '../support/command-log.js';
import { ADMIN, articlePath } from '../support/harness.js';

interface Answer {
  comment: { status: string };
  moderation: { reasons: { rule: string; params?: Record<string, unknown> }[] };
}

/**
 * Posts arriving together share one read of their authors' activity (group read, issue 17):
 * the history the new-author hold counts, the duplicate check, the record. Through the real
 * service, authors with different histories post at once, round after round until their reads
 * went together; each post must be judged on its own author's history and its own text: the
 * hold says how many approved texts it counted, and a text is a duplicate only for the author
 * who wrote it before.
 */
describe('concurrent posts from several authors are each judged on their own history', () => {
  const log = new CommandLog();
  const site = 'samtidig-avis';
  const article = 'stor-sak';
  const ROUNDS = 6;
  /** Texts Kari writes first, one for each round, which Dora then writes too. */
  const shared = (round: number) => `Kari skrev dette først, runde ${round}, om brua som stenges i vinter.`;
  let serial = 0;

  /**
   * One post, under its own Idempotency-Key, sent again under the same key on a 503 as the
   * widget does (the contract's "try again shortly"): a fresh-clone run on a loaded machine
   * once answered one of the six concurrent posts 503, which says nothing of whose history
   * judged it. Only the retry's answer (201) is judged; a second 503 fails the test.
   */
  const post = async (authorName: string, body: string) => {
    const key = `history-${serial++}-${authorName}`;
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(log.url + articlePath(site, article), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ body, authorName }),
      });
      const answer = (await res.json()) as Answer;
      if (res.status === 503 && attempt === 1) continue;
      assert.equal(res.status, 201, JSON.stringify(answer));
      return answer;
    }
  };
  const fresh = (who: string) => `${who} har en ny tanke om saken, nummer ${serial++}.`;

  before(async () => {
    await log.start(site);
    // Histories, one post at a time, while the site holds nothing: Vera 3 approved, Hans 1,
    // Nina only a rejected text, Kari one approved text per round, Dora 2.
    for (let i = 0; i < 3; i++) assert.equal((await post('Vera', fresh('Vera'))).comment.status, 'approved');
    assert.equal((await post('Hans', fresh('Hans'))).comment.status, 'approved');
    assert.equal((await post('Nina', 'Du er en jævla idiot')).comment.status, 'rejected');
    for (let r = 0; r < ROUNDS; r++) assert.equal((await post('Kari', shared(r))).comment.status, 'approved');
    for (let i = 0; i < 2; i++) assert.equal((await post('Dora', fresh('Dora'))).comment.status, 'approved');
    // Then the site holds every author's first 100 texts: each post's hold names the approved
    // texts its author's history counted (a held or rejected post adds none, so every round
    // expects the same).
    const login = await fetch(`${log.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { token } = (await login.json()) as { token: string };
    const patched = await fetch(`${log.url}/api/v1/admin/sites/${site}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ policy: { newAuthorHold: 100 } }),
    });
    assert.equal(patched.status, 200);
    await new Promise((ok) => setTimeout(ok, 3100)); // the site cache's 3 s
  });
  after(() => log.stop());

  it('each post gets its own history and duplicate verdict, also when read together', async () => {
    const approvedBefore: Record<string, number> = { Vera: 3, Hans: 1, Nina: 0, Kari: ROUNDS, Dora: 2 };
    let together = 0;
    for (let round = 0; round < ROUNDS && together === 0; round++) {
      const posts: [string, string][] = [
        ['Vera', fresh('Vera')],
        ['Kari', shared(round)], // Kari's own text again: a duplicate
        ['Hans', fresh('Hans')],
        ['Dora', shared(round)], // the same text, but Dora never wrote it: no duplicate
        ['Nina', fresh('Nina')],
        ['Vera', fresh('Vera')],
        ['Hans', fresh('Hans')],
        ['Dora', fresh('Dora')],
      ];
      log.sent.length = 0;
      log.seen.length = 0;
      log.recording = true;
      const answers = await Promise.all(posts.map(([name, body]) => post(name, body)));
      log.recording = false;
      for (const [i, [name]] of posts.entries()) {
        const { comment, moderation } = answers[i]!;
        const rules = moderation.reasons.map((reason) => reason.rule);
        const hold = moderation.reasons.find((reason) => reason.rule === 'new_author');
        assert.equal(
          hold?.params?.approved,
          approvedBefore[name],
          `round ${round}, post ${i} by ${name}: judged on its own author's history (${JSON.stringify(moderation.reasons)})`,
        );
        const duplicate = name === 'Kari' && i === 1;
        assert.equal(
          rules.includes('duplicate'),
          duplicate,
          `round ${round}, post ${i} by ${name}: a duplicate only of its own author's text (${rules.join(', ')})`,
        );
        assert.equal(
          comment.status,
          duplicate ? 'rejected' : 'pending',
          `round ${round}, post ${i} by ${name}`,
        );
      }
      // The author-activity reads of this round that carried several authors.
      together += log.sent.filter((command) => {
        const pipeline = command.pipeline as
          | { $match?: { authorKey?: unknown }; $facet?: object }[]
          | undefined;
        const keys = pipeline?.[0]?.$match?.authorKey as { $in?: string[] } | undefined;
        return pipeline?.[1]?.$facet !== undefined && (keys?.$in?.length ?? 0) > 1;
      }).length;
    }
    assert.ok(together > 0, `in ${ROUNDS} rounds of 8 posts at once, no read carried several authors`);
  });
});
