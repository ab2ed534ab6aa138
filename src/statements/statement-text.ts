/**
 * The words of statements of reasons and of the e-mails that carry them, in
 * Bokmål, Nynorsk and English. Facts name the kind of problem (a category)
 * and never the lexicon entry that matched: a statement must not teach
 * anyone how to slip past the filter.
 */
import type { ModerationReason } from '../moderation/engine/types.js';
import { noticeCategoryName } from '../notices/notice-categories.js';
import type { Language } from '../sites/reject-reasons.js';
import type { Restriction, StatementDecision } from './statement.js';

type Texts = Record<Language, string>;

/** What the engine found, per category (or rule where there is no category), as a phrase. */
const FOUND: Record<string, Texts> = {
  profanity: { nb: 'grovt språk', nn: 'grovt språk', en: 'offensive language' },
  sexual: { nb: 'seksualisert språk', nn: 'seksualisert språk', en: 'sexualised language' },
  slur: {
    nb: 'nedsettende ord om en gruppe mennesker',
    nn: 'nedsetjande ord om ei gruppe menneske',
    en: 'a slur about a group of people',
  },
  threat: {
    nb: 'en formulering som kan leses som en trussel om vold',
    nn: 'ei formulering som kan lesast som ein trussel om vald',
    en: 'wording that can be read as a threat of violence',
  },
  personal_info: { nb: 'personopplysninger', nn: 'personopplysningar', en: 'personal data' },
  spam: {
    nb: 'flere lenker enn vi tillater',
    nn: 'fleire lenkjer enn vi tillèt',
    en: 'more links than we allow',
  },
  site: { nb: 'ord vi ikke publiserer', nn: 'ord vi ikkje publiserer', en: 'words we do not publish' },
  duplicate: {
    nb: 'den samme teksten som en kommentar du sendte det siste døgnet',
    nn: 'den same teksten som ein kommentar du sende siste døgeret',
    en: 'the same text as a comment you sent in the last 24 hours',
  },
  too_long: {
    nb: 'flere tegn enn vi tillater',
    nn: 'fleire teikn enn vi tillèt',
    en: 'more characters than we allow',
  },
  too_short: { nb: 'for lite tekst', nn: 'for lite tekst', en: 'too little text' },
  banned_author: {
    nb: 'en kommentar fra en skribent som er utestengt',
    nn: 'ein kommentar frå ein skribent som er utestengd',
    en: 'a comment by a writer who is excluded',
  },
};

/** The reject-reason code an engine finding maps to, strongest first. */
const CODE_BY_FINDING: [finding: string, code: string][] = [
  ['banned_author', 'banned_author'],
  ['threat', 'violence'],
  ['slur', 'discrimination'],
  ['sexual', 'offensive_language'],
  ['profanity', 'offensive_language'],
  ['personal_info', 'personal_data'],
  ['spam', 'spam'],
  ['duplicate', 'duplicate'],
  ['too_long', 'length'],
  ['too_short', 'length'],
  ['site', 'site_rules'],
];

/** Reasons that describe how a text is handled, not something found in it. */
const NOT_FINDINGS = new Set(['premoderation', 'new_author', 'shouting']);

const findingOf = (reason: ModerationReason): string =>
  reason.category && reason.category !== 'site'
    ? reason.category
    : reason.rule === 'banned_term' || reason.rule === 'suspect_term'
      ? 'site'
      : reason.rule;

/** The engine's findings about the text (categories), strongest first, without duplicates. */
export function findings(reasons: readonly ModerationReason[], severity?: 'reject' | 'hold'): string[] {
  const found = new Set(
    reasons.filter((r) => !NOT_FINDINGS.has(r.rule) && (!severity || r.severity === severity)).map(findingOf),
  );
  const order = CODE_BY_FINDING.map(([finding]) => finding);
  return [...found].sort((a, b) => rank(order, a) - rank(order, b));
}

const rank = (order: string[], item: string) => (order.includes(item) ? order.indexOf(item) : order.length);

/** The catalogue code for the strongest finding; `site_rules` when nothing maps. */
export function codeForFindings(found: readonly string[]): string {
  for (const finding of found) {
    const code = CODE_BY_FINDING.find(([f]) => f === finding)?.[1];
    if (code) return code;
  }
  return 'site_rules';
}

const listOf = (items: string[], lang: Language) => {
  const and = { nb: 'og', nn: 'og', en: 'and' }[lang];
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;
};

const foundPhrase = (found: readonly string[], lang: Language) =>
  listOf(
    found.map((f) => FOUND[f]?.[lang]).filter((p): p is string => Boolean(p)),
    lang,
  );

const LOCALE: Record<Language, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

export function formatDate(at: Date, lang: Language): string {
  return new Intl.DateTimeFormat(LOCALE[lang], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Oslo',
  }).format(at);
}

