/**
 * The moderation rules, in order. Each reads the prepared input and may add
 * reasons; none stops the others, so a moderator sees every reason.
 */
import {
  aimedFrom,
  curseAimedAt,
  degradedBetween,
  namedRole,
  clauseBreakBefore,
  saidOfPerson,
  beforeSurname,
  selfDescribed,
  titleAfterThe,
  inside,
  MILDER,
  quotations,
  SEVERITY_RANK,
  STRICTER,
  tokenAt,
} from './aim.js';
import type { LanguageGuess } from './language.js';
import { LEXICON } from './lexicon.js';
import type { TermHit, TermMatcher, WordClasses } from './matcher.js';
import { type NormalisedText, normaliseTerm } from './normalise.js';
import { findLinks, findPersonalInfo } from './personal-info.js';
import { gradeActions } from './matcher.js';
import {
  type CompiledThreats,
  findDehumanising,
  findThreats,
  friendlyAfter,
  hospitableAfter,
  isCurse,
  negatedAct,
} from './threats.js';
import { refuseHits, threatsByRoles } from './threat-grammar.js';
import { veiledByRoles } from './veiled-grammar.js';
import { AND_OR } from './vocabulary.js';
import type { ModerationContext, ModerationReason, Severity } from './types.js';
import { WordSet } from './word-table.js';

/** Insults that also name a role, kin or an animal ("klovn", "kjerring"): their definite form alone insults nobody. */
const LITERAL = new Set(LEXICON.entries.filter((e) => e.literal === true).map((e) => e.term));
/** Words that are also given names ("Dick"): beside another name they name someone. */
const GIVEN_NAMES = new Set(LEXICON.entries.filter((e) => e.givenName === true).map((e) => e.term));
/** Mild words that swear like strong ones when said as a curse ("satan"). */
const CURSES = new Set(LEXICON.entries.filter((e) => e.curse === true).map((e) => e.term));
/** Animals called a person ("gris", "ku"): an insult only degraded and said of one. */
const ANIMALS = new Set(LEXICON.entries.filter((e) => e.animal === true).map((e) => e.term));
/** Mild words for another reading that insult as strong ones said of a person ("tispe"). */
const AIMED_STRONG = new Set(LEXICON.entries.filter((e) => e.aimedStrong === true).map((e) => e.term));
/** The words before a hit that make it another word ("dansa hora": the dance), by term. */
const UNLESS_AFTER = new Map(
  LEXICON.entries
    .filter((e) => e.unlessAfter !== undefined)
    .map((e) => [e.term, new Set(e.unlessAfter!.flatMap((w) => normaliseTerm(w)))] as const),
);

export interface RuleInput {
  raw: string;
  context: ModerationContext;
  norm: NormalisedText;
  /** The text's language, guessed on first call. */
  language: LanguageGuess;
  matcher: TermMatcher;
  threats: CompiledThreats;
  /** Each word looked up once (`matcher.classify`): its roles, and whether it is known clean. */
  words: WordClasses;
  fingerprint: string;
}

export interface Rule {
  name: string;
  apply(input: RuleInput, reasons: ModerationReason[]): void;
}

export const DEFAULT_MIN_LENGTH = 1;
export const DEFAULT_MAX_LENGTH = 3000;
const SHOUTING_MIN_LETTERS = 20;
const SHOUTING_SHARE = 0.7;

const length: Rule = {
  name: 'length',
  apply({ norm, context }, reasons) {
    const min = context.minLength ?? DEFAULT_MIN_LENGTH;
    const max = context.maxLength ?? DEFAULT_MAX_LENGTH;
    if (norm.nonSpace < min) {
      reasons.push({
        rule: 'too_short',
        severity: 'reject',
        detail: `Text has ${norm.nonSpace} non-space characters; at least ${min} required`,
        params: { length: norm.nonSpace, min },
      });
    }
    if (norm.codePoints > max) {
      reasons.push({
        rule: 'too_long',
        severity: 'reject',
        detail: `Text has ${norm.codePoints} characters; at most ${max} allowed`,
        params: { length: norm.codePoints, max },
      });
    }
  },
};

const author: Rule = {
  name: 'author',
  apply({ context }, reasons) {
    const standing = context.author;
    if (standing?.banned)
      reasons.push({ rule: 'banned_author', severity: 'reject', detail: 'Author is banned', params: {} });
    if (context.premoderation === 'site' || context.premoderation === 'article') {
      reasons.push({
        rule: 'premoderation',
        severity: 'hold',
        detail: `${context.premoderation === 'site' ? 'Site' : 'Article'} pre-moderation is on`,
        params: { kind: context.premoderation },
      });
    }
    if (standing?.premoderated) {
      reasons.push({
        rule: 'premoderation',
        severity: 'hold',
        detail: 'Author is pre-moderated',
        params: { kind: 'author' },
      });
    }
    const hold = context.newAuthorHold ?? 0;
    if (hold > 0 && standing !== undefined && !standing.trusted && standing.approvedCount < hold) {
      reasons.push({
        rule: 'new_author',
        severity: 'hold',
        detail: `Author has ${standing.approvedCount} approved texts; the site holds the first ${hold}`,
        params: { approved: standing.approvedCount, hold },
      });
    }
  },
};

const duplicate: Rule = {
  name: 'duplicate',
  apply({ context, fingerprint }, reasons) {
    if (context.recentFingerprints?.includes(fingerprint)) {
      reasons.push({
        rule: 'duplicate',
        severity: 'reject',
        detail: "Same text as one of this author's texts from the last 24 hours",
        params: {},
      });
    }
  },
};

