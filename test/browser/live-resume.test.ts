import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import { buildBrowserBundles, type HostPage, launchChromium, startHostPage } from './browser-support.js';

const widgetText = (page: Page) => page.locator('#comments section').first().innerText();

/**
 * The widget's live connection drops and cannot come back for a while (a
 * deploy): what happened meanwhile must be on the page once it is back,
 * without a reload.
 */
describe('the widget resumes after its live connection was lost', () => {
  let db: TestDatabase;
  let app: TestApp;
  let hostPage: HostPage;
  let browser: Browser;
  let moderator: string;
  const SITE = 'gjenoppta';

  before(async () => {
    await buildBrowserBundles();
    db = await TestDatabase.start();
    app = await startTestApp(db);
    hostPage = await startHostPage(app.url, SITE);
    await createSite(app, SITE, { mode: 'post' }, [hostPage.origin]);
    moderator = (await createStaff(app, 'moderator', [SITE])).token;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await hostPage?.close();
    await app?.close();
    await db?.stop();
  });

  const postComment = async (body: string) => {
    const res = await app.request('POST', articlePath(SITE, 'sak'), { body: { body, authorName: 'Per' } });
    assert.equal(res.body.comment.status, 'approved');
    return res.body.comment.id as string;
  };

  test('comments that arrived and were removed while it was away are shown and taken away', async () => {
    const kept = await postComment('Denne blir stående.');
    const doomed = await postComment('Denne blir fjernet mens leseren er borte.');
    const context = await browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${hostPage.origin}/article?a=sak`);
    await waitFor(
      async () => (await widgetText(page).catch(() => '')).includes('blir fjernet'),
      8000,
      'the page',
    );
    await waitFor(() => app.service.io.of('/live').sockets.size === 1, 8000, 'the live subscription');

    // The service goes away for the widget: no new WebSocket is accepted, the open one is closed.
    const engine = app.service.io.engine as unknown as {
      opts: { allowRequest?: (req: unknown, done: (err: string | null, ok: boolean) => void) => void };
    };
    engine.opts.allowRequest = (_req, done) => done('deploy in progress', false);
    app.service.io.of('/live').disconnectSockets(true);
    await waitFor(() => sockets.length >= 2, 8000, 'a refused reconnect');

    const arrived = await postComment('Skrevet mens leseren var borte.');
    const queue = await app.request('GET', `/api/v1/moderation/sites/${SITE}/queue?status=approved`, {
      token: moderator,
    });
    const version = queue.body.items.find((c: { id: string }) => c.id === doomed).version;
    const action = await app.request('POST', `/api/v1/moderation/comments/${doomed}/actions`, {
      token: moderator,
      body: { action: 'reject', version },
    });
    assert.equal(action.status, 200);
    assert.match(await widgetText(page), /blir fjernet/, 'nothing reached the page while it was away');

    engine.opts.allowRequest = undefined;
    await waitFor(
      async () => {
        const text = await widgetText(page);
        return text.includes('1 ny kommentar') && !text.includes('blir fjernet');
      },
      20_000,
      'the page to resume',
    );
    await page.locator('#comments button', { hasText: '1 ny kommentar' }).click();
    const text = await widgetText(page);
    assert.match(text, /Skrevet mens leseren var borte\./);
    assert.match(text, /Denne blir stående\./);
    assert.ok(arrived && kept);

    // And it is live again: the next comment comes without a reload.
    await postComment('Og denne kom direkte.');
    await waitFor(
      async () => (await widgetText(page)).includes('1 ny kommentar'),
      8000,
      'the next comment live',
    );
    await context.close();
  });
});
