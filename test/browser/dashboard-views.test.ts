import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  ADMIN,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import { RULE_NAMES } from '../../src/moderation/engine/types.js';
import { fill } from '../../src/browser/shared/i18n.js';
import { en } from '../../src/browser/dashboard/strings/en.js';
import { nb } from '../../src/browser/dashboard/strings/nb.js';
import { nn } from '../../src/browser/dashboard/strings/nn.js';
import { ruleLabel } from '../../src/browser/dashboard/views/labels.js';
import { buildBrowserBundles, launchChromium, screenshot } from './browser-support.js';
import { focusInList, postComment, Workbench } from './dashboard-support.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Every view of the workbench, reached the way a user reaches it, ready to look at. */
interface View {
  name: string;
  open: (page: Page) => Promise<void>;
  /** Only on a phone (the list/detail navigation). */
  phoneOnly?: boolean;
}

/**
 * Words allowed in the Norwegian UI although the English word list has them and the
 * Norwegian lists do not: names and codes, a language's own name in the language
 * picker, and "spam", a loanword Norwegian dictionaries (NAOB) list and the sites'
 * reject-reason catalogues use.
 */
const ALLOWED = new Set(['ordskifte', 'english', 'webhook', 'id', 'ms', 'nb', 'nn', 'en', 'spam']);

function wordSet(file: string, encoding: BufferEncoding): Set<string> {
  const words = new Set<string>();
  for (const line of readFileSync(file, encoding).split('\n')) {
    const word = line.trim().toLowerCase();
    if (word) words.add(word);
  }
  return words;
}

/** Desktop and phone, light and dark: how every view is looked at. */
const LOOKS = [1280, 390].flatMap((width) =>
  (['light', 'dark'] as const).map((scheme) => ({ width, height: width === 1280 ? 900 : 844, scheme })),
);

/** Moderator decisions the risk model learns from before the item with a suspect term comes in. */
const TRAINING: [string, 'approve' | 'reject'][] = [
  ['Du er en tullebukk, rett og slett.', 'reject'],
  ['Flere lærere hadde vært bra for skolen.', 'approve'],
  ['Bare en tullebukk skriver sånt om skolen.', 'reject'],
  ['Takk for en grundig sak om skolen.', 'approve'],
];