const terms: Rule = {
  name: 'terms',
  apply({ raw, norm, language, matcher, context, words, threats: compiled }, reasons) {
    const trusted = context.author?.trusted === true;
    const hits = matcher.scan(norm, language, words);
    if (hits.length === 0) return;
    const quotes = quotations(raw);
    for (let h = 0; h < hits.length; h++) {
      const hit = hits[h]!;
      const { entry } = hit;
      if (entry.unlessNext !== null && followedByOneOf(norm, hit.end, entry.unlessNext)) continue;
      if (entry.pairedWith !== null && pairedWithOneOf(norm, hit.start, hit.end, entry.pairedWith)) continue;
      if (UNLESS_AFTER.size > 0 && precededByOneOf(norm, hit.start, UNLESS_AFTER.get(entry.term))) continue;
      // A word rhymed with itself by a dash ("pikk-pakk", "tipp-topp") is a sound, not the word.
      if (reduplicated(raw, hit.start, hit.end)) continue;
      // A threat phrase taken back by a negator before it: "ingen ønsker at du skal dø", or a
      // visit for coffee or a birthday: "jeg kommer hjem til deg etter kampen, så tar vi en kaffe".
      if (
        entry.rule === 'threat' &&
        hit.kind === 'phrase' &&
        (negatedPhrase(norm, hit.start, hit.end, compiled, words) ||
          welcomed(norm, tokenEndingAt(norm, hit.end, Math.max(0, tokenAt(norm, hit.start)))))
      )
        continue;
      let severity: Severity = entry.severity;
      let aimed = false;
      // A place's name made of a word ("Pikkarvik", "Helvetesbakken") or a person's or a book's
      // name ("Moby-Dick", "Dick Cheney"): named, so aimed at nobody.
      const placeNamed =
        (entry.category === 'profanity' || entry.category === 'sexual') && placeName(raw, hit.start, hit.end);
      const named =
        placeNamed ||
        (GIVEN_NAMES.size > 0 && GIVEN_NAMES.has(entry.term) && givenName(raw, hit.start, hit.end));
      const quoted = quotes.length > 0 && inside(quotes, hit.start, hit.end);
      // An insult heading a compound by a dash ("drittsekk-politikk") describes the thing after it.
      if (
        (entry.insult || entry.addressed) &&
        entry.source === 'lexicon' &&
        !named &&
        !headsCompound(raw, hit.end) &&
        !headsDashedWord(raw, hit.start, hit.end, entry.term)
      ) {
        const t = tokenAt(norm, hit.start);
        const animal = ANIMALS.has(entry.term);
        const last = t < 0 ? t : tokenEndingAt(norm, hit.end, t);
        let from =
          t < 0
            ? -1
            : entry.addressed
              ? t
              : aimedFrom(norm, t, last, entry.grade !== 'mild', animal || LITERAL.has(entry.term));
        // An animal is an insult only degraded and said of a person ("du er ei feit ku", "rådmannen
        // er en ekkel gris"); "det er en feit gris", "grisen på bildet" are pigs.
        // An animal's definite form before a surname names the person an animal ("svinet Berntsen").
        if (
          animal &&
          from >= 0 &&
          !(from === t && beforeSurname(norm, last)) &&
          !(
            t > from &&
            saidOfPerson(norm, from, last) &&
            degradedBetween(norm, from, t, (k) => isCurse(words.roles, k))
          )
        )
          from = -1;
        // Aimed inside a quotation ("han sa «din jævla idiot» til dommeren"): at whoever the quoted words were said to.
        if (from >= 0 && quoted && inside(quotes, norm.starts[from]!, hit.end)) from = -1;
        if (from >= 0) {
          // Aimed from itself ("jævla idioter alle sammen", "Jævla tosk, …"): the words just before
          // it in its clause still make it.
          if (from === t) from = modifiersFrom(norm, t);
          // The insult with the words that make it ("din jævla idiot"): their strongest, one step up.
          // The hits are in order of their start: look only at the neighbours inside [from0, hit.end).
          const from0 = norm.starts[from]!;
          for (let k = h - 1; k >= 0 && hits[k]!.start >= from0; k--)
            severity = stronger(hits[k]!, hit.end, severity);
          for (let k = h + 1; k < hits.length && hits[k]!.start < hit.end; k++)
            severity = stronger(hits[k]!, hit.end, severity);
          // A mild word that insults as a strong one said of a person ("tispa på kontoret"): the
          // site's action for strong words, before the step up.
          if (AIMED_STRONG.has(entry.term) && severity === 'info' && !dogBefore(norm, from)) {
            const action = gradeActions(context.policy).strong;
            if (action !== 'approve') severity = action;
          }
          // A degrading word or a curse between ("din feite kjerring", "din forbanna tosk") makes it strong.
          if (
            severity === 'info' &&
            t > from &&
            degradedBetween(norm, from, t, (k) => isCurse(words.roles, k))
          )
            severity = 'hold';
          severity = STRICTER[severity];
          // A word of the slur category said of a person ("du er tilbakestående"): a slur against one.
          if (entry.category === 'slur') severity = 'reject';
          aimed = true;
        }
        // An insult given to a whole people, faith or orientation by its adjective: "dei skeive
        // jævlane", "de tsjetsjenske svina", "disse somaliske idiotene": a slur against them.
        if (t > 0 && !animal && groupCursed(norm, t)) {
          severity = 'reject';
          aimed = true;
        }
      }
      const namedWord =
        entry.source === 'lexicon' &&
        (namedAsWord(norm, hit.start, hit.end) ||
          (quoted && !aimed && quotedTitle(raw, norm, quotes, hit.start)));
      if (quoted && namedWord && entry.grade !== 'threat') {
        // Quoted and named as a word ("ordet «neger»", "skjellsordet «pakkis»"): talked about,
        // not said of anyone; a slur too is published, with its reason for the moderators.
        severity = 'info';
      } else if (
        // A site's suspect term is named, not used, in the same places as a lexicon word.
        (entry.source === 'lexicon' || entry.rule === 'suspect_term') &&
        (quoted ||
          reported(norm, hit.start) ||
          namedWord ||
          named ||
          (entry.pairedWith !== null && placeOfBelief(norm, hit.start)) ||
          placeNamed ||
          (hit.kind === 'phrase' && dashCompound(raw, hit.end)) ||
          ((entry.insult || entry.source === 'site') &&
            namedRole(norm, tokenEndingAt(norm, hit.end, Math.max(0, tokenAt(norm, hit.start))))) ||
          // A site's word for a belief or a side said of the writer ("jeg er sosialist") labels nobody else.
          (entry.source === 'site' && selfDescribed(norm, tokenAt(norm, hit.start))) ||
          (entry.insult && titleAfterThe(norm, tokenAt(norm, hit.start))))
      ) {
        // Quoted: reported or named (so is a role in a fictional work: "drittsekken i filmen").
        // Slurs and threats still go to a moderator.
        severity = entry.grade === 'slur' || entry.grade === 'threat' ? 'hold' : MILDER[severity];
      }
      // "Jævla" before a word of praise is the degree word "jævlig" (mild) in its short form:
      // "jævla bra kamp", "helt jævla rått". Nobody is cursed. ("Helvetes bra", "faens god",
      // "fucking brilliant" keep a curse's noun and stay held.)
      if (!aimed && entry.grade === 'strong' && severity === 'hold' && praised(norm, hit.start))
        severity = 'info';
      // A curse word said as a curse ("Satan så kaldt", "Fy satan!", "Satan, for ein kamp") swears like
      // "faen"; the devil named ("preika om Satan", "Satan i Faust") stays mild.
      if (severity === 'info' && !quoted && CURSES.has(entry.term) && cursing(norm, hit.start, hit.end)) {
        const action = gradeActions(context.policy).strong;
        severity = action === 'approve' ? 'info' : action;
      }
      if (trusted && entry.rule === 'suspect_term' && severity !== 'reject') continue;
      const reason: ModerationReason = {
        // Stricter or milder than the entry: the rule says what it now does.
        rule:
          entry.rule === 'slur' || entry.rule === 'threat' || severity === entry.severity
            ? entry.rule
            : severity === 'reject'
              ? 'banned_term'
              : 'suspect_term',
        severity,
        category: entry.category,
        detail: aimed ? `Insult "${entry.term}" (${entry.category}) aimed at a person` : entry.detail,
        params: aimed ? { ...entry.params, aimed: 'person' } : entry.params,
        span: { start: hit.start, end: hit.end },
      };
      if (entry.grade !== null) reason.grade = entry.grade;
      reasons.push(reason);
    }
  },
};

