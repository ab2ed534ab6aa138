/**
 * The leserinnlegg form, a chunk of its own (`widget-submission-HASH.js`):
 * only the page that carries the form fetches it, not every article page
 * view (see docs/WIDGET.md, "Size"). main.ts imports it and hands it the
 * widget's context and words.
 */
import { h, newKey, replace } from '../shared/dom.js';
import { fill } from '../shared/i18n.js';
import { api } from './api.js';
import type { WidgetContext } from './comments.js';
import type { Strings, WidgetLang } from './strings.js';
import { themeOf } from './theme.js';

const nb = {
  subHeading: 'Send leserinnlegg',
  subIntro: 'Innlegget leses av redaksjonen før det eventuelt publiseres.',
  subTitle: 'Tittel',
  subBody: 'Innlegg',
  subEmail: 'E-post',
  subPhone: 'Telefon (valgfritt)',
  subLocation: 'Bosted (valgfritt)',
  subSend: 'Send til redaksjonen',
  subThanks: 'Takk! Redaksjonen har fått innlegget ditt.',
  subReceipt: 'Ta vare på denne lenken for å se status:',
  subReceiptLink: 'Status for innlegget ditt',
  subStatus: 'Status: {status}',
  subNote: 'Melding fra redaksjonen: {note}',
  subNotFound: 'Fant ikke innlegget. Sjekk lenken.',
  status_received: 'mottatt',
  status_in_review: 'under behandling',
  status_accepted: 'godtatt for publisering',
  status_published: 'publisert',
  status_rejected: 'ikke publisert',
};

type Words = typeof nb;

const nn: Words = {
  subHeading: 'Send lesarinnlegg',
  subIntro: 'Innlegget blir lese av redaksjonen før det eventuelt blir publisert.',
  subTitle: 'Tittel',
  subBody: 'Innlegg',
  subEmail: 'E-post',
  subPhone: 'Telefon (valfritt)',
  subLocation: 'Bustad (valfritt)',
  subSend: 'Send til redaksjonen',
  subThanks: 'Takk! Redaksjonen har fått innlegget ditt.',
  subReceipt: 'Ta vare på denne lenka for å sjå status:',
  subReceiptLink: 'Status for innlegget ditt',
  subStatus: 'Status: {status}',
  subNote: 'Melding frå redaksjonen: {note}',
  subNotFound: 'Fann ikkje innlegget. Sjekk lenka.',
  status_received: 'motteke',
  status_in_review: 'under handsaming',
  status_accepted: 'godteke for publisering',
  status_published: 'publisert',
  status_rejected: 'ikkje publisert',
};

const en: Words = {
  subHeading: 'Send an opinion piece',
  subIntro: 'The editors read every piece before it may be published.',
  subTitle: 'Title',
  subBody: 'Your piece',
  subEmail: 'E-mail',
  subPhone: 'Phone (optional)',
  subLocation: 'Where you live (optional)',
  subSend: 'Send to the editors',
  subThanks: 'Thank you! The editors have received your piece.',
  subReceipt: 'Keep this link to see its status:',
  subReceiptLink: 'Status of your piece',
  subStatus: 'Status: {status}',
  subNote: 'Note from the editors: {note}',
  subNotFound: 'Could not find the piece. Please check the link.',
  status_received: 'received',
  status_in_review: 'in review',
  status_accepted: 'accepted for publication',
  status_published: 'published',
  status_rejected: 'not published',
};

const words: Record<WidgetLang, Words> = { nb, nn, en };

interface SubmissionView {
  submission?: { id: string; status: string; noteToAuthor?: string | null; title?: string };
  receipt?: { token: string };
}

/** Where the receipt sits in the page address, so the link brings the writer back to this form's status. */
const RECEIPT_HASH = 'ordskifte-kvittering=';

/**
 * The leserinnlegg form: `<div data-ordskifte-submission data-site>`. After
 * sending it shows a receipt link back to this page; opening that link shows
 * the piece's status and any note from the editors instead of the form.
 */
export class SubmissionForm {
  readonly host: HTMLElement;
  readonly #ctx: WidgetContext;
  readonly #t: Strings & Words;
  readonly #site: string;
  readonly #root: ShadowRoot;
  readonly #maxLength: number;

  /** `t`: the widget's words in the container's language `lang` (the form's own are here). */
  constructor(host: HTMLElement, ctx: WidgetContext, t: Strings, lang: WidgetLang) {
    this.host = host;
    this.#ctx = ctx;
    this.#t = { ...t, ...words[lang] };
    this.#site = host.dataset.site ?? '';
    this.#maxLength = Number(host.dataset.maxLength) || 6000;
    this.#root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    ctx.style(this.#root);
    const receipt = new URLSearchParams(location.hash.slice(1)).get(RECEIPT_HASH.slice(0, -1));
    const [id, token] = receipt?.split('.') ?? [];
    if (id && token) void this.#status(id, token);
    else this.#form();
  }

  start(): void {}

