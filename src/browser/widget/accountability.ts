/**
 * The widget's accountability parts (DSA Art. 16, 17, 20), a chunk of its
 * own (`widget-accountability-HASH.js`) that the widget fetches only for a
 * reader who needs it: one who opens "Meld ulovlig innhold", has a comment
 * turned down, or sent a notice from this browser. It holds the notice form
 * and the notifier's receipts, and, under the writer's own turned-down
 * comment, the statement of reasons with "Klag på avgjørelsen".
 * comments.ts reaches it through accountability-loader.ts.
 */
import { h, newKey, replace } from '../shared/dom.js';
import { fill } from '../shared/i18n.js';
import { type ApiResult, api } from './api.js';
import { forgetReceipt, keepReceipt, type NoticeReceipt } from './notice-receipts.js';
import { redressWithOwnLabel } from './redress.js';
import type { WidgetLang } from './strings.js';
import { noticeCategories, noticeCategoryName } from '../../notices/notice-categories.js';

const nb = {
  reportIllegal: 'Meld ulovlig innhold',
  noticeIntro:
    'Bruk dette skjemaet når du mener kommentaren er ulovlig, for eksempel hatefulle ytringer, trusler eller ærekrenkelser. Brudd på debattreglene meldes med «Rapporter».',
  noticeCategory: 'Hva slags ulovlig innhold er det?',
  noticeExplain: 'Forklar hvorfor du mener innholdet er ulovlig (minst 10 tegn)',
  noticeName: 'Navnet ditt (valgfritt)',
  noticeEmail: 'E-postadressen din (valgfritt, for kvittering og svar)',
  goodFaith: 'Jeg bekrefter i god tro at opplysningene i meldingen er riktige og fullstendige.',
  needGoodFaith: 'Kryss av for at meldingen er gitt i god tro.',
  needExplain: 'Skriv minst 10 tegn om hvorfor innholdet er ulovlig.',
  badEmail: 'E-postadressen ser ikke riktig ut.',
  noticeSend: 'Send meldingen',
  noticeReceived: 'Meldingen er mottatt. Saksnummer: {id}. En moderator behandler den så snart som mulig.',
  noticeCheck: 'Se status',
  notice_received: 'Mottatt, ikke behandlet ennå.',
  notice_removed: 'Behandlet: kommentaren er fjernet.',
  notice_kept: 'Behandlet: kommentaren ble ikke fjernet.',
  receipts: 'Meldingene dine om ulovlig innhold',
  receiptCase: 'Sak {id}, sendt {when}.',
  forget: 'Skjul',
  why_not_published: 'Hvorfor kommentaren ikke ble publisert',
  why_removed: 'Hvorfor kommentaren ble fjernet',
  why_restricted: 'Hvorfor kommentarene dine er begrenset',
  ground: 'Grunnlag',
  auto_both: 'Avgjort automatisk av moderasjonssystemet, uten at et menneske så på den.',
  auto_detection: 'Funnet av moderasjonssystemet og vurdert av en moderator.',
  auto_none: 'Vurdert av en moderator.',
  redress: 'Klagemuligheter',
  appeal: 'Klag på avgjørelsen',
  appealExplain: 'Hvorfor mener du avgjørelsen er feil? (minst 10 tegn)',
  appealSend: 'Send klagen',
  appealReceived: 'Klagen er mottatt. Et menneske behandler den, og svaret kommer her.',
  appeal_reversed: 'Du fikk medhold i klagen. Kommentaren er publisert.',
  appeal_upheld: 'Klagen er behandlet: avgjørelsen står.',
  appealTwice: 'Du har allerede klaget på denne avgjørelsen.',
  appealClosed: 'Fristen for å klage er ute.',
  rateLimited: 'Du har sendt mye på kort tid. Vent {s} sekunder og prøv igjen.',
  gone: 'Kommentaren finnes ikke lenger.',
  offline: 'Ingen forbindelse. Prøv igjen når du er på nett.',
  failed: 'Noe gikk galt. Prøv igjen.',
  cancel: 'Avbryt',
};
type Strings = typeof nb;