function negatedPhrase(
  norm: NormalisedText,
  start: number,
  end: number,
  compiled: CompiledThreats,
  words: WordClasses,
): boolean {
  const t = tokenAt(norm, start);
  return t >= 0 && negatedAct(norm, t, tokenEndingAt(norm, end, t), compiled, words.roles);
}

/** Words of praise a curse may intensify ("jævla bra", "fucking good"); Bokmål, Nynorsk, English. */
const PRAISE = new WordSet([
  'bra',
  'god',
  'godt',
  'gode',
  'fin',
  'fint',
  'fine',
  'flott',
  'flotte',
  'rå',
  'rått',
  'råe',
  'flink',
  'flinkt',
  'flinke',
  'deilig',
  'deilige',
  'deileg',
  'deilege',
  'nydelig',
  'nydelige',
  'nydeleg',
  'nydelege',
  'herlig',
  'herlige',
  'herleg',
  'herlege',
  'vakker',
  'vakkert',
  'vakre',
  'pen',
  'pent',
  'pene',
  'kul',
  'kult',
  'kule',
  'gøy',
  'morsom',
  'morsomt',
  'morsomme',
  'moro',
  'artig',
  'digg',
  'sterk',
  'sterkt',
  'sterke',
  'imponerende',
  'imponerande',
  'fantastisk',
  'fantastiske',
  'tøff',
  'tøft',
  'tøffe',
  'koselig',
  'koselige',
  'koseleg',
  'koselege',
  'hyggelig',
  'hyggelige',
  'hyggeleg',
  'hyggelege',
  'stilig',
  'stolt',
  'stolte',
  'glad',
  'glade',
  'good',
  'great',
  'nice',
  'awesome',
  'amazing',
  'brilliant',
  'beautiful',
  'lovely',
]);

/** "Jævla" and its spellings: the short form of the degree word "jævlig". */
const DEGREE_CURSES = new WordSet(['jævla', 'jevla', 'javla', 'jaevla']);

/** Whether the hit at `start` is "jævla" (`DEGREE_CURSES`) and its next word, in its clause, praises. */
function praised(norm: NormalisedText, start: number): boolean {
  const t = tokenAt(norm, start);
  return (
    t >= 0 &&
    t + 1 < norm.count &&
    DEGREE_CURSES.has(norm.chars, norm.formStarts[t]!, norm.formEnds[t]!) &&
    !clauseBreakBefore(norm, t + 1) &&
    PRAISE.has(norm.chars, norm.formStarts[t + 1]!, norm.formEnds[t + 1]!)
  );
}

