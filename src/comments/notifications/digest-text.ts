/**
 * The words of the reply digest and its confirmation, in Bokmål, Nynorsk and
 * English, as the newsroom writes to its readers. Plain text: a digest is a
 * short list with links, and plain text reaches every mail client.
 */
import type { DigestLanguage } from './digest.repository.js';

export interface DigestEntry {
  type: 'reply' | 'approved' | 'featured';
  /** The start of the reader's own comment. */
  excerpt: string;
  /** For a reply: who wrote it and what. */
  replyAuthor?: string;
  replyBody?: string;
  /** The comment on the article page, when the site told us the article's address. */
  link: string | null;
  articleTitle: string | null;
}

interface Words {
  subject: (n: number, site: string) => string;
  hello: string;
  reply: (who: string) => string;
  approved: string;
  featured: string;
  onArticle: (title: string) => string;
  read: string;
  why: (site: string) => string;
  unsubscribe: string;
  confirmSubject: (site: string) => string;
  confirmBody: (site: string) => string;
  confirmLink: string;
  notYou: string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

const WORDS: Record<DigestLanguage, Words> = {
  nb: {
    subject: (n, site) => `${n} ${plural(n, 'nytt svar eller varsel', 'nye svar og varsler')} fra ${site}`,
    hello: 'Hei! Dette har skjedd med kommentarene dine siden sist:',
    reply: (who) => `${who} svarte på kommentaren din`,
    approved: 'En moderator har godkjent kommentaren din, og den er nå publisert',
    featured: 'Redaksjonen har valgt ut kommentaren din som anbefalt',
    onArticle: (title) => `i saken «${title}»`,
    read: 'Les',
    why: (site) =>
      `Du får denne e-posten fordi du har bedt om å få varsel om svar på kommentarene dine hos ${site}. Vi sender høyst én e-post i timen.`,
    unsubscribe: 'Vil du ikke ha flere slike e-poster? Meld deg av her:',
    confirmSubject: (site) => `Bekreft at du vil ha e-post om svar (${site})`,
    confirmBody: (site) =>
      `Noen, trolig du, ba om å få e-post fra ${site} når noen svarer på en kommentar skrevet med denne adressen. Vi sender høyst én e-post i timen.`,
    confirmLink: 'Bekreft her:',
    notYou: 'Var det ikke deg? Da kan du se bort fra denne e-posten. Du får ingen flere.',
  },
  nn: {
    subject: (n, site) => `${n} ${plural(n, 'nytt svar eller varsel', 'nye svar og varsel')} frå ${site}`,
    hello: 'Hei! Dette har skjedd med kommentarane dine sidan sist:',
    reply: (who) => `${who} svarte på kommentaren din`,
    approved: 'Ein moderator har godkjent kommentaren din, og han er no publisert',
    featured: 'Redaksjonen har valt ut kommentaren din som tilrådd',
    onArticle: (title) => `i saka «${title}»`,
    read: 'Les',
    why: (site) =>
      `Du får denne e-posten fordi du har bede om varsel om svar på kommentarane dine hos ${site}. Vi sender høgst éin e-post i timen.`,
    unsubscribe: 'Vil du ikkje ha fleire slike e-postar? Meld deg av her:',
    confirmSubject: (site) => `Stadfest at du vil ha e-post om svar (${site})`,
    confirmBody: (site) =>
      `Nokon, truleg du, bad om å få e-post frå ${site} når nokon svarer på ein kommentar skriven med denne adressa. Vi sender høgst éin e-post i timen.`,
    confirmLink: 'Stadfest her:',
    notYou: 'Var det ikkje deg? Då kan du sjå bort frå denne e-posten. Du får ingen fleire.',
  },
  en: {
    subject: (n, site) => `${n} new ${plural(n, 'reply or notice', 'replies and notices')} from ${site}`,
    hello: 'Hello! This is what happened to your comments since we last wrote:',
    reply: (who) => `${who} replied to your comment`,
    approved: 'A moderator approved your comment, and it is now published',
    featured: "The editors picked your comment as one of the article's best",
    onArticle: (title) => `on “${title}”`,
    read: 'Read it',
    why: (site) =>
      `You get this e-mail because you asked ${site} to tell you about replies to your comments. We send at most one e-mail an hour.`,
    unsubscribe: 'No more of these? Unsubscribe here:',
    confirmSubject: (site) => `Confirm that you want e-mail about replies (${site})`,
    confirmBody: (site) =>
      `Someone, probably you, asked ${site} to e-mail this address when someone replies to a comment written with it. We send at most one e-mail an hour.`,
    confirmLink: 'Confirm here:',
    notYou: 'Not you? Then ignore this e-mail. You will get no more.',
  },
};

const clip = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
};