/** The opening of the comment, so the writer (and their mailbox) knows which one. */
export function excerpt(body: string, max = 120): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

export interface CommentFacts {
  decision: Exclude<StatementDecision, 'restricted'>;
  lang: Language;
  siteName: string;
  writtenAt: Date;
  decidedAt: Date;
  /** Who decided and what brought it to them. */
  how:
    | { by: 'engine'; found: string[] }
    | { by: 'moderator'; flaggedBy: 'engine' | 'readers' | null; found: string[] }
    | { by: 'notice'; category: string };
}

/** A notice category's name inside a sentence ("melding om at den er ulovlig (hatefulle ytringer)"). */
export const noticeCategoryLabel = (category: string, lang: Language) => {
  const name = noticeCategoryName(category, lang);
  return name === category ? name : name.charAt(0).toLocaleLowerCase(lang) + name.slice(1);
};

/** The facts of a decision about one comment: what, when, who or what decided, and on what basis. */
export function commentFacts(f: CommentFacts): string {
  const { lang } = f;
  const written = formatDate(f.writtenAt, lang);
  const decided = formatDate(f.decidedAt, lang);
  const found = foundPhrase(f.how.by === 'notice' ? [] : f.how.found, lang);
  // The comment is named by place and time, not quoted: the writer has it, and a quote would point
  // at the words the filter matched.
  const subject = {
    nb: `Kommentaren din hos ${f.siteName}, skrevet ${written}.`,
    nn: `Kommentaren din hos ${f.siteName}, skriven ${written}.`,
    en: `Your comment on ${f.siteName}, written ${written}.`,
  }[lang];
  const outcome = {
    not_published: {
      nb: 'Den ble ikke publisert.',
      nn: 'Han vart ikkje publisert.',
      en: 'It was not published.',
    },
    removed: {
      nb: `Den ble fjernet fra kommentarfeltet ${decided}.`,
      nn: `Han vart fjerna frå kommentarfeltet ${decided}.`,
      en: `It was removed from the comment section on ${decided}.`,
    },
  }[f.decision][lang];
  let how: string;
  if (f.how.by === 'engine') {
    how = {
      nb: `Moderasjonssystemet vårt stoppet den automatisk, uten at et menneske vurderte den, fordi den inneholder ${found || 'noe debattreglene ikke tillater'}.`,
      nn: `Moderasjonssystemet vårt stoppa han automatisk, utan at eit menneske vurderte han, fordi han inneheld ${found || 'noko debattreglane ikkje tillèt'}.`,
      en: `Our moderation system stopped it automatically, without a person assessing it, because it contains ${found || 'something the debate rules do not allow'}.`,
    }[lang];
  } else if (f.how.by === 'moderator') {
    const flagged =
      f.how.flaggedBy === 'engine'
        ? {
            nb: `Moderasjonssystemet vårt holdt den tilbake${found ? ` fordi den kan inneholde ${found}` : ''}, og en moderator vurderte den.`,
            nn: `Moderasjonssystemet vårt heldt han tilbake${found ? ` fordi han kan innehalde ${found}` : ''}, og ein moderator vurderte han.`,
            en: `Our moderation system held it back${found ? ` because it may contain ${found}` : ''}, and a moderator assessed it.`,
          }
        : f.how.flaggedBy === 'readers'
          ? {
              nb: 'Lesere meldte den, og en moderator vurderte den.',
              nn: 'Lesarar melde han, og ein moderator vurderte han.',
              en: 'Readers reported it, and a moderator assessed it.',
            }
          : {
              nb: 'En moderator vurderte den.',
              nn: 'Ein moderator vurderte han.',
              en: 'A moderator assessed it.',
            };
    how = flagged[lang];
  } else {
    const category = noticeCategoryLabel(f.how.category, lang);
    how = {
      nb: `Vi fikk en melding om at den er ulovlig (${category}), og en moderator vurderte den.`,
      nn: `Vi fekk ei melding om at han er ulovleg (${category}), og ein moderator vurderte han.`,
      en: `We received a notice that it is illegal (${category}), and a moderator assessed it.`,
    }[lang];
  }
  return `${subject} ${outcome} ${how}`;
}

export interface RestrictionFacts {
  restriction: Restriction;
  lang: Language;
  siteName: string;
  decidedAt: Date;
  existingChanged: number;
}