/** "Fy" before a curse: "fy satan". */
const FY = new WordSet(['fy', 'huff']);
/** Words after a curse that opens its clause: "satan så kaldt", "satan heller", "satan for ein kamp". */
const AFTER_CURSE = new WordSet([
  'så',
  'saa',
  'heller',
  'altså',
  'altso',
  'assa',
  'for',
  'kor',
  'hvor',
  // The devil asked to take something: "Satan ta denne planen", as "faen ta".
  'ta',
]);

/**
 * Whether the hit [start, end) is said as a curse: it opens its clause (after "fy" too)
 * and its clause ends there or goes on with a degree or exclamation word (`AFTER_CURSE`).
 */
function cursing(norm: NormalisedText, start: number, end: number): boolean {
  const t = tokenAt(norm, start);
  if (t < 0) return false;
  const first =
    t > 0 && !clauseBreakBefore(norm, t) && FY.has(norm.chars, norm.formStarts[t - 1]!, norm.formEnds[t - 1]!)
      ? t - 1
      : t;
  if (first > 0 && !clauseBreakBefore(norm, first)) return false;
  const next = tokenEndingAt(norm, end, t) + 1;
  return (
    next >= norm.count ||
    clauseBreakBefore(norm, next) ||
    AFTER_CURSE.has(norm.chars, norm.formStarts[next]!, norm.formEnds[next]!)
  );
}

/** The first of up to two words right before token t in its clause: the words that make an insult. */
function modifiersFrom(norm: NormalisedText, t: number): number {
  let from = t;
  while (from > 0 && from > t - 2 && !clauseBreakBefore(norm, from)) from--;
  return from;
}

/** `severity`, or the other hit's when it ends by `end` and is stronger. */
function stronger(other: TermHit, end: number, severity: Severity): Severity {
  return other.end <= end && SEVERITY_RANK[other.entry.severity] > SEVERITY_RANK[severity]
    ? other.entry.severity
    : severity;
}

/**
 * Whether the insult at token t follows a people's, a faith's or an orientation's adjective, after
 * a plural determiner or opening its clause: "dei skeive jævlane", "disse somaliske idiotene", "de
 * polske jævlene" ("den skeive tosken" is one crooked fool; "polske jævler" alone may be swearing).
 */
function groupCursed(norm: NormalisedText, t: number): boolean {
  const a = t - 1;
  if (
    clauseBreakBefore(norm, t) ||
    !PEOPLE_ADJECTIVES.has(norm.chars, norm.formStarts[a]!, norm.formEnds[a]!)
  )
    return false;
  const d = a - 1;
  return (
    d >= 0 && !clauseBreakBefore(norm, a) && THESE.has(norm.chars, norm.formStarts[d]!, norm.formEnds[d]!)
  );
}
const THESE = new WordSet(['de', 'dei', 'disse', 'desse', 'alle', 'those', 'these', 'all']);
/**
 * Every people's, faith's and orientation's adjective of the inventory (config/lexicon/peoples.json):
 * the one list (threats.ts's own list of these, a subset, was folded into it in the twentieth round).
 */
const PEOPLE_ADJECTIVES = new WordSet(LEXICON.peopleAdjectives ?? []);

/** A visit for coffee or a birthday, thanks, or a neighbour's help after token t: no menace. */
const welcomed = (norm: NormalisedText, t: number): boolean =>
  hospitableAfter(norm, t) || friendlyAfter(norm, t);

/** Whether the hit's words are joined by "og"/"eller" to one of `words` ("himmel og helvete"). */
function pairedWithOneOf(
  norm: NormalisedText,
  start: number,
  end: number,
  words: ReadonlySet<string>,
): boolean {
  const first = tokenAt(norm, start);
  if (first < 0) return false;
  const last = tokenEndingAt(norm, end, first);
  return joinedTo(norm, first - 1, first - 2, words) || joinedTo(norm, last + 1, last + 2, words);
}

/** Whether token `and` is "og"/"eller" and token `other` one of `words` (a function: no closure per hit). */
function joinedTo(norm: NormalisedText, and: number, other: number, words: ReadonlySet<string>): boolean {
  return (
    and >= 0 &&
    other >= 0 &&
    other < norm.count &&
    AND_OR.has(norm.chars, norm.formStarts[and]!, norm.formEnds[and]!) &&
    words.has(norm.form(other))
  );
}

/**
 * Whether the hit is one dashed word the term heads ("Rasshøl-debatten"): it names the
 * thing after the dash, like `headsCompound`. "NAV-idioten" has the term after the dash.
 */
function headsDashedWord(raw: string, start: number, end: number, term: string): boolean {
  let dash = start;
  while (dash < end - 1 && raw.charCodeAt(dash) !== 45) dash++;
  if (dash >= end - 1) return false;
  const head = raw.slice(start, dash).toLowerCase();
  // The whole word before the dash (give or take a spelling's letter or two): "kuk-hue" is
  // the word "kukhue" itself split by a dash, said of a person like it.
  return head.length >= Math.max(3, term.length - 2) && term.startsWith(head.slice(0, 3));
}

