/**
 * What the workbench's browser tests share: one app, one Chromium, pages
 * logged in as a given user, comments seeded through the public API.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { articlePath, type TestApp } from '../support/harness.js';

export const PASSWORD = 'staff-password-123';

export interface PageOptions {
  colorScheme?: 'light' | 'dark';
  locale?: string;
  width?: number;
  height?: number;
  /** The browser's own time zone (IANA), e.g. a moderator abroad. */
  timezoneId?: string;
}

export class Workbench {
  readonly contexts: BrowserContext[] = [];

  constructor(
    readonly browser: Browser,
    readonly app: () => TestApp,
  ) {}

  async page(options: PageOptions = {}): Promise<Page> {
    const context = await this.browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      colorScheme: options.colorScheme ?? 'light',
      locale: options.locale ?? 'nb-NO',
      reducedMotion: 'reduce',
      timezoneId: options.timezoneId,
    });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => {
      throw new Error(`page error in the workbench: ${err.message}`);
    });
    return page;
  }

  /** Logs in through the form; resolves once the live connection is up. */
  async login(
    email: string,
    options: { password?: string; page?: Page; hash?: string; site?: string } = {},
  ): Promise<Page> {
    const p = options.page ?? (await this.page());
    await p.goto(`${this.app().url}/moderate${options.hash ?? ''}`);
    await p.locator('form.login input[name=email]').fill(email);
    await p.locator('form.login input[name=password]').fill(options.password ?? PASSWORD);
    await p.locator('form.login button[type=submit]').click();
    await p.locator('.conn.on').waitFor({ timeout: 10_000 });
    if (options.site && (await p.locator('#site').inputValue()) !== options.site) {
      await p.locator('#site').selectOption(options.site);
      await p.locator('.conn.on').waitFor({ timeout: 10_000 });
    }
    return p;
  }

  async close(): Promise<void> {
    for (const context of this.contexts.splice(0)) await context.close().catch(() => undefined);
  }
}

/** Posts a reader comment; returns its id. */
export async function postComment(
  app: TestApp,
  siteId: string,
  articleId: string,
  body: string,
  authorName = 'Leser',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await app.request('POST', articlePath(siteId, articleId), {
    body: { body, authorName, ...extra },
  });
  if (res.status !== 201) throw new Error(`comment not posted: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.comment.id as string;
}

/** Whether keyboard focus is on a control inside the queue list. */
export const focusInList = (page: Page) =>
  page.evaluate(() => Boolean(document.activeElement?.closest('ul.queue')));
