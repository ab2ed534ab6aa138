import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
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
import { buildBrowserBundles, launchChromium, screenshot } from './browser-support.js';
import { focusInList, postComment, Workbench } from './dashboard-support.js';

/**
 * A moderator's shift in Chromium: decisions with one key each, undo,
 * conflicts in words, colleagues on the same item, reasons from the catalogue.
 */
describe("the workbench in a moderator's shift", () => {
  let db: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let bench: Workbench;
  let anne: { email: string; token: string; id: string };
  let bjorn: { email: string; token: string; id: string };
  let carl: { email: string; token: string; id: string };

  before(async () => {
    await buildBrowserBundles();
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'skift', { mode: 'pre' });
    await createSite(app, 'benk', { mode: 'pre' });
    anne = await createStaff(app, 'moderator', ['skift', 'benk'], 'anne@skift.test');
    bjorn = await createStaff(app, 'moderator', ['skift', 'benk'], 'bjorn@skift.test');
    carl = await createStaff(app, 'moderator', ['benk'], 'carl@skift.test');
    browser = await launchChromium();
    bench = new Workbench(browser, () => app);
  });

  after(async () => {
    await bench?.close();
    await browser?.close();
    await app?.close();
    await db?.stop();
  });

  const status = async (id: string) =>
    (await app.request('GET', `/api/v1/moderation/comments/${id}`, { token: anne.token })).body;

  test('30 pending comments, one key per decision, keyboard only: all end as chosen, focus stays in the list', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 30; i++) {
      ids.push(
        await postComment(app, 'skift', 'skiftsak', `Skiftkommentar nummer ${i} om bussruta`, `Leser ${i}`),
      );
    }
    const page = await bench.login(anne.email, { site: 'skift' });
    await page.locator('ul.queue li.item').nth(29).waitFor({ timeout: 10_000 });
    await page.keyboard.press('j');
    await page.locator('.detail .body', { hasText: 'Skiftkommentar nummer 1 om' }).waitFor();
    assert.ok(await focusInList(page), 'j puts focus on the first item');
    // Sampled on every frame from the first decision on: where keyboard focus is.
    // Sampled on every frame from the first decision on: where keyboard focus is. (A string, so the
    // test runner's transform adds nothing the page does not have.)
    await page.evaluate(`(() => {
      window.__outside = 0;
      window.__frames = 0;
      const tick = () => {
        window.__frames++;
        if (!document.activeElement || !document.activeElement.closest('section.list')) window.__outside++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    const chosen: ('approved' | 'rejected')[] = [];
    // The answers to the decisions, as the page got them. The list moves on at once (optimistic);
    // the decisions reach the server as the browser's six connections to it free up, and on two
    // loaded cores the last is answered tens of seconds after its key (docs/TESTING.md).
    const answers: number[] = [];
    page.on('response', (res) => {
      if (res.request().method() === 'POST' && /\/comments\/[0-9a-f]{24}\/actions$/.test(res.url())) {
        answers.push(res.status());
      }
    });
    for (let i = 0; i < 30; i++) {
      const key = i % 3 === 1 ? 'r' : 'a';
      chosen.push(key === 'a' ? 'approved' : 'rejected');
      await page.keyboard.press(key);
      if (i < 29) {
        await page
          .locator('.detail .body', { hasText: `Skiftkommentar nummer ${i + 2} om` })
          .waitFor({ timeout: 5000 });
        assert.ok(await focusInList(page), `focus is on the next item after decision ${i + 1}`);
      } else {
        await page.locator('.list .empty').waitFor({ timeout: 5000 });
      }
    }
    const { outside, frames } = (await page.evaluate(
      '({ outside: window.__outside, frames: window.__frames })',
    )) as {
      outside: number;
      frames: number;
    };
    assert.ok(frames > 10, `frames were sampled (${frames})`);
    assert.equal(outside, 0, `focus left the list in ${outside} of ${frames} frames`);
    // Every decision answered, each applied: then the server's own count, live, must come to 0.
    await waitFor(() => answers.length >= 30, 180_000, 'the answers to all 30 decisions');
    assert.deepEqual(answers, Array(30).fill(200), 'every decision was applied');
    await page.locator('[data-count=pending]', { hasText: /^0$/ }).waitFor({ timeout: 30_000 });
    for (const [i, id] of ids.entries()) {
      const { comment, audit } = await status(id);
      assert.equal(comment.status, chosen[i], `comment ${i + 1}`);
      assert.equal(audit.length, 1, `exactly one decision on comment ${i + 1}`);
    }
  });

  test('on a phone, an empty queue shows neither the bulk buttons nor the key line; they come with the first item', async () => {
    await createSite(app, 'mobil', { mode: 'pre' });
    const dora = await createStaff(app, 'moderator', ['mobil'], 'dora@skift.test');
    const phone = await bench.page({ width: 390, height: 844 });
    const page = await bench.login(dora.email, { page: phone, site: 'mobil' });
    await page.locator('.list .empty', { hasText: 'Ingenting her' }).waitFor({ timeout: 5000 });
    assert.equal(
      await page.locator('.list .toolbar, .list .hint').count(),
      0,
      'nothing to act on, nothing to act with',
    );
    await screenshot(page, 'dashboard-phone-empty-queue');
    await postComment(app, 'mobil', 'mobilsak', 'En kommentar skrevet på bussen til jobb');
    await page.locator('.list li[data-id]').first().waitFor({ timeout: 5000 });
    assert.ok(
      await page.locator('.list button.bulk.approve').isVisible(),
      'the bulk buttons are back with an item',
    );
    assert.ok(await page.locator('.list .hint').isVisible(), 'and the key line');
  });

  test('u undoes the last decision within 10 s: the item comes back, selected, and the undo is audited', async () => {
    const id = await postComment(app, 'skift', 'angresak', 'Denne godkjenner jeg ved en feil');
    const page = await bench.login(anne.email, { site: 'skift' });
    await page.locator('li.item', { hasText: 'ved en feil' }).locator('button.open').click();
    await page.locator('.detail .body', { hasText: 'ved en feil' }).waitFor();
    await page.keyboard.press('a');
    await page.locator('li.item', { hasText: 'ved en feil' }).waitFor({ state: 'detached' });
    await waitFor(async () => (await status(id)).comment.status === 'approved', 5000, 'approved');
    await page.keyboard.press('u');
    await page.locator('li.item.sel', { hasText: 'ved en feil' }).waitFor({ timeout: 5000 });
    assert.ok(await focusInList(page), 'the restored item has focus');
    await waitFor(async () => (await status(id)).comment.status === 'pending', 5000, 'pending again');
    const { audit } = await status(id);
    assert.deepEqual(
      audit.map((a: { action: string }) => a.action),
      ['approve', 'undo'],
    );
    await page.locator('.sr', { hasText: 'Angret: Godkjent' }).waitFor({ timeout: 5000 });
    await page.locator('.detail .audit li', { hasText: 'angret' }).waitFor({ timeout: 5000 });
  });

  test('two moderators decide the same item at once: the loser sees "Allerede behandlet av NAVN: …" on it', async () => {
    const id = await postComment(app, 'benk', 'kappsak', 'Hvem rekker denne først?');
    const a = await bench.login(anne.email, { site: 'benk' });
    const b = await bench.login(bjorn.email, { site: 'benk' });
    for (const page of [a, b]) {
      await page.locator('li.item', { hasText: 'rekker denne' }).locator('button.open').click();
      await page.locator('.detail .body', { hasText: 'rekker denne' }).waitFor();
    }
    const pressed = Date.now();
    await Promise.all([a.keyboard.press('a'), b.keyboard.press('r')]);
    await waitFor(async () => (await status(id)).comment.status !== 'pending', 5000, 'a decision');
    const final = await status(id);
    const winner = final.audit[0].actor.name as string;
    const loser = winner === 'moderator anne' ? b : a;
    const state = final.comment.status === 'approved' ? 'godkjent' : 'avvist';
    const text = `Allerede behandlet av ${winner}: ${state}`;
    // The 1 s target is measured by bench:dashboard (10 races, median and p95, in the page);
    // here the time from the keystrokes is printed, not asserted (a loaded machine's timing).
    await loser.locator('li.item .row-notice', { hasText: text }).waitFor({ timeout: 5000 });
    console.log(`# the loser saw "${text}" ${Date.now() - pressed} ms after the keystrokes`);
    await loser.locator('.detail .notice', { hasText: text }).waitFor({ timeout: 5000 });
    assert.equal(final.audit.length, 1, 'only one of the two decisions was applied');
  });

  test('a key pressed on an item a colleague has just decided does not undo their decision', async () => {
    const id = await postComment(app, 'benk', 'etterpåsak', 'Denne rakk Bjørn før meg');
    const page = await bench.login(anne.email, { site: 'benk' });
    await page.locator('li.item', { hasText: 'rakk Bjørn' }).locator('button.open').click();
    await page.locator('.detail .body', { hasText: 'rakk Bjørn' }).waitFor();
    const res = await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
      token: bjorn.token,
      body: { action: 'approve', version: 1 },
    });
    assert.equal(res.status, 200);
    const marked = page
      .locator('li.item.gone', { hasText: 'rakk Bjørn' })
      .locator('.row-notice', { hasText: 'Allerede behandlet av moderator bjorn: godkjent' });
    await marked.waitFor({ timeout: 5000 });
    // The page holds the colleague's version now: a reject sent at it would be applied.
    await page.keyboard.press('r');
    await page.locator('.sr[aria-live=assertive]', { hasText: 'moderator bjorn' }).waitFor();
    await marked.waitFor({ timeout: 5000 });
    const { comment, audit } = await status(id);
    assert.equal(comment.status, 'approved', "the colleague's decision stands");
    assert.equal(audit.length, 1, 'no second decision was sent');
  });

  test('an item a colleague decides while it is open stays, marked, with the reason being typed', async () => {
    const id = await postComment(app, 'benk', 'kollegasak', 'Denne ser jeg på mens Bjørn tar den');
    const page = await bench.login(anne.email, { site: 'benk' });
    await page.locator('li.item', { hasText: 'mens Bjørn' }).locator('button.open').click();
    const reason = page.locator('.detail label.reason input');
    await reason.fill('Usikker på tonen her');
    const res = await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
      token: bjorn.token,
      body: { action: 'approve', version: 1 },
    });
    assert.equal(res.status, 200);
    await page
      .locator('li.item.gone', { hasText: 'mens Bjørn' })
      .locator('.row-notice', { hasText: 'Allerede behandlet av moderator bjorn: godkjent' })
      .waitFor({ timeout: 5000 });
    await page.locator('.detail .notice', { hasText: 'moderator bjorn: godkjent' }).waitFor();
    assert.equal(await reason.inputValue(), 'Usikker på tonen her');
    await page.locator('.sr[aria-live=assertive]', { hasText: 'moderator bjorn' }).waitFor();
    // Moving on lets the marked item go.
    await page.keyboard.press('Escape');
    await page.locator('ul.queue li.item').first().locator('button.open').focus();
    await page.keyboard.press('j');
  });

  test('every moderator who has an item open is shown on it', async () => {
    await postComment(app, 'benk', 'flersak', 'Tre moderatorer på samme kommentar');
    const page = await bench.login(anne.email, { site: 'benk' });
    const row = page.locator('li.item', { hasText: 'Tre moderatorer' });
    await row.waitFor({ timeout: 10_000 });
    const id = (await row.getAttribute('data-id'))!;
    const sockets = [];
    for (const who of [bjorn, carl]) {
      const socket = connect(app.url, '/moderation', { auth: { token: who.token } });
      await connected(socket);
      await emitAck(socket, 'join', { siteId: 'benk' });
      await emitAck(socket, 'claim', { commentId: id });
      sockets.push(socket);
    }
    await row.locator('.tag.claim', { hasText: 'moderator bjorn og moderator carl ser på denne' }).waitFor({
      timeout: 5000,
    });
    await row.locator('button.open').click();
    await row
      .locator('.tag.claim', { hasText: 'Du og moderator bjorn og moderator carl ser på denne' })
      .or(row.locator('.tag.claim', { hasText: 'Du og moderator bjorn, moderator carl' }))
      .first()
      .waitFor({ timeout: 5000 });
    sockets[0]!.close();
    await row
      .locator('.tag.claim', { hasText: 'Du og moderator carl ser på denne' })
      .waitFor({ timeout: 5000 });
    sockets[1]!.close();
  });

  test('? opens the key help and it stays open, also when pressed right after Escape closed it', async () => {
    await postComment(app, 'skift', 'hjelpesak', 'En kommentar så køen ikke er tom');
    const page = await bench.login(anne.email, { site: 'skift' });
    await page.locator('ul.queue li.item').first().waitFor({ timeout: 10_000 });
    const open = page.locator('dialog.help[open]');
    // Two frames and a task: long enough for every deferred effect of the last render to have run.
    const settle = () =>
      page.evaluate(
        () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))),
      );
    for (let round = 1; round <= 8; round++) {
      await page.keyboard.press('?');
      await settle();
      assert.ok(await open.isVisible(), `round ${round}: the help is open after ?`);
      await page.keyboard.press('Escape');
      // Pressed at once: the close render has happened, its effect has not run yet.
      await page.keyboard.press('?');
      await settle();
      assert.ok(await open.isVisible(), `round ${round}: the help is open after Escape and ? at once`);
      await page.keyboard.press('Escape');
      await settle();
      assert.equal(await open.count(), 0, `round ${round}: Escape closed the help`);
    }
  });

  test('a reject reason from the site catalogue is chosen with one key and sent with r', async () => {
    const id = await postComment(app, 'benk', 'grunnsak', 'Dette er reklame for et kasino');
    const reasons = await app.request('GET', '/api/v1/moderation/sites/benk/reject-reasons', {
      token: anne.token,
    });
    const second = reasons.body.items[1];
    const page = await bench.login(anne.email, { site: 'benk' });
    await page.locator('li.item', { hasText: 'kasino' }).locator('button.open').click();
    await page.keyboard.press('2');
    await page.locator('.detail .catalogue input:checked').waitFor();
    assert.equal(await page.locator('.detail .catalogue input:checked').getAttribute('value'), second.code);
    await page.keyboard.press('r');
    await waitFor(async () => (await status(id)).comment.status === 'rejected', 5000, 'rejected');
    assert.equal((await status(id)).comment.lastAction.reasonCode, second.code);
  });

  test("the author panel bans with a reason, taking the author's other comments along, and lifts the ban", async () => {
    const email = 'troll@example.no';
    const first = await postComment(app, 'benk', 'trollsak', 'Første innlegg fra trollet', 'Trollet', {
      authorEmail: email,
    });
    const second = await postComment(app, 'benk', 'trollsak', 'Andre innlegg fra trollet', 'Trollet', {
      authorEmail: email,
    });
    const page = await bench.login(anne.email, { site: 'benk' });
    await page.locator('li.item', { hasText: 'Første innlegg fra trollet' }).locator('button.open').click();
    const panel = page.locator('.detail section.author');
    await panel.locator('text=Historikk: 0 godkjent, 0 avvist, 2 venter').waitFor({ timeout: 5000 });
    await panel.locator('button[data-action=ban]').click();
    await panel.locator('input[name=authorReason]').fill('Gjentatt sjikane i flere saker');
    await panel.locator('label.check input[type=checkbox]').check();
    await panel.locator('form.author-form button[type=submit]').press('Enter');
    await panel.locator('text=utestengt').first().waitFor({ timeout: 5000 });
    // The form and its button are gone: focus stays on the author's actions, not on the page.
    const onActions = () =>
      page.evaluate(() =>
        Boolean(document.activeElement?.matches('.detail section.author button.author-act')),
      );
    await waitFor(onActions, 5000, "focus on the author's actions after the ban");
    await waitFor(
      async () =>
        (await status(first)).comment.status === 'rejected' &&
        (await status(second)).comment.status === 'rejected',
      5000,
      "the author's comments rejected",
    );
    const authorKey = (await status(first)).comment.authorKey as string;
    const author = await app.request(
      'GET',
      `/api/v1/moderation/sites/benk/authors/${encodeURIComponent(authorKey)}`,
      {
        token: anne.token,
      },
    );
    assert.equal(author.body.author.banned, true);
    assert.equal(author.body.actions.at(-1).reason, 'Gjentatt sjikane i flere saker');
    await panel.locator('button[data-action=unban]').click();
    await panel.locator('input[name=authorReason]').fill('Anket og fått medhold');
    await panel.locator('form.author-form button[type=submit]').press('Enter');
    await panel.locator('text=ingen tiltak').waitFor({ timeout: 5000 });
    await waitFor(onActions, 5000, "focus on the author's actions after lifting it");
  });

  test('the articles overview opens the queue filtered to one article, and text search finds within it', async () => {
    await postComment(app, 'benk', 'kaisak', 'Kaia trenger nytt rekkverk');
    await postComment(app, 'benk', 'kaisak', 'Rekkverket er rustent og farlig');
    await postComment(app, 'benk', 'annensak', 'Helt annen sak om skolen');
    const page = await bench.login(anne.email, { site: 'benk' });
    await page.locator('[data-tab=articles]').click();
    await page.locator('tr[data-article=kaisak] td.num button').first().click();
    await page.locator('main#view[data-view=pending]').waitFor();
    await page.locator('li.item', { hasText: 'rustent' }).waitFor({ timeout: 5000 });
    assert.equal(await page.locator('li.item', { hasText: 'skolen' }).count(), 0, 'only that article');
    assert.equal(await page.locator('ul.queue li.item').count(), 2);
    await page.locator('details.filter-box input[name=q]').fill('RUSTENT');
    await page.locator('details.filter-box button[type=submit]').click();
    await page
      .locator('.search-info', { hasText: 'Søkte gjennom alle 2 kommentarene' })
      .waitFor({ timeout: 5000 });
    assert.equal(await page.locator('ul.queue li.item').count(), 1);
  });

  test('an admin creates a moderator in the workbench who can then log in', async () => {
    const page = await bench.login('admin@test.local', { password: 'test-admin-password', site: 'benk' });
    await page.locator('[data-tab=admin-users]').click();
    const form = page.locator('form.admin-form');
    await form.locator('input[name=email]').fill('ny@benk.test');
    await form.locator('input[name=name]').fill('Nina Ny');
    await form.locator('input[name=password]').fill('kort');
    await form.locator('button[type=submit]').click();
    await form.locator('.error', { hasText: 'minst 10 tegn' }).waitFor();
    await form.locator('input[name=password]').fill('et-langt-nok-passord');
    await form.locator('label.check', { hasText: 'benk' }).locator('input').check();
    await form.locator('button[type=submit]').click();
    await page.locator('li.user', { hasText: 'ny@benk.test' }).waitFor({ timeout: 5000 });
    const token = await app.login('ny@benk.test', 'et-langt-nok-passord');
    const session = await app.request('GET', '/api/v1/auth/session', { token });
    assert.equal(session.body.user.role, 'moderator');
    assert.deepEqual(session.body.user.sites, ['benk']);
  });
});
