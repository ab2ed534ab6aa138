/**
 * The widget's accountability parts (DSA Art. 16, 17, 20), kept apart from
 * the comment list: the "report illegal content" form and the notifier's
 * receipt, and, under the writer's own turned-down comment, the statement of
 * reasons with the "appeal the decision" form. comments.ts calls these
 * through a few small hooks.
 */
import { h, newKey, replace } from '../shared/dom.js';
import { fill, type Lang } from '../shared/i18n.js';
import { api } from './api.js';

const CATEGORIES = [
  'hate',
  'threat',
  'privacy',
  'defamation',
  'terrorism',
  'child_safety',
  'other_illegal',
] as const;

const nb = {
  reportIllegal: 'Meld ulovlig innhold',
  noticeIntro:
    'Bruk dette skjemaet når du mener kommentaren er ulovlig etter norsk lov. Brudd på debattreglene meldes med «Rapporter».',
  noticeCategory: 'Hva slags ulovlig innhold er det?',
  cat_hate: 'Hatefulle ytringer',
  cat_threat: 'Trusler',
  cat_privacy: 'Krenkelse av privatlivet',
  cat_defamation: 'Ærekrenkelse',
  cat_terrorism: 'Terrorrelatert innhold',
  cat_child_safety: 'Innhold som skader barn',
  cat_other_illegal: 'Annet ulovlig innhold',
  noticeExplain: 'Hvorfor er innholdet ulovlig? (minst 10 tegn)',
  noticeName: 'Navnet ditt (valgfritt)',
  noticeEmail: 'E-post (valgfritt, for kvittering og svar)',
  goodFaith: 'Jeg mener i god tro at opplysningene i meldingen er riktige og fullstendige.',
  needGoodFaith: 'Kryss av for at meldingen er gitt i god tro.',
  needExplain: 'Skriv minst 10 tegn om hvorfor innholdet er ulovlig.',
  noticeSend: 'Send melding',
  noticeReceived: 'Meldingen er mottatt (saksnummer {id}). En moderator behandler den.',
  noticeCheck: 'Se status',
  notice_received: 'Status: mottatt, ikke behandlet ennå.',
  notice_removed: 'Status: behandlet. Kommentaren er fjernet.',
  notice_kept: 'Status: behandlet. Kommentaren ble ikke fjernet.',
  decision_not_published: 'Ikke publisert',
  decision_removed: 'Fjernet',
  decision_restricted: 'Begrenset',
  ground: 'Grunnlag',
  auto_both: 'Avgjort automatisk av moderasjonssystemet, uten at et menneske så på den.',
  auto_detection: 'Funnet av moderasjonssystemet og vurdert av en moderator.',
  auto_none: 'Vurdert av en moderator.',
  redress: 'Klagemuligheter',
  appeal: 'Klag på avgjørelsen',
  appealExplain: 'Hvorfor mener du avgjørelsen er feil? (minst 10 tegn)',
  appealSend: 'Send klage',
  appealReceived: 'Klagen er mottatt. Et menneske behandler den, og svaret kommer her.',
  appeal_reversed: 'Du fikk medhold i klagen. Kommentaren er publisert.',
  appeal_upheld: 'Klagen er behandlet: avgjørelsen står.',
  appealTwice: 'Du har allerede klaget på denne avgjørelsen.',
  appealClosed: 'Fristen for å klage er ute.',
  failed: 'Noe gikk galt. Prøv igjen.',
  cancel: 'Avbryt',
};
type Strings = typeof nb;