/** Words for a place a name is made of: "Helvetesbakken", "Fandens Gryte", "Djevelfossen". */
const PLACE_TAILS = [
  'bakken',
  'bakke',
  'haugen',
  'fjellet',
  'fossen',
  'fossan',
  'gjelet',
  'juvet',
  'dalen',
  'vika',
  'viken',
  'holmen',
  'skjæret',
  'svingen',
  'kleiva',
  'brekka',
  'stupet',
  'elva',
  'tjernet',
  'myra',
  'ura',
  'hola',
  'grotta',
  'gryta',
  'sundet',
  'neset',
  'øya',
  'tinden',
  'kollen',
  'åsen',
  'hølen',
  'kulpen',
  // A place's name ending in a word for a bay, a valley, a fjord, a hill, a farm or an island
  // ("Pikkarvik", "Helvetesdal"): no ending of a noun's paradigm looks like one.
  'vik',
  'dal',
  'fjord',
  'fjorden',
  'berg',
  'stad',
  'heim',
  'sund',
  'strand',
  'øy',
  'haug',
  'odden',
  'bukta',
];

/**
 * Whether the hit [start, end) is a place's name made of a curse: one word, written with a
 * capital, that ends in a word for a place ("Helvetesbakken", "Faenskleiva"): named, not said.
 */
function placeName(raw: string, start: number, end: number): boolean {
  const first = raw.charAt(start);
  if (first === first.toLowerCase()) return false;
  let stop = end;
  while (stop < raw.length && isLetter(raw.charAt(stop))) stop++;
  const word = raw.slice(start, stop).toLowerCase();
  for (const tail of PLACE_TAILS) if (word.length > tail.length + 3 && word.endsWith(tail)) return true;
  return false;
}

/**
 * Whether the hit [start, end), written with a capital, is a name beside another: a capitalised
 * word before it, after a dash or a space, that opens no sentence ("Moby-Dick", "read Moby Dick",
 * "Philip K. Dick"), or a capitalised word right after it ("Dick Cheney").
 */
function givenName(raw: string, start: number, end: number): boolean {
  const first = raw.charAt(start);
  if (first === first.toLowerCase()) return false;
  if (capitalised(raw, end + 1) && (raw.charAt(end) === ' ' || raw.charAt(end) === '-')) return true;
  const sep = raw.charAt(start - 1);
  if (sep !== ' ' && sep !== '-') return false;
  let k = start - 1;
  // "K." in "Philip K. Dick": an initial.
  if (raw.charAt(k - 1) === '.') k--;
  let from = k;
  while (from > 0 && isLetter(raw.charAt(from - 1))) from--;
  if (from === k || !capitalised(raw, from)) return false;
  // The word before opens a sentence ("You Dick"): no name.
  let p = from - 1;
  while (p >= 0 && raw.charAt(p) === ' ') p--;
  return p >= 0 && !'.!?:«"'.includes(raw.charAt(p));
}

function capitalised(raw: string, at: number): boolean {
  const c = raw.charAt(at);
  return c !== '' && c !== c.toLowerCase();
}

function isLetter(c: string): boolean {
  return c.toLowerCase() !== c.toUpperCase();
}

/**
 * Whether the hit [start, end) and the word after a dash rhyme by one vowel ("pikk-pakk",
 * "tipp-topp", "bing-bang"), or after a space or "og" ("pikk og pakk": all one owns): a sound
 * word or a fixed pair, not the word it looks like.
 */
function reduplicated(raw: string, start: number, end: number): boolean {
  // The rhyme after a dash, a space, or "og"/"and"/"&" between spaces ("pikk og pakk", "tipp topp").
  const link = RHYME_LINK.exec(raw.slice(end, end + 6));
  if (link === null) return false;
  const from = end + link[0].length;
  const length = end - start;
  const other = raw.slice(from, from + length);
  if (other.length !== length || isLetter(raw.charAt(from + length))) return false;
  const word = raw.slice(start, end).toLowerCase();
  const rhyme = other.toLowerCase();
  let differ = 0;
  for (let k = 0; k < length; k++) {
    if (word[k] === rhyme[k]) continue;
    if (!VOWELS.includes(word[k]!) || !VOWELS.includes(rhyme[k]!)) return false;
    differ++;
  }
  return differ === 1;
}

const VOWELS = 'aeiouyæøå';
/** What joins a word to its rhyme: a dash, one space, or "og", "and", "&" between single spaces. */
const RHYME_LINK = /^(?:-| (?:og |and |& )?)/;

/** Dogs a copula may say "tispe" of: "hunden vår er ei tispe". */
const DOGS = new WordSet([
  'hund',
  'hunden',
  'hunder',
  'hundene',
  'hundane',
  'bikkje',
  'bikkja',
  'bikkjen',
  'valpen',
]);

/** Whether a dog is named in the five words before the aiming word at `from`, in its clause. */
function dogBefore(norm: NormalisedText, from: number): boolean {
  for (let k = from - 1; k >= 0 && k >= from - 5; k--) {
    if (DOGS.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!)) return true;
    if (clauseBreakBefore(norm, k)) break;
  }
  return false;
}

/** Whether the word before the one starting at `start` is one of `words`, in its clause. */
function precededByOneOf(
  norm: NormalisedText,
  start: number,
  words: ReadonlySet<string> | undefined,
): boolean {
  if (words === undefined) return false;
  let t = tokenAt(norm, start);
  // An article may stand between: "danced the hora".
  if (
    t > 1 &&
    !clauseBreakBefore(norm, t) &&
    THE.has(norm.chars, norm.formStarts[t - 1]!, norm.formEnds[t - 1]!)
  )
    t--;
  return t > 0 && !clauseBreakBefore(norm, t) && words.has(norm.form(t - 1));
}

const THE = new WordSet(['the', 'a', 'en', 'ein']);