const nn: Strings = {
  reportIllegal: 'Meld ulovleg innhald',
  noticeIntro:
    'Bruk dette skjemaet når du meiner kommentaren er ulovleg, til dømes hatefulle ytringar, truslar eller ærekrenkingar. Brot på debattreglane melder du med «Rapporter».',
  noticeCategory: 'Kva slags ulovleg innhald er det?',
  noticeExplain: 'Forklar kvifor du meiner innhaldet er ulovleg (minst 10 teikn)',
  noticeName: 'Namnet ditt (valfritt)',
  noticeEmail: 'E-postadressa di (valfritt, for kvittering og svar)',
  goodFaith: 'Eg stadfestar i god tru at opplysningane i meldinga er rette og fullstendige.',
  needGoodFaith: 'Kryss av for at meldinga er gjeven i god tru.',
  needExplain: 'Skriv minst 10 teikn om kvifor innhaldet er ulovleg.',
  badEmail: 'E-postadressa ser ikkje rett ut.',
  noticeSend: 'Send meldinga',
  noticeReceived:
    'Meldinga er motteken. Saksnummer: {id}. Ein moderator behandlar henne så snart som mogleg.',
  noticeCheck: 'Sjå status',
  notice_received: 'Motteken, ikkje behandla enno.',
  notice_removed: 'Behandla: kommentaren er fjerna.',
  notice_kept: 'Behandla: kommentaren vart ikkje fjerna.',
  receipts: 'Meldingane dine om ulovleg innhald',
  receiptCase: 'Sak {id}, send {when}.',
  forget: 'Skjul',
  why_not_published: 'Kvifor kommentaren ikkje vart publisert',
  why_removed: 'Kvifor kommentaren vart fjerna',
  why_restricted: 'Kvifor kommentarane dine er avgrensa',
  ground: 'Grunnlag',
  auto_both: 'Avgjort automatisk av modereringssystemet, utan at eit menneske såg på han.',
  auto_detection: 'Funne av modereringssystemet og vurdert av ein moderator.',
  auto_none: 'Vurdert av ein moderator.',
  redress: 'Klagemoglegheiter',
  appeal: 'Klag på avgjerda',
  appealExplain: 'Kvifor meiner du avgjerda er feil? (minst 10 teikn)',
  appealSend: 'Send klaga',
  appealReceived: 'Klaga er motteken. Eit menneske behandlar henne, og svaret kjem her.',
  appeal_reversed: 'Du fekk medhald i klaga. Kommentaren er publisert.',
  appeal_upheld: 'Klaga er behandla: avgjerda står.',
  appealTwice: 'Du har alt klaga på denne avgjerda.',
  appealClosed: 'Fristen for å klage er ute.',
  rateLimited: 'Du har sendt mykje på kort tid. Vent {s} sekund og prøv igjen.',
  gone: 'Kommentaren finst ikkje lenger.',
  offline: 'Inga tilkopling. Prøv igjen når du er på nett.',
  failed: 'Noko gjekk gale. Prøv igjen.',
  cancel: 'Avbryt',
};

const en: Strings = {
  reportIllegal: 'Report illegal content',
  noticeIntro:
    'Use this form if you believe the comment is illegal, for example hate speech, threats or defamation. Breaches of the debate rules are reported with "Report".',
  noticeCategory: 'What kind of illegal content is it?',
  noticeExplain: 'Explain why you believe the content is illegal (at least 10 characters)',
  noticeName: 'Your name (optional)',
  noticeEmail: 'Your e-mail address (optional, for a receipt and the decision)',
  goodFaith: 'I confirm in good faith that the information in this notice is accurate and complete.',
  needGoodFaith: 'Tick the box to confirm the notice is made in good faith.',
  needExplain: 'Write at least 10 characters on why the content is illegal.',
  badEmail: 'The e-mail address does not look right.',
  noticeSend: 'Send the notice',
  noticeReceived:
    'Your notice was received. Case number: {id}. A moderator will handle it as soon as possible.',
  noticeCheck: 'Check status',
  notice_received: 'Received, not handled yet.',
  notice_removed: 'Handled: the comment was removed.',
  notice_kept: 'Handled: the comment was not removed.',
  receipts: 'Your notices of illegal content',
  receiptCase: 'Case {id}, sent {when}.',
  forget: 'Hide',
  why_not_published: 'Why your comment was not published',
  why_removed: 'Why your comment was removed',
  why_restricted: 'Why your comments are restricted',
  ground: 'Ground',
  auto_both: 'Decided automatically by the moderation system, without a person looking at it.',
  auto_detection: 'Found by the moderation system and assessed by a moderator.',
  auto_none: 'Assessed by a moderator.',
  redress: 'Your options',
  appeal: 'Appeal the decision',
  appealExplain: 'Why do you think the decision is wrong? (at least 10 characters)',
  appealSend: 'Send the appeal',
  appealReceived: 'Your appeal was received. A person will handle it, and the answer will show here.',
  appeal_reversed: 'Your appeal succeeded. The comment is published.',
  appeal_upheld: 'Your appeal was handled: the decision stands.',
  appealTwice: 'You have already appealed this decision.',
  appealClosed: 'The time to appeal has run out.',
  rateLimited: 'You have sent a lot in a short time. Wait {s} seconds and try again.',
  gone: 'The comment no longer exists.',
  offline: 'No connection. Try again when you are online.',
  failed: 'Something went wrong. Please try again.',
  cancel: 'Cancel',
};

