import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { signArticleAttributes } from '../../src/articles/embed-signature.js';
import { createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';
import { buildBrowserBundles, type HostPage, launchChromium, startHostPage } from './browser-support.js';

/**
 * The widget passes the article attributes the page's CMS signed (issue 12,
 * item 6): the service stores them and the date closes the article; the same
 * attributes unsigned change nothing.
 */
describe('widget: signed article attributes from the page', () => {
  let db: TestDatabase;
  let app: TestApp;
  let hostPage: HostPage;
  let browser: Browser;
  const SECRET = 'widget-embed-secret-0123456789abcdef';

  before(async () => {
    await buildBrowserBundles();
    db = await TestDatabase.start();
    app = await startTestApp(db);
    hostPage = await startHostPage(app.url, 'signert');
    await createSite(app, 'signert', { closeAfterDays: 2, embedSecret: SECRET }, [hostPage.origin]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await hostPage?.close();
    await app?.close();
    await db?.stop();
  });

  const stored = (articleId: string) =>
    app.service.db.connection.collection('articles').findOne({ siteId: 'signert', articleId });
  const open = async (articleId: string, data: Record<string, string>) => {
    const page = await browser.newPage();
    const query = new URLSearchParams({ a: articleId, ...data });
    await page.goto(`${hostPage.origin}/article?${query}`);
    return page;
  };

  it('a signed publication date closes the article and the title reaches the service', async () => {
    const attrs = {
      publishedAt: new Date(Date.now() - 5 * 24 * 3600 * 1000).toISOString(),
      title: 'Vedtak om ny skole',
      url: 'https://avisa.test/skole',
      signedAt: new Date().toISOString(),
    };
    const page = await open('skole', {
      'data-published-at': attrs.publishedAt,
      'data-article-title': attrs.title,
      'data-article-url': attrs.url,
      'data-signed-at': attrs.signedAt,
      'data-signature': signArticleAttributes(SECRET, 'signert', 'skole', attrs),
    });
    await page.locator('#comments').getByText('Kommentarfeltet er stengt for denne saken.').waitFor();
    const article = await stored('skole');
    assert.equal(article?.title, 'Vedtak om ny skole');
    assert.equal(article?.url, 'https://avisa.test/skole');
    await page.close();
  });

  it('the same attributes unsigned leave the article open and store nothing', async () => {
    const page = await open('usignert', {
      'data-published-at': '2000-01-01T00:00:00Z',
      'data-article-title': 'Falsk tittel',
    });
    await page.locator('#comments textarea').first().waitFor();
    assert.equal(await page.locator('#comments').getByText('Kommentarfeltet er stengt').count(), 0);
    assert.equal(await stored('usignert'), null);
    await page.close();
  });
});