/** Nouns that name a word: "ordet faen", "faenskap er et gammelt ord". */
const WORD_NOUNS = new WordSet([
  'ord',
  'ordet',
  'ordene',
  'uttrykk',
  'uttrykket',
  'banneord',
  'banneordet',
  'skjellsord',
  'skjellsordet',
  'skjellsorda',
  'skjellsordene',
  'orda',
  'uttrykka',
  'uttrykkene',
  'kallenavn',
  'kallenavnet',
  'økenavn',
  'økenavnet',
  'betegnelse',
  'betegnelsen',
  'nemning',
  'nemninga',
  'kraftuttrykk',
  'begrep',
  'begrepet',
  'word',
  'words',
  'term',
  'slur',
  'swearword',
]);
const WORD_IS = new WordSet(['er', 'var', 'e', 'is', 'was']);
const AN = new WordSet(['et', 'eit', 'ett', 'a', 'an', 'det', 'den', 'the']);

/** Words for a work that a quoted title names: "boka", "Pippi-bøkene", "filmen", "sangen", "tittelen". */
const WORK_NOUN =
  /(?:bok|boka|boken|bøker|bøkene|bøkane|film|filmen|filmene|filmane|sang|sangen|song|songen|visa|visen|låt|låta|låten|tittel|tittelen|roman|romanen|serien|stykket|eventyret|diktet|albumet|novellen|novella|book|books|film|song|title|novel)$/;

/**
 * Whether the hit is in a quoted title, a quotation opening with a capital in a sentence about a
 * work ("«Negerkongen» ble byttet ut i Pippi-bøkene", "boka «Ti små negerbarn»"): named, not said.
 */
function quotedTitle(raw: string, norm: NormalisedText, quotes: readonly number[], start: number): boolean {
  let q = -1;
  for (let k = 0; k < quotes.length; k += 2) if (quotes[k]! < start) q = k;
  if (q < 0) return false;
  const first = raw.charAt(quotes[q]! + 1);
  if (first === first.toLowerCase()) return false;
  const t = tokenAt(norm, start);
  if (t < 0) return false;
  let a = t;
  while (a > 0 && t - a < 12 && !sentenceEnds(norm.seps[a]!)) a--;
  for (let k = a; k < norm.count && k - t < 12 && (k <= t || !sentenceEnds(norm.seps[k]!)); k++) {
    if (WORK_NOUN.test(norm.form(k))) return true;
  }
  return false;
}

/** Whether a separator ends a sentence. */
function sentenceEnds(sep: string): boolean {
  return sep.includes('.') || sep.includes('!') || sep.includes('?') || sep.includes('\n');
}

/**
 * Whether the hit names a word rather than uses it: "ordet faen …", "uttrykket drittsekk …", or
 * the hit as the subject of "er et (gammelt) ord" ("faenskap er et gammelt ord").
 */
function namedAsWord(norm: NormalisedText, start: number, end: number): boolean {
  const t = tokenAt(norm, start);
  if (
    t > 0 &&
    !clauseBreakBefore(norm, t) &&
    WORD_NOUNS.has(norm.chars, norm.formStarts[t - 1]!, norm.formEnds[t - 1]!)
  )
    return true;
  const c = tokenEndingAt(norm, end, Math.max(0, t)) + 1;
  if (subjectOfWordNoun(norm, c)) return true;
  // A hit read over two words ("Rasshøl er" as "rasshøler"): its first word may be the subject.
  return t >= 0 && t + 1 < c && subjectOfWordNoun(norm, t + 1);
}

/**
 * Whether word c is a copula with a noun for a word after it: "… er et (gammelt) ord",
 * "… var det ordet …", "… er betegnelsen på …".
 */
function subjectOfWordNoun(norm: NormalisedText, c: number): boolean {
  if (!inClause(norm, WORD_IS, c)) return false;
  if (inClause(norm, WORD_NOUNS, c + 1)) return true;
  if (!inClause(norm, AN, c + 1)) return false;
  for (let k = c + 2; k <= c + 4; k++) if (inClause(norm, WORD_NOUNS, k)) return true;
  return false;
}

const ABOUT = new WordSet(['om', 'about']);
const IN = new WordSet(['på', 'paa', 'in']);
const BELIEVE = new WordSet([
  'tro',
  'tror',
  'trur',
  'trodde',
  'trudde',
  'troen',
  'trua',
  'believe',
  'believes',
]);

/**
 * Whether a word for a place ("helvete", an entry paired with "himmel") names the place of a
 * belief: "læren om helvete", "preken om helvete", "tror på helvete".
 */
function placeOfBelief(norm: NormalisedText, start: number): boolean {
  const t = tokenAt(norm, start);
  if (t < 1 || clauseBreakBefore(norm, t)) return false;
  const { chars, formStarts, formEnds } = norm;
  if (ABOUT.has(chars, formStarts[t - 1]!, formEnds[t - 1]!)) return true;
  return (
    t > 1 &&
    IN.has(chars, formStarts[t - 1]!, formEnds[t - 1]!) &&
    !clauseBreakBefore(norm, t - 1) &&
    BELIEVE.has(chars, formStarts[t - 2]!, formEnds[t - 2]!)
  );
}

/** Whether token k is one of `words`, in the clause of the token before it. */
function inClause(norm: NormalisedText, words: WordSet, k: number): boolean {
  return (
    k < norm.count &&
    !clauseBreakBefore(norm, k) &&
    words.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!)
  );
}

