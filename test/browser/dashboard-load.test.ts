import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Types } from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import {
  ADMIN,
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import { buildBrowserBundles, launchChromium } from './browser-support.js';
import { PASSWORD, postComment, Workbench } from './dashboard-support.js';

/** What a page said is wrong while it loaded: console errors and warnings, failed requests, 4xx and 5xx answers. */
function complaints(page: Page): string[] {
  const heard: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') heard.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => heard.push(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) heard.push(`${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return heard;
}

/** Whatever is still on its way when the page is looked at has had its answer. */
const settled = (page: Page) => page.waitForLoadState('networkidle');

describe('the workbench loads cleanly, in the newsroom’s time, and works the reported queue', () => {
  let db: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let bench: Workbench;
  const site = 'avisa';

  before(async () => {
    await buildBrowserBundles();
    db = await TestDatabase.start();
    // One proxy hop is trusted, so each reader's report comes from an address of its own.
    app = await startTestApp(db, { trustProxy: 1 });
    await createSite(app, site, { mode: 'pre' });
    await createSite(app, 'meld', { mode: 'post', reportThreshold: 2 });
    await createStaff(app, 'moderator', [site, 'meld'], 'anne@avisa.test');
    browser = await launchChromium();
    bench = new Workbench(browser, () => app);
  });

  after(async () => {
    await bench?.close();
    await browser?.close();
    await app?.close();
    await db?.stop();
  });

  test('signed out: the login form, and not one console error, failed request or refused call', async () => {
    const page = await bench.page();
    const heard = complaints(page);
    await page.goto(`${app.url}/moderate#/reported`);
    await page.locator('form.login input[name=email]').waitFor();
    await settled(page);
    assert.equal(await page.locator('form.login h2').innerText(), 'Logg inn');
    assert.equal(
      await page.locator('form.login .note').count(),
      0,
      'nobody was signed in: no "session ended"',
    );
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'email');
    assert.deepEqual(heard, []);
  });

  test('signed in, a moderator and an admin reload the workbench on each queue: not one complaint', async () => {
    await postComment(app, site, 'a1', 'Skolen trenger flere lærere, ikke færre.');
    for (const email of ['anne@avisa.test', ADMIN.email]) {
      const page = await bench.login(email, { password: email === ADMIN.email ? ADMIN.password : PASSWORD });
      for (const hash of ['#/pending', '#/reported', '#/articles']) {
        // A fresh tab of the same browser: the load a moderator gets opening the workbench.
        const tab = await page.context().newPage();
        const heard = complaints(tab);
        await tab.goto(`${app.url}/moderate${hash}`);
        await tab.locator('.conn.on').waitFor({ timeout: 10_000 });
        await tab.locator(`main#view[data-view="${hash.slice(2)}"]`).waitFor();
        await settled(tab);
        assert.deepEqual(heard, [], `${email} ${hash}`);
        await tab.close();
      }
      await page.context().close();
    }
  });

  test('a session ended elsewhere: the login form says so once, and the next load asks nothing', async () => {
    const page = await bench.login('anne@avisa.test');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'ordskifte_session');
    assert.ok(cookie, 'the session cookie');
    // Logged out with the same session's token from elsewhere (the API), the browser's cookie is dead.
    const out = await app.request('POST', '/api/v1/auth/logout', { token: cookie.value });
    assert.equal(out.status, 204);
    await page.reload();
    await page.locator('form.login .note').waitFor();
    assert.equal(
      await page.locator('form.login .note').innerText(),
      'Økta di er avsluttet. Logg inn igjen for å fortsette.',
    );
    const heard = complaints(page);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/')) asked.push(r.url());
    });
    await page.reload();
    await page.locator('form.login input[name=email]').waitFor();
    await settled(page);
    assert.deepEqual([heard, asked], [[], []], 'the dead cookies went with the 401');
    await page.context().close();
  });

  test('a moderator whose browser is in New York sees the newsroom’s times and days, by the site’s zone', async () => {
    // 23:30 UTC on 6 December: 00:30 on 7 December in Oslo, 18:30 on 6 December in New York.
    const late = new Date('2026-12-06T23:30:00.000Z');
    const id = await postComment(app, site, 'midnatt', 'Skrevet like over midnatt i Oslo.');
    await app.service.db.connection
      .collection('comments')
      .updateOne({ _id: new Types.ObjectId(id) }, { $set: { createdAt: late } });
    const oslo = new Intl.DateTimeFormat('nb-NO', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Oslo',
    });
    const page = await bench.page({ timezoneId: 'America/New_York' });
    assert.equal(
      await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
      'America/New_York',
    );
    await bench.login('anne@avisa.test', { page });
    const row = page.locator('li.item', { hasText: 'like over midnatt' });
    await row.waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await row.locator('time').innerText(), oslo.format(late));
    assert.match(await row.locator('time').innerText(), /7\. des\. 2026.*00:30/);
    await row.locator('button.open').click();
    assert.equal(await page.locator('.detail article time').first().innerText(), oslo.format(late));

    // The date filter's days are the newsroom's: 7 December holds it, 6 December does not.
    const filter = async (from: string, to: string) => {
      await page.locator('details.filter-box summary').click();
      await page.locator('details.filter-box input[name=from]').fill(from);
      await page.locator('details.filter-box input[name=to]').fill(to);
      const answered = page.waitForResponse((r) => r.url().includes('/queue?') && r.url().includes('from='));
      await page.locator('details.filter-box button[type=submit]').click();
      await answered;
      await page.waitForLoadState('networkidle');
      return page.locator('ul.queue li.item', { hasText: 'like over midnatt' }).count();
    };
    assert.equal(await filter('2026-12-07', '2026-12-07'), 1, 'the newsroom’s 7 December');
    await page.locator('details.filter-box').evaluate((d) => ((d as HTMLDetailsElement).open = false));
    assert.equal(await filter('2026-12-06', '2026-12-06'), 0, 'not on the newsroom’s 6 December');

    // A site whose newsroom keeps UTC shows 23:30 on 6 December.
    const changed = await app.request('PATCH', `/api/v1/admin/sites/${site}`, {
      token: await app.adminToken(),
      body: { policy: { timeZone: 'UTC' } },
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.site.policy.timeZone, 'UTC');
    await page.reload();
    await row.waitFor();
    await page.waitForLoadState('networkidle');
    const utc = new Intl.DateTimeFormat('nb-NO', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    assert.equal(await row.locator('time').innerText(), utc.format(late));
    await app.request('PATCH', `/api/v1/admin/sites/${site}`, {
      token: await app.adminToken(),
      body: { policy: { timeZone: 'Europe/Oslo' } },
    });
    await page.context().close();
  });

  test('Rapportert: readers’ reports through the API arrive live with their notes, are acted on, and the counts follow', async () => {
    let reader = 0;
    const report = (articleId: string, id: string, reason: string, note?: string) =>
      app.request('POST', `${articlePath('meld', articleId)}/${id}/reports`, {
        body: note ? { reason, note } : { reason },
        headers: { 'x-forwarded-for': `10.9.0.${++reader}` },
      });
    const hateful = await postComment(app, 'meld', 'naboer', 'Naboen min er en skam for hele bygda.', 'Kari');
    const fine = await postComment(app, 'meld', 'naboer', 'Jeg syns brøytingen har vært bra i år.', 'Per');
    const page = await bench.login('anne@avisa.test', { site: 'meld', hash: '#/reported' });
    const heard = complaints(page);
    const tab = page.locator('[data-count="reported"]');
    const rows = page.locator('main#view[data-view=reported] ul.queue li.item');
    await page.locator('main#view[data-view=reported] p.empty', { hasText: 'Ingenting her' }).waitFor();
    assert.equal(await tab.innerText(), '0');
    const serverCounts = async () =>
      (
        await app.request('GET', '/api/v1/moderation/sites/meld/queue?status=reported&limit=50', {
          token: await app.login('anne@avisa.test', PASSWORD),
        })
      ).body.counts;

    // One report is below the site's threshold of two: nothing moves.
    assert.equal((await report('naboer', hateful, 'abuse', 'Hets mot naboen')).status, 202);
    assert.equal((await report('naboer', fine, 'spam')).status, 202);
    await page.waitForTimeout(300);
    assert.equal(await rows.count(), 0);
    // The second reader's report queues each one, live.
    assert.equal((await report('naboer', hateful, 'personal_info', 'Navngir naboen')).status, 202);
    await rows.filter({ hasText: 'skam for hele bygda' }).waitFor({ timeout: 10_000 });
    await waitFor(async () => (await tab.innerText()) === '1', 5000, 'the tab counts one');
    assert.equal((await report('naboer', fine, 'off_topic')).status, 202);
    await rows.filter({ hasText: 'brøytingen' }).waitFor({ timeout: 10_000 });
    await waitFor(async () => (await tab.innerText()) === '2', 5000, 'the tab counts two');
    assert.equal((await serverCounts()).reported, 2);
    // Oldest first, each marked with its reports.
    assert.deepEqual(await rows.locator('.tag.warn').allInnerTexts(), ['rapportert ×2', 'rapportert ×2']);
    assert.match(await rows.first().innerText(), /skam for hele bygda/);

    // The item shows the readers' categories and their notes.
    await rows.first().locator('button.open').click();
    const detail = page.locator('.detail article');
    // A row's tags are one height, their words centred (the claim tag's margin stretched the others).
    await rows.first().locator('.tag.claim').waitFor();
    const tagHeights = await rows
      .first()
      .locator('.tag')
      .evaluateAll((tags) => tags.map((t) => Math.round(t.getBoundingClientRect().height)));
    assert.equal(new Set(tagHeights).size, 1, `tag heights ${tagHeights}`);

    await detail.locator('li.report-note', { hasText: 'Navngir naboen' }).waitFor({ timeout: 5000 });
    assert.deepEqual((await detail.locator('ul.reports > li:not(.report-note)').allInnerTexts()).sort(), [
      'Personopplysninger: 1',
      'Trakassering/hets: 1',
    ]);
    // The reports are why it is here: above the engine's reasons, in the first screen of the item.
    const reportsBox = (await detail.locator('ul.reports').boundingBox())!;
    const reasonsBox = (await detail.locator('h3', { hasText: 'Hvorfor den er her' }).boundingBox())!;
    assert.ok(reportsBox.y < reasonsBox.y, 'the reports come before the reasons');
    assert.ok(reportsBox.y + reportsBox.height < 900, 'the reports are in view without scrolling');
    assert.deepEqual((await detail.locator('li.report-note').allInnerTexts()).sort(), [
      'Personopplysninger Navngir naboen',
      'Trakassering/hets Hets mot naboen',
    ]);

    // Rejected by key: it leaves the list, the next one is selected, the counts follow.
    await page.keyboard.press('r');
    await waitFor(async () => (await tab.innerText()) === '1', 5000, 'one left after the rejection');
    assert.equal(await rows.filter({ hasText: 'skam for hele bygda' }).count(), 0);
    await waitFor(
      async () => (await page.locator('.detail article').innerText()).includes('brøytingen'),
      5000,
      'the next reported item is open',
    );
    // Kept (approved again): the report is dealt with, the comment stays published.
    await page.keyboard.press('a');
    await page
      .locator('main#view[data-view=reported] p.empty', { hasText: 'Ingenting her' })
      .waitFor({ timeout: 5000 });
    await waitFor(async () => (await tab.innerText()) === '0', 5000, 'none left');
    await waitFor(async () => (await serverCounts()).reported === 0, 5000, 'the server agrees');
    const stored = async (id: string) =>
      app.service.db.connection.collection('comments').findOne({ _id: new Types.ObjectId(id) });
    assert.deepEqual(
      [(await stored(hateful))?.status, (await stored(hateful))?.reported],
      ['rejected', false],
    );
    assert.deepEqual([(await stored(fine))?.status, (await stored(fine))?.reported], ['approved', false]);
    // Readers see the kept one and not the rejected one.
    const list = await app.request('GET', articlePath('meld', 'naboer'));
    assert.deepEqual(
      list.body.items.map((c: { body: string }) => c.body),
      ['Jeg syns brøytingen har vært bra i år.'],
    );
    await page.waitForLoadState('networkidle');
    assert.deepEqual(heard, []);
    await page.context().close();
  });

  test('an admin sets the newsroom’s time zone in the site form; an unknown zone is refused in words', async () => {
    const page = await bench.login(ADMIN.email, { password: ADMIN.password, hash: '#/admin-sites' });
    await page.locator('ul.site-list button', { hasText: `(${site})` }).click();
    const form = page.locator('form.site-form');
    const zone = form.locator('input[name=timeZone]');
    assert.equal(await zone.inputValue(), 'Europe/Oslo');
    await zone.fill('Europe/Bergen');
    await form.locator('button[type=submit]').click();
    await form.locator('.error', { hasText: 'Ukjent tidssone: «Europe/Bergen»' }).waitFor();
    await zone.fill('Atlantic/Reykjavik');
    await form.locator('button[type=submit]').click();
    await waitFor(
      async () =>
        (await app.request('GET', `/api/v1/admin/sites/${site}`, { token: await app.adminToken() })).body.site
          .policy.timeZone === 'Atlantic/Reykjavik',
      5000,
      'the zone saved',
    );
    await app.request('PATCH', `/api/v1/admin/sites/${site}`, {
      token: await app.adminToken(),
      body: { policy: { timeZone: 'Europe/Oslo' } },
    });
    await page.context().close();
  });
});
