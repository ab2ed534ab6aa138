/**
 * Personal information in a text: Norwegian national identity numbers
 * (fødselsnummer, D- and H-numbers, validated with both mod-11 check digits by
 * @navikt/fnrvalidator), Norwegian phone numbers (found and validated by
 * libphonenumber-js) and e-mail addresses. libphonenumber's own finder scans the
 * whole text (about 30 µs per comment), so a regular expression picks out the
 * few digit groups that could be a Norwegian number and only those are parsed.
 */
import { idnr } from '@navikt/fnrvalidator';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Span } from './types.js';

export interface PersonalInfoHit {
  kind: 'national_id' | 'phone' | 'email';
  /** What exactly was found: `fnr`, `dnr`, `hnr`, `tnr` (synthetic test number), `phone` or `email`. */
  what: 'fnr' | 'dnr' | 'hnr' | 'tnr' | 'phone' | 'email';
  detail: string;
  span: Span;
}

const ID_NUMBER = /(?<![\d])(\d{6}) ?(\d{5})(?![\d])/g;
/** Eight digits, optionally grouped by spaces, dots or dashes, optionally after +47 or 0047. */
const PHONE_CANDIDATE = /(?<![\d+])(?:(?:\+|00)47[ .-]?)?\d(?:[ .-]?\d){7}(?![\d])/g;
/**
 * The lookbehind starts a match only at the beginning of a run of local-part
 * characters: without it every position inside a long run (50,000 letters
 * then "@") rescanned the run, which is quadratic (seconds per text). Same
 * matches either way, since every start inside a run reaches the same "@".
 */
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/**
 * Mailboxes of an office, a desk, a service or a role, not of a person: "post@kommune.no", "trener@klubben.no",
 * "tips@avisa.no", "debatt@avisa.no", "gatelys@kommune.no". Telling readers where to write to an organisation shares nobody's address.
 */
const ROLE_MAILBOXES = new Set([
  'post',
  'postmottak',
  'postkasse',
  'firmapost',
  'kontakt',
  'info',
  'informasjon',
  'support',
  'service',
  'servicetorget',
  'servicesenter',
  'kundeservice',
  'kundesenter',
  'tips',
  'tipsa',
  'redaksjon',
  'redaksjonen',
  'desk',
  'nyheter',
  'sentralbord',
  'sentralbordet',
  'admin',
  'administrasjon',
  'booking',
  'billett',
  'bestilling',
  'trener',
  'trenere',
  'styret',
  'styreleder',
  'leder',
  'dagligleder',
  'sekretariat',
  'sekretariatet',
  'kasserer',
  'medlem',
  'medlemsservice',
  'resepsjon',
  'resepsjonen',
  'faktura',
  'presse',
  'ordfører',
  'ordforer',
  'rådmann',
  'radmann',
  'kommunedirektor',
  'noreply',
  'no-reply',
  'webmaster',
  'postmaster',
  'contact',
  'hello',
  'office',
  // A desk or a service of a paper or a council ("debatt@avisa.no", "vatn@kommune.no"), Bokmål and Nynorsk.
  'debatt',
  'leserbrev',
  'innspill',
  'høring',
  'hoyring',
  'høyring',
  'horing',
  'klage',
  'vann',
  'vatn',
  'vannverk',
  'vannverket',
  'teknisk',
  'drift',
  'kultur',
  'sport',
  'politikk',
  'byggesak',
  'legevakt',
  'skole',
  'barnehage',
  'brøyting',
  'broyting',
  'renovasjon',
  'kraftlag',
  'kraftlaget',
  // A council's services by what they answer for ("gatelys@", "skatt@", "dyrlege@"), round 13.
  'skatt',
  'eiendomsskatt',
  'eigedomsskatt',
  'gatelys',
  'veg',
  'vei',
  'veglys',
  'parkering',
  'havn',
  'hamn',
  'brann',
  'helse',
  'helsestasjon',
  'legekontor',
  'dyrlege',
  'veterinær',
  'veterinaer',
  'veterinar',
  'bibliotek',
  'biblioteket',
  'svømmehall',
  'svommehall',
  'idrett',
  'kino',
  'avfall',
  'miljø',
  'miljo',
  'landbruk',
  'plan',
  'oppvekst',
  'barnevern',
  'omsorg',
  'eiendom',
  'eigedom',
  'kommune',
  'kommunen',
  'ferje',
  'ferge',
  'skyss',
  'trafikk',
  'kart',
]);

