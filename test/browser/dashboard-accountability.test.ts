/**
 * The workbench's notices, appeals and statistics views in Chromium, through
 * the real app: cases arrive live, oldest first with the time waited; a
 * moderator removes or keeps on a notice; the one who made a decision is told
 * in words that someone else must decide its appeal (403
 * conflict_of_interest), and a colleague's reversal publishes the comment and
 * leaves both screens live; the statistics draw uPlot charts and a workload
 * table whose figures are the API's; admins download the transparency report.
 * Screenshots at 1280×900 and 390×844 in test-artifacts/screenshots.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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
import { buildBrowserBundles, launchChromium, screenshot } from './browser-support.js';
import { Workbench } from './dashboard-support.js';

const SITE = 'tidende';

describe('workbench: notices, appeals and statistics (DSA Art. 16, 20, 15/24)', () => {
  let db: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let bench: Workbench;
  let mona: { token: string; id: string; email: string };
  let per: { token: string; id: string; email: string };

  const post = async (article: string, body: string, authorName: string) => {
    const res = await app.request('POST', articlePath(SITE, article), { body: { body, authorName } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.comment.id as string, token: res.body.statusToken as string, article };
  };
  const act = async (token: string, id: string, body: Record<string, unknown>) => {
    const res = await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, { token, body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const notify = async (c: { id: string; article: string }, category: string, notifierName?: string) => {
    const res = await app.request('POST', `${articlePath(SITE, c.article)}/${c.id}/notices`, {
      body: {
        category,
        explanation: 'Kommentaren bryter loven, slik jeg leser den.',
        ...(notifierName ? { notifierName, notifierEmail: 'melder@example.no' } : {}),
        goodFaith: true,
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.notice.id as string, token: res.body.receiptToken as string };
  };
  const appeal = async (c: { id: string; token: string; article: string }, explanation: string) => {
    const res = await app.request('POST', `${articlePath(SITE, c.article)}/${c.id}/appeals`, {
      body: { token: c.token, explanation },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.appeal.id as string;
  };
  const receipt = async (n: { id: string; token: string }) =>
    (await app.request('GET', `/api/v1/sites/${SITE}/notices/${n.id}?token=${n.token}`)).body.notice;
  const open = async (page: Page, view: string) => {
    await page.evaluate(`location.hash = '#/${view}'`);
    await page.locator(`main#view[data-view="${view}"]`).waitFor({ timeout: 5000 });
  };

  before(async () => {
    await buildBrowserBundles();
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE, { language: 'nb' });
    mona = await createStaff(app, 'moderator', [SITE], 'mona@tidende.test');
    per = await createStaff(app, 'moderator', [SITE], 'per@tidende.test');
    browser = await launchChromium();
    bench = new Workbench(browser, () => app);
  });
  after(async () => {
    await bench?.close();
    await browser?.close();
    await app?.close();
    await db?.stop();
  });

  let n1: { id: string; token: string };
  let n2: { id: string; token: string };
  let rejectedByMona: { id: string; token: string; article: string };

  test('notices: oldest first with the time waited, live arrivals, remove and keep', async () => {
    const c1 = await post(
      'brua',
      'Brua burde aldri vært bygget, og ordføreren lyver om hva den kostet.',
      'Ola Bru',
    );
    const c2 = await post(
      'brua',
      'Han som bygde brua bor i den gule villaen ved kirka, alle vet det.',
      'Kari Bro',
    );
    n1 = await notify(c1, 'defamation', 'Nils Melder');
    n2 = await notify(c2, 'privacy');
    const page = await bench.login(mona.email, { site: SITE, hash: '#/notices' });
    await open(page, 'notices');
    await page.locator('li.case[data-notice]').nth(1).waitFor({ timeout: 5000 });
    assert.deepEqual(
      await page
        .locator('li.case[data-notice]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-notice'))),
      [n1.id, n2.id],
      'oldest first',
    );
    const first = page.locator(`li.case[data-notice="${n1.id}"]`);
    assert.match(await first.innerText(), /Ærekrenkelser/);
    assert.match(await first.innerText(), /Har ventet 0 min/);
    assert.match(await first.innerText(), /Meldt av Nils Melder/);
    assert.equal(await page.locator('[data-count=notices]').innerText(), '2');

    // A new notice arrives while the moderator looks: it joins at the end, and the tab counts it.
    const c3 = await post('skolen', 'Læreren på skolen tar penger fra klassekassa, skriv det ned.', 'Anonym');
    const n3 = await notify(c3, 'defamation');
    await page.locator(`li.case[data-notice="${n3.id}"]`).waitFor({ timeout: 5000 });
    await waitFor(
      async () => (await page.locator('[data-count=notices]').innerText()) === '3',
      5000,
      'count 3',
    );
    await screenshot(page, 'accountability-notices-1280');

    await first.locator('select').selectOption('defamation');
    await first.getByRole('button', { name: 'Fjern kommentaren' }).click();
    await first.waitFor({ state: 'detached', timeout: 5000 });
    assert.equal((await receipt(n1)).decision, 'removed');
    const status = await app.request('GET', `${articlePath(SITE, 'brua')}/${c1.id}/status?token=${c1.token}`);
    assert.equal(status.body.comment.status, 'rejected');
    assert.match(status.body.statement.ground.reference, /3-6 a/, 'on the chosen ground');

    await page
      .locator(`li.case[data-notice="${n2.id}"]`)
      .getByRole('button', { name: 'Behold kommentaren' })
      .click();
    await page.locator(`li.case[data-notice="${n2.id}"]`).waitFor({ state: 'detached', timeout: 5000 });
    assert.equal((await receipt(n2)).decision, 'kept');
    await waitFor(
      async () => (await page.locator('[data-count=notices]').innerText()) === '1',
      5000,
      'count 1',
    );

    // Decided elsewhere (the API, another moderator): the card leaves this screen live.
    const other = await app.request('POST', `/api/v1/moderation/notices/${n3.id}/actions`, {
      token: per.token,
      body: { action: 'keep', version: 1 },
    });
    assert.equal(other.status, 200);
    await page.locator(`li.case[data-notice="${n3.id}"]`).waitFor({ state: 'detached', timeout: 5000 });
    await page.locator('.cases .empty').waitFor({ timeout: 5000 });
  });

  test('appeals: the decider is told in words to leave it to a colleague; a colleague reverses and the comment is published', async () => {
    rejectedByMona = await post('havna', 'Havna bør bli en park der alle kan bade om sommeren.', 'Liv Park');
    await act(mona.token, rejectedByMona.id, { action: 'reject', version: 1, reasonCode: 'off_topic' });
    const monaPage = await bench.login(mona.email, { site: SITE });
    const perPage = await bench.login(per.email, { site: SITE });
    await open(monaPage, 'appeals');
    await open(perPage, 'appeals');
    await monaPage.locator('.cases .empty').waitFor({ timeout: 5000 });

    const appealId = await appeal(rejectedByMona, 'Innlegget handler om havna, som er det saken handler om.');
    const card = monaPage.locator(`li.case[data-appeal="${appealId}"]`);
    await card.waitFor({ timeout: 5000 });
    await perPage.locator(`li.case[data-appeal="${appealId}"]`).waitFor({ timeout: 5000 });
    const text = await card.innerText();
    assert.match(text, /Fjernet/);
    assert.match(text, /Avgjort av moderator mona/);
    assert.match(text, /Du tok denne avgjørelsen/);
    assert.match(text, /Begrunnelsen skribenten fikk/);
    assert.match(text, /Innlegget handler om havna/);

    // No reason: asked for one, nothing sent.
    await card.getByRole('button', { name: 'Omgjør og publiser kommentaren' }).click();
    await card.locator('[role=alert]', { hasText: 'Skriv en begrunnelse før du avgjør.' }).waitFor();
    // The decider: 403 conflict_of_interest, in words.
    await card.locator('textarea').fill('Jeg har sett på den igjen.');
    await card.getByRole('button', { name: 'Omgjør og publiser kommentaren' }).click();
    await card
      .locator('[role=alert]', {
        hasText: 'Du kan ikke avgjøre denne klagen: det var du som tok avgjørelsen',
      })
      .waitFor({ timeout: 5000 });
    await screenshot(monaPage, 'accountability-appeals-conflict-1280');

    const perCard = perPage.locator(`li.case[data-appeal="${appealId}"]`);
    await perCard.locator('textarea').fill('Innlegget er innenfor saken.');
    await perCard.getByRole('button', { name: 'Omgjør og publiser kommentaren' }).click();
    await perCard.waitFor({ state: 'detached', timeout: 5000 });
    await card.waitFor({ state: 'detached', timeout: 5000 });
    const list = await app.request('GET', articlePath(SITE, 'havna'));
    assert.ok(
      list.body.items.some((i: { id: string }) => i.id === rejectedByMona.id),
      'the reversed comment is published for readers',
    );
    const status = await app.request(
      'GET',
      `${articlePath(SITE, 'havna')}/${rejectedByMona.id}/status?token=${rejectedByMona.token}`,
    );
    assert.equal(status.body.appeal.outcome, 'reversed');
  });

  test('statistics: uPlot charts, the workload table equals the API, and the transparency export for admins', async () => {
    const page = await bench.login(ADMIN.email, { password: ADMIN.password, site: SITE });
    await open(page, 'stats');
    await page.locator('.stats .uplot canvas').first().waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('.stats .uplot').count(), 2, 'two charts');
    const api = await app.request('GET', `/api/v1/moderation/sites/${SITE}/stats?bucket=hour`, {
      token: await app.adminToken(),
    });
    assert.equal(api.status, 200);
    const rows = await page
      .locator('table[data-table=workload] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-moderator'), ...[...tr.children].map((c) => c.textContent)]),
      );
    type Row = {
      id: string;
      name: string;
      comments: number;
      authors: number;
      notices: number;
      appeals: number;
      actions: number;
    };
    const expected = (api.body.totals.actionsByModerator as Row[]).map((m) => [
      m.id,
      m.name,
      ...[m.comments, m.authors, m.notices, m.appeals, m.actions].map(String),
    ]);
    assert.deepEqual(rows, expected);
    const monaRow = expected.find((r) => r[0] === mona.id)!;
    const perRow = expected.find((r) => r[0] === per.id)!;
    // Mona: a notice removed (its reject), a notice kept, her own reject; Per: a notice kept, the appeal.
    assert.deepEqual(monaRow.slice(4, 6), ['2', '0'], 'Mona decided two notices, no appeal');
    assert.deepEqual(perRow.slice(4, 6), ['1', '1'], 'Per decided one notice and the appeal');

    // The export: the links download the report as the admin (session cookie), JSON and CSV.
    const links = await page
      .locator('form.export a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    assert.equal(links.length, 2);
    const fetched = (await page.evaluate(
      `Promise.all(${JSON.stringify(links)}.map(async (u) => { const r = await fetch(u); return { status: r.status, type: r.headers.get('content-type'), text: await r.text() }; }))`,
    )) as { status: number; type: string; text: string }[];
    assert.equal(fetched[0]!.status, 200);
    assert.equal(JSON.parse(fetched[0]!.text).notices.received, 3);
    assert.equal(fetched[1]!.status, 200);
    assert.match(fetched[1]!.type, /text\/csv/);
    assert.match(fetched[1]!.text, /^section,metric,/);
    await screenshot(page, 'accountability-stats-1280');

    // A moderator sees the statistics but not the export.
    const monaPage = await bench.login(mona.email, { site: SITE });
    await open(monaPage, 'stats');
    await monaPage.locator('.stats .uplot canvas').first().waitFor({ timeout: 10_000 });
    assert.equal(await monaPage.locator('form.export').count(), 0);
  });

  test('keyboard only: a decided case leaves the list and focus goes to the next case, then to the heading', async () => {
    /** Where keyboard focus is: the case card's id, the heading, or what else. */
    const focus = (page: Page) =>
      page.evaluate(() => {
        const el = document.activeElement;
        const card = el?.closest('li.case');
        if (card)
          return `${el?.tagName.toLowerCase()} in ${card.getAttribute('data-notice') ?? card.getAttribute('data-appeal')}`;
        return el?.tagName === 'H2' ? `heading ${el.id}` : (el?.tagName.toLowerCase() ?? 'none');
      });
    const press = async (page: Page, card: string, name: string) => {
      await page.locator(card).getByRole('button', { name }).focus();
      await page.keyboard.press('Enter');
      await page.locator(card).waitFor({ state: 'detached', timeout: 5000 });
    };
    const a = await notify(
      await post('kaia', 'Kaia burde stenges for biler om sommeren.', 'Kai Kant'),
      'threat',
    );
    const b = await notify(await post('kaia', 'Kaia er fin som den er, la den være.', 'Kari Kant'), 'threat');
    const page = await bench.login(per.email, { site: SITE });
    await open(page, 'notices');
    await page.locator(`li.case[data-notice="${b.id}"]`).waitFor({ timeout: 5000 });
    await press(page, `li.case[data-notice="${a.id}"]`, 'Behold kommentaren');
    await waitFor(async () => (await focus(page)) === `select in ${b.id}`, 5000, 'on the next notice');
    await press(page, `li.case[data-notice="${b.id}"]`, 'Behold kommentaren');
    await waitFor(async () => (await focus(page)) === 'heading notices-title', 5000, 'on the heading');

    const appeals: string[] = [];
    for (const body of ['Kaia trenger flere benker, ikke flere biler.', 'Kaia trenger lys om kvelden.']) {
      const c = await post('kaia', body, 'Kim Kai');
      await act(mona.token, c.id, { action: 'reject', version: 1, reasonCode: 'off_topic' });
      appeals.push(await appeal(c, 'Kommentaren handler om kaia, som saken gjelder.'));
    }
    await open(page, 'appeals');
    await page.locator(`li.case[data-appeal="${appeals[1]}"]`).waitFor({ timeout: 5000 });
    await page.locator(`li.case[data-appeal="${appeals[0]}"] textarea`).fill('Utenfor saken.');
    await press(page, `li.case[data-appeal="${appeals[0]}"]`, 'Avgjørelsen står');
    await waitFor(
      async () => (await focus(page)) === `textarea in ${appeals[1]}`,
      5000,
      'on the next appeal',
    );
    await page.keyboard.type('Innenfor saken.');
    await press(page, `li.case[data-appeal="${appeals[1]}"]`, 'Omgjør og publiser kommentaren');
    await waitFor(async () => (await focus(page)) === 'heading appeals-title', 5000, 'on the heading');
  });

  test('on a phone (390×844): the three views, readable; screenshots', async () => {
    const c = await post('torget', 'Torget trenger flere benker og mindre biltrafikk.', 'Per Torg');
    await notify(c, 'threat', 'Trygve Melder');
    const rejected = await post('torget', 'Torget er stygt og alle som liker det er dumme.', 'Sur Leser');
    await act(mona.token, rejected.id, { action: 'reject', version: 1, reasonCode: 'personal_attack' });
    await appeal(rejected, 'Jeg mente ikke å fornærme noen, bare å si min mening.');
    const page = await bench.page({ width: 390, height: 844 });
    await bench.login(per.email, { page, site: SITE });
    for (const view of ['notices', 'appeals', 'stats']) {
      await open(page, view);
      await page
        .locator(view === 'stats' ? '.stats .uplot canvas' : 'li.case')
        .first()
        .waitFor({ timeout: 10_000 });
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      assert.ok(Number(overflow) <= 1, `${view}: no sideways scrolling on a phone (${overflow}px)`);
      await screenshot(page, `accountability-${view}-390`);
    }
  });
});
