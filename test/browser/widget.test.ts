import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import type { Browser, Page, Request } from 'playwright-core';
import {
  articlePath,
  createSite,
  RELAXED_LIMITS,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import {
  buildBrowserBundles,
  type HostPage,
  launchChromium,
  screenshot,
  startHostPage,
} from './browser-support.js';

const SSO_SECRET = 'sso-secret-for-the-widget-test-0123456789';

/** The rendered text of a widget (its Shadow DOM section). */
const widgetText = (page: Page, host = '#comments') => page.locator(`${host} section`).first().innerText();

async function waitForText(page: Page, text: string, host = '#comments', timeoutMs = 8000): Promise<void> {
  await waitFor(
    async () => (await widgetText(page, host).catch(() => '')).includes(text),
    timeoutMs,
    `"${text}"`,
  );
}

describe('comment widget in Chromium, embedded on another origin', () => {
  let db: TestDatabase;
  let app: TestApp;
  let hostPage: HostPage;
  let browser: Browser;

  before(async () => {
    await buildBrowserBundles();
    db = await TestDatabase.start();
    app = await startTestApp(db);
    hostPage = await startHostPage(app.url, 'avisa');
    await createSite(app, 'avisa', { bannedTerms: ['rævdill'] }, [hostPage.origin]);
    await createSite(app, 'sso', { requireLogin: true, ssoSecret: SSO_SECRET }, [hostPage.origin]);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await hostPage?.close();
    await app?.close();
    await db?.stop();
  });

  /** A page in a fresh browser context (its own localStorage), with dialogs counted as XSS. */
  async function readerPage(path: string, options: { colorScheme?: 'light' | 'dark' } = {}) {
    const context = await browser.newContext({
      colorScheme: options.colorScheme ?? 'light',
      locale: 'nb-NO',
      viewport: { width: 900, height: 900 },
    });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // Whether the widget has asked its live socket for the article's events.
    let sentSubscribe = false;
    page.on('websocket', (ws) => {
      ws.on('framesent', (frame) => {
        if (String(frame.payload).includes('"subscribe"')) sentSubscribe = true;
      });
    });
    await page.goto(hostPage.origin + path);
    return { page, context, dialogs, subscribed: () => sentSubscribe };
  }

  async function post(page: Page, body: string, name = 'Kari Nordmann', host = '#comments') {
    await page.locator(`${host} textarea[name=body]`).first().fill(body);
    const nameField = page.locator(`${host} input[name=authorName]`).first();
    if (await nameField.count()) await nameField.fill(name);
    await page.locator(`${host} form > .row > button[type=submit]`).first().click();
  }

  test('/widget.js is served cross-origin readable, cached, as JavaScript', async () => {
    const res = await fetch(`${app.url}/widget.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(res.headers.get('cache-control') ?? '', /public, max-age=\d+/);
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    assert.ok((await res.text()).length > 1000);
  });

  test('a comment posted in one reader’s widget arrives live in another’s, behind a "new comments" button', async () => {
    const first = await app.request('POST', articlePath('avisa', 'live-1'), {
      body: { body: 'Den første kommentaren i saken.', authorName: 'Per' },
    });
    assert.equal(first.status, 201);
    const writer = await readerPage('/article?a=live-1');
    const reader = await readerPage('/article?a=live-1');
    await waitForText(writer.page, 'Den første kommentaren');
    await waitForText(reader.page, 'Den første kommentaren');
    // The live subscription follows the first page: wait until the reader's widget has sent it.
    await waitFor(() => reader.subscribed(), 8000, "the reader's live subscription");

    await post(writer.page, 'Så live som det kan bli.', 'Kari');
    await waitForText(writer.page, 'Kommentaren din er publisert.');
    await waitForText(reader.page, '1 ny kommentar – vis');
    // Nothing moved under the reader: the first comment in the list is still the old one.
    const firstItem = reader.page.locator('#comments li.c').first();
    assert.match(await firstItem.innerText(), /Den første kommentaren/);
    await reader.page.locator('#comments button.new').click();
    assert.match(
      await reader.page.locator('#comments li.c').first().innerText(),
      /Så live som det kan bli\./,
    );
    assert.match(await widgetText(reader.page), /\(2 kommentarer\)/);
    await writer.context.close();
    await reader.context.close();
  });

  test('where WebSockets are blocked, new comments still arrive, by polling', async () => {
    const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 900, height: 900 } });
    const page = await context.newPage();
    // A proxy that refuses WebSockets: the connection is closed before socket.io says a word.
    await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    await page.clock.install();
    await page.goto(`${hostPage.origin}/article?a=no-ws`);
    await waitForText(page, 'Ingen kommentarer ennå');
    const posted = await app.request('POST', articlePath('avisa', 'no-ws'), {
      body: { body: 'Kom gjennom uten WebSocket.', authorName: 'Per' },
    });
    assert.equal(posted.status, 201);
    await page.clock.runFor(31_000);
    await waitForText(page, 'Kom gjennom uten WebSocket.');
    await context.close();
  });

  test('labelled fields, visible focus, and the whole form from the keyboard; arrivals announced', async () => {
    const { page, context } = await readerPage('/article?a=keys');
    await waitForText(page, 'Ingen kommentarer ennå');
    for (const label of ['Navn', 'E-post (valgfritt, vises ikke)', 'Kommentar']) {
      assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, label);
    }
    // Sort and the form: the name field is the first field of the form.
    await page.locator('#comments select[name=sort]').focus();
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => {
        const el = document.querySelector('#comments')?.shadowRoot?.activeElement as HTMLElement | null;
        return el
          ? { name: el.getAttribute('name'), outline: getComputedStyle(el).outlineStyle }
          : { name: null, outline: '' };
      });
    assert.deepEqual(await focused(), { name: 'authorName', outline: 'solid' });
    await page.keyboard.type('Tastatur-Tone');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).name, 'authorEmail');
    await page.keyboard.press('Tab');
    // "E-mail me when someone replies" is reached by the keyboard, shows its focus, and stays unticked.
    assert.deepEqual(await focused(), { name: 'digest', outline: 'solid' });
    await page.keyboard.press('Tab');
    assert.equal((await focused()).name, 'body');
    await page.keyboard.type('Skrevet uten mus.');
    assert.match(await widgetText(page), /17 av 3000 tegn/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForText(page, 'Kommentaren din er publisert.');
    assert.equal(await page.locator('#comments [role=status]').innerText(), 'Kommentaren din er publisert.');

    await app.request('POST', articlePath('avisa', 'keys'), {
      body: { body: 'Fra en annen leser.', authorName: 'Per' },
    });
    await waitFor(
      async () => (await page.locator('#comments [role=status]').innerText()).startsWith('En ny kommentar.'),
      8000,
      'the arrival announced',
    );
    await context.close();
  });

  test('a double click stores one comment: every POST of the draft carries the same Idempotency-Key', async () => {
    const { page, context } = await readerPage('/article?a=double');
    const endpoint = articlePath('avisa', 'double');
    // Every request to the article's comment endpoints, and the key of each POST of a comment.
    const keys: (string | undefined)[] = [];
    const inFlight = new Set<Request>();
    page.on('request', (req) => {
      if (new URL(req.url()).pathname.startsWith(endpoint)) inFlight.add(req);
    });
    page.on('requestfinished', (req) => inFlight.delete(req));
    page.on('requestfailed', (req) => inFlight.delete(req));
    await page.route(
      (url) => url.pathname === endpoint,
      async (route) => {
        if (route.request().method() === 'POST') keys.push(route.request().headers()['idempotency-key']);
        await route.continue();
      },
    );
    await waitForText(page, 'Ingen kommentarer ennå');
    await page.locator('#comments textarea[name=body]').fill('Bare én gang, takk.');
    await page.locator('#comments input[name=authorName]').fill('Ola');
    await page.locator('#comments form > .row > button[type=submit]').dblclick();
    await waitForText(page, 'Kommentaren din er publisert.');
    // Both clicks are in; wait until every request they started has its answer and the form is ready again.
    await waitFor(
      async () =>
        inFlight.size === 0 &&
        (await page.locator('#comments form > .row > button[type=submit]').isEnabled()),
      8000,
      'the requests of both clicks to settle',
    );
    assert.ok(keys.length >= 1, 'the comment was posted');
    assert.ok(
      keys.every((k) => k !== undefined && k === keys[0]),
      `one Idempotency-Key for the draft, got ${JSON.stringify(keys)}`,
    );
    // Every status: a second copy turned down by the duplicate rule is still a second comment stored.
    const stored = await app.service.db.connection
      .collection('comments')
      .find({ siteId: 'avisa', articleId: 'double' })
      .project({ status: 1 })
      .toArray();
    assert.deepEqual(
      stored.map((c) => c.status),
      ['approved'],
    );
    await context.close();
  });

  test('markup in comments and names shows as text and runs nothing', async () => {
    const payloads = [
      '<img src=x onerror="window.__xss++;alert(1)">',
      '<script>window.__xss++;alert(2)</script>',
      '"><svg onload="window.__xss++;alert(3)">',
    ];
    for (const body of payloads.slice(1)) {
      const res = await app.request('POST', articlePath('avisa', 'xss'), {
        body: { body, authorName: '<b onmouseover="window.__xss++">Mallory</b>' },
      });
      assert.equal(res.status, 201);
    }
    const writer = await readerPage('/article?a=xss');
    await waitForText(writer.page, 'Mallory');
    await post(writer.page, payloads[0]!, '<img src=y onerror="window.__xss++;alert(4)">');
    await waitForText(writer.page, 'Kommentaren din er publisert.');
    const reader = await readerPage('/article?a=xss');
    await waitForText(reader.page, 'onerror');
    for (const { page, dialogs } of [writer, reader]) {
      const text = await widgetText(page);
      for (const payload of payloads) assert.ok(text.includes(payload), `shown as text: ${payload}`);
      assert.ok(text.includes('<b onmouseover="window.__xss++">Mallory</b>'));
      assert.equal(
        await page.locator('#comments img, #comments svg, #comments script, #comments b').count(),
        0,
      );
      await page.locator('#comments .author').first().hover();
      // Inline handlers run during the mouse events; one frame later they have all run.
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));
      assert.equal(await page.evaluate(() => (window as unknown as { __xss: number }).__xss), 0);
      assert.deepEqual(dialogs, []);
    }
    await writer.context.close();
    await reader.context.close();
  });

  test('a held comment stays visible to its writer after a reload, and a rejection is told to them', async () => {
    const admin = await app.adminToken();
    const patch = await app.request('PATCH', '/api/v1/moderation/sites/avisa/articles/pre-1', {
      token: admin,
      body: { mode: 'pre' },
    });
    assert.equal(patch.status, 200);
    const { page, context } = await readerPage('/article?a=pre-1');
    await waitForText(page, 'godkjennes av en moderator');
    await post(page, 'Venter jeg på en moderator nå?');
    // Held because every comment here is: no nudge (nothing to rephrase), and what happens next.
    await waitForText(page, 'En moderator leser kommentaren din før den publiseres');
    await waitForText(page, 'alle kommentarer i saken leses av en moderator først');
    await waitForText(page, 'Venter på godkjenning');
    await page.reload();
    await waitForText(page, 'Venter jeg på en moderator nå?');
    await waitForText(page, 'Venter på godkjenning');
    const other = await readerPage('/article?a=pre-1');
    await waitForText(other.page, 'Ingen kommentarer ennå');
    assert.doesNotMatch(await widgetText(other.page), /Venter jeg på en moderator/);

    // A moderator turns it down: the writer is told so instead of waiting for two weeks.
    const queue = await app.request('GET', '/api/v1/moderation/sites/avisa/queue?status=pending', {
      token: admin,
    });
    const held = queue.body.items.find((c: { body: string }) => c.body === 'Venter jeg på en moderator nå?');
    const rejected = await app.request('POST', `/api/v1/moderation/comments/${held.id}/actions`, {
      token: admin,
      body: { action: 'reject', version: held.version },
    });
    assert.equal(rejected.status, 200);
    await page.reload();
    // This browser holds the comment's token: the writer reads the statement of reasons (DSA Art. 17).
    await waitForText(page, 'Hvorfor kommentaren ikke ble publisert');
    await waitForText(page, 'Vurdert av en moderator.');
    assert.doesNotMatch(await widgetText(page), /Venter på godkjenning/);
    await page.locator('#comments button', { hasText: 'Skjul' }).click();
    await waitForText(page, 'Ingen kommentarer ennå');
    await page.reload();
    await waitForText(page, 'Ingen kommentarer ennå');
    assert.doesNotMatch(await widgetText(page), /Venter jeg på en moderator/);
    await context.close();
    await other.context.close();
  });

  test('a rejected comment and a closed article are explained in words', async () => {
    const { page, context } = await readerPage('/article?a=rules');
    await waitForText(page, 'Ingen kommentarer ennå');
    await post(page, 'For en rævdill du er.');
    // First the nudge, then the reader posts anyway and is told why it was not published.
    await waitForText(page, 'Teksten blir trolig ikke publisert:');
    await page.locator('#comments .nudge button[type=submit]').click();
    await waitForText(page, 'Kommentaren ble ikke publisert: ord som ikke er tillatt i denne debatten.');
    assert.equal(await page.locator('#comments textarea[name=body]').inputValue(), 'For en rævdill du er.');

    const admin = await app.adminToken();
    await app.request('PATCH', '/api/v1/moderation/sites/avisa/articles/rules', {
      token: admin,
      body: { open: false },
    });
    await post(page, 'Rekker jeg en til?');
    await waitForText(page, 'Kommentarfeltet er stengt for denne saken.');
    await page.reload();
    await waitForText(page, 'Kommentarfeltet er stengt');
    assert.equal(await page.locator('#comments textarea').count(), 0);
    await context.close();
  });

  test('replies and reports: a reply lands under its comment, a report is confirmed', async () => {
    const parent = await app.request('POST', articlePath('avisa', 'thread'), {
      body: { body: 'Hva mener dere om saken?', authorName: 'Per' },
    });
    const { page, context } = await readerPage('/article?a=thread');
    await waitForText(page, 'Hva mener dere om saken?');
    await page.locator('#comments li.c .acts button', { hasText: 'Svar' }).first().click();
    const replyForm = page.locator('#comments li.c form').first();
    await replyForm.locator('textarea').fill('Jeg er enig med Per.');
    await replyForm.locator('input[name=authorName]').fill('Kari');
    await replyForm.locator('button[type=submit]').click();
    await waitFor(
      async () => (await page.locator('#comments .replies li.c').count()) === 1,
      5000,
      'the reply under its parent',
    );
    const list = await app.request('GET', articlePath('avisa', 'thread'));
    assert.equal(list.body.items[0].replies[0].parentId, parent.body.comment.id);

    await page.locator('#comments li.c .acts button', { hasText: 'Rapporter' }).first().click();
    await page.locator('#comments label.radio', { hasText: 'Trakassering eller hets' }).click();
    await page.locator('#comments form button[type=submit]', { hasText: 'Send rapport' }).click();
    await waitForText(page, 'Takk. Moderatorene ser på kommentaren.');
    await context.close();
  });

  test('English on request, dark mode with the reader, and screenshots of each', async () => {
    await app.request('POST', articlePath('avisa', 'looks'), {
      body: { body: 'Flott sak! Mer av dette.\n\nHilsen en fast leser.', authorName: 'Ingrid' },
    });
    const light = await readerPage('/article?a=looks');
    await waitForText(light.page, 'Flott sak!');
    await screenshot(light.page, 'widget-nb-light');
    // No own background: the page's shows through, whatever the reader's dark mode says.
    const dark = await readerPage('/article?a=looks', { colorScheme: 'dark' });
    await waitForText(dark.page, 'Flott sak!');
    const background = await dark.page
      .locator('#comments section')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(background, 'rgba(0, 0, 0, 0)');
    await screenshot(dark.page, 'widget-nb-os-dark-light-page');
    const en = await readerPage('/article?a=looks&lang=en');
    await waitForText(en.page, 'Write a comment');
    const text = await widgetText(en.page);
    for (const phrase of ['Comments', '(1 comment)', 'Name', 'Post', 'Reply', 'Report']) {
      assert.ok(text.includes(phrase), phrase);
    }
    await screenshot(en.page, 'widget-en');
    for (const p of [light, dark, en]) await p.context.close();
  });

  test('comments load only when the widget nears the viewport', async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    const loads: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/comments')) loads.push(req.url());
    });
    await page.goto(`${hostPage.origin}/lazy?a=lazy`);
    await page.waitForTimeout(500);
    assert.equal(loads.length, 0);
    await page.mouse.wheel(0, 3000);
    await waitFor(() => loads.length === 1, 5000, 'the lazy load');
    await context.close();
  });

  test('in view, the first page is asked for before the first frame, and the live connection waits for its paint', async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    // Order of events, in the page's own clock: the first animation frame after the widget's
    // script started (an IntersectionObserver answers only after a frame), each WebSocket opened.
    await page.addInitScript(() => {
      const seen: [string, number][] = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      const mark = performance.mark.bind(performance);
      performance.mark = (...args: Parameters<Performance['mark']>) => {
        if (args[0] === 'ordskifte:start')
          requestAnimationFrame(() => seen.push(['frame', performance.now()]));
        return mark(...args);
      };
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          seen.push(['socket', performance.now()]);
          super(url, protocols);
        }
      };
    });
    const chunks: string[] = [];
    page.on('request', (r) => /widget-submission-/.test(r.url()) && chunks.push(r.url()));
    await page.goto(`${hostPage.origin}/article?a=first-paint`);
    await waitForText(page, 'Ingen kommentarer ennå');
    await waitFor(
      async () => (await page.evaluate(() => (window as unknown as { seen: [string][] }).seen.length)) >= 2,
      5000,
      'the live connection',
    );
    const order = await page.evaluate(() => {
      const { seen } = window as unknown as { seen: [string, number][] };
      const when = Object.fromEntries([...seen].reverse());
      const request = performance
        .getEntriesByType('resource')
        .find((r) => r.name.includes('/articles/first-paint/comments'));
      return {
        request: request?.startTime ?? Number.NaN,
        frame: when.frame ?? Number.NaN,
        socket: when.socket ?? Number.NaN,
        painted: performance.getEntriesByName('ordskifte:painted')[0]?.startTime ?? Number.NaN,
      };
    });
    assert.ok(
      order.request < order.frame,
      `comments asked for at ${order.request}, first frame at ${order.frame}`,
    );
    assert.ok(order.painted < order.socket, `painted at ${order.painted}, socket opened at ${order.socket}`);
    assert.deepEqual(chunks, [], 'an article page does not fetch the leserinnlegg form');
    await context.close();
  });

  test('two widgets on one page work side by side', async () => {
    const { page, context } = await readerPage('/two?a=pair-a&b=pair-b');
    await waitForText(page, 'Ingen kommentarer ennå', '#one');
    await waitForText(page, 'Ingen kommentarer ennå', '#two');
    await post(page, 'Til sak A.', 'Kari', '#one');
    await post(page, 'Til sak B.', 'Kari', '#two');
    await waitForText(page, 'Til sak A.', '#one');
    await waitForText(page, 'Til sak B.', '#two');
    assert.doesNotMatch(await widgetText(page, '#one'), /Til sak B/);
    const a = await app.request('GET', articlePath('avisa', 'pair-a'));
    const b = await app.request('GET', articlePath('avisa', 'pair-b'));
    assert.deepEqual([a.body.items.length, b.body.items.length], [1, 1]);
    await context.close();
  });

  test('sites that require login: setToken() gives the widget the reader’s identity', async () => {
    const token = await new SignJWT({ name: 'Ola Innlogget' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('reader-42')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(SSO_SECRET));
    const { page, context } = await readerPage('/article?a=sso-1&site=sso');
    await waitForText(page, 'Ingen kommentarer ennå');
    // No form before login (this site has no loginUrl, so the widget says so in words).
    await waitForText(page, 'Du må være logget inn på nettstedet for å kommentere.');
    assert.equal(await page.locator('#comments textarea').count(), 0);
    await page.evaluate((t) => window.Ordskifte?.setToken(t), token);
    await waitForText(page, 'Du skriver som Ola Innlogget');
    assert.equal(await page.locator('#comments input[name=authorName]').count(), 0);
    await post(page, 'Nå med innlogging.');
    await waitForText(page, 'Kommentaren din er publisert.');
    const list = await app.request('GET', articlePath('sso', 'sso-1'));
    assert.equal(list.body.items[0].authorName, 'Ola Innlogget');
    await page.evaluate(() => window.Ordskifte?.destroy());
    assert.equal(await page.locator('#comments section').count(), 0);
    await context.close();
  });

  test('the leserinnlegg form sends a piece and its receipt link shows the status', async () => {
    const { page, context } = await readerPage('/submit');
    const form = page.locator('[data-ordskifte-submission] form');
    await form.locator('input[name=title]').fill('Vi trenger flere benker i parken');
    await form
      .locator('textarea[name=body]')
      .fill('Parken ved elva er fin, men det er nesten ingen steder å sitte. '.repeat(5));
    await form.locator('input[name=authorName]').fill('Astrid Leser');
    await form.locator('input[name=authorEmail]').fill('astrid@example.no');
    await form.locator('input[name=authorLocation]').fill('Elvebyen');
    await form.locator('button[type=submit]').click();
    const link = page.locator('[data-ordskifte-submission] a.receipt');
    await link.waitFor({ timeout: 8000 });
    const href = await link.getAttribute('href');
    assert.match(href ?? '', /#ordskifte-kvittering=[0-9a-f]{24}\./);
    await page.goto(href!);
    await page.reload();
    await waitForText(page, 'Status: mottatt', '[data-ordskifte-submission]');
    const heading = page.locator('[data-ordskifte-submission] h2');
    assert.equal(
      await heading.innerText(),
      'Status for innlegget ditt',
      'the status page is headed as one, not "Send leserinnlegg"',
    );
    assert.equal(
      await page.locator('[data-ordskifte-submission] section').getAttribute('aria-label'),
      'Status for innlegget ditt',
    );
    await screenshot(page, 'widget-submission-status');
    await context.close();
  });

  test('rate limits are explained with the wait', async () => {
    const limited = await startTestApp(db, { rateLimits: { ...RELAXED_LIMITS, commentsPerMinutePerIp: 1 } });
    const limitedHost = await startHostPage(limited.url, 'avisa');
    try {
      await createSite(limited, 'avisa', {}, [limitedHost.origin]);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${limitedHost.origin}/article?a=fast`);
      await waitForText(page, 'Ingen kommentarer ennå');
      await post(page, 'Første.');
      await waitForText(page, 'Kommentaren din er publisert.');
      await post(page, 'Andre, med en gang.');
      await waitForText(page, 'Du har sendt mange kommentarer på kort tid. Vent');
      assert.match(await widgetText(page), /Vent \d+ sekunder og prøv igjen/);
      await context.close();
    } finally {
      await limitedHost.close();
      await limited.close();
    }
  });

  test('the demo page embeds the widget from the same service', async () => {
    const res = await fetch(`${app.url}/demo`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<script src="\/widget\.js" async><\/script>/);
  });
});