const strings: Record<WidgetLang, Strings> = { nb, nn, en };

const css =
  '.stmt{margin:var(--s) 0;padding:var(--s) calc(var(--s)*1.5);border-left:3px solid var(--err);background:var(--panel);border-radius:0 var(--r) var(--r) 0;font-size:.9em}' +
  '.stmt p{margin:0 0 6px}.stmt h4{margin:0 0 6px;font-size:1em}.stmt summary{cursor:pointer;color:var(--accent);min-height:44px;display:flex;align-items:center}' +
  '.stmt details p{margin:0 0 6px}.notice .note{margin:0}.receipts{font-size:.9em}.receipts ul{margin:0;padding:0;list-style:none}' +
  '.receipts li{display:flex;flex-wrap:wrap;gap:0 8px;align-items:center;border-top:1px solid var(--line);padding:4px 0}' +
  '.receipt{display:grid;gap:6px;margin:0 0 var(--s)}.receipt .link{justify-self:start}';

/** Adds the chunk's CSS to a widget's shadow root (a constructed sheet, as the widget's own). */
export function install(root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    root.append(h('style', { text: css }));
  }
}

export interface AccountabilityContext {
  /** `…/sites/{siteId}/articles/{articleId}/comments` of the widget's article. */
  base: string;
  /** `…/sites/{siteId}` */
  siteBase: string;
  site: string;
  article: string;
  lang: WidgetLang;
  announce: (text: string) => void;
}

/** What the status endpoint says about the writer's own comment: the statement and the appeal. */
export interface WriterStatus {
  comment: { id: string; status: string };
  statement?: {
    id: string;
    decision: 'not_published' | 'removed' | 'restricted';
    facts: string;
    ground: { type: string; reference: string; explanation: string };
    automated: { detection: boolean; decision: boolean };
    redress: { appealUntil: string; outOfCourt: string };
    language: WidgetLang;
  };
  appeal?: { status: 'received' | 'decided'; outcome?: 'upheld' | 'reversed' };
}

const day = (iso: string, lang: WidgetLang) => {
  try {
    return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : `${lang}-NO`, { dateStyle: 'long' }).format(
      new Date(iso),
    );
  } catch {
    return iso.slice(0, 10);
  }
};

const field = (label: string, control: HTMLElement) => h('label', null, label, control);
const message = () => h('p', { class: 'msg', role: 'status' });
function say(el: HTMLElement, text: string, kind: '' | 'err' = ''): void {
  el.className = kind ? `msg ${kind}` : 'msg';
  replace(el, text);
}

function failure(t: Strings, res: Pick<ApiResult, 'status' | 'retryAfter'>): string {
  if (res.status === 0) return t.offline;
  if (res.status === 429) return fill(t.rateLimited, { s: res.retryAfter || 60 });
  if (res.status === 404) return t.gone;
  return t.failed;
}