export function digestMail(
  lang: DigestLanguage,
  siteName: string,
  entries: DigestEntry[],
  unsubscribeUrl: string,
): { subject: string; text: string } {
  const w = WORDS[lang];
  const blocks = entries.map((e) => {
    const head =
      e.type === 'reply' ? w.reply(e.replyAuthor ?? '') : e.type === 'approved' ? w.approved : w.featured;
    const lines = [`• ${head}${e.articleTitle ? ` ${w.onArticle(clip(e.articleTitle, 100))}` : ''}:`];
    lines.push(`  «${clip(e.excerpt, 100)}»`);
    if (e.type === 'reply' && e.replyBody) lines.push(`  ${e.replyAuthor}: «${clip(e.replyBody, 300)}»`);
    if (e.link) lines.push(`  ${w.read}: ${e.link}`);
    return lines.join('\n');
  });
  const text = [
    w.hello,
    '',
    blocks.join('\n\n'),
    '',
    '—',
    w.why(siteName),
    w.unsubscribe,
    unsubscribeUrl,
  ].join('\n');
  return { subject: w.subject(entries.length, siteName), text };
}

export function confirmMail(
  lang: DigestLanguage,
  siteName: string,
  confirmUrl: string,
): { subject: string; text: string } {
  const w = WORDS[lang];
  return {
    subject: w.confirmSubject(siteName),
    text: [w.confirmBody(siteName), '', w.confirmLink, confirmUrl, '', w.notYou].join('\n'),
  };
}

/** The small pages the e-mail links open (no login: the link's signature is the proof). */
export const PAGE_WORDS: Record<
  DigestLanguage,
  {
    unsubscribeTitle: string;
    unsubscribeButton: string;
    unsubscribed: string;
    confirmTitle: string;
    confirmButton: string;
    confirmed: string;
    gone: string;
  }
> = {
  nb: {
    unsubscribeTitle: 'Meld deg av e-post om svar',
    unsubscribeButton: 'Meld meg av',
    unsubscribed: 'Du er meldt av. Vi sender deg ikke flere e-poster om svar.',
    confirmTitle: 'Bekreft e-post om svar',
    confirmButton: 'Ja, send meg e-post om svar',
    confirmed: 'Takk! Du får e-post når noen svarer deg, høyst én i timen.',
    gone: 'Lenken er ugyldig, eller abonnementet finnes ikke lenger. Du får ingen e-post fra oss om svar.',
  },
  nn: {
    unsubscribeTitle: 'Meld deg av e-post om svar',
    unsubscribeButton: 'Meld meg av',
    unsubscribed: 'Du er meld av. Vi sender deg ikkje fleire e-postar om svar.',
    confirmTitle: 'Stadfest e-post om svar',
    confirmButton: 'Ja, send meg e-post om svar',
    confirmed: 'Takk! Du får e-post når nokon svarer deg, høgst éin i timen.',
    gone: 'Lenkja er ugyldig, eller abonnementet finst ikkje lenger. Du får ingen e-post frå oss om svar.',
  },
  en: {
    unsubscribeTitle: 'Unsubscribe from e-mail about replies',
    unsubscribeButton: 'Unsubscribe me',
    unsubscribed: 'You are unsubscribed. We will send you no more e-mail about replies.',
    confirmTitle: 'Confirm e-mail about replies',
    confirmButton: 'Yes, e-mail me about replies',
    confirmed: 'Thank you! You will get an e-mail when someone replies to you, at most one an hour.',
    gone: 'The link is not valid, or the subscription no longer exists. You get no e-mail from us about replies.',
  },
};