/**
 * An institution's name ending a mailbox ("kulturskolen@", "biblioteket@", "idrettslaget@",
 * "ungdomsskulen@"): a school's, a library's or a club's, nobody's own. Indefinite and
 * definite, Bokmål and Nynorsk; a local part that ends in one of these with at least three
 * letters before it, or is one.
 */
const INSTITUTION_TAILS = [
  'skole',
  'skolen',
  'skule',
  'skulen',
  'bibliotek',
  'biblioteket',
  'museum',
  'museet',
  'barnehage',
  'barnehagen',
  'idrettslag',
  'idrettslaget',
  'klubb',
  'klubben',
  'korps',
  'korpset',
  'forening',
  'foreningen',
  'foreininga',
  'menighet',
  'menigheten',
  'kyrkjelyd',
  'sokneråd',
  'soknerad',
  'senter',
  'senteret',
  'sentret',
  'kontor',
  'kontoret',
  'teater',
  'teateret',
  'teatret',
  'festival',
  'festivalen',
  'sykehus',
  'sykehuset',
  'sjukehus',
  'sjukehuset',
  'apotek',
  'apoteket',
  'rådhus',
  'rådhuset',
  'radhus',
  'radhuset',
];

function institutionMailbox(local: string): boolean {
  const lower = local.toLowerCase();
  for (const tail of INSTITUTION_TAILS)
    if (lower === tail || (lower.length >= tail.length + 3 && lower.endsWith(tail))) return true;
  return false;
}

/** fnrvalidator's number types, as the reason names them (a number both D and H is a D-number). */
const ID_KINDS: Record<string, 'fnr' | 'dnr' | 'hnr' | 'tnr'> = {
  fnr: 'fnr',
  dnr: 'dnr',
  hnr: 'hnr',
  tnr: 'tnr',
  'dnr-and-hnr': 'dnr',
  'dnr-and-tnr': 'dnr',
};

const ID_NAMES: Record<string, string> = {
  fnr: 'Norwegian national identity number (fødselsnummer)',
  dnr: 'Norwegian D-number',
  hnr: 'Norwegian H-number',
  tnr: 'Norwegian synthetic test identity number',
  'dnr-and-hnr': 'Norwegian D-number',
  'dnr-and-tnr': 'Norwegian D-number',
};

/** A character an identity or phone number can contain: digits and the separators + space . - */
const isNumberChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || c === 32 || c === 46 || c === 45 || c === 43;

/**
 * Runs of number characters holding at least eight digits, as [start, end) pairs.
 * Every identity-number or phone match lies inside one such run (the patterns
 * match nothing else, and their look-arounds only exclude digits and '+', which a
 * run never borders), so the patterns run on these few short slices instead of
 * the whole text, with the same matches.
 */
function digitRuns(raw: string): number[] {
  const runs: number[] = [];
  const length = raw.length;
  for (let i = 0; i < length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    let start = i;
    while (start > 0 && isNumberChar(raw.charCodeAt(start - 1))) start--;
    let end = i;
    let count = 0;
    for (; end < length; end++) {
      const d = raw.charCodeAt(end);
      if (!isNumberChar(d)) break;
      if (d >= 48 && d <= 57) count++;
    }
    if (count >= 8) runs.push(start, end);
    i = end;
  }
  return runs;
}

/** Whether a code unit is white space for the regular expressions' \s (the chunk borders below). */
const RE_SPACE = /\s/;
const isSpace = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || (c > 127 && RE_SPACE.test(String.fromCharCode(c)));