/** "Meld ulovlig innhold": the notice form (Art. 16), then the receipt with its status. */
export function noticeForm(ctx: AccountabilityContext, commentId: string, close: () => void): HTMLElement {
  const t = strings[ctx.lang];
  const group = `n${Math.random().toString(36).slice(2, 8)}`;
  const explanation = h('textarea', { name: 'explanation', rows: 4, maxlength: 4000, required: true });
  const name = h('input', { name: 'notifierName', autocomplete: 'name', maxlength: 200 });
  const email = h('input', { name: 'notifierEmail', type: 'email', autocomplete: 'email', maxlength: 254 });
  const goodFaith = h('input', { type: 'checkbox', name: 'goodFaith' });
  const msg = message();
  const send = h('button', { class: 'btn', type: 'submit', text: t.noticeSend });
  const key = newKey();
  const form = h(
    'form',
    { class: 'notice', 'aria-label': t.reportIllegal, novalidate: true },
    h('h3', { text: t.reportIllegal }),
    h('p', { class: 'note', text: t.noticeIntro }),
    h(
      'fieldset',
      null,
      h('legend', { text: t.noticeCategory }),
      noticeCategories.map((category, i) =>
        h(
          'label',
          { class: 'radio' },
          h('input', { type: 'radio', name: group, value: category, checked: i === 0 }),
          noticeCategoryName(category, ctx.lang),
        ),
      ),
    ),
    field(t.noticeExplain, explanation),
    field(t.noticeName, name),
    field(t.noticeEmail, email),
    h('label', { class: 'radio' }, goodFaith, t.goodFaith),
    msg,
    h(
      'div',
      { class: 'row' },
      send,
      h('button', { class: 'btn sec', type: 'button', text: t.cancel, onclick: close }),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (send.disabled) return;
    if (explanation.value.trim().length < 10) {
      say(msg, t.needExplain, 'err');
      return explanation.focus();
    }
    if (email.value.trim() && !email.checkValidity()) {
      say(msg, t.badEmail, 'err');
      return email.focus();
    }
    if (!goodFaith.checked) {
      say(msg, t.needGoodFaith, 'err');
      return goodFaith.focus();
    }
    const body: Record<string, unknown> = {
      category: form.querySelector<HTMLInputElement>('input[type=radio]:checked')?.value ?? 'other_illegal',
      explanation: explanation.value.trim(),
      goodFaith: true,
    };
    if (name.value.trim()) body.notifierName = name.value.trim();
    if (email.value.trim()) body.notifierEmail = email.value.trim();
    send.disabled = true;
    const res = await api<{ notice: { id: string; receivedAt: string }; receiptToken: string }>(
      `${ctx.base}/${encodeURIComponent(commentId)}/notices`,
      { method: 'POST', body, headers: { 'Idempotency-Key': key } },
    );
    send.disabled = false;
    if (res.status !== 201) {
      const text = res.status === 422 ? t.needExplain : failure(t, res);
      say(msg, text, 'err');
      ctx.announce(text);
      return;
    }
    const receipt: NoticeReceipt = {
      id: res.body.notice.id,
      token: res.body.receiptToken,
      siteId: ctx.site,
      articleId: ctx.article,
      commentId,
      at: res.body.notice.receivedAt,
    };
    keepReceipt(receipt);
    const text = fill(t.noticeReceived, { id: receipt.id });
    ctx.announce(text);
    const done = h(
      'div',
      { class: 'receipt', tabindex: -1 },
      h('p', { class: 'msg', text }),
      receiptStatus(ctx, receipt),
    );
    form.replaceWith(done);
    done.focus();
  });
  return form;
}

/** A notice's status, asked for with its receipt token; "Se status" asks again. */
function receiptStatus(ctx: AccountabilityContext, receipt: NoticeReceipt, checkNow = false): HTMLElement {
  const t = strings[ctx.lang];
  const status = h('span', { role: 'status' });
  const check = async () => {
    const res = await api<{ notice: { status: string; decision?: 'removed' | 'kept' } }>(
      `${ctx.siteBase}/notices/${encodeURIComponent(receipt.id)}?token=${encodeURIComponent(receipt.token)}`,
    );
    if (res.status !== 200) return replace(status, res.status === 404 ? t.gone : failure(t, res));
    const { notice } = res.body;
    replace(status, notice.decision ? t[`notice_${notice.decision}`] : t.notice_received);
  };
  if (checkNow) void check();
  return h(
    'span',
    { class: 'row' },
    status,
    h('button', { class: 'link', type: 'button', text: t.noticeCheck, onclick: () => void check() }),
  );
}