const en: Strings = {
  reportIllegal: 'Report illegal content',
  noticeIntro:
    'Use this form if you believe the comment is illegal. Breaches of the debate rules are reported with "Report".',
  noticeCategory: 'What kind of illegal content is it?',
  cat_hate: 'Hate speech',
  cat_threat: 'Threats',
  cat_privacy: 'Violation of privacy',
  cat_defamation: 'Defamation',
  cat_terrorism: 'Terrorist content',
  cat_child_safety: 'Content harmful to children',
  cat_other_illegal: 'Other illegal content',
  noticeExplain: 'Why is the content illegal? (at least 10 characters)',
  noticeName: 'Your name (optional)',
  noticeEmail: 'E-mail (optional, for a receipt and the decision)',
  goodFaith: 'I believe in good faith that the information in this notice is accurate and complete.',
  needGoodFaith: 'Tick the box to confirm the notice is made in good faith.',
  needExplain: 'Write at least 10 characters on why the content is illegal.',
  noticeSend: 'Send notice',
  noticeReceived: 'Your notice was received (case {id}). A moderator will handle it.',
  noticeCheck: 'Check status',
  notice_received: 'Status: received, not handled yet.',
  notice_removed: 'Status: handled. The comment was removed.',
  notice_kept: 'Status: handled. The comment was not removed.',
  decision_not_published: 'Not published',
  decision_removed: 'Removed',
  decision_restricted: 'Restricted',
  ground: 'Ground',
  auto_both: 'Decided automatically by the moderation system, without a person looking at it.',
  auto_detection: 'Found by the moderation system and assessed by a moderator.',
  auto_none: 'Assessed by a moderator.',
  redress: 'Your options',
  appeal: 'Appeal the decision',
  appealExplain: 'Why do you think the decision is wrong? (at least 10 characters)',
  appealSend: 'Send appeal',
  appealReceived: 'Your appeal was received. A person will handle it, and the answer will show here.',
  appeal_reversed: 'Your appeal succeeded. The comment is published.',
  appeal_upheld: 'Your appeal was handled: the decision stands.',
  appealTwice: 'You have already appealed this decision.',
  appealClosed: 'The time to appeal has run out.',
  failed: 'Something went wrong. Try again.',
  cancel: 'Cancel',
};

export const accountabilityStrings: Record<Lang, Strings> = { nb, en };

export interface AccountabilityContext {
  /** `…/articles/{articleId}/comments` of the widget's article. */
  base: string;
  /** `…/sites/{siteId}` */
  siteBase: string;
  lang: Lang;
  announce: (text: string) => void;
}

/** The statement of reasons and appeal, as the status endpoint answers them. */
export interface WriterStatus {
  comment: { id: string; status: string };
  statement?: {
    id: string;
    decision: 'not_published' | 'removed' | 'restricted';
    facts: string;
    ground: { type: string; reference: string; explanation: string };
    automated: { detection: boolean; decision: boolean };
    redress: { appealUntil: string; outOfCourt: string };
  };
  appeal?: { status: 'received' | 'decided'; outcome?: 'upheld' | 'reversed' };
}

const RECEIPTS_KEY = 'ordskifte:notices';

function rememberReceipt(id: string, token: string): void {
  try {
    const all = JSON.parse(localStorage.getItem(RECEIPTS_KEY) ?? '[]') as { id: string; token: string }[];
    localStorage.setItem(RECEIPTS_KEY, JSON.stringify([...all, { id, token }].slice(-20)));
  } catch {
    // storage blocked: the receipt lasts as long as the page
  }
}

const field = (label: string, control: HTMLElement) => h('label', null, label, control);

const message = () => h('p', { class: 'msg', role: 'status' });
const say = (el: HTMLElement, text: string, kind: '' | 'err' | 'warn' = '') => {
  el.className = kind ? `msg ${kind}` : 'msg';
  replace(el, text);
};