  destroy(): void {
    replace(this.#root);
  }

  identityChanged(): void {}

  #url(id?: string): string {
    return `${this.#ctx.origin}/api/v1/sites/${encodeURIComponent(this.#site)}/submissions${id ? `/${encodeURIComponent(id)}` : ''}`;
  }

  /** `heading`: what the frame shows: the form's "Send leserinnlegg", or the status page's own. */
  #frame(heading: string, ...children: (Node | string | false)[]): void {
    replace(
      this.#root,
      h(
        'section',
        { class: `w ${themeOf(this.host)}`, 'aria-label': heading },
        h('h2', { text: heading }),
        children,
      ),
    );
  }

  async #status(id: string, token: string): Promise<void> {
    const t = this.#t;
    const res = await api<SubmissionView>(`${this.#url(id)}?token=${encodeURIComponent(token)}`);
    const sub = res.body.submission;
    // The receipt link opens a status page, not the form: its heading says so (the form's "Send leserinnlegg" read as an invitation to send again).
    if (res.status !== 200 || !sub)
      return this.#frame(t.subReceiptLink, h('p', { class: 'msg err', text: t.subNotFound }));
    const status = t[`status_${sub.status}` as keyof Words] ?? sub.status;
    this.#frame(
      t.subReceiptLink,
      sub.title ? h('h3', { text: sub.title }) : false,
      h('p', { class: 'msg', role: 'status', text: fill(t.subStatus, { status }) }),
      sub.noteToAuthor ? h('p', { class: 'note', text: fill(t.subNote, { note: sub.noteToAuthor }) }) : false,
    );
  }

  #form(): void {
    const t = this.#t;
    const field = (label: string, input: HTMLElement) => h('label', null, label, input);
    const title = h('input', { name: 'title', required: true, maxlength: 200 });
    const body = h('textarea', { name: 'body', required: true, rows: 12, 'aria-describedby': 'sub-count' });
    const counter = h('span', { class: 'count', id: 'sub-count' });
    const name = h('input', { name: 'authorName', required: true, autocomplete: 'name', maxlength: 80 });
    const email = h('input', { name: 'authorEmail', type: 'email', required: true, autocomplete: 'email' });
    const phone = h('input', { name: 'authorPhone', type: 'tel', autocomplete: 'tel' });
    const place = h('input', { name: 'authorLocation', autocomplete: 'address-level2', maxlength: 100 });
    const send = h('button', { class: 'btn', type: 'submit', text: t.subSend });
    const msg = h('p', { class: 'msg', 'aria-live': 'polite' });
    let key = newKey();
    const count = () => {
      const over = body.value.length - this.#maxLength;
      counter.classList.toggle('over', over > 0);
      replace(
        counter,
        over > 0
          ? fill(t.tooLong, { n: over })
          : fill(t.counter, { n: body.value.length, max: this.#maxLength }),
      );
    };
    count();
    const form = h(
      'form',
      {
        'aria-label': t.subHeading,
        novalidate: true,
        oninput: () => {
          key = newKey();
          count();
        },
      },
      h('p', { class: 'note', text: t.subIntro }),
      field(t.subTitle, title),
      field(t.subBody, body),
      counter,
      field(t.name, name),
      field(t.subEmail, email),
      field(t.subPhone, phone),
      field(t.subLocation, place),
      msg,
      h('div', { class: 'row' }, send),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const missing = [title, body, name, email].find((input) => !input.value.trim());
      if (missing) return missing.focus();
      if (send.disabled || body.value.length > this.#maxLength) return;
      send.disabled = true;
      const payload: Record<string, string> = {
        title: title.value.trim(),
        body: body.value,
        authorName: name.value.trim(),
        authorEmail: email.value.trim(),
      };
      if (phone.value.trim()) payload.authorPhone = phone.value.trim();
      if (place.value.trim()) payload.authorLocation = place.value.trim();
      if (this.host.dataset.article) payload.articleId = this.host.dataset.article;
      const res = await api<SubmissionView>(this.#url(), {
        method: 'POST',
        body: payload,
        headers: { 'Idempotency-Key': key },
      });
      send.disabled = false;
      const { submission, receipt } = res.body;
      if (res.status === 201 && submission && receipt) {
        const link = `${location.href.split('#')[0]}#${RECEIPT_HASH}${submission.id}.${receipt.token}`;
        this.#frame(
          t.subHeading,
          h('p', { class: 'msg', role: 'status', text: t.subThanks }),
          h('p', null, t.subReceipt, ' ', h('a', { href: link, class: 'receipt', text: t.subReceiptLink })),
        );
        return;
      }
      msg.className = 'msg err';
      const why = (res.body as { error?: { details?: { message?: string }[] } }).error?.details
        ?.map((d) => d.message)
        .join('; ');
      replace(
        msg,
        res.status === 429
          ? fill(t.rateLimited, { s: res.retryAfter || 60 })
          : res.status === 422
            ? fill(t.invalid, { why: why ?? '' })
            : res.status === 0
              ? t.offline
              : t.failed,
      );
    });
    this.#frame(t.subHeading, form);
  }
}