/** The notices this browser sent about comments under this article, each with its status. */
export function receiptsPanel(ctx: AccountabilityContext, receipts: NoticeReceipt[]): HTMLElement {
  const t = strings[ctx.lang];
  const list = h('ul');
  const panel = h(
    'section',
    { class: 'panel receipts', 'aria-label': t.receipts },
    h('h3', { text: t.receipts }),
    list,
  );
  for (const receipt of receipts) {
    const item = h(
      'li',
      { 'data-notice': receipt.id },
      fill(t.receiptCase, { id: receipt.id, when: day(receipt.at, ctx.lang) }),
      receiptStatus(ctx, receipt, true),
    );
    item.append(
      h('button', {
        class: 'link',
        type: 'button',
        text: t.forget,
        onclick: () => {
          forgetReceipt(receipt.id);
          item.remove();
          if (!list.firstChild) panel.remove();
        },
      }),
    );
    list.append(item);
  }
  return panel;
}

/**
 * The statement of reasons (Art. 17) under the writer's own comment, with the
 * appeal (Art. 20): the button while the window is open, the form, then the
 * appeal's state and outcome.
 */
export function statementView(
  ctx: AccountabilityContext,
  id: string,
  token: string,
  status: WriterStatus & { statement: NonNullable<WriterStatus['statement']> },
): HTMLElement {
  const t = strings[ctx.lang];
  const s = status.statement;
  const automated = s.automated.decision
    ? t.auto_both
    : s.automated.detection
      ? t.auto_detection
      : t.auto_none;
  const appealSlot = h('div', { class: 'appeal' });
  const open = Date.now() <= Date.parse(s.redress.appealUntil);
  if (status.appeal) {
    const outcome = status.appeal.outcome;
    replace(appealSlot, h('p', { class: 'msg', text: outcome ? t[`appeal_${outcome}`] : t.appealReceived }));
  } else if (open) {
    const button = h('button', { class: 'btn sec', type: 'button', text: t.appeal });
    button.addEventListener('click', () => {
      const form = appealForm(ctx, id, token, (done) => replace(appealSlot, done));
      replace(appealSlot, form);
      form.querySelector('textarea')?.focus();
    });
    replace(appealSlot, button);
  } else replace(appealSlot, h('p', { class: 'note', text: t.appealClosed }));
  return h(
    'section',
    { class: 'stmt', 'aria-label': t[`why_${s.decision}`] },
    h('h4', { text: t[`why_${s.decision}`] }),
    // Written in the site's language, which may not be the widget's: screen readers are told.
    h('p', { text: s.facts, lang: s.language }),
    h(
      'p',
      null,
      h('strong', null, `${t.ground}: `, h('span', { lang: s.language, text: `${s.ground.reference}. ` })),
      h('span', { lang: s.language, text: s.ground.explanation }),
    ),
    h('p', { class: 'note', text: automated }),
    h(
      'details',
      null,
      h('summary', { text: t.redress }),
      h('p', { text: redressWithOwnLabel(s.redress.outOfCourt, t.appeal, s.language), lang: s.language }),
    ),
    appealSlot,
  );
}

function appealForm(
  ctx: AccountabilityContext,
  id: string,
  token: string,
  done: (replacement: HTMLElement) => void,
): HTMLFormElement {
  const t = strings[ctx.lang];
  const explanation = h('textarea', { name: 'explanation', rows: 3, maxlength: 4000, required: true });
  const msg = message();
  const send = h('button', { class: 'btn', type: 'submit', text: t.appealSend });
  const form = h(
    'form',
    { 'aria-label': t.appeal, novalidate: true },
    field(t.appealExplain, explanation),
    msg,
    h('div', { class: 'row' }, send),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (send.disabled) return;
    if (explanation.value.trim().length < 10) {
      say(msg, t.appealExplain, 'err');
      return explanation.focus();
    }
    send.disabled = true;
    const res = await api(`${ctx.base}/${encodeURIComponent(id)}/appeals`, {
      method: 'POST',
      body: { token, explanation: explanation.value.trim() },
    });
    send.disabled = false;
    if (res.status === 201 || res.status === 409) {
      const text =
        res.status === 201
          ? t.appealReceived
          : res.body.error?.code === 'appeal_window_closed'
            ? t.appealClosed
            : t.appealTwice;
      ctx.announce(text);
      const answer = h('p', { class: 'msg', text, tabindex: -1 });
      done(answer);
      answer.focus();
      return;
    }
    const text = failure(t, res);
    say(msg, text, 'err');
    ctx.announce(text);
  });
  return form;
}
