import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  articlePath,
  createSite,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { buildBrowserBundles, launchChromium, screenshot } from './browser-support.js';

const SSO_SECRET = 'sso-secret-for-the-reader-widget-test-01234';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * A newspaper's article page on another origin than the API, with its own
 * look: `?look=paper` (a cream page, serif type, dark brown text), `?look=night`
 * (a dark page that says `color-scheme: dark`), `?theme=` passes data-theme.
 */
async function startNewspaper(apiUrl: string): Promise<{ origin: string; close(): Promise<void> }> {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const looks: Record<string, string> = {
    paper:
      "background:#fbf7ef;color:#3b2f2a;font-family:Georgia,'DejaVu Serif',serif;font-size:18px;--ordskifte-accent:#8a1c1c",
    night: "background:#15181c;color:#e6e3de;font-family:'DejaVu Sans',sans-serif;color-scheme:dark",
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = (name: string) => url.searchParams.get(name);
    const attrs = [
      `data-site="${esc(q('site') ?? 'avisa')}"`,
      `data-article="${esc(q('a') ?? 'a1')}"`,
      q('lang') && `data-lang="${esc(q('lang')!)}"`,
      q('theme') && `data-theme="${esc(q('theme')!)}"`,
    ].filter(Boolean);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Lokalavisa</title></head>
<body style="margin:0;${looks[q('look') ?? 'paper'] ?? ''}"><main style="max-width:680px;margin:0 auto;padding:16px">
<h1>Ny bru over elva åpner i mai</h1><p>Brua har vært planlagt i ti år. Nå er den nesten ferdig.</p>
<div id="comments" data-ordskifte ${attrs.join(' ')}></div>
</main><script src="${apiUrl}/widget.js" async></script></body></html>`);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

const widgetText = (page: Page) => page.locator('#comments section').first().innerText();
async function waitForText(page: Page, text: string, timeoutMs = 10_000): Promise<void> {
  await waitFor(async () => (await widgetText(page).catch(() => '')).includes(text), timeoutMs, `"${text}"`);
}

describe("the widget on a newspaper's page: the reader's side, in Chromium from another origin", () => {
  let db: TestDatabase;
  let app: TestApp;
  let paper: { origin: string; close(): Promise<void> };
  let browser: Browser;
  let smtp: SmtpSink;
  const contexts: BrowserContext[] = [];

  before(async () => {
    await buildBrowserBundles();
    smtp = await SmtpSink.start();
    db = await TestDatabase.start();
    app = await startTestApp(db, { smtpUrl: smtp.url, mailFrom: 'Avisa debatt <debatt@avisa.test>' });
    paper = await startNewspaper(app.url);
    await createSite(app, 'avisa', { bannedTerms: ['rævdill'] }, [paper.origin]);
    await createSite(
      app,
      'logg',
      {
        requireLogin: true,
        ssoSecret: SSO_SECRET,
        loginUrl: 'https://www.avisa.example/logg-inn?tilbake={return}',
      },
      [paper.origin],
    );
    await createSite(app, 'annen', {}, ['https://www.annen-avis.example']);
    browser = await launchChromium();
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await paper?.close();
    await app?.close();
    await db?.stop();
    await smtp?.stop();
  });

  async function open(
    path: string,
    options: { dark?: boolean; mobile?: boolean; context?: BrowserContext } = {},
  ) {
    const context =
      options.context ??
      (await browser.newContext({
        colorScheme: options.dark ? 'dark' : 'light',
        locale: 'nb-NO',
        viewport: options.mobile ? { width: 390, height: 844 } : { width: 1000, height: 900 },
        deviceScaleFactor: options.mobile ? 2 : 1,
        isMobile: options.mobile ?? false,
        hasTouch: options.mobile ?? false,
      }));
    if (!options.context) contexts.push(context);
    const page = await context.newPage();
    const console: string[] = [];
    page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
    await page.goto(paper.origin + path);
    return { page, context, console };
  }
  const post = async (
    articleId: string,
    body: string,
    name = 'Per Hansen',
    extra: Record<string, unknown> = {},
  ) => {
    const res = await app.request('POST', articlePath('avisa', articleId), {
      body: { body, authorName: name, ...extra },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { comment: { id: string }; statusToken: string };
  };
  async function axe(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
    await page.addScriptTag({ content: AXE });
    return page.evaluate(async () => {
      const run = (
        window as unknown as {
          axe: {
            run: (
              el: Element,
            ) => Promise<{ violations: { id: string; impact: string; nodes: { html: string }[] }[] }>;
          };
        }
      ).axe;
      const result = await run.run(document.querySelector('#comments') as Element);
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n) => n.html),
      }));
    });
  }

  /** axe-core inside the shadow root: no critical or serious issue in this state. */
  async function accessible(page: Page, state: string): Promise<void> {
    const serious = (await axe(page)).filter((v) => v.impact === 'critical' || v.impact === 'serious');
    assert.deepEqual(serious, [], `${state}: ${JSON.stringify(serious, null, 1)}`);
  }

  test('belongs to the page: its font and text colour, no own background, 16 px fields, 44 px targets; desktop and phone', async () => {
    await post(
      'look',
      'Endelig! Jeg har ventet på denne brua i årevis.\n\nHilsen en pendler.',
      'Ingrid Berg',
    );
    await post('look', 'Hva med sykkelfeltet? Det er altfor smalt på tegningene.', 'Ola Nordmann');
    const { page } = await open('/article?a=look&look=paper');
    await waitForText(page, 'Endelig!');
    const styles = await page.evaluate(() => {
      const host = document.querySelector('#comments') as HTMLElement;
      const root = host.shadowRoot as ShadowRoot;
      const section = root.querySelector('section') as HTMLElement;
      const body = root.querySelector('.body') as HTMLElement;
      const textarea = root.querySelector('textarea') as HTMLElement;
      const targets = [...root.querySelectorAll('button, select, input, textarea')]
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        // A checkbox is pressed through its label (the whole line).
        .map((el) => ((el as HTMLInputElement).type === 'checkbox' ? el.closest('label') : el) as HTMLElement)
        .map((el) => el.getBoundingClientRect().height);
      return {
        font: getComputedStyle(body).fontFamily,
        color: getComputedStyle(body).color,
        background: getComputedStyle(section).backgroundColor,
        fieldSize: getComputedStyle(textarea).fontSize,
        smallestTarget: Math.min(...targets),
        accent: getComputedStyle(root.querySelector('.btn') as HTMLElement).backgroundColor,
      };
    });
    assert.match(styles.font, /Georgia/);
    assert.equal(styles.color, 'rgb(59, 47, 42)');
    assert.equal(styles.background, 'rgba(0, 0, 0, 0)');
    assert.equal(styles.fieldSize, '18px', 'the page is 18 px; never under 16 px');
    assert.ok(styles.smallestTarget >= 44, `smallest tap target ${styles.smallestTarget}px`);
    assert.equal(styles.accent, 'rgb(138, 28, 28)', 'the site set --ordskifte-accent');
    // Relative time, with the exact time on hover.
    const time = page.locator('#comments time').first();
    assert.match(await time.innerText(), /^(akkurat nå|for \d+ minutt(er)? siden)$/);
    await time.hover();
    assert.match((await time.getAttribute('title')) ?? '', /\d{4}/);
    await screenshot(page, 'reader-widget-paper-desktop');
    const seriousPaper = (await axe(page)).filter((v) => v.impact === 'critical' || v.impact === 'serious');
    assert.deepEqual(seriousPaper, [], JSON.stringify(seriousPaper, null, 1));

    const phone = await open('/article?a=look&look=paper', { mobile: true });
    await waitForText(phone.page, 'Endelig!');
    const phoneFieldSize = await phone.page.evaluate(
      () =>
        getComputedStyle(
          document.querySelector('#comments')?.shadowRoot?.querySelector('textarea') as Element,
        ).fontSize,
    );
    assert.ok(Number.parseFloat(phoneFieldSize) >= 16, 'no zoom on iPhones');
    await screenshot(phone.page, 'reader-widget-paper-phone');
  });

  test('dark: follows a dark page (color-scheme), data-theme overrides, auto follows the reader; desktop and phone', async () => {
    await post('mork', 'Kveldslesing: god sak, takk.', 'Nattugla');
    const night = await open('/article?a=mork&look=night');
    await waitForText(night.page, 'Kveldslesing');
    const dark = await night.page.evaluate(() => {
      const root = document.querySelector('#comments')?.shadowRoot as ShadowRoot;
      const section = root.querySelector('section') as HTMLElement;
      return {
        theme: section.className,
        text: getComputedStyle(root.querySelector('.body') as Element).color,
        field: getComputedStyle(root.querySelector('textarea') as Element).backgroundColor,
      };
    });
    assert.equal(dark.theme, 'w dark');
    assert.equal(dark.text, 'rgb(230, 227, 222)');
    assert.notEqual(dark.field, 'rgb(255, 255, 255)', 'dark fields on a dark page');
    await screenshot(night.page, 'reader-widget-night-desktop');
    const seriousNight = (await axe(night.page)).filter(
      (v) => v.impact === 'critical' || v.impact === 'serious',
    );
    assert.deepEqual(seriousNight, [], JSON.stringify(seriousNight, null, 1));
    const phone = await open('/article?a=mork&look=night', { mobile: true, dark: true });
    await waitForText(phone.page, 'Kveldslesing');
    await screenshot(phone.page, 'reader-widget-night-phone');

    // A light page in a dark-mode browser stays light (the default), unless the site asks for auto.
    const light = await open('/article?a=mork&look=paper', { dark: true });
    await waitForText(light.page, 'Kveldslesing');
    assert.equal(await light.page.locator('#comments section').first().getAttribute('class'), 'w light');
    const auto = await open('/article?a=mork&look=paper&theme=auto', { dark: true });
    await waitForText(auto.page, 'Kveldslesing');
    assert.equal(await auto.page.locator('#comments section').first().getAttribute('class'), 'w auto');
    assert.notEqual(
      await auto.page.evaluate(
        () =>
          getComputedStyle(
            document.querySelector('#comments')?.shadowRoot?.querySelector('textarea') as Element,
          ).backgroundColor,
      ),
      'rgb(255, 255, 255)',
    );
  });

  test('respect: one press gives it, the count follows live for other readers, and a reload remembers it', async () => {
    const { comment } = await post('respekt', 'Godt poeng om sykkelfeltet.', 'Kari');
    const reader = await open('/article?a=respekt');
    const other = await open('/article?a=respekt');
    await waitForText(reader.page, 'Godt poeng');
    await waitForText(other.page, 'Godt poeng');
    await reader.page.waitForTimeout(300);
    const button = reader.page.locator(`#comments li[data-id="${comment.id}"] .respect`);
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    await button.click();
    await waitFor(
      async () =>
        (await button.getAttribute('aria-pressed')) === 'true' &&
        (await button.getAttribute('data-n')) === '1',
      5000,
      'pressed',
    );
    await waitFor(
      async () =>
        (await other.page
          .locator(`#comments li[data-id="${comment.id}"] .respect`)
          .getAttribute('data-n')) === '1',
      8000,
      'the count live in the other reader’s widget',
    );
    await reader.page.reload();
    await waitFor(
      async () =>
        (await reader.page
          .locator(`#comments li[data-id="${comment.id}"] .respect`)
          .getAttribute('aria-pressed')) === 'true',
      8000,
      'remembered after a reload',
    );
    await reader.page.locator(`#comments li[data-id="${comment.id}"] .respect`).click();
    await waitFor(
      async () =>
        (await reader.page
          .locator(`#comments li[data-id="${comment.id}"] .respect`)
          .getAttribute('data-n')) === '0',
      5000,
      'taken back',
    );
  });

  test('editors\' picks first, the reader\'s sort, long threads folded behind "N svar", ignoring an author', async () => {
    const first = await post('sortert', 'Første innlegg i saken.', 'Anne');
    const loud = await post('sortert', 'Dette er en tråd med mange svar.', 'Trond Troll');
    for (let i = 0; i < 5; i++)
      await post('sortert', `Svar nummer ${i + 1}.`, `Svarer ${i}`, { parentId: loud.comment.id });
    const admin = await app.adminToken();
    await app.request('POST', `/api/v1/moderation/comments/${first.comment.id}/actions`, {
      token: admin,
      body: { action: 'feature', version: 1 },
    });
    const { page } = await open('/article?a=sortert');
    await waitForText(page, 'Redaksjonen anbefaler');
    assert.match(await page.locator('#comments .picks').innerText(), /Første innlegg i saken/);
    const toggle = page.locator(`#comments li[data-id="${loud.comment.id}"] > .rt`);
    assert.equal(await toggle.innerText(), '5 svar');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await waitForText(page, 'Svar nummer 5.');
    await screenshot(page, 'reader-widget-picks-thread');

    await page.locator('#comments select[name=sort]').selectOption('replies');
    await waitFor(
      async () =>
        (await page.locator('#comments ol[aria-label] > li.c').first().getAttribute('data-id')) ===
        loud.comment.id,
      5000,
      'most replies first',
    );
    // Ignore Trond: his comment folds to one line, also after a reload, until shown again.
    await page
      .locator(`#comments li[data-id="${loud.comment.id}"] > .acts button`, { hasText: 'Ignorer' })
      .click();
    await waitForText(page, 'Du har valgt å ikke se kommentarer fra Trond Troll.');
    await page.reload();
    await waitForText(page, 'Du har valgt å ikke se kommentarer fra Trond Troll.');
    assert.equal(
      await page.locator('#comments select[name=sort]').inputValue(),
      'replies',
      'the sort is remembered',
    );
    await page.locator('#comments button', { hasText: 'Vis igjen' }).click();
    await waitForText(page, 'Dette er en tråd med mange svar.');
  });

  test('the nudge: what would stop the text and why, in plain words; rephrase or publish anyway; held says why and what next', async () => {
    const { page } = await open('/article?a=dytt');
    await waitForText(page, 'Ingen kommentarer ennå');
    const text = 'Ring meg på 412 34 567, så forklarer jeg.';
    await page.locator('#comments textarea[name=body]').fill(text);
    await page.locator('#comments input[name=authorName]').fill('Siri');
    await page.locator('#comments form > .row > button[type=submit]').first().click();
    await waitForText(page, 'Før du publiserer');
    await waitForText(page, 'personopplysninger som telefonnummer eller fødselsnummer');
    assert.equal(await page.locator('#comments .nudge mark').innerText(), '412 34 567');
    await screenshot(page, 'reader-widget-nudge', '#comments');
    await accessible(page, 'compose with the nudge');
    await page.locator('#comments .nudge button', { hasText: 'Endre teksten' }).click();
    const selected = await page.evaluate(() => {
      const t = document.querySelector('#comments')?.shadowRoot?.activeElement as HTMLTextAreaElement;
      return t.value.slice(t.selectionStart, t.selectionEnd);
    });
    assert.equal(selected, '412 34 567');
    await page.locator('#comments .nudge button', { hasText: 'Publiser likevel' }).click();
    await waitForText(page, 'En moderator leser kommentaren din før den publiseres (personopplysninger');
    await waitForText(page, 'Venter på godkjenning');
    await screenshot(page, 'reader-widget-held', '#comments');
    await accessible(page, 'held notice');
    // Nothing was posted by the preview: one comment, the held one.
    const queue = await app.request('GET', '/api/v1/moderation/sites/avisa/queue?status=pending', {
      token: await app.adminToken(),
    });
    assert.equal(queue.body.items.filter((c: { body: string }) => c.body === text).length, 1);
  });

  test('a held comment a moderator publishes: the form no longer says it is held', async () => {
    const { page } = await open('/article?a=dytt-godkjent');
    await waitForText(page, 'Ingen kommentarer ennå');
    const text = 'Ring meg på 415 55 123 om fergetidene, jeg har oversikten.';
    const form = page.locator('#comments form:has(textarea[name=body])').first();
    await form.locator('input[name=authorName]').fill('Siri');
    await form.locator('textarea[name=body]').fill(text);
    await form.locator('> .row > button[type=submit]').click();
    await page.locator('#comments .nudge button', { hasText: 'Publiser likevel' }).click();
    await waitForText(page, 'Bare du ser den til da');
    const admin = await app.adminToken();
    const queue = await app.request('GET', '/api/v1/moderation/sites/avisa/queue?status=pending', {
      token: admin,
    });
    const held = queue.body.items.find((c: { body: string }) => c.body === text);
    const approved = await app.request('POST', `/api/v1/moderation/comments/${held.id}/actions`, {
      token: admin,
      body: { action: 'approve', version: held.version },
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    await waitFor(
      async () => !(await widgetText(page)).includes('Venter på godkjenning'),
      10_000,
      'the comment to be shown as published',
    );
    await waitFor(
      async () => (await form.locator('> p.msg').innerText()) === 'Kommentaren din er publisert.',
      5_000,
      'the form to say the comment is published, not held',
    );
    await screenshot(page, 'reader-widget-held-then-published', '#comments');
  });

  test('a published reply: its form closes, the reply stands in the thread with focus, and it is announced', async () => {
    const parent = await post('svarskjema', 'Bussen til Nesodden går for sjelden om kvelden.', 'Per');
    const { page } = await open('/article?a=svarskjema');
    await waitForText(page, 'Bussen til Nesodden går for sjelden');
    const thread = page.locator(`#comments li[data-id="${parent.comment.id}"]`);
    await thread.getByRole('button', { name: 'Svar til Per' }).click();
    const form = page.locator('#comments form[aria-label="Svar til Per"]');
    await form.locator('input[name=authorName]').fill('Kari');
    await form.locator('textarea[name=body]').fill('Enig, den siste går allerede før ti.');
    await form.locator('> .row > button[type=submit]').click();
    const reply = thread.locator('li', { hasText: 'Enig, den siste går allerede før ti.' });
    await reply.waitFor({ timeout: 10_000 });
    await waitFor(async () => (await form.count()) === 0, 5_000, 'the reply form to close');
    assert.equal(
      await page.evaluate(() => document.querySelector('#comments')?.shadowRoot?.activeElement?.textContent),
      'Enig, den siste går allerede før ti.',
      'focus is on the reply, not on <body>',
    );
    assert.equal(await page.locator('#comments .sr[aria-live]').innerText(), 'Kommentaren din er publisert.');
    await screenshot(page, 'reader-widget-reply-published', '#comments');
    // Closed, not merely emptied: one press of "Svar" opens a form again.
    await thread.getByRole('button', { name: 'Svar til Per' }).first().click();
    await form.waitFor({ timeout: 5_000 });
  });

  test('a second text after a published one: the nudge does not stand beside the first one\'s "publisert"', async () => {
    const { page } = await open('/article?a=dytt-to');
    await waitForText(page, 'Ingen kommentarer ennå');
    const form = page.locator('#comments form:has(textarea[name=body])').first();
    await form.locator('input[name=authorName]').fill('Siri');
    await form.locator('textarea[name=body]').fill('Takk for en grundig sak om skoleskyssen.');
    await form.locator('> .row > button[type=submit]').click();
    await waitForText(page, 'Kommentaren din er publisert.');
    await form.locator('textarea[name=body]').fill('Ring meg på 412 34 567, så forteller jeg mer.');
    await form.locator('> .row > button[type=submit]').click();
    await waitForText(page, 'Før du publiserer');
    assert.equal(await form.locator('> p.msg').innerText(), '', "the first post's outcome is gone");
  });

  test('edit within the window and delete: the change shows at once; a deleted comment with replies stays as deleted', async () => {
    const { page } = await open('/article?a=egen');
    await waitForText(page, 'Ingen kommentarer ennå');
    await page.locator('#comments textarea[name=body]').fill('Brua burde hatt tre felt.');
    await page.locator('#comments input[name=authorName]').fill('Kåre');
    await page.locator('#comments form > .row > button[type=submit]').first().click();
    await waitForText(page, 'Kommentaren din er publisert.');
    const mine = page.locator('#comments ol[aria-label] > li.c').first();
    await mine.locator('.acts button', { hasText: 'Endre' }).click();
    await mine.locator('form textarea').fill('Brua burde hatt fire felt.');
    await mine.locator('form > .row > button[type=submit]').click();
    await waitForText(page, 'Endringen er lagret.');
    await waitForText(page, 'Brua burde hatt fire felt.');
    assert.match(await mine.locator('.meta').innerText(), /redigert/);
    const id = (await mine.getAttribute('data-id')) as string;
    await post('egen', 'Fire felt blir for mye.', 'Per', { parentId: id });
    await page.reload();
    await waitForText(page, 'Fire felt blir for mye.');
    const again = page.locator(`#comments li[data-id="${id}"]`);
    await again.locator('> .acts button', { hasText: 'Slett' }).click();
    await again.locator('> .acts button', { hasText: 'Ja, slett' }).click();
    await waitForText(page, 'Slettet av forfatteren');
    assert.doesNotMatch(await widgetText(page), /fire felt\./);
    await screenshot(page, 'reader-widget-deleted-with-reply', '#comments');
    const list = await app.request('GET', articlePath('avisa', 'egen'));
    assert.equal(list.body.items[0].deleted, true);
  });

  test('catching up redraws only what changed: the focus and a half-done "Ja, slett" stay', async () => {
    const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1000, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    // No WebSocket: the widget catches up by fetching the first page every 30 s (the clock is played).
    await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    await page.clock.install();
    await page.goto(`${paper.origin}/article?a=innhenting`);
    await waitForText(page, 'Ingen kommentarer ennå');
    await page.locator('#comments textarea[name=body]').fill('Brua blir et landemerke.');
    await page.locator('#comments input[name=authorName]').fill('Kåre');
    await page.locator('#comments form > .row > button[type=submit]').first().click();
    await waitForText(page, 'Kommentaren din er publisert.');
    const mine = page.locator('#comments ol[aria-label] > li.c').first();
    await mine.locator('.acts button', { hasText: 'Slett' }).click();
    const sure = mine.locator('.acts button', { hasText: 'Ja, slett' });
    assert.equal(await sure.count(), 1);
    await post('innhenting', 'En ny stemme i debatten.', 'Per');
    await page.clock.runFor(31_000);
    await waitForText(page, '1 ny kommentar – vis');
    assert.equal(await sure.count(), 1, 'the reader is still asked "Ja, slett"');
    assert.equal(
      await page.evaluate(() => document.querySelector('#comments')?.shadowRoot?.activeElement?.textContent),
      'Ja, slett',
      'the focus stays on the button the reader pressed',
    );
  });

  test('permalinks: a link opens the page that holds the comment, scrolls to it and highlights it', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push((await post('lenke', `Kommentar nummer ${i} i en lang tråd.`, `Leser ${i}`)).comment.id);
    const target = ids[2]!; // on the second page, newest first
    const { page } = await open(`/article?a=lenke#ordskifte-c-${target}`);
    await waitForText(page, 'Viser kommentaren du fikk lenke til.');
    const item = page.locator(`#comments li[data-id="${target}"]`);
    await waitFor(
      async () => (await item.getAttribute('class'))?.includes('hl') ?? false,
      5000,
      'highlighted',
    );
    assert.equal(
      await page.evaluate(() =>
        document.querySelector('#comments')?.shadowRoot?.activeElement?.getAttribute('data-id'),
      ),
      target,
    );
    assert.ok(await item.isVisible());
    const href = await item.locator('.meta a').getAttribute('href');
    assert.equal(href, `#ordskifte-c-${target}`);
    await screenshot(page, 'reader-widget-permalink');
    await page.locator('#comments button', { hasText: 'Vis alle kommentarene' }).click();
    await waitForText(page, 'Kommentar nummer 29');
  });

  test('replies that reach you: a badge, the list, and a click that shows the reply', async () => {
    const writer = await open('/article?a=varsel');
    await waitForText(writer.page, 'Ingen kommentarer ennå');
    await writer.page.locator('#comments textarea[name=body]').fill('Hvem vet når brua åpner?');
    await writer.page.locator('#comments input[name=authorName]').fill('Liv');
    await writer.page.locator('#comments form > .row > button[type=submit]').first().click();
    await waitForText(writer.page, 'Kommentaren din er publisert.');
    const mine = await writer.page.locator('#comments ol[aria-label] > li.c').first().getAttribute('data-id');
    const reply = await post('varsel', 'Den åpner 15. mai, står det i saken.', 'Per', { parentId: mine });
    await writer.page.reload();
    const bell = writer.page.locator('#comments .bell');
    await waitFor(
      async () => (await bell.getAttribute('aria-label')) === 'Varsler, 1 uleste',
      8000,
      'the badge',
    );
    await bell.click();
    await waitForText(writer.page, 'Per svarte på kommentaren din');
    const linkColour = await writer.page.evaluate(() => {
      const root = document.querySelector('#comments')?.shadowRoot as ShadowRoot;
      return getComputedStyle(root.querySelector('.alerts a') as Element).color;
    });
    assert.equal(linkColour, 'rgb(138, 28, 28)', "the site's accent, not the browser's link blue");
    await screenshot(writer.page, 'reader-widget-notifications', '#comments');
    await accessible(writer.page, 'notifications open');
    await writer.page.locator('#comments .alerts a').first().click();
    const item = writer.page.locator(`#comments li[data-id="${reply.comment.id}"]`);
    await waitFor(
      async () => (await item.getAttribute('class'))?.includes('hl') ?? false,
      5000,
      'the reply highlighted',
    );
    await writer.page.reload();
    await waitFor(async () => (await bell.getAttribute('aria-label')) === 'Varsler', 8000, 'read');
  });

  test('e-mail about replies: only when the reader ticks it, with an address, confirmed by mail', async () => {
    const { page } = await open('/article?a=epost');
    await waitForText(page, 'Ingen kommentarer ennå');
    await page.locator('#comments textarea[name=body]').fill('Når kommer gang- og sykkelveien over brua?');
    await page.locator('#comments input[name=authorName]').fill('Eva');
    const box = page.locator('#comments input[name=digest]');
    assert.equal(await box.isChecked(), false, 'never ticked for the reader');
    await page.locator('#comments label', { hasText: 'Send meg e-post når noen svarer' }).click();
    assert.equal(await box.isChecked(), true, 'the label ticks it');
    const submit = page.locator('#comments form > .row > button[type=submit]').first();
    await submit.click();
    await waitForText(page, 'Skriv e-postadressen din for å få e-post når noen svarer.');
    assert.equal(
      await page.evaluate(() =>
        document.querySelector('#comments')?.shadowRoot?.activeElement?.getAttribute('name'),
      ),
      'authorEmail',
    );
    await page.locator('#comments input[name=authorEmail]').fill('eva@example.no');
    await screenshot(page, 'reader-widget-digest-opt-in', '#comments');
    await accessible(page, 'compose');
    await submit.click();
    await waitForText(page, 'Vi har sendt deg en e-post: bekreft der for å få varsel om svar.');
    assert.equal(await box.isChecked(), false);
    await waitFor(() => smtp.to('eva@example.no').length === 1, 8000, 'the confirmation mail');
    assert.match(smtp.to('eva@example.no')[0]!.subject, /^Bekreft at du vil ha e-post om svar/);

    // Without the tick, an address given with a comment gets no mail at all.
    await page.locator('#comments textarea[name=body]').fill('Og hva med fortauet på østsiden?');
    await page.locator('#comments input[name=authorEmail]').fill('ingen@example.no');
    await submit.click();
    await waitForText(page, 'Kommentaren din er publisert.');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(smtp.to('ingen@example.no').length, 0);
  });

  test('honest states: closed shows no prompt, a login site shows its login button before any form, then setToken', async () => {
    await post('stengt', 'Skrevet før stenging.', 'Per');
    await app.request('PATCH', '/api/v1/moderation/sites/avisa/articles/stengt', {
      token: await app.adminToken(),
      body: { open: false },
    });
    const closed = await open('/article?a=stengt');
    await waitForText(closed.page, 'Kommentarfeltet er stengt for denne saken.');
    assert.equal(await closed.page.locator('#comments textarea').count(), 0);
    assert.doesNotMatch(await widgetText(closed.page), /Skriv den første/);
    await screenshot(closed.page, 'reader-widget-closed', '#comments');
    await accessible(closed.page, 'closed');
    const empty = await open('/article?a=stengt-tom');
    await app.request('PATCH', '/api/v1/moderation/sites/avisa/articles/stengt-tom', {
      token: await app.adminToken(),
      body: { open: false },
    });
    await empty.page.reload();
    await waitForText(empty.page, 'Ingen kommentarer.');
    assert.doesNotMatch(await widgetText(empty.page), /Skriv den første/);

    const login = await open('/article?a=innlogging&site=logg');
    await waitForText(login.page, 'Logg inn for å kommentere');
    assert.equal(await login.page.locator('#comments textarea').count(), 0);
    // No writing prompt under the login button: the empty list only says there are no comments yet.
    await waitForText(login.page, 'Ingen kommentarer ennå.');
    assert.doesNotMatch(await widgetText(login.page), /Skriv den første/);
    const href = await login.page.locator('#comments a.btn').getAttribute('href');
    assert.equal(
      href,
      `https://www.avisa.example/logg-inn?tilbake=${encodeURIComponent(`${paper.origin}/article?a=innlogging&site=logg`)}`,
    );
    const loginBox = await login.page.locator('#comments a.btn').boundingBox();
    assert.ok((loginBox?.height ?? 0) >= 44, `the login button is a 44 px target: ${loginBox?.height}px`);
    await screenshot(login.page, 'reader-widget-login', '#comments');
    await accessible(login.page, 'login-only');
    const token = await new SignJWT({ name: 'Mona Medlem' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('m-1')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(SSO_SECRET));
    await login.page.evaluate((t) => window.Ordskifte?.setToken(t), token);
    await waitForText(login.page, 'Du skriver som Mona Medlem');
    await waitForText(login.page, 'til adressen du er logget inn med');
    await waitForText(login.page, 'Ingen kommentarer ennå. Skriv den første!');
  });

  test('a logged-in reader turns the reply e-mail off, and on again, in the notifications panel', async () => {
    const token = await new SignJWT({ name: 'Siri Abonnent', email: 'siri@example.no' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s-1')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(SSO_SECRET));
    const digest = async () =>
      (await app.request('GET', '/api/v1/sites/logg/readers/me/digest', { token })).body as {
        subscribed: boolean;
      };
    // Signed up before (a login's address is confirmed at once).
    const put = await app.request('PUT', '/api/v1/sites/logg/readers/me/digest', { token, body: {} });
    assert.equal(put.status, 200);
    assert.equal((await digest()).subscribed, true);

    const { page } = await open('/article?a=epost-av&site=logg');
    await waitForText(page, 'Logg inn for å kommentere');
    await page.evaluate((t) => window.Ordskifte?.setToken(t), token);
    await page.locator('#comments .bell').click();
    const box = page.locator('#comments .alerts input[name=digest]');
    await box.waitFor({ timeout: 8000 });
    assert.equal(await box.isChecked(), true, 'the switch shows the subscription');
    await page.locator('#comments .alerts label', { hasText: 'Send meg e-post når noen svarer' }).click();
    await waitForText(page, 'Du får ikke lenger e-post når noen svarer deg.');
    assert.equal(await box.isChecked(), false);
    assert.equal((await digest()).subscribed, false, 'the service stopped the digest');
    await screenshot(page, 'reader-widget-digest-off', '#comments');
    await accessible(page, 'digest switch');
    await box.click();
    await waitForText(page, 'Du får e-post når noen svarer deg.');
    assert.equal((await digest()).subscribed, true);
  });

  test('a wrong site id or origin: readers see a short neutral line, the console says precisely what to fix', async () => {
    const unknown = await open('/article?a=x&site=finnesikke');
    await waitForText(unknown.page, 'Kommentarene er ikke tilgjengelige akkurat nå.');
    await waitFor(() => unknown.console.some((m) => /no site "finnesikke"/.test(m)), 5000, 'the console');
    await screenshot(unknown.page, 'reader-widget-error', '#comments');
    await accessible(unknown.page, 'error');
    const foreign = await open('/article?a=x&site=annen');
    await waitForText(foreign.page, 'Kommentarene er ikke tilgjengelige akkurat nå.');
    await waitFor(
      () =>
        foreign.console.some((m) =>
          m.includes(`origin ${paper.origin} is not one of the origins of site "annen"`),
        ),
      5000,
      'the console',
    );
    assert.doesNotMatch(await widgetText(foreign.page), /origin/);
  });

  test('Nynorsk and English as a newsroom writes them', async () => {
    await post('sprak', 'Ein kommentar på nynorsk.', 'Sigrid');
    const nn = await open('/article?a=sprak&lang=nn');
    await waitForText(nn.page, 'Skriv ein kommentar');
    for (const phrase of ['Kommentarar', 'Nyaste først', 'Namn', 'Respekt', 'Svar', 'Rapporter']) {
      assert.ok((await widgetText(nn.page)).includes(phrase), phrase);
    }
    await screenshot(nn.page, 'reader-widget-nn');
    const en = await open('/article?a=sprak&lang=en');
    await waitForText(en.page, 'Write a comment');
    for (const phrase of ['Comments', 'Newest first', 'Respect', 'Reply', 'Ignore']) {
      assert.ok((await widgetText(en.page)).includes(phrase), phrase);
    }
    await screenshot(en.page, 'reader-widget-en');
  });
});