/** Start and end of the run of non-space characters around `i`. */
function chunkAround(raw: string, i: number): [number, number] {
  let start = i;
  while (start > 0 && !isSpace(raw.charCodeAt(start - 1))) start--;
  let end = i;
  while (end < raw.length && !isSpace(raw.charCodeAt(end))) end++;
  return [start, end];
}

/**
 * Institutions whose number a reader passes on ("ring politiet på …", "legevakten har nummer …"):
 * named in the words before a number, they make it theirs, not a person's.
 */
const INSTITUTIONS = new Set([
  'politiet',
  'politi',
  'legevakten',
  'legevakta',
  'legevakt',
  'sentralbordet',
  'sentralbord',
  'kommunen',
  'kommuna',
  'sykehuset',
  'sjukehuset',
  'brannvesenet',
  'nav',
  'giftinformasjonen',
  'kundeservice',
  'servicetorget',
  'resepsjonen',
  'redaksjonen',
  'tipstelefonen',
  'vakttelefonen',
  'døgntelefonen',
  'kontoret',
  'skolen',
  'barnehagen',
  'police',
]);
/** Words that make the number a person's after all: "privatnummeret hans", "mobilen til Kari". */
const PERSONAL = new Set([
  'hans',
  'hennes',
  'hennar',
  'privat',
  'privatnummer',
  'privatnummeret',
  'mobil',
  'mobilen',
  'mobilnummeret',
  'hjemme',
  'heime',
]);
/** How many words before a number may name its institution. */
const INSTITUTION_WORDS = 6;
const WORD = /[\p{L}]+/gu;

/** Whether an institution is named in the sentence's last few words before `start`, and no person's number. */
function institutionNumber(raw: string, start: number): boolean {
  const from = Math.max(0, start - 80);
  const before = raw.slice(from, start);
  const sentence = before.slice(
    Math.max(before.lastIndexOf('.'), before.lastIndexOf('!'), before.lastIndexOf('?')) + 1,
  );
  const words = sentence.toLowerCase().match(WORD) ?? [];
  let institution = false;
  for (const word of words.slice(-INSTITUTION_WORDS)) {
    if (PERSONAL.has(word)) return false;
    if (INSTITUTIONS.has(word)) institution = true;
  }
  return institution;
}

/** Number types that reach a business or a service, never one person's phone. */
const SERVICE_TYPES = new Set(['TOLL_FREE', 'SHARED_COST', 'PREMIUM_RATE', 'UAN']);

/**
 * A service number, printed for anyone to ring: a free-phone or shared-cost number
 * (800, 810, 815, 820…), or one pair of digits four times ("22 22 22 22"), the kind a
 * switchboard buys to be remembered.
 */
function serviceNumber(national: string, type: string | undefined): boolean {
  if (type !== undefined && SERVICE_TYPES.has(type)) return true;
  return national.length === 8 && /^(\d\d)\1{3}$/.test(national);
}

