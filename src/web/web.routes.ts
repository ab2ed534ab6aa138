import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Response, Router } from 'express';
import { AppError } from '../platform/errors.js';

/** public/build, built by scripts/build-browser.mjs; the same relative place from src/ and from dist/. */
export const BUILD_DIR = fileURLToPath(new URL('../../public/build/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function sendBuilt(
  res: Response,
  file: string,
  headers: Record<string, string>,
  next: (e?: unknown) => void,
) {
  const type = TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
  res.sendFile(
    file,
    { root: BUILD_DIR, headers: { 'Content-Type': type, ...headers }, dotfiles: 'deny' },
    (err) => {
      if (!err) return;
      if (res.headersSent) return;
      next(
        existsSync(BUILD_DIR + file)
          ? err
          : new AppError(
              'not_found',
              `${file} is not built: run \`npm run build\` (or node scripts/build-browser.mjs).`,
            ),
      );
    },
  );
}

/**
 * Publishers load the widget from their own pages, so it must be readable
 * cross-origin (helmet's default Cross-Origin-Resource-Policy is same-origin).
 * Its URL is not versioned: a short max-age, then revalidation by ETag.
 */
const WIDGET_HEADERS = {
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'public, max-age=300, stale-while-revalidate=86400',
};
/** The widget's chunks (content-hashed names): cross-origin like widget.js, and cacheable for good. */
const WIDGET_CHUNK_HEADERS = {
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'public, max-age=31536000, immutable',
};
const DASHBOARD_ASSET_HEADERS = { 'Cache-Control': 'no-cache' };
const CHUNK_HEADERS = { 'Cache-Control': 'public, max-age=31536000, immutable' };

const page = (lang: string, title: string, head: string, body: string) => `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${title}</title>
${head}
</head>
<body>
${body}
</body>
</html>
`;

const DASHBOARD_HTML = page(
  'nb',
  'Ordskifte – moderering',
  '<link rel="stylesheet" href="/moderate/dashboard.css">\n<script type="module" src="/moderate/dashboard.js"></script>',
  '<div id="app"><p>Laster …</p></div>\n<noscript>Ordskifte trenger JavaScript. / Ordskifte needs JavaScript.</noscript>',
);

const DEMO_HTML = page(
  'nb',
  'Ordskifte – demo',
  '<style>body{font:18px/1.6 Georgia,serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}' +
    '@media (prefers-color-scheme:dark){body{background:#111;color:#ddd}}</style>',
  `<article>
<h1>Demo: en sak med kommentarfelt</h1>
<p>Denne siden viser Ordskifte-widgeten slik en avis bygger den inn: én container og ett skript.
Kommentarer til siden <code>demo</code> modereres i <a href="/moderate">/moderate</a>.</p>
<p>This page shows the Ordskifte widget the way a newspaper embeds it: one container and one script.</p>
</article>
<div data-ordskifte data-site="demo" data-article="demo-article"></div>
<h2>Leserinnlegg</h2>
<div data-ordskifte-submission data-site="demo"></div>
<script src="/widget.js" async></script>`,
);

/** /widget.js for publishers' pages, /moderate (the dashboard) and /demo (a sample article page). */
export function webRoutes(): Router {
  const router = Router();
  router.get('/widget.js', (_req, res, next) => sendBuilt(res, 'widget.js', WIDGET_HEADERS, next));
  router.get('/widget.js.map', (_req, res, next) => sendBuilt(res, 'widget.js.map', WIDGET_HEADERS, next));
  // Chunks the widget imports on demand (an ES module import from the publisher's page needs CORS).
  router.get(/^\/(widget-[a-z]+-[A-Za-z0-9]+\.js(?:\.map)?)$/, (req, res, next) =>
    sendBuilt(res, String(req.params[0]), WIDGET_CHUNK_HEADERS, next),
  );
  router.get(['/moderate', '/moderate/'], (_req, res) => {
    res.set('Cache-Control', 'no-store').type('html').send(DASHBOARD_HTML);
  });
  for (const file of ['dashboard.js', 'dashboard.js.map', 'dashboard.css', 'dashboard.css.map']) {
    router.get(`/moderate/${file}`, (_req, res, next) => sendBuilt(res, file, DASHBOARD_ASSET_HEADERS, next));
  }
  // The workbench's chunks (languages, admin views): content-hashed names, so cacheable for good.
  router.get(/^\/moderate\/(dashboard-[A-Za-z0-9_-]+\.js(?:\.map)?)$/, (req, res, next) =>
    sendBuilt(res, String(req.params[0]), CHUNK_HEADERS, next),
  );
  router.get('/demo', (_req, res) => {
    res.set('Cache-Control', 'no-store').type('html').send(DEMO_HTML);
  });
  return router;
}
