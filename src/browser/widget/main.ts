/**
 * Entry point of /widget.js. Embedding is one container and one script:
 *   <div data-ordskifte data-site="demo" data-article="ARTICLE-ID"></div>
 *   <script src="https://HOST/widget.js" async></script>
 * The API origin is the script's own origin. Single-page sites use
 * window.Ordskifte.render(el), setToken(token) and destroy(el).
 */
// First, so that it is the first thing the script does (see start-mark.ts).
import './start-mark.js';
import { LiveSocket } from '../shared/socket-client.js';
import { CommentsWidget, type WidgetContext } from './comments.js';
import { pickWidgetLang, strings } from './strings.js';
import { widgetCss } from './styles.js';
import type * as Submission from './submission.js';

/** `widget-submission-HASH.js`, set by scripts/build-browser.mjs. */
declare const __SUBMISSION_CHUNK__: string;

interface Widget {
  start(): void;
  identityChanged(): void;
  destroy(): void;
}

declare global {
  interface Window {
    Ordskifte?: OrdskifteApi;
  }
}

export interface OrdskifteApi {
  /** Renders every embed under `el` (or `el` itself); renders the whole page without an argument. */
  render(el?: Element | Document): void;
  /** The reader's login token from the site (sites with required login); `null` logs out. */
  setToken(token: string | null): void;
  /** Removes the widget(s) at or under `el` and closes their live updates. */
  destroy(el?: Element | Document): void;
  version: string;
}

const script = document.currentScript as HTMLScriptElement | null;
const origin = new URL(script?.src ?? location.href).origin;
const widgets = new Map<Element, Widget>();
let token: string | null = null;
let socket: LiveSocket | null = null;
let sheet: CSSStyleSheet | null = null;

const context: WidgetContext = {
  origin,
  token: () => token,
  // One live connection per page, shared by every widget on it.
  socket: () => {
    socket ??= new LiveSocket(origin, '/live');
    return socket;
  },
  // A constructed stylesheet is not inline CSS, so publishers' strict CSPs do not block it.
  style: (root) => {
    try {
      sheet ??= new CSSStyleSheet();
      sheet.replaceSync(widgetCss);
      root.adoptedStyleSheets = [sheet];
    } catch {
      const style = document.createElement('style');
      style.textContent = widgetCss;
      root.append(style);
    }
  },
};

const SELECTOR = '[data-ordskifte],[data-ordskifte-submission]';

function embedsUnder(el: Element | Document): Element[] {
  const found = [...el.querySelectorAll(SELECTOR)];
  if (el instanceof Element && el.matches(SELECTOR)) found.unshift(el);
  return found;
}

/**
 * The leserinnlegg form is a chunk of its own (only its page fetches it): the
 * embed stands in for it until it has come; if it cannot come, the reader is told.
 */
function submissionForm(host: HTMLElement): Widget {
  let form: Widget | null = null;
  let gone = false;
  const lang = pickWidgetLang(host.dataset.lang);
  (import(`${origin}/${__SUBMISSION_CHUNK__}`) as Promise<typeof Submission>).then(
    (chunk) => {
      if (!gone) form = new chunk.SubmissionForm(host, context, strings[lang], lang);
    },
    () => {
      host.textContent = strings[lang].unavailable;
    },
  );
  return {
    start() {},
    identityChanged() {},
    destroy() {
      gone = true;
      form?.destroy();
    },
  };
}

const api: OrdskifteApi = {
  version: '1',
  render(el = document) {
    for (const host of embedsUnder(el)) {
      if (widgets.has(host) || !(host instanceof HTMLElement)) continue;
      const widget = host.hasAttribute('data-ordskifte-submission')
        ? submissionForm(host)
        : new CommentsWidget(host, context);
      widgets.set(host, widget);
      widget.start();
    }
  },
  setToken(value) {
    token = value || null;
    for (const widget of widgets.values()) widget.identityChanged();
  },
  destroy(el = document) {
    for (const host of embedsUnder(el)) {
      widgets.get(host)?.destroy();
      widgets.delete(host);
    }
    if (widgets.size === 0) {
      socket?.close();
      socket = null;
    }
  },
};

// A page may have set window.Ordskifte = { token } before the script loaded.
const preset = window.Ordskifte as { token?: string } | undefined;
if (typeof preset?.token === 'string') token = preset.token;
window.Ordskifte = api;
// Embeds above the script start now (their first page is fetched while the rest of the page
// loads); those further down when the document is parsed.
api.render();
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => api.render());