describe('every workbench view: each language, light and dark, desktop and phone, axe', () => {
  let db: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let bench: Workbench;
  let english: Set<string>;
  let norwegian: Set<string>;
  let cms: Server;
  const site = 'avisa';

  before(async () => {
    await buildBrowserBundles();
    db = await TestDatabase.start();
    // The risk panel shows what this site's four decisions taught its model (the shipped base
    // model's own pushes are checked in test/moderation/risk-model-base-use.test.ts).
    app = await startTestApp(db, { riskBaseModel: false });
    // The newsroom's CMS is down: the webhook log has a delivery with failed attempts to show.
    cms = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve));
    await createSite(app, site, {
      mode: 'pre',
      suspectTerms: ['tullebukk'],
      reportThreshold: 1,
      webhookUrl: `http://127.0.0.1:${(cms.address() as AddressInfo).port}/ordskifte`,
      webhookAllowPrivateTargets: true,
    });
    await createStaff(app, 'editor', [site], 'erik@avisa.test');
    const admin = await app.adminToken();
    await app.request('PATCH', `/api/v1/admin/sites/${site}`, { token: admin, body: { name: 'Lokalavisa' } });
    // A queue worth looking at, in Norwegian as the readers write it.
    const first = await postComment(
      app,
      site,
      'bussruta',
      'Bussruta bør gå hver halvtime, også i helgene.',
      'Kari Nordmann',
      {
        authorEmail: 'kari@example.no',
      },
    );
    await app.request('POST', `/api/v1/moderation/comments/${first}/actions`, {
      token: admin,
      body: { action: 'approve', version: 1 },
    });
    // The site's risk model learns from the moderator's decisions: rejected name-calling and
    // approved opinions, so the item below is explained by words and rules that pushed it up.
    const mona = await createStaff(app, 'moderator', [site], 'mona@avisa.test');
    for (const [body, action] of TRAINING) {
      const id = await postComment(app, site, 'skolen', body, 'Trenende Leser');
      const res = await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
        token: mona.token,
        body: { action, version: 1 },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await postComment(
      app,
      site,
      'bussruta',
      'Helt enig, og du er en tullebukk som ikke ser det.',
      'Per Hansen',
      {
        parentId: first,
      },
    );
    await postComment(app, site, 'skolen', 'Skolen trenger flere lærere, ikke flere nettbrett.', 'Ola Lærer');
    await postComment(
      app,
      site,
      'skolen',
      'Se https://a.example og https://b.example for tallene.',
      'Lenkeleser',
    );
    const reported = await postComment(
      app,
      site,
      'havna',
      'Havna bør bli park, ikke parkeringsplass.',
      'Liv Park',
    );
    await app.request('POST', `/api/v1/moderation/comments/${reported}/actions`, {
      token: admin,
      body: { action: 'approve', version: 1 },
    });
    await app.request('POST', `/api/v1/sites/${site}/articles/havna/comments/${reported}/reports`, {
      body: { reason: 'off_topic', note: 'Dette handler ikke om saken i det hele tatt' },
    });
    const rejected = await postComment(
      app,
      site,
      'havna',
      'Dette er en avvist kommentar om havna.',
      'Avvist Leser',
    );
    await app.request('POST', `/api/v1/moderation/comments/${rejected}/actions`, {
      token: admin,
      body: { action: 'reject', version: 1, reason: 'usaklig' },
    });
    // The CMS gives two articles a title and an address; 'skolen' has none (shown by its id).
    for (const [article, body] of [
      ['bussruta', { title: 'Bussruta blir halvert fra nyttår', url: 'https://lokalavisa.example/bussruta' }],
      ['havna', { title: '<b>Havna</b> – park eller parkering?' }],
    ] as const) {
      const res = await app.request('PATCH', `/api/v1/admin/sites/${site}/articles/${article}`, {
        token: admin,
        body,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const published = await app.request('POST', `/api/v1/sites/${site}/submissions`, {
      body: {
        title: 'Ja til ny bro over elva',
        body: 'Broen vil korte ned reisetiden for alle som bor på østsiden. '.repeat(4),
        authorName: 'Guri Brobygger',
        authorEmail: 'guri@example.no',
      },
    });
    let version = 1;
    for (const action of ['start_review', 'accept', 'publish']) {
      const step = await app.request(
        'POST',
        `/api/v1/moderation/submissions/${published.body.submission.id}/actions`,
        { token: admin, body: { action, version } },
      );
      assert.equal(step.status, 200, JSON.stringify(step.body));
      version = step.body.submission.version;
    }
    // The accountability queues: a notice on a published comment, an appeal against a rejection.
    await app.request('POST', `/api/v1/sites/${site}/articles/bussruta/comments/${first}/notices`, {
      body: {
        category: 'defamation',
        explanation: 'Kommentaren påstår ting om en navngitt person som ikke stemmer.',
        notifierName: 'Nils Melder',
        goodFaith: true,
      },
    });
    const appealed = await app.request('POST', `/api/v1/sites/${site}/articles/havna/comments`, {
      body: { body: 'Havna passer dårlig til park, det blåser for mye.', authorName: 'Klagende Leser' },
    });
    await app.request('POST', `/api/v1/moderation/comments/${appealed.body.comment.id}/actions`, {
      token: admin,
      body: { action: 'reject', version: 1, reasonCode: 'off_topic' },
    });
    await app.request(
      'POST',
      `/api/v1/sites/${site}/articles/havna/comments/${appealed.body.comment.id}/appeals`,
      {
        body: { token: appealed.body.statusToken, explanation: 'Kommentaren handler om havna, altså saken.' },
      },
    );
    await app.request('POST', `/api/v1/sites/${site}/submissions`, {
      body: {
        title: 'Bussen må gå oftere',
        body: 'Som pendler ser jeg hver dag hvor fulle bussene er. '.repeat(6),
        authorName: 'Erik Pendler',
        authorEmail: 'erik@example.no',
        authorLocation: 'Ørsta',
      },
    });
    english = wordSet('/usr/share/dict/american-english', 'utf8');
    norwegian = new Set([
      ...wordSet('/usr/share/dict/bokmaal', 'latin1'),
      ...wordSet('/usr/share/dict/nynorsk', 'latin1'),
    ]);
    browser = await launchChromium();
    bench = new Workbench(browser, () => app);
  });

  after(async () => {
    await bench?.close();
    await browser?.close();
    await app?.close();
    await db?.stop();
    cms?.close();
  });

  const go = async (page: Page, view: string) => {
    await page.evaluate(`location.hash = '#/${view}'`);
    await page.locator(`main#view[data-view="${view}"]`).waitFor({ timeout: 5000 });
  };
  const openFirst = async (page: Page) => {
    await page.locator('ul.queue li.item button.open').first().click();
    await page.locator('.detail article').waitFor({ timeout: 5000 });
  };

  const views: View[] = [
    {
      name: 'pending',
      open: async (page) => {
        await go(page, 'pending');
        await page.locator('li.item', { hasText: 'tullebukk' }).locator('button.open').click();
        await page.locator('.detail .parent').waitFor({ timeout: 5000 });
        await page.locator('.detail .author', { hasText: /Historikk|History/ }).waitFor({ timeout: 5000 });
        await page.locator('.detail .catalogue').waitFor({ timeout: 5000 });
      },
    },
    {
      name: 'reported',
      open: async (page) => {
        await go(page, 'reported');
        await openFirst(page);
        await page.locator('.detail .report-note').waitFor({ timeout: 5000 });
      },
    },
    {
      name: 'rejected',
      open: async (page) => {
        await go(page, 'rejected');
        await openFirst(page);
        await page.locator('.detail .audit li').first().waitFor({ timeout: 5000 });
      },
    },
    {
      name: 'approved',
      open: async (page) => {
        await go(page, 'approved');
        await page.locator('ul.queue li.item').first().waitFor({ timeout: 5000 });
      },
    },
    {
      name: 'articles',
      open: async (page) => {
        await go(page, 'articles');
        await page.locator('tr[data-article=bussruta]').waitFor({ timeout: 5000 });
      },
    },
    {
      name: 'submissions',
      open: async (page) => {
        await go(page, 'submissions');
        await openFirst(page);
        await page.locator('.detail fieldset.edit').waitFor({ timeout: 5000 });
      },
    },
    {
      name: 'admin-users',
      open: async (page) => {
        await go(page, 'admin-users');
        await page.locator('li.user', { hasText: 'mona@avisa.test' }).waitFor({ timeout: 5000 });
      },
    },
    {
      name: 'admin-sites',
      open: async (page) => {
        await go(page, 'admin-sites');
        await page.locator('form.site-form textarea[name=sample]').fill('Du er en tullebukk!');
        await page.locator('form.site-form .test-box button').click();
        await page.locator('form.site-form .verdict').waitFor({ timeout: 5000 });
      },
    },
    {
      name: 'admin-webhooks',
      open: async (page) => {
        await go(page, 'admin-webhooks');
        await page.locator('#hooks-title').waitFor({ timeout: 5000 });
        await page.locator('section.admin-wide ul.deliveries li').first().waitFor({ timeout: 10_000 });
      },
    },
    {
      name: 'notices',
      open: async (page) => {
        await go(page, 'notices');
        await page.locator('li.case[data-notice]').first().waitFor({ timeout: 5000 });
      },
    },
    {
      name: 'appeals',
      open: async (page) => {
        await go(page, 'appeals');
        await page.locator('li.case[data-appeal]').first().waitFor({ timeout: 5000 });
      },
    },
    {
      name: 'stats',
      open: async (page) => {
        await go(page, 'stats');
        await page.locator('.stats .uplot canvas').first().waitFor({ timeout: 10_000 });
        await page.locator('.stats table[data-table=workload]').waitFor({ timeout: 5000 });
      },
    },
    {
      name: 'help',
      open: async (page) => {
        await go(page, 'pending');
        await page.locator('ul.queue li.item').first().waitFor({ timeout: 5000 });
        await page.locator('body').press('?');
        await page.locator('dialog.help[open]').waitFor({ timeout: 5000 });
      },
    },
  ];

  /** The text a user meets: visible text, options, and the labels screen readers say. */
  const uiText = (page: Page) =>
    page.evaluate(`(() => {
      const parts = [document.body.innerText, document.title];
      for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], option, dialog[open]')) {
        parts.push(el.getAttribute('aria-label') || '', el.getAttribute('title') || '', el.getAttribute('placeholder') || '');
        if (el.tagName === 'OPTION' || el.tagName === 'DIALOG') parts.push(el.textContent || '');
      }
      return parts.join('\\n');
    })()`) as Promise<string>;

  function englishWords(text: string): string[] {
    const found = new Set<string>();
    // E-mail addresses and links are data, not UI language.
    const words = text.replace(/\S+@\S+|https?:\/\/\S+/g, ' ');
    for (const raw of words.match(/[\p{L}]+/gu) ?? []) {
      const word = raw.toLowerCase();
      if (word.length < 2 || ALLOWED.has(word) || norwegian.has(word)) continue;
      if (english.has(word) || english.has(raw)) found.add(word);
    }
    return [...found];
  }

  test('the login page and every view, in Bokmål, Nynorsk and English: no English word in the Norwegian UI', async () => {
    const page = await bench.page();
    await page.goto(`${app.url}/moderate`);
    await page.locator('form.login').waitFor();
    const seen: Record<string, string[]> = {};
    for (const lang of ['nb', 'nn', 'en'] as const) {
      await page.locator('form.login select[name=lang]').selectOption(lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      if (lang !== 'en') seen[`${lang} login`] = englishWords(await uiText(page));
    }
    await page.locator('form.login select[name=lang]').selectOption('nb');
    await bench.login(ADMIN.email, { password: ADMIN.password, page });
    for (const lang of ['nb', 'nn', 'en'] as const) {
      await page.locator('header select[name=lang]').selectOption(lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      for (const view of views) {
        await view.open(page);
        const text = await uiText(page);
        if (lang === 'en') {
          // The switch is live and whole: no Norwegian UI word left (the connection state included).
          for (const word of ['Venter', 'Godkjenn', 'Tilkoblet', 'Logg ut', 'Lagre']) {
            assert.ok(!text.includes(word), `"${word}" in the English ${view.name} view`);
          }
        } else seen[`${lang} ${view.name}`] = englishWords(text);
        if (view.name === 'help') await page.keyboard.press('Escape');
      }
    }
    const leaks = Object.entries(seen).filter(([, words]) => words.length > 0);
    assert.deepEqual(
      leaks,
      [],
      `English words in the Norwegian UI:\n${leaks.map(([k, w]) => `${k}: ${w.join(', ')}`).join('\n')}`,
    );
  });

  test('axe finds no critical or serious violation in any view, light or dark; screenshots at 1280×900 and 390×844', async () => {
    const problems: string[] = [];
    for (const { width, height, scheme } of LOOKS) {
      const page = await bench.page({ width, height, colorScheme: scheme });
      await page.goto(`${app.url}/moderate`);
      await page.locator('form.login').waitFor();
      const shots: [string, () => Promise<void>][] = [['login', async () => undefined]];
      shots.push(...views.map((v): [string, () => Promise<void>] => [v.name, () => v.open(page)]));
      let loggedIn = false;
      for (const [name, open] of shots) {
        if (name !== 'login' && !loggedIn) {
          await bench.login(ADMIN.email, { password: ADMIN.password, page });
          loggedIn = true;
        }
        await open();
        await screenshot(page, `workbench-${name}-${width}-${scheme}`);
        if (name === 'help') {
          await page.keyboard.press('Escape');
          await page.locator('dialog.help[open]').waitFor({ state: 'detached', timeout: 5000 });
        }
        // axe on both layouts in both schemes: the phone's list/detail screens hide and
        // restyle what the desktop shows side by side, so contrast and targets differ.
        if (name === 'help') await views.find((v) => v.name === 'help')!.open(page);
        // The views change by the hash, in one document: axe is loaded into it once (after the
        // login's navigation again), not before each of the 14 runs (6.6 s of this test).
        if (await page.evaluate('typeof axe === "undefined"')) await page.evaluate(AXE);
        const { violations, passed } = (await page.evaluate(
          `axe.run(document, { resultTypes: ['violations'] }).then(r => ({ passed: r.passes.length, violations: r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3) })) }))`,
        )) as { passed: number; violations: { id: string; impact: string; nodes: string[] }[] };
        assert.ok(passed > 10, `axe ran its rules on ${name} (${passed} passed)`);
        for (const v of violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')) {
          problems.push(`${name} ${width}px ${scheme}: ${v.impact} ${v.id} at ${v.nodes.join(' | ')}`);
        }
        if (name === 'help') await page.keyboard.press('Escape');
      }
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  test("the risk panel says what pushed the score up, in words and the rules' names, in each language; the filter offers every rule", async () => {
    // The rules' item as a moderator reads it (the names the reasons list uses), never the codes.
    const rulesItem = {
      nb: 'Regler som slo ut: Mistenkelig ord',
      nn: 'Reglar som slo ut: Mistenkeleg ord',
      en: 'Rules that matched: Suspect term',
    };
    // One moderator's page, looked at in each size and scheme in turn (one login, not four).
    const page = await bench.page();
    await bench.login('mona@avisa.test', { page });
    await go(page, 'pending');
    const item = page.locator('li.item', { hasText: 'tullebukk' });
    await item.locator('button.open').click();
    const panel = page.locator('.detail section.risk');
    await panel.locator('ul.risk-top').waitFor({ timeout: 5000 });
    // Keyboard-driven: the panel takes no focus; j and k move through the queue and back,
    // the place in the list kept and the panel following the open item.
    // The next item's context (its audit, parent, article) answers slowly, as from a loaded
    // server: the moderator is back before it came, and keeps the item's own context.
    const contextRead = /\/api\/v1\/moderation\/comments\/[^/]+$/;
    await page.locator('.detail .parent').waitFor({ timeout: 5000 });
    await page.route(contextRead, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.continue();
    });
    const slowAnswer = page.waitForResponse((res) => contextRead.test(new URL(res.url()).pathname));
    await item.locator('button.open').focus();
    await page.keyboard.press('j');
    await page.locator('.detail .body', { hasText: 'Skolen trenger' }).waitFor({ timeout: 5000 });
    await page.keyboard.press('k');
    await page.locator('.detail .body', { hasText: 'tullebukk' }).waitFor({ timeout: 5000 });
    assert.ok(await focusInList(page), 'focus stays in the list');
    await slowAnswer;
    await page.evaluate('new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame)))');
    await page.unrouteAll({ behavior: 'wait' });
    assert.equal(await page.locator('.detail .parent').count(), 1, 'the comment it answers is still shown');
    await page.locator('.detail header a.article-link', { hasText: 'Bussruta' }).waitFor({ timeout: 1000 });
    assert.equal(await panel.locator('a, button, input, select, [tabindex]').count(), 0);
    // The filter by rule offers every rule the engine can name, by its name.
    const options = await page
      .locator('.filters select[name=rule] option')
      .evaluateAll((els) => els.map((el) => [(el as HTMLOptionElement).value, el.textContent]));
    assert.deepEqual(
      options.slice(1),
      RULE_NAMES.map((rule) => [rule, ruleLabel(rule, nb)]),
    );
    await page.evaluate(AXE);
    const problems: string[] = [];
    for (const { width, height, scheme } of LOOKS) {
      await page.emulateMedia({ colorScheme: scheme });
      if (page.viewportSize()?.width !== width) {
        await page.setViewportSize({ width, height });
        // On a phone the open item is a screen of its own: opened from the list.
        if (width < 800) await item.locator('button.open').click();
      }
      await panel.locator('ul.risk-top').waitFor({ timeout: 5000 });
      for (const lang of ['nb', 'nn', 'en'] as const) {
        const s = { nb, nn, en }[lang];
        await page.locator('header select[name=lang]').selectOption(lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        const items = await panel.locator('ul.risk-top li').allInnerTexts();
        // Heaviest first: the suspect term the moderator rejected, then the rules that matched it.
        assert.deepEqual(items.slice(0, 2), ['tullebukk', rulesItem[lang]], `${lang}: ${items.join(' | ')}`);
        const text = await panel.innerText();
        assert.doesNotMatch(text, /suspect_term|\(rules:/);
        assert.match(text, new RegExp(fill(s.riskModelVersion, { version: '\\d+' })));
        // What a screen reader names: the region, the meter by its meaning, the list.
        await page.getByRole('region', { name: s.riskTitle }).waitFor({ timeout: 1000 });
        const percent = (await panel.locator('#risk-percent').innerText()).trim();
        assert.match(percent, /^\d+ %/);
        await page.getByRole('meter', { name: `${s.riskTitle} ${percent}` }).waitFor({ timeout: 1000 });
        await page.getByRole('list', { name: s.riskTop }).waitFor({ timeout: 1000 });
        await screenshot(page, `workbench-risk-${lang}-${width}-${scheme}`);
        const violations = (await page.evaluate(
          `axe.run('.detail section.risk').then(r => r.violations.map(v => v.impact + ' ' + v.id))`,
        )) as string[];
        for (const v of violations) problems.push(`${lang} ${width}px ${scheme}: ${v}`);
      }
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  test("an article is named by the title from the site's metadata, linked to it, in the item and in the overview", async () => {
    const page = await bench.page();
    await bench.login('mona@avisa.test', { page });
    await go(page, 'pending');
    await page.locator('li.item', { hasText: 'tullebukk' }).locator('button.open').click();
    const link = page.locator('.detail header a.article-link', {
      hasText: 'Bussruta blir halvert fra nyttår',
    });
    await link.waitFor({ timeout: 5000 });
    assert.equal(await link.getAttribute('href'), 'https://lokalavisa.example/bussruta');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    await go(page, 'articles');
    const row = (id: string) => page.locator(`tr[data-article=${id}] th`);
    await row('bussruta').waitFor({ timeout: 5000 });
    assert.equal(
      await row('bussruta').locator('a').getAttribute('href'),
      'https://lokalavisa.example/bussruta',
    );
    assert.match(await row('bussruta').innerText(), /Bussruta blir halvert fra nyttår\s+bussruta/);
    // A title is text, never markup; without an address it is not a link; without a title, the id.
    assert.match(await row('havna').innerText(), /<b>Havna<\/b> – park eller parkering\?/);
    assert.equal(await row('havna').locator('b, a').count(), 0);
    assert.equal((await row('skolen').innerText()).trim(), 'skolen');
  });

  test('only the actions that apply to the item are offered; on a desktop the open item stays in view far down the list', async () => {
    const page = await bench.page();
    await bench.login('mona@avisa.test', { page });
    const offered = async (view: string) => {
      await go(page, view);
      await openFirst(page);
      return page.locator('.detail .actions button.act').evaluateAll((els) => els.map((el) => el.className));
    };
    assert.deepEqual(await offered('pending'), ['act approve', 'act reject']);
    assert.deepEqual(await offered('rejected'), ['act approve']);
    await go(page, 'approved');
    await page.locator('li.item', { hasText: 'Bussruta bør gå' }).locator('button.open').click();
    await page.locator('.detail .body', { hasText: 'Bussruta bør gå' }).waitFor();
    assert.deepEqual(
      await page.locator('.detail .actions button.act').evaluateAll((els) => els.map((el) => el.className)),
      ['act reject', 'act feature'],
    );
    // A long queue: the item opened at the bottom is beside it, not at the top of the page.
    for (let i = 0; i < 14; i++)
      await postComment(app, site, 'skrivebord', `Innlegg ${i + 1} i en lang kø på skrivebordet`);
    await go(page, 'pending');
    await waitFor(
      async () => (await page.locator('li.item', { hasText: 'i en lang kø på skrivebordet' }).count()) === 14,
      10_000,
      'the long queue',
    );
    const last = page.locator('ul.queue li.item').last();
    const text = (await last.locator('.excerpt').innerText()).trim();
    await last.locator('button.open').scrollIntoViewIfNeeded();
    assert.ok(((await page.evaluate('window.scrollY')) as number) > 300, 'the list was scrolled down');
    await last.locator('button.open').click();
    await page.locator('.detail .body', { hasText: text }).waitFor();
    const box = (await page.locator('.detail').boundingBox())!;
    assert.ok(box.y >= 0 && box.y < 100, `the item's pane is at the top of the window (${box.y} px)`);
    assert.ok(box.y + box.height <= 900, 'and ends within it');
  });

  test('on a phone the open item is its own screen, and back returns to the list where it was', async () => {
    for (let i = 0; i < 12; i++)
      await postComment(app, site, 'lang-liste', `Kommentar ${i + 1} i en lang liste på mobilen`);
    const page = await bench.page({ width: 390, height: 844 });
    await bench.login('mona@avisa.test', { page });
    await page.locator('li.item', { hasText: 'Kommentar 12 i en lang liste' }).waitFor({ timeout: 10_000 });
    const target = page
      .locator('li.item', { hasText: 'Kommentar 10 i en lang liste' })
      .locator('button.open');
    await target.scrollIntoViewIfNeeded();
    const before = (await page.evaluate('window.scrollY')) as number;
    assert.ok(before > 300, `the list was scrolled (${before} px)`);
    await target.click();
    await page.locator('.detail .body', { hasText: 'Kommentar 10 i en lang liste' }).waitFor();
    assert.equal(await page.locator('section.list').isVisible(), false, 'the list is hidden behind the item');
    const detailTop = (await page.locator('.detail').boundingBox())!.y;
    assert.ok(detailTop < 844, `the item is on screen (top at ${detailTop} px)`);
    await screenshot(page, 'workbench-phone-item-390-light');
    await page.locator('.detail button.back').click();
    await page.locator('section.list').waitFor({ state: 'visible' });
    await waitFor(
      async () => Math.abs(((await page.evaluate('window.scrollY')) as number) - before) < 5,
      3000,
      'the same scroll position',
    );
  });
});