/** A word made the first part of a noun by a dash, a masking dot allowed before it ("d.r.i.t.t.s.e.k.k.-politikk"). */
function headsCompound(raw: string, end: number): boolean {
  return dashCompound(raw, raw.charCodeAt(end) === 46 ? end + 1 : end);
}

/**
 * A phrase made the first part of a noun by a dash ("hold kjeft-kulturen", "faen ta
 * deg-holdningen"): it names an attitude, as if quoted.
 */
function dashCompound(raw: string, end: number): boolean {
  if (raw.charCodeAt(end) !== 45) return false;
  const next = raw.charAt(end + 1);
  return next !== '' && next.toLowerCase() !== next.toUpperCase();
}

/** Past-tense verbs of saying: a word right after one is reported, as if quoted ("han sa hold kjeft til meg"). */
const SAID = new WordSet([
  'sa',
  'sagt',
  'skrev',
  'ropte',
  'ropa',
  'kalte',
  'kalla',
  'kalt',
  'brølte',
  'hveste',
  'said',
  'wrote',
  'called',
  'shouted',
  'yelled',
]);
/** Calling oneself, in the present: "han kaller seg (selv) sosialist" names the word. */
const CALLS = new WordSet(['kaller', 'kallar', 'calls']);
const SELF = new WordSet(['seg', 'himself', 'herself', 'themselves']);
/** What may stand between the verb and the word: "kalte meg en idiot". */
const SAID_BETWEEN = new WordSet([
  'seg',
  'selv',
  'sjølv',
  'sjøl',
  'meg',
  'deg',
  'ham',
  'han',
  'henne',
  'ho',
  'oss',
  'dem',
  'dei',
  'en',
  'ei',
  'et',
  'ein',
  'eit',
  'me',
  'him',
  'her',
  'us',
  'them',
  'a',
  'an',
]);

/** "å kalle noen for …": calling, as an act talked about, names the word after it. */
const CALLING = new WordSet(['kalle', 'kalla', 'call']);
const TO = new WordSet(['å', 'to']);
/** How many words may stand between "å kalle" and the word ("å kalle motstanderne sine for …"). */
const CALLING_GAP = 4;

/** Whether "å kalle" stands a few words before token t in its clause. */
function namedByCalling(norm: NormalisedText, t: number): boolean {
  for (let k = t - 1; k > 0 && k >= t - 1 - CALLING_GAP; k--) {
    if (clauseBreakBefore(norm, k + 1)) return false;
    if (
      CALLING.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!) &&
      TO.has(norm.chars, norm.formStarts[k - 1]!, norm.formEnds[k - 1]!) &&
      !clauseBreakBefore(norm, k)
    )
      return true;
  }
  return false;
}

/**
 * Whether the word at `start` reports what somebody said: a verb of saying right before
 * it, or names it: "å kalle (noen for)" a few words before.
 */
function reported(norm: NormalisedText, start: number): boolean {
  const t = tokenAt(norm, start);
  if (t > 1 && namedByCalling(norm, t)) return true;
  for (let k = t - 1; k >= 0 && k >= t - 3; k--) {
    if (clauseBreakBefore(norm, k + 1)) return false;
    const from = norm.formStarts[k]!;
    const to = norm.formEnds[k]!;
    if (SAID.has(norm.chars, from, to)) return true;
    if (
      CALLS.has(norm.chars, from, to) &&
      k + 1 < t &&
      SELF.has(norm.chars, norm.formStarts[k + 1]!, norm.formEnds[k + 1]!)
    )
      return true;
    if (!SAID_BETWEEN.has(norm.chars, from, to)) return false;
  }
  return false;
}

/** The word ending at `end` (a hit's last word), searched from word `from` on; `from` if none. */
function tokenEndingAt(norm: NormalisedText, end: number, from: number): number {
  for (let t = from; t < norm.count && norm.starts[t]! < end; t++) if (norm.ends[t] === end) return t;
  return from;
}

/** Whether the word after the one ending at `end` is one of `words`. */
function followedByOneOf(norm: NormalisedText, end: number, words: ReadonlySet<string>): boolean {
  // Words end in order: a binary search, not a walk from the first word for every hit.
  let lo = 0;
  let hi = norm.count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (norm.ends[mid]! < end) lo = mid + 1;
    else hi = mid;
  }
  const t = lo;
  if (norm.count === 0 || norm.ends[t] !== end) return false;
  return t + 1 < norm.count && !clauseBreakBefore(norm, t + 1) && words.has(norm.form(t + 1));
}

const threats: Rule = {
  name: 'threats',
  apply({ raw, norm, threats: compiled, context, words }, reasons) {
    const found = findThreats(norm, compiled, words.roles);
    // The patterns' verb hits in a clause the grammar refuses (a game, a negator after the verb, a report) go.
    refuseHits(norm, found);
    threatsByRoles(norm, compiled, words.roles, found);
    veiledByRoles(norm, compiled, found);
    const dehumanising = findDehumanising(norm, compiled, words.roles);
    if (found.length === 0 && dehumanising.length === 0) return;
    const quotes = quotations(raw);
    const actions = gradeActions(context.policy);
    for (const hit of dehumanising) {
      reasons.push({
        rule: 'slur',
        severity: outcome(quotes, actions.slur, hit.start, hit.end),
        category: 'slur',
        grade: 'slur',
        detail: `Dehumanising: "${hit.group}" called "${hit.noun}"`,
        params: { group: hit.group, noun: hit.noun },
        span: { start: hit.start, end: hit.end },
      });
    }
    for (const hit of found) {
      reasons.push({
        rule: 'threat',
        // A blow wished or deserved is a moderator's call: held, never more.
        severity: hit.blow ? 'hold' : outcome(quotes, actions.threat, hit.start, hit.end),
        grade: 'threat',
        category: 'threat',
        detail: hit.blow
          ? `Blow "${hit.verb}" wished on "${hit.target}"`
          : hit.veiled
            ? `Veiled threat "${hit.verb}" aimed at "${hit.target}"`
            : `Threat: violent verb "${hit.verb}" aimed at "${hit.target}"`,
        params: { verb: hit.verb, target: hit.target },
        span: { start: hit.start, end: hit.end },
      });
    }
  },
};

