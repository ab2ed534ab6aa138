import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import { buildBrowserBundles, launchChromium, screenshot } from './browser-support.js';

const SITE = 'klageside';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * A newspaper's article page on another origin: `?a=` the article, `?lang=`,
 * `?look=night` a dark page that says `color-scheme: dark` (the widget follows it).
 */
async function startArticlePage(apiUrl: string): Promise<{ origin: string; close(): Promise<void> }> {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const lang = url.searchParams.get('lang');
    const night = url.searchParams.get('look') === 'night';
    const style = night
      ? 'background:#15181c;color:#e6e3de;font-family:sans-serif;color-scheme:dark'
      : 'background:#fff;color:#1f1f1f;font-family:Georgia,serif';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Avisa</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin:0;padding:12px;${style}"><main style="max-width:720px;margin:0 auto">
<h1>Kommunestyret vedtok nytt budsjett</h1><p>Brødtekst i saken.</p>
<div id="comments" data-ordskifte data-site="${SITE}" data-article="${esc(url.searchParams.get('a') ?? 'a1')}"${lang ? ` data-lang="${esc(lang)}"` : ''}></div>
</main><script src="${apiUrl}/widget.js" async></script></body></html>`);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

const widgetText = (page: Page) => page.locator('#comments section').first().innerText();

async function waitForText(page: Page, text: string | RegExp, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    async () => {
      const shown = await widgetText(page).catch(() => '');
      return typeof text === 'string' ? shown.includes(text) : text.test(shown);
    },
    timeoutMs,
    `"${text}"`,
  );
}

/** axe-core over the widget (it reads into the open shadow root): critical and serious findings. */
async function seriousAxe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate(
    `axe.run(document.querySelector('#comments')).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html).slice(0, 2) })))`,
  )) as { id: string; impact: string; nodes: string[] }[];
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.join(' | ')}`);
}

/**
 * The statement is in the site's language and the widget may speak another: any control its redress text quotes
 * («…», "…") must be on the page under that name, or the reader is told to press a button that is not there.
 */
async function quotesOnlyButtonsShown(page: Page): Promise<void> {
  const redress = (await page.locator('#comments .stmt details p').allTextContents()).join(' ');
  assert.match(redress, /(klage|appeal)/i, 'the redress text is shown');
  for (const [, a, b] of redress.matchAll(/«([^»]+)»|"([^"]+)"/g)) {
    const label = a ?? b;
    const shown = await page.getByRole('button', { name: label, exact: true }).count();
    assert.ok(shown > 0, `the statement quotes «${label}», which no button on the page reads`);
  }
}

