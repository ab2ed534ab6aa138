import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { requireFiles } from '../support/prerequisites.js';

export const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

const BUILD = join(process.cwd(), 'public', 'build');
const BUNDLES = ['widget.js', 'dashboard.js', 'dashboard.css'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(path) : stat.mtimeMs);
  }
  return newest;
}

function bundlesFresh(): boolean {
  const sources = Math.max(
    newestSource(join(process.cwd(), 'src', 'browser')),
    statSync(join(process.cwd(), 'src', 'realtime', 'sequenced-stream.ts')).mtimeMs,
    statSync(join(process.cwd(), 'scripts', 'build-browser.mjs')).mtimeMs,
  );
  return BUNDLES.every((file) => {
    const path = join(BUILD, file);
    return existsSync(path) && statSync(path).mtimeMs > sources;
  });
}

/**
 * Builds widget.js and dashboard.js the way `npm run build` does, so the tests
 * run the shipped bundles. Test files run in parallel: a lock file makes one
 * build while the others wait, and fresh bundles are not rewritten under a
 * server that is serving them.
 */
export async function buildBrowserBundles(): Promise<void> {
  mkdirSync(BUILD, { recursive: true });
  const lock = join(BUILD, '.building');
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { force: true });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    if (bundlesFresh()) return;
    const result = spawnSync(process.execPath, ['scripts/build-browser.mjs', '--quiet'], {
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`browser build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Debian's Chromium, as DESIGN.md prescribes (playwright's own download cannot work here). */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  requireFiles([executablePath], "Debian's Chromium");
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string, selector?: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  if (selector) await page.locator(selector).first().screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
}

export interface HostPage {
  origin: string;
  close(): Promise<void>;
}

/**
 * A publisher's page on another origin than the API (another port on
 * 127.0.0.1), so CORS and the cross-origin script load are real. `/article?a=ID`
 * embeds the widget for that article (`&site=` another site, `&lang=en`), `/two` two
 * widgets, `/lazy` one far below the fold, `/submit` the opinion-piece form.
 * Query fields named `data-…` become attributes of the `/article` container
 * (signed article attributes). The page counts XSS attempts in window.__xss.
 */
export async function startHostPage(apiUrl: string, defaultSite: string): Promise<HostPage> {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const site = url.searchParams.get('site') ?? defaultSite;
    const lang = url.searchParams.get('lang');
    const langAttr = lang ? ` data-lang="${esc(lang)}"` : '';
    const dataAttrs = [...url.searchParams]
      .filter(([name]) => /^data-[a-z-]+$/.test(name))
      .map(([name, value]) => ` ${name}="${esc(value)}"`)
      .join('');
    const embeds =
      url.pathname === '/submit'
        ? `<div data-ordskifte-submission data-site="${esc(site)}"${langAttr}></div>`
        : url.pathname === '/two'
          ? `<div id="one" data-ordskifte data-site="${esc(site)}" data-article="${esc(url.searchParams.get('a') ?? 'a1')}"${langAttr}></div>
<div id="two" data-ordskifte data-site="${esc(site)}" data-article="${esc(url.searchParams.get('b') ?? 'b1')}"${langAttr}></div>`
          : url.pathname === '/lazy'
            ? `<div style="height:4000px">Lang sak …</div><div id="comments" data-ordskifte data-site="${esc(site)}" data-article="${esc(url.searchParams.get('a') ?? 'a1')}"${langAttr}></div>`
            : `<div id="comments" data-ordskifte data-site="${esc(site)}" data-article="${esc(url.searchParams.get('a') ?? 'a1')}"${langAttr}${dataAttrs}></div>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Avisa</title>
<script>window.__xss = 0;</script></head>
<body style="margin:0 auto;max-width:720px;font-family:Georgia,serif">
<h1>Lokalavisa: en sak</h1><p>Brødtekst i saken.</p>
${embeds}
<script src="${apiUrl}/widget.js" async></script>
</body></html>`);
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