export function findPersonalInfo(raw: string, digits: number): PersonalInfoHit[] {
  const hits: PersonalInfoHit[] = [];
  if (digits >= 8) {
    const runs = digitRuns(raw);
    const ids: Span[] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const offset = runs[r]!;
      const slice = raw.slice(offset, runs[r + 1]);
      ID_NUMBER.lastIndex = 0;
      for (let m = ID_NUMBER.exec(slice); m !== null; m = ID_NUMBER.exec(slice)) {
        const result = idnr(m[1]! + m[2]!);
        if (result.status !== 'valid') continue;
        const span = { start: offset + m.index, end: offset + m.index + m[0].length };
        ids.push(span);
        hits.push({
          kind: 'national_id',
          what: ID_KINDS[result.type] ?? 'fnr',
          detail: `${ID_NAMES[result.type] ?? 'Norwegian identity number'}`,
          span,
        });
      }
    }
    for (let r = 0; r < runs.length; r += 2) {
      const offset = runs[r]!;
      const slice = raw.slice(offset, runs[r + 1]);
      PHONE_CANDIDATE.lastIndex = 0;
      for (let m = PHONE_CANDIDATE.exec(slice); m !== null; m = PHONE_CANDIDATE.exec(slice)) {
        const span = { start: offset + m.index, end: offset + m.index + m[0].length };
        if (ids.some((id) => span.start < id.end && id.start < span.end)) continue;
        const number = parsePhoneNumberFromString(m[0], 'NO');
        if (number === undefined || number.country !== 'NO') continue;
        // For a Norwegian number (its metadata has number types) isValid() is getType() !==
        // undefined: one pass over the type patterns instead of two (each compiles a RegExp).
        const type = number.getType();
        if (type === undefined || serviceNumber(number.nationalNumber, type)) continue;
        if (institutionNumber(raw, span.start)) continue;
        hits.push({ kind: 'phone', what: 'phone', detail: 'Norwegian phone number', span });
      }
    }
  }
  // An address has no white space and contains '@': match only the chunks around each '@'.
  for (let at = raw.indexOf('@'); at !== -1; ) {
    const [start, end] = chunkAround(raw, at);
    const slice = raw.slice(start, end);
    EMAIL.lastIndex = 0;
    for (let m = EMAIL.exec(slice); m !== null; m = EMAIL.exec(slice)) {
      const local = m[0].slice(0, m[0].indexOf('@'));
      if (ROLE_MAILBOXES.has(local.toLowerCase()) || institutionMailbox(local)) continue;
      hits.push({
        kind: 'email',
        what: 'email',
        detail: 'E-mail address',
        span: { start: start + m.index, end: start + m.index + m[0].length },
      });
    }
    at = raw.indexOf('@', end);
  }
  return hits;
}

const LINK =
  /\b(?:https?:\/\/|www\.)[^\s<>"]+|(?<![@\p{L}\p{N}.-])(?:[a-z0-9][a-z0-9-]*\.)+(?:no|com|net|org|io|info|biz|ru|xyz|se|dk|de|uk|eu|me|co|ly|gl|tk|app|dev|online|site|shop|top|club|live)\b(?:\/[^\s<>"]*)?/giu;

const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/** A cheap pre-check: a dot between two letters or digits ("vg.no", "www."), else no link. */
function mayHaveLink(raw: string): boolean {
  for (let i = raw.indexOf('.'); i !== -1; i = raw.indexOf('.', i + 1)) {
    if (i > 0 && isAlnum(raw.charCodeAt(i - 1)) && isAlnum(raw.charCodeAt(i + 1))) return true;
  }
  return false;
}

/** Links: URLs with a scheme or www., and bare domains with a common top-level domain ("vg.no"). */
export function findLinks(raw: string): Span[] {
  const spans: Span[] = [];
  if (!mayHaveLink(raw)) return spans;
  // A link has no white space and contains ':' ("https://") or a '.' with more after
  // it ("www.x", "vg.no"), and the pattern's look-behind and \b see white space alike
  // at a chunk's border and in the text: so matching only the non-space chunks with
  // such a mark finds exactly what the whole text would (a sentence's final dot is
  // no mark). The marks are found with indexOf, a native scan, rather than by
  // reading every character in JavaScript (a third of the cost on a comment).
  const length = raw.length;
  let dot = raw.indexOf('.');
  let colon = raw.indexOf(':');
  for (let i = 0; ; ) {
    if (dot !== -1 && dot < i) dot = raw.indexOf('.', i);
    if (colon !== -1 && colon < i) colon = raw.indexOf(':', i);
    const mark = dot === -1 ? colon : colon === -1 ? dot : Math.min(dot, colon);
    if (mark === -1) break;
    if (mark === dot && (mark + 1 === length || isSpace(raw.charCodeAt(mark + 1)))) {
      i = mark + 1;
      continue;
    }
    const [start, end] = chunkAround(raw, mark);
    const slice = raw.slice(start, end);
    LINK.lastIndex = 0;
    for (let m = LINK.exec(slice); m !== null; m = LINK.exec(slice))
      spans.push({ start: start + m.index, end: start + m.index + m[0].length });
    // The chunk ends at white space or the end of the text: nothing more to find before end + 1.
    i = end + 1;
  }
  return spans;
}