/** A threat's or slur's severity: quoted, somebody reports it and a moderator reads it; else the site's action. */
function outcome(
  quotes: ReturnType<typeof quotations>,
  action: string,
  start: number,
  end: number,
): Severity {
  return quotes.length > 0 && inside(quotes, start, end) ? 'hold' : action === 'hold' ? 'hold' : 'reject';
}

const personalInfo: Rule = {
  name: 'personal_info',
  apply({ raw, norm }, reasons) {
    for (const hit of findPersonalInfo(raw, norm.digits)) {
      reasons.push({
        rule: 'personal_info',
        severity: 'hold',
        category: 'personal_info',
        detail: `Personal information: ${hit.detail}`,
        params: { kind: hit.what },
        span: hit.span,
      });
    }
  },
};

const links: Rule = {
  name: 'links',
  apply({ raw, context }, reasons) {
    const found = findLinks(raw);
    const max = context.policy.maxLinks;
    if (found.length > max) {
      reasons.push({
        rule: 'too_many_links',
        severity: 'hold',
        category: 'spam',
        detail: `${found.length} links; the site allows ${max}`,
        params: { links: found.length, max },
        span: { start: found[0]!.start, end: found[found.length - 1]!.end },
      });
    }
  },
};

const shouting: Rule = {
  name: 'shouting',
  apply({ norm }, reasons) {
    const { letters, upperLetters } = norm;
    if (letters >= SHOUTING_MIN_LETTERS && upperLetters > letters * SHOUTING_SHARE) {
      reasons.push({
        rule: 'shouting',
        severity: 'hold',
        detail: `${Math.round((upperLetters / letters) * 100)} % of ${letters} letters are capitals`,
        params: { percent: Math.round((upperLetters / letters) * 100), letters },
      });
    }
  },
};

/**
 * A strong curse before one word said to the addressee ("du er en jævla pappskalle", "din
 * forpulte X"): whatever the word, the person is called it, so the curse is aimed, one step
 * stricter than the site's action for strong words. Read from each word's roles, no scan.
 */
const cursedAddressee: Rule = {
  name: 'cursed_addressee',
  apply({ raw, norm, context, words }, reasons) {
    let quotes: number[] | null = null;
    for (let c = 1; c < norm.count - 1; c++) {
      if (!isCurse(words.roles, c) || !curseAimedAt(norm, c)) continue;
      quotes ??= quotations(raw);
      const start = norm.starts[c]!;
      const end = norm.ends[c + 1]!;
      if (quotes.length > 0 && inside(quotes, start, end)) continue;
      const action = gradeActions(context.policy).strong;
      const term = norm.form(c);
      const severity = STRICTER[action === 'approve' ? 'info' : action];
      reasons.push({
        rule: severity === 'reject' ? 'banned_term' : 'suspect_term',
        severity,
        category: 'profanity',
        grade: 'strong',
        detail: `Curse "${term}" (profanity) aimed at a person`,
        params: { term, aimed: 'person' },
        span: { start, end },
      });
    }
  },
};

/** The pipeline, in the order reasons are reported. */
/**
 * The f-word written with its first letter and signs for the rest ("f***", "F@@@", "f##"): the
 * writer's own censoring, which leaves no second letter for the masked-word walk. Swearing as
 * strong words do (a hold by default); quoted or reported ("han skrev f***"), it is named and published.
 */
const SELF_CENSORED = /(?<![\p{L}\p{N}])[fF](?:\*{2,4}|@{3}|#{2,4})(?![\p{L}\p{N}*@#])/gu;

const selfCensored: Rule = {
  name: 'self_censored',
  apply({ raw, norm, context }, reasons) {
    if (raw.indexOf('**') < 0 && raw.indexOf('@@') < 0 && raw.indexOf('##') < 0) return;
    const action = gradeActions(context.policy).strong;
    if (action === 'approve' || (context.author?.trusted === true && action !== 'reject')) return;
    const quotes = quotations(raw);
    SELF_CENSORED.lastIndex = 0;
    for (let m = SELF_CENSORED.exec(raw); m !== null; m = SELF_CENSORED.exec(raw)) {
      const span = { start: m.index, end: m.index + m[0].length };
      // Quoted or reported ("jeg skrev f*** i kryssordet", "hun sa f***"), it is named, as a listed word is.
      const named = (quotes.length > 0 && inside(quotes, span.start, span.end)) || reported(norm, span.start);
      const severity: Severity = named ? MILDER[action] : action;
      reasons.push({
        rule: severity === 'reject' ? 'banned_term' : 'suspect_term',
        severity,
        category: 'profanity',
        detail: 'Suspect term (profanity): a self-censored curse',
        params: { term: 'f***' },
        span,
        grade: 'strong',
      });
    }
  },
};

export const RULES: readonly Rule[] = [
  length,
  author,
  duplicate,
  terms,
  selfCensored,
  cursedAddressee,
  threats,
  personalInfo,
  links,
  shouting,
];