/** The facts of a restriction of the author: what changes for them, from when. */
export function restrictionFacts(f: RestrictionFacts): string {
  const { lang } = f;
  const decided = formatDate(f.decidedAt, lang);
  const what = {
    ban: {
      nb: `En moderator har ${decided} utestengt deg fra kommentarfeltet hos ${f.siteName}. Nye kommentarer fra deg blir ikke publisert.`,
      nn: `Ein moderator har ${decided} utestengt deg frå kommentarfeltet hos ${f.siteName}. Nye kommentarar frå deg blir ikkje publiserte.`,
      en: `On ${decided} a moderator excluded you from the comment section on ${f.siteName}. New comments from you are not published.`,
    },
    shadow_ban: {
      nb: `En moderator har ${decided} begrenset synligheten av kommentarene dine hos ${f.siteName}: du ser dem selv, men andre lesere ser dem ikke.`,
      nn: `Ein moderator har ${decided} avgrensa synet av kommentarane dine hos ${f.siteName}: du ser dei sjølv, men andre lesarar ser dei ikkje.`,
      en: `On ${decided} a moderator restricted the visibility of your comments on ${f.siteName}: you see them, but other readers do not.`,
    },
    premoderation: {
      nb: `En moderator har ${decided} bestemt at kommentarene dine hos ${f.siteName} skal godkjennes av en moderator før de publiseres.`,
      nn: `Ein moderator har ${decided} bestemt at kommentarane dine hos ${f.siteName} skal godkjennast av ein moderator før dei blir publiserte.`,
      en: `On ${decided} a moderator decided that your comments on ${f.siteName} must be approved by a moderator before they are published.`,
    },
  }[f.restriction][lang];
  if (f.existingChanged === 0) return what;
  const n = f.existingChanged;
  const existing = {
    ban: {
      nb: `${n} tidligere kommentar${n === 1 ? '' : 'er'} fra deg ble fjernet samtidig.`,
      nn: `${n} tidlegare kommentar${n === 1 ? '' : 'ar'} frå deg vart fjerna samtidig.`,
      en: `${n} earlier comment${n === 1 ? ' was' : 's were'} removed at the same time.`,
    },
    shadow_ban: {
      nb: `Det gjelder også ${n} tidligere kommentar${n === 1 ? '' : 'er'}.`,
      nn: `Det gjeld også ${n} tidlegare kommentar${n === 1 ? '' : 'ar'}.`,
      en: `This also applies to ${n} earlier comment${n === 1 ? '' : 's'}.`,
    },
    premoderation: { nb: '', nn: '', en: '' },
  }[f.restriction][lang];
  return existing ? `${what} ${existing}` : what;
}

/**
 * How to seek redress: the appeal in the product, out-of-court settlement, the courts, and the press's own body.
 * It names the appeal button without quoting its label: the statement is in the site's language, the button in
 * the widget's, and a Nynorsk widget's «Klag på avgjerda» did not match a Bokmål statement's «Klag på avgjørelsen».
 */
export function outOfCourt(lang: Language, appealUntil: Date): string {
  const until = formatDate(appealUntil, lang);
  return {
    nb: `Du kan klage på avgjørelsen, gratis, fram til ${until}: bruk klageknappen ved kommentaren. Et menneske behandler klagen. Du kan også bringe saken inn for et godkjent organ for utenrettslig tvisteløsning (forordningen om digitale tjenester, artikkel 21) eller for domstolene. Mener du at redaksjonen har brutt god presseskikk, kan du klage til Pressens Faglige Utvalg (PFU).`,
    nn: `Du kan klage på avgjerda, gratis, fram til ${until}: bruk klageknappen ved kommentaren. Eit menneske behandlar klaga. Du kan også bringe saka inn for eit godkjent organ for utanrettsleg tvisteløysing (forordninga om digitale tenester, artikkel 21) eller for domstolane. Meiner du at redaksjonen har brote god presseskikk, kan du klage til Pressens Faglige Utval (PFU).`,
    en: `You can appeal the decision, free of charge, until ${until}: use the appeal button next to the comment. A person handles the appeal. You can also take the matter to a certified out-of-court dispute settlement body (Digital Services Act, Article 21) or to the courts. If you believe the newsroom broke the press's code of ethics, you can complain to the Norwegian Press Complaints Commission (PFU).`,
  }[lang];
}

export const DECISION_SUBJECT: Record<StatementDecision, Texts> = {
  not_published: {
    nb: 'Kommentaren din ble ikke publisert',
    nn: 'Kommentaren din vart ikkje publisert',
    en: 'Your comment was not published',
  },
  removed: {
    nb: 'Kommentaren din er fjernet',
    nn: 'Kommentaren din er fjerna',
    en: 'Your comment was removed',
  },
  restricted: {
    nb: 'Begrensning i kommentarfeltet',
    nn: 'Avgrensing i kommentarfeltet',
    en: 'A restriction in the comment section',
  },
};

export const HEADINGS: Record<'ground' | 'redress', Texts> = {
  ground: { nb: 'Grunnlag', nn: 'Grunnlag', en: 'Ground' },
  redress: { nb: 'Klage', nn: 'Klage', en: 'Redress' },
};