/** "Meld ulovlig innhold": the notice form (Art. 16), then the receipt with its status. */
export function noticeForm(ctx: AccountabilityContext, commentId: string, close: () => void): HTMLElement {
  const t = accountabilityStrings[ctx.lang];
  const group = `n${Math.random().toString(36).slice(2, 8)}`;
  const explanation = h('textarea', { name: 'explanation', rows: 4, maxlength: 4000, required: true });
  const name = h('input', { name: 'notifierName', autocomplete: 'name', maxlength: 200 });
  const email = h('input', { name: 'notifierEmail', type: 'email', autocomplete: 'email' });
  const goodFaith = h('input', { type: 'checkbox', name: 'goodFaith' });
  const msg = message();
  const send = h('button', { class: 'btn', type: 'submit', text: t.noticeSend });
  const key = newKey();
  const form = h(
    'form',
    { class: 'notice', 'aria-label': t.reportIllegal, novalidate: true },
    h('p', { class: 'note', text: t.noticeIntro }),
    h(
      'fieldset',
      null,
      h('legend', { text: t.noticeCategory }),
      CATEGORIES.map((category, i) =>
        h(
          'label',
          { class: 'radio' },
          h('input', { type: 'radio', name: group, value: category, checked: i === 0 }),
          t[`cat_${category}`],
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
    if (explanation.value.trim().length < 10) {
      say(msg, t.needExplain, 'err');
      return explanation.focus();
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
    const res = await api<{ notice: { id: string }; receiptToken: string }>(
      `${ctx.base}/${encodeURIComponent(commentId)}/notices`,
      { method: 'POST', body, headers: { 'Idempotency-Key': key } },
    );
    send.disabled = false;
    if (res.status !== 201) {
      const why = res.body.error?.details?.map((d) => d.message).join('; ');
      return say(msg, why || t.failed, 'err');
    }
    rememberReceipt(res.body.notice.id, res.body.receiptToken);
    const text = fill(t.noticeReceived, { id: res.body.notice.id });
    ctx.announce(text);
    replace(form, receipt(ctx, res.body.notice.id, res.body.receiptToken, text));
  });
  return form;
}

/** The notifier's receipt: the case number and, on request, the decision. */
function receipt(ctx: AccountabilityContext, id: string, token: string, text: string): HTMLElement {
  const t = accountabilityStrings[ctx.lang];
  const status = h('p', { class: 'note', role: 'status' });
  const check = async () => {
    const res = await api<{ notice: { status: string; decision?: 'removed' | 'kept' } }>(
      `${ctx.siteBase}/notices/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`,
    );
    if (res.status !== 200) return replace(status, t.failed);
    const { notice } = res.body;
    replace(status, notice.decision ? t[`notice_${notice.decision}`] : t.notice_received);
  };
  return h(
    'div',
    { class: 'receipt' },
    h('p', { class: 'msg', text }),
    h('button', { class: 'link', type: 'button', text: t.noticeCheck, onclick: () => void check() }),
    status,
  );
}

/** Asks the status endpoint (statement of reasons, appeal) for the writer's own comment. */
export async function writerStatus(
  ctx: AccountabilityContext,
  id: string,
  token: string,
): Promise<WriterStatus | null> {
  const res = await api<WriterStatus>(
    `${ctx.base}/${encodeURIComponent(id)}/status?token=${encodeURIComponent(token)}`,
  );
  return res.status === 200 ? res.body : null;
}

/** The statement of reasons (Art. 17) under the writer's own comment, with the appeal (Art. 20). */
export function statementView(
  ctx: AccountabilityContext,
  id: string,
  token: string,
  status: WriterStatus,
): HTMLElement {
  const t = accountabilityStrings[ctx.lang];
  const s = status.statement;
  if (!s) return h('div');
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
    replace(
      appealSlot,
      h('button', {
        class: 'btn sec',
        type: 'button',
        text: t.appeal,
        onclick: () => {
          const form = appealForm(ctx, id, token, (done) => replace(appealSlot, done));
          replace(appealSlot, form);
          form.querySelector('textarea')?.focus();
        },
      }),
    );
  } else {
    replace(appealSlot, h('p', { class: 'note', text: t.appealClosed }));
  }
  return h(
    'section',
    { class: 'stmt', 'aria-label': t[`decision_${s.decision}`] },
    h('p', { class: 'stmt-h', text: t[`decision_${s.decision}`] }),
    h('p', { text: s.facts }),
    h('p', null, h('strong', { text: `${t.ground}: ${s.ground.reference}. ` }), s.ground.explanation),
    h('p', { class: 'note', text: automated }),
    h('details', null, h('summary', { text: t.redress }), h('p', { text: s.redress.outOfCourt })),
    appealSlot,
  );
}

function appealForm(
  ctx: AccountabilityContext,
  id: string,
  token: string,
  done: (replacement: HTMLElement) => void,
): HTMLFormElement {
  const t = accountabilityStrings[ctx.lang];
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
    if (explanation.value.trim().length < 10) return say(msg, t.appealExplain, 'err');
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
      return done(h('p', { class: 'msg', text }));
    }
    say(msg, t.failed, 'err');
  });
  return form;
}

export const accountabilityCss =
  '.stmt{margin:8px 0;padding:10px 12px;border-left:3px solid var(--err);background:var(--panel);border-radius:0 6px 6px 0;font-size:.9em}' +
  '.stmt p{margin:0 0 6px}.stmt-h{font-weight:700;color:var(--err)}.stmt summary{cursor:pointer;color:var(--accent)}' +
  '.notice .note{margin:0}.receipt{display:grid;gap:6px}.receipt .link{justify-self:start}';