describe('accountability in the widget, in Chromium: statements, appeals, notices', () => {
  let db: TestDatabase;
  let app: TestApp;
  let host: { origin: string; close(): Promise<void> };
  let browser: Browser;
  let mod: { token: string };
  const contexts: BrowserContext[] = [];

  before(async () => {
    await buildBrowserBundles();
    db = await TestDatabase.start();
    app = await startTestApp(db);
    host = await startArticlePage(app.url);
    await createSite(app, SITE, { bannedTerms: ['rævdill'] }, [host.origin]);
    mod = await createStaff(app, 'moderator', [SITE]);
    browser = await launchChromium();
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await host?.close();
    await app?.close();
    await db?.stop();
  });

  async function readerPage(
    path: string,
    options: { dark?: boolean; phone?: boolean; locale?: string } = {},
  ): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({
      colorScheme: options.dark ? 'dark' : 'light',
      locale: options.locale ?? 'nb-NO',
      viewport: options.phone ? { width: 390, height: 844 } : { width: 1000, height: 900 },
      deviceScaleFactor: options.phone ? 2 : 1,
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(host.origin + path + (options.dark ? '&look=night' : ''));
    return { page, context };
  }

  /** Types a comment and publishes it, through the nudge ("Publiser likevel") when one comes. */
  async function post(page: Page, text: string, name: string, anyway: string) {
    await page.locator('#comments textarea[name=body]').first().fill(text);
    await page.locator('#comments input[name=authorName]').first().fill(name);
    await page.locator('#comments form button[type=submit]').first().click();
    await page.getByRole('button', { name: anyway }).click();
  }

  const chunkRequests = (page: Page) => {
    const seen: string[] = [];
    page.on('request', (r) => {
      if (/widget-accountability-/.test(r.url())) seen.push(r.url());
    });
    return seen;
  };

  test('the reader’s path: rejected → statement → appeal → a moderator reverses → every reader sees it live', async () => {
    const writer = await readerPage('/article?a=sak-1');
    const chunk = chunkRequests(writer.page);
    const other = await readerPage('/article?a=sak-1');
    const otherChunk = chunkRequests(other.page);
    await waitForText(other.page, 'Ingen kommentarer');
    await waitForText(writer.page, 'Ingen kommentarer');
    assert.deepEqual(chunk, [], 'a reader who needs none of it does not fetch the accountability chunk');

    const text = 'Dette er en rævdill av et vedtak, men jeg mener det saklig.';
    await post(writer.page, text, 'Kari Klager', 'Publiser likevel');

    // The statement of reasons under the writer's own comment, fetched as its own chunk.
    await waitForText(writer.page, 'Grunnlag');
    assert.equal(chunk.length, 1, 'the chunk is fetched once, when it is needed');
    const shown = await widgetText(writer.page);
    assert.match(shown, /Ikke publisert/);
    assert.match(shown, /Hvorfor kommentaren ikke ble publisert/);
    assert.match(shown, /Avgjort automatisk av moderasjonssystemet/);
    assert.ok(!/rævdill/.test(shown.replaceAll(text, '')), 'the statement never names the matched term');
    await writer.page.locator('#comments summary').click();
    await waitForText(writer.page, /gratis, fram til \d/);
    assert.deepEqual(await seriousAxe(writer.page), [], 'axe: the statement');
    await screenshot(writer.page, 'accountability-statement-nb-light-desktop', '#comments');

    // The appeal: too short first, then sent.
    await writer.page.getByRole('button', { name: 'Klag på avgjørelsen' }).click();
    const appeal = writer.page.locator('#comments .appeal textarea');
    await appeal.fill('Feil.');
    await writer.page.getByRole('button', { name: 'Send klagen' }).click();
    await waitForText(writer.page, 'Hvorfor mener du avgjørelsen er feil?');
    assert.deepEqual(await seriousAxe(writer.page), [], 'axe: the appeal form');
    await screenshot(writer.page, 'accountability-appeal-form-nb-light-desktop', '#comments');
    await appeal.fill('Ordet var brukt om vedtaket, ikke om en person.');
    await writer.page.getByRole('button', { name: 'Send klagen' }).click();
    await waitForText(writer.page, 'Klagen er mottatt');

    // Reloaded, the page still shows the statement and the appeal's state.
    await writer.page.reload();
    await waitForText(writer.page, 'Klagen er mottatt');

    // A moderator reverses it (the engine decided, so any moderator may).
    const queue = await app.request('GET', `/api/v1/moderation/sites/${SITE}/queue?status=appeals`, {
      token: mod.token,
    });
    assert.equal(queue.body.items.length, 1);
    const { appeal: open } = queue.body.items[0];
    const reversed = await app.request('POST', `/api/v1/moderation/appeals/${open.id}/actions`, {
      token: mod.token,
      body: { action: 'reverse', version: open.version, reason: 'Saklig bruk.' },
    });
    assert.equal(reversed.status, 200, JSON.stringify(reversed.body));

    // Published live: the other reader gets it without a reload; the writer sees an ordinary comment.
    await waitForText(other.page, 'Kari Klager');
    assert.ok((await widgetText(other.page)).includes(text));
    assert.deepEqual(otherChunk, [], 'the other reader never needed the chunk');
    await waitFor(
      async () => !(await widgetText(writer.page)).includes('Ikke publisert'),
      10_000,
      'the writer’s comment to turn public',
    );
    assert.ok((await widgetText(writer.page)).includes(text));
    await screenshot(other.page, 'accountability-reversed-nb-light-desktop', '#comments');
  });

  test('a statement in English, and in Nynorsk, on a dark page on a phone', async () => {
    const en = await readerPage('/article?a=sak-3&lang=en', { dark: true, phone: true, locale: 'en-GB' });
    await post(en.page, 'What a rævdill of a decision.', 'Kari', 'Post anyway');
    await waitForText(en.page, 'Appeal the decision');
    const shown = await widgetText(en.page);
    assert.match(shown, /Why your comment was not published/);
    assert.match(shown, /Decided automatically by the moderation system/);
    await quotesOnlyButtonsShown(en.page);
    assert.deepEqual(await seriousAxe(en.page), [], 'axe: the statement, dark');
    await screenshot(en.page, 'accountability-statement-en-dark-phone', '#comments');

    const nn = await readerPage('/article?a=sak-4&lang=nn', { phone: true });
    await post(nn.page, 'Kva for ein rævdill av eit vedtak.', 'Kari', 'Publiser likevel');
    await waitForText(nn.page, 'Klag på avgjerda');
    assert.match(await widgetText(nn.page), /Kvifor kommentaren ikkje vart publisert/);
    await quotesOnlyButtonsShown(nn.page);
    await screenshot(nn.page, 'accountability-statement-nn-light-phone', '#comments');
  });

  test('a comment a moderator removes after publication: its writer sees it removed, with the statement', async () => {
    const writer = await readerPage('/article?a=sak-5');
    const text = 'Kommunen burde lagt ned skolen for lenge siden.';
    await writer.page.locator('#comments textarea[name=body]').fill(text);
    await writer.page.locator('#comments input[name=authorName]').fill('Ola Skribent');
    await writer.page.locator('#comments form button[type=submit]').first().click();
    await waitForText(writer.page, 'Kommentaren din er publisert');
    const [item] = (
      await app.request('GET', `/api/v1/moderation/sites/${SITE}/queue?status=approved`, { token: mod.token })
    ).body.items.filter((c: { body: string }) => c.body === text);
    const removed = await app.request('POST', `/api/v1/moderation/comments/${item.id}/actions`, {
      token: mod.token,
      body: { action: 'reject', version: item.version, reasonCode: 'off_topic' },
    });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    await waitForText(writer.page, 'Hvorfor kommentaren ble fjernet');
    const shown = await widgetText(writer.page);
    assert.match(shown, /Vurdert av en moderator/);
    assert.ok(shown.includes(text), 'the writer still sees what they wrote');
  });

  test('“Meld ulovlig innhold”: a longer form than Rapporter, refused without good faith, a receipt, its decision', async () => {
    const comment = await app.request('POST', `/api/v1/sites/${SITE}/articles/sak-2/comments`, {
      body: { body: 'Naboen min stjeler fra butikken hver uke, alle vet det.', authorName: 'Per' },
    });
    assert.equal(comment.status, 201);
    const runs = [
      { lang: 'nb', dark: false, phone: false },
      { lang: 'en', dark: true, phone: true },
    ] as const;
    let notifier: BrowserContext | null = null;
    for (const run of runs) {
      const reader = await readerPage(`/article?a=sak-2${run.lang === 'en' ? '&lang=en' : ''}`, {
        dark: run.dark,
        phone: run.phone,
        locale: run.lang === 'en' ? 'en-GB' : 'nb-NO',
      });
      const chunk = chunkRequests(reader.page);
      const t =
        run.lang === 'nb'
          ? {
              open: 'Meld ulovlig innhold',
              send: 'Send meldingen',
              good: 'Kryss av',
              received: 'Meldingen er mottatt',
              status: 'Mottatt, ikke behandlet ennå.',
            }
          : {
              open: 'Report illegal content',
              send: 'Send the notice',
              good: 'Tick the box',
              received: 'Your notice was received',
              status: 'Received, not handled yet.',
            };
      await waitForText(reader.page, 'Per');
      assert.deepEqual(chunk, []);
      await reader.page.getByRole('button', { name: t.open }).click();
      const form = reader.page.locator('#comments form.notice');
      await form.waitFor();
      assert.equal(chunk.length, 1, 'the form comes with the chunk');
      assert.equal(
        await form.locator('input[type=radio]').count(),
        7,
        'the seven categories of the contract',
      );
      await form.locator('input[value=defamation]').check();
      await form
        .locator('textarea[name=explanation]')
        .fill('Kommentaren sier usant at en navngitt person begår lovbrudd.');
      await form.getByRole('button', { name: t.send }).click();
      await waitForText(reader.page, t.good);
      assert.deepEqual(await seriousAxe(reader.page), [], `axe: the notice form (${run.lang})`);
      await screenshot(
        reader.page,
        `accountability-notice-form-${run.lang}-${run.dark ? 'dark' : 'light'}-${run.phone ? 'phone' : 'desktop'}`,
        '#comments',
      );
      await form.locator('input[name=goodFaith]').check();
      await form.getByRole('button', { name: t.send }).click();
      await waitForText(reader.page, t.received);
      await reader.page.locator('#comments .receipt button.link').click();
      await waitForText(reader.page, t.status);
      assert.deepEqual(await seriousAxe(reader.page), [], `axe: the receipt (${run.lang})`);
      await screenshot(
        reader.page,
        `accountability-notice-receipt-${run.lang}-${run.dark ? 'dark' : 'light'}-${run.phone ? 'phone' : 'desktop'}`,
        '#comments',
      );
      if (run.lang === 'nb') notifier = reader.context;
    }
    const notices = await app.request('GET', `/api/v1/moderation/sites/${SITE}/queue?status=notices`, {
      token: mod.token,
    });
    assert.equal(notices.body.items.length, 2);
    assert.ok(
      notices.body.items.every((i: { notice: { category: string } }) => i.notice.category === 'defamation'),
    );

    // The notifier comes back after the decision: the receipt is kept in this browser, with the outcome.
    const first = notices.body.items[0].notice;
    const decided = await app.request('POST', `/api/v1/moderation/notices/${first.id}/actions`, {
      token: mod.token,
      body: { action: 'remove', version: first.version, reason: 'Ærekrenkende påstand.' },
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    const back = await notifier!.newPage();
    await back.goto(`${host.origin}/article?a=sak-2`);
    await waitForText(back, 'Meldingene dine om ulovlig innhold');
    await waitForText(back, 'Behandlet: kommentaren er fjernet.');
    assert.ok(!(await widgetText(back)).includes('Naboen min'), 'the removed comment is gone for readers');
    await screenshot(back, 'accountability-notice-decided-nb-light-desktop', '#comments');
    await back.locator('#comments .receipts button', { hasText: 'Skjul' }).click();
    await waitFor(
      async () => !(await widgetText(back)).includes('Meldingene dine'),
      5000,
      'the receipt hidden',
    );
  });
});
