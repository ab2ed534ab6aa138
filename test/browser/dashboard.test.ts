import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import {
  buildBrowserBundles,
  type HostPage,
  launchChromium,
  screenshot,
  startHostPage,
} from './browser-support.js';

const PASSWORD = 'staff-password-123';

describe('moderator dashboard in Chromium', () => {
  let db: TestDatabase;
  let app: TestApp;
  let hostPage: HostPage;
  let browser: Browser;
  let modA: { email: string; token: string };
  let modB: { email: string; token: string };
  const contexts: BrowserContext[] = [];

  before(async () => {
    await buildBrowserBundles();
    db = await TestDatabase.start();
    app = await startTestApp(db);
    hostPage = await startHostPage(app.url, 'avisa');
    await createSite(app, 'avisa', { mode: 'pre', suspectTerms: ['tullebukk'] }, [hostPage.origin]);
    modA = await createStaff(app, 'moderator', ['avisa'], 'anne@avisa.test');
    modB = await createStaff(app, 'moderator', ['avisa'], 'bjorn@avisa.test');
    browser = await launchChromium();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await hostPage?.close();
    await app?.close();
    await db?.stop();
  });

  async function newPage(options: { colorScheme?: 'light' | 'dark'; locale?: string } = {}): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: options.colorScheme ?? 'light',
      locale: options.locale ?? 'nb-NO',
    });
    contexts.push(context);
    return context.newPage();
  }

  async function dashboard(email: string, password = PASSWORD, page?: Page): Promise<Page> {
    const p = page ?? (await newPage());
    await p.goto(`${app.url}/moderate`);
    await p.locator('form.login input[name=email]').fill(email);
    await p.locator('form.login input[name=password]').fill(password);
    await p.locator('form.login button[type=submit]').click();
    await p.locator('.conn.on').waitFor({ timeout: 8000 });
    return p;
  }

  const postComment = (articleId: string, body: string, authorName = 'Leser') =>
    app.request('POST', articlePath('avisa', articleId), { body: { body, authorName } });

  const row = (page: Page, text: string) => page.locator('li.item', { hasText: text });

  /**
   * The relative luminance (WCAG) of the background drawn behind, and the text colour of,
   * the workbench's main parts with an item open: each background is the first opaque one
   * from the element up, as the eye sees it.
   */
  const drawnColours = async (page: Page) => {
    await page.locator('.detail article button.act').first().waitFor();
    return (await page.evaluate(`(() => {
      const channel = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      const parse = (css) => (css.match(/[\\d.]+/g) || []).map(Number);
      const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      const background = (el) => {
        for (; el; el = el.parentElement) {
          const c = parse(getComputedStyle(el).backgroundColor);
          if (c.length === 3 || c[3] > 0.5) return c;
        }
        return parse(getComputedStyle(document.documentElement).backgroundColor || 'rgb(255,255,255)');
      };
      const parts = {
        page: document.body,
        header: document.querySelector('header.top'),
        row: document.querySelector('li.item:not(.sel) button.open') || document.querySelector('li.item button.open'),
        item: document.querySelector('.detail article'),
        button: document.querySelector('.detail article button.act'),
        field: document.querySelector('.detail label.reason input'),
      };
      const out = {};
      for (const [name, el] of Object.entries(parts)) {
        if (!el) throw new Error('no ' + name + ' in the workbench');
        out[name] = { background: luminance(background(el)), text: luminance(parse(getComputedStyle(el).color)) };
      }
      return out;
    })()`)) as Record<string, { background: number; text: number }>;
  };
  const count = async (page: Page, tab: string) =>
    Number(await page.locator(`[data-count="${tab}"]`).innerText());

  test('the dashboard page runs under a strict CSP: no inline script, one bundle', async () => {
    const res = await fetch(`${app.url}/moderate`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    const html = await res.text();
    assert.match(html, /<script type="module" src="\/moderate\/dashboard\.js"><\/script>/);
    assert.doesNotMatch(html, /<script>/);
  });

  test('a held comment arrives live, is shown with its matched words, and "a" approves it onto the reader’s page', async () => {
    const mod = await dashboard(modA.email);
    const errors: string[] = [];
    mod.on('pageerror', (err) => errors.push(err.message));
    assert.equal(await mod.locator('#site option').count(), 1);

    const reader = await newPage();
    await reader.goto(`${hostPage.origin}/article?a=mod-1`);
    await reader.locator('#comments textarea[name=body]').fill('Du er en tullebukk, men saken er god.');
    await reader.locator('#comments input[name=authorName]').fill('Kari Leser');
    await reader.locator('#comments form > .row > button[type=submit]').click();
    // The widget nudges first (the text would be held); the reader publishes anyway.
    await reader.locator('#comments .nudge button[type=submit]').click();
    await reader.locator('#comments .badge.pending').waitFor({ timeout: 8000 });

    await row(mod, 'tullebukk').waitFor({ timeout: 8000 });
    // The arrival is said in the polite live region, for a moderator who is not looking.
    await mod
      .locator('.sr[aria-live=polite]', { hasText: 'Ny i Venter: Kari Leser' })
      .waitFor({ timeout: 5000 });
    await waitFor(async () => (await count(mod, 'pending')) === 1, 5000, 'the pending count');
    await row(mod, 'tullebukk').locator('button.open').click();
    // Focus is visible on every control the keyboard reaches, from the header through the
    // tabs, filters and list to the end of the open item; it falls to the page only after that.
    await mod.locator('#site').focus();
    const unmarked: string[] = [];
    let visited = 0;
    let lastInDetail = false;
    for (; visited < 80; visited++) {
      await mod.keyboard.press('Tab');
      const focus = (await mod.evaluate(`(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return { body: el === document.body, inDetail: Boolean(el.closest('.detail')),
          el: el.tagName + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' ' + (el.textContent || '').trim().slice(0, 20),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
      })()`)) as { body: boolean; inDetail: boolean; el: string; outline: boolean };
      if (focus.body) break;
      lastInDetail = focus.inDetail;
      if (!focus.outline) unmarked.push(focus.el);
    }
    assert.ok(visited > 15 && lastInDetail, `Tab went through ${visited} controls to the end of the item`);
    assert.deepEqual(unmarked, [], 'controls without a visible focus outline');
    assert.equal(await mod.locator('.detail mark').innerText(), 'tullebukk');
    const detail = await mod.locator('.detail').innerText();
    assert.match(detail, /Mistenkelig ord: «tullebukk» holdes for vurdering \(nettstedets liste\)/);
    assert.match(detail, /Forhåndsmoderering: hele nettstedet forhåndsmodereres/);
    await mod.locator('.detail .author', { hasText: 'Historikk' }).waitFor({ timeout: 5000 });
    assert.match(
      await mod.locator('.detail .author').innerText(),
      /Historikk: 0 godkjent, 0 avvist, \d+ venter/,
    );

    await mod.keyboard.press('a');
    await waitFor(
      async () => (await row(mod, 'tullebukk').count()) === 0,
      5000,
      'the item to leave the queue',
    );
    await waitFor(async () => (await count(mod, 'pending')) === 0, 5000, 'the pending count');
    await reader.locator('#comments .badge.pending').waitFor({ state: 'detached', timeout: 8000 });
    assert.match(await reader.locator('#comments li.c').first().innerText(), /tullebukk, men saken er god/);

    await mod.locator('[data-tab=approved]').click();
    await row(mod, 'tullebukk').locator('button.open').click();
    await mod.locator('.audit li', { hasText: 'godkjente' }).waitFor({ timeout: 5000 });
    assert.match(await mod.locator('.audit').innerText(), /moderator anne: godkjente \(venter → godkjent\)/);
    assert.deepEqual(errors, []);
  });

  test('claims show who is on an item, and a stale view gets "already handled by NAME"', async () => {
    const posted = await postComment('mod-2', 'Hvem tar denne først?');
    assert.equal(posted.body.comment.status, 'pending');
    const anne = await dashboard(modA.email);
    const bjorn = await newPage();
    // Bjørn's live events can be held back, so his view goes stale like on a slow connection.
    let hold = false;
    await bjorn.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((message) => {
        if (hold && typeof message === 'string' && message.startsWith('42')) return;
        ws.send(message);
      });
    });
    await dashboard(modB.email, PASSWORD, bjorn);
    await row(anne, 'Hvem tar denne først').locator('button.open').click();
    await row(bjorn, 'Hvem tar denne først').locator('.tag.claim', { hasText: 'anne ser på denne' }).waitFor({
      timeout: 5000,
    });
    await row(bjorn, 'Hvem tar denne først').locator('button.open').click();
    hold = true;
    await anne.keyboard.press('a');
    await waitFor(async () => (await row(anne, 'Hvem tar denne først').count()) === 0, 5000, 'approved');
    await bjorn.keyboard.press('r');
    await bjorn.locator('.detail .notice').waitFor({ timeout: 5000 });
    assert.equal(
      await bjorn.locator('.detail .notice').innerText(),
      'Allerede behandlet av moderator anne: godkjent',
    );
    hold = false;
    const stored = await app.request('GET', `/api/v1/moderation/comments/${posted.body.comment.id}`, {
      token: modA.token,
    });
    assert.equal(stored.body.comment.status, 'approved');
  });

  test('bulk reject of a selection, and closing an article from an item', async () => {
    for (const n of [1, 2, 3]) await postComment('mod-3', `Bulk nummer ${n}`);
    const mod = await dashboard(modA.email);
    await row(mod, 'Bulk nummer 3').waitFor({ timeout: 5000 });
    for (const n of [1, 2]) await row(mod, `Bulk nummer ${n}`).locator('input[type=checkbox]').check();
    await mod.locator('button.bulk.reject').click();
    await waitFor(async () => (await row(mod, 'Bulk nummer').count()) === 1, 5000, 'two rejected');
    await mod
      .locator('.sr', { hasText: '2 behandlet, 0 allerede behandlet av andre.' })
      .waitFor({ timeout: 5000 });

    await row(mod, 'Bulk nummer 3').locator('button.open').click();
    await mod.locator('.article button', { hasText: 'Steng kommentarer' }).click();
    await mod.locator('.article .meta', { hasText: 'stengt' }).waitFor({ timeout: 5000 });
    await mod.locator('.article button', { hasText: 'Åpne kommentarer' }).waitFor({ timeout: 5000 });
    const closed = await postComment('mod-3', 'For sent?');
    assert.equal(closed.status, 403);
    assert.equal(closed.body.error.code, 'comments_closed');
    await screenshot(mod, 'dashboard-nb');
  });

  test('English on request and dark mode', async () => {
    await postComment('mod-4', 'A comment in the queue for the English screenshot, tullebukk.');
    const page = await newPage({ colorScheme: 'dark', locale: 'en-GB' });
    const scripts: Promise<string>[] = [];
    page.on('response', (r) => {
      if (/\/moderate\/dashboard[^/]*\.js$/.test(r.url())) scripts.push(r.text());
    });
    await dashboard(modA.email, PASSWORD, page);
    // An English moderator downloads English only: no Bokmål string in any script fetched
    // (each language is a chunk of its own; Bokmål was in the shared chunk).
    const fetched = await Promise.all(scripts);
    assert.ok(fetched.some((js) => js.includes('Keyboard shortcuts')));
    assert.ok(
      !fetched.some((js) => js.includes('Tastatursnarveier')),
      'Bokmål fetched by an English moderator',
    );
    await page.locator('[data-tab=pending]', { hasText: 'Pending' }).waitFor({ timeout: 5000 });
    await row(page, 'English screenshot').locator('button.open').click();
    const text = await page.locator('.detail').innerText();
    for (const phrase of [
      'Approve (a)',
      'Reject (r)',
      'Why it is here',
      'Suspect term: "tullebukk" is held for review',
      'Pre-moderation: the whole site is pre-moderated',
      'Audit trail',
    ]) {
      assert.ok(text.includes(phrase), phrase);
    }
    // Dark mode is applied, not just requested: the page, the header, a queue row, the open
    // item, its buttons and its fields are dark with light text (computed, as drawn). In a light
    // page the same parts are light with dark text.
    for (const [part, { background, text }] of Object.entries(await drawnColours(page))) {
      assert.ok(background < 0.06, `dark mode: ${part} background luminance ${background.toFixed(3)}`);
      assert.ok(text > 0.35, `dark mode: ${part} text luminance ${text.toFixed(3)}`);
    }
    const light = await newPage({ locale: 'en-GB' });
    await dashboard(modA.email, PASSWORD, light);
    await row(light, 'English screenshot').locator('button.open').click();
    for (const [part, { background, text }] of Object.entries(await drawnColours(light))) {
      assert.ok(background > 0.6, `light mode: ${part} background luminance ${background.toFixed(3)}`);
      assert.ok(text < 0.2, `light mode: ${part} text luminance ${text.toFixed(3)}`);
    }
    await screenshot(page, 'dashboard-en-dark');
    await page.locator('header select[name=lang]').selectOption('nb');
    await page.locator('[data-tab=pending]', { hasText: 'Venter' }).waitFor({ timeout: 5000 });
  });

  test('the dashboard survives a server restart and shows comments posted meanwhile', async () => {
    const mod = await dashboard(modA.email);
    const port = app.service.port;
    const dbName = app.dbName;
    await app.close();
    await mod.locator('.conn.off').waitFor({ timeout: 8000 });
    app = await startTestApp(db, { port }, dbName);
    const posted = await postComment('mod-5', 'Skrevet mens dashbordet var frakoblet.');
    assert.equal(posted.status, 201);
    await mod.locator('.conn.on').waitFor({ timeout: 15_000 });
    await row(mod, 'Skrevet mens dashbordet var frakoblet.').waitFor({ timeout: 10_000 });
    // And it is live again afterwards, without a reload.
    await postComment('mod-5', 'Og denne kom etter at den koblet til igjen.');
    await row(mod, 'Og denne kom etter').waitFor({ timeout: 8000 });
  });

  test('editors review an opinion piece: edit as a revision, note, accept, publish', async () => {
    const sent = await app.request('POST', '/api/v1/sites/avisa/submissions', {
      body: {
        title: 'Bussen må gå oftere',
        body: 'Som pendler ser jeg hver dag hvor fulle bussene er. '.repeat(4),
        authorName: 'Erik Pendler',
        authorEmail: 'erik@example.no',
      },
    });
    assert.equal(sent.status, 201);
    const page = await dashboard(ADMIN.email, ADMIN.password);
    // A network whose latency drops: until the note is sent, answers to reads of the piece
    // arrive late, so the dashboard gets them after fresher ones. It must keep the fresher.
    let noteSent = false;
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/notes')) noteSent = true;
    });
    await page.route(/\/api\/v1\/moderation\/submissions\/[0-9a-f]{24}$/, async (route) => {
      const slow = !noteSent && route.request().method() === 'GET';
      const response = await route.fetch();
      if (slow) await new Promise((resolve) => setTimeout(resolve, 700));
      // A late answer held past the end of the test has no page to go to; during the test
      // a failed answer shows as the dashboard waiting, which the steps below catch.
      await route.fulfill({ response }).catch(() => undefined);
    });
    await page.locator('[data-tab=submissions]').click();
    await row(page, 'Bussen må gå oftere').locator('button.open').click();
    await page.locator('.detail button.act.start_review').click();
    await page.locator('.subtabs button', { hasText: 'Under behandling' }).click();
    await row(page, 'Bussen må gå oftere').locator('button.open').click();
    await page.locator('.detail .meta', { hasText: 'Under behandling' }).waitFor({ timeout: 10_000 });
    await page.locator('.detail input[name=title]').fill('Bussen må gå mye oftere');
    await page.locator('.detail input[name=summary]').fill('Skjerpet tittel');
    await page.locator('.detail button.save').click();
    await page.locator('.detail summary', { hasText: 'Revisjon 2' }).waitFor({ timeout: 10_000 });
    await page.locator('.detail textarea[name=noteText]').fill('Ser bra ut, kort ned avslutningen.');
    await page.locator('.detail button', { hasText: 'Legg til notat' }).click();
    await page
      .locator('.detail li', { hasText: 'kort ned avslutningen' })
      .waitFor({ timeout: 10_000 })
      .catch(async (err) => {
        await page.screenshot({ path: 'test-artifacts/screenshots/note-failure.png' });
        console.log(
          'dashboard detail when the note did not appear:',
          (await page.locator('.detail').innerText()).slice(0, 3000),
        );
        throw err;
      });
    await page.locator('.detail button.act.accept').click();
    await page.locator('.subtabs button', { hasText: 'Godtatt' }).click();
    await row(page, 'Bussen må gå mye oftere').locator('button.open').click();
    await page.locator('.detail button.act.publish').click();
    await waitFor(
      async () => {
        const res = await app.request('GET', `/api/v1/moderation/submissions/${sent.body.submission.id}`, {
          token: await app.adminToken(),
        });
        return res.body.submission?.status === 'published';
      },
      5000,
      'published',
    );
    // The status counts follow without a reload.
    await page.locator('.subtabs button', { hasText: /Publisert\s*1/ }).waitFor({ timeout: 10_000 });
    await page.locator('.subtabs button', { hasText: /Godtatt\s*0/ }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'dashboard-submissions');
  });

  /** Sends an opinion piece as a reader would; a colleague's token walks it on through the API. */
  async function submitPiece(title: string): Promise<{ id: string; version: number }> {
    const sent = await app.request('POST', '/api/v1/sites/avisa/submissions', {
      body: {
        title,
        body: 'Byen sover aldri helt, og det bør ikke kollektivtrafikken heller. '.repeat(4),
        authorName: 'Nina Nattevakt',
        authorEmail: 'nina@example.no',
      },
    });
    assert.equal(sent.status, 201);
    // The writer's receipt has no version; a new piece is at the first.
    return { id: sent.body.submission.id, version: 1 };
  }
  const colleagueActs = async (piece: { id: string; version: number }, action: string) => {
    const res = await app.request('POST', `/api/v1/moderation/submissions/${piece.id}/actions`, {
      body: { action, version: piece.version },
      token: await app.adminToken(),
    });
    assert.equal(res.status, 200);
    return res.body.submission as { id: string; version: number };
  };

  /**
   * Holds the page's answers to the reads matching `url` once the server has answered
   * them, until `release()`: a read the server made before a change whose event then
   * reaches the page first, as on a slow connection or a busy machine.
   */
  async function holdAnswers(page: Page, url: RegExp) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let serverRead!: () => void;
    const read = new Promise<void>((resolve) => (serverRead = resolve));
    let holding = true;
    await page.route(url, async (route) => {
      const response = await route.fetch();
      if (holding && route.request().method() === 'GET') {
        serverRead();
        await released;
      }
      await route.fulfill({ response }).catch(() => undefined);
    });
    return {
      read,
      release: () => {
        holding = false;
        release();
      },
    };
  }

  test('a piece a colleague moves while the editor’s read of it is on the way is shown as it is now', async () => {
    const piece = await submitPiece('Trikken bør gå hele natten');
    const page = await dashboard(ADMIN.email, ADMIN.password);
    const held = await holdAnswers(page, new RegExp(`/api/v1/moderation/submissions/${piece.id}$`));
    await page.locator('[data-tab=submissions]').click();
    await page.locator('.subtabs button', { hasText: 'Mottatt' }).click();
    await row(page, 'Trikken bør gå hele natten').locator('button.open').click();
    await held.read;
    await colleagueActs(piece, 'start_review');
    // The colleague's event has reached the page: the piece left the list of received ones.
    await waitFor(
      async () => (await row(page, 'Trikken bør gå hele natten').count()) === 0,
      5000,
      'the event to move the piece out of the list',
    );
    held.release();
    await page.locator('.detail .meta', { hasText: 'Under behandling' }).waitFor({ timeout: 5000 });
    assert.equal(await page.locator('.detail button.act.start_review').count(), 0);
  });

  test('a piece a colleague moves into the list while the editor’s read of the list is on the way stays in it, and counts', async () => {
    // A piece in another list, to see the list's answer arrive by; and the one that moves.
    const other = await submitPiece('Flere benker langs elva');
    await colleagueActs(await colleagueActs(other, 'start_review'), 'accept');
    const piece = await submitPiece('Nattbussen til Lade');
    const page = await dashboard(ADMIN.email, ADMIN.password);
    await page.locator('[data-tab=submissions]').click();
    await page.locator('.subtabs button', { hasText: 'Godtatt' }).click();
    await row(page, 'Flere benker langs elva').waitFor({ timeout: 5000 });
    const underReview = async () =>
      Number(await page.locator('.subtabs button[data-status=in_review] .n').innerText());
    const before = await underReview();
    const held = await holdAnswers(
      page,
      /\/api\/v1\/moderation\/sites\/avisa\/submissions\?status=in_review/,
    );
    await page.locator('.subtabs button', { hasText: 'Under behandling' }).click();
    await held.read;
    await colleagueActs(piece, 'start_review');
    // Its event has reached the page (the list shown is still the one before the read).
    await row(page, 'Nattbussen til Lade').waitFor({ timeout: 5000 });
    // And so have the counts sent after it.
    await waitFor(async () => (await underReview()) === before + 1, 5000, 'the counts sent');
    held.release();
    await waitFor(
      async () => (await row(page, 'Flere benker langs elva').count()) === 0,
      5000,
      'the list of pieces under review',
    );
    assert.equal(await row(page, 'Nattbussen til Lade').count(), 1, 'the piece the colleague moved');
    assert.equal(await underReview(), before + 1, 'the count under review');
  });

  test('keyboard only through an opinion piece: each step keeps focus in the piece, never on the page', async () => {
    await submitPiece('Skoleveien må bli tryggere');
    const page = await dashboard(ADMIN.email, ADMIN.password);
    await page.locator('[data-tab=submissions]').click();
    await row(page, 'Skoleveien må bli tryggere').locator('button.open').click();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return el?.closest('.detail article')
          ? `${el.tagName.toLowerCase()} ${el.getAttribute('name') ?? ''}`.trim()
          : 'outside the piece';
      });
    for (const [step, next] of [
      ['start_review', 'accept'],
      ['accept', 'publish'],
    ]) {
      await page.locator(`.detail button.act.${step}`).focus();
      await page.keyboard.press('Enter');
      await page.locator(`.detail button.act.${next}`).waitFor({ timeout: 10_000 });
      await waitFor(
        async () => (await focused()) === 'input note',
        5000,
        `after ${step}: on the next step's note`,
      );
    }
    await page.locator('.detail button.act.publish').focus();
    await page.keyboard.press('Enter');
    await page.locator('.detail .meta', { hasText: 'Publisert' }).waitFor({ timeout: 10_000 });
    await waitFor(async () => (await focused()) === 'h2', 5000, 'after publishing: on the title');
  });
});
