/**
 * Context that changes what a term hit means, read from the words around it:
 * an insult aimed at a person ("du er en idiot", "din drittsekk", "ordføreren
 * er en kødd") is one step stricter; a word inside quotation marks is reported
 * or named ("han kalte meg «idiot»", a book title) and one step milder, never
 * below a hold for slurs and threats.
 */
import type { NormalisedText } from './normalise.js';
import type { Severity } from './types.js';
import { AND_OR, ARTICLE, ARTICLE_WORDS, FIRST_PERSON, YOUR } from './vocabulary.js';
import { WordSet } from './word-table.js';

/**
 * Words before an insult that aim it at someone: the addressee, a copula ("X er en …"),
 * or a demonstrative that points at one person ("den idioten", "det kukhuet").
 */
const AIM_BEFORE = new WordSet([
  'den',
  'denne',
  'dette',
  'du',
  'dere',
  'din',
  'di',
  'ditt',
  'dine',
  'dykk',
  'dokker',
  'dokk',
  'er',
  'e',
  'var',
  // Other copulas: "du har alltid vært en …", "han ble en …", "you're a …" ("re" after "you").
  'vært',
  'vore',
  'blitt',
  'vorte',
  'ble',
  'blei',
  're',
  'you',
  'your',
  'youre',
  'ur',
  'are',
  'is',
]);
/** "for noen …", "for nokre …": an exclamation over some people (with "for"). */
const SOME_PEOPLE = new WordSet(['noen', 'nokre', 'nokon', 'nokka', 'noan']);
const FOR = new WordSet(['for']);
const WHAT_EN = new WordSet(['what']);
const A_AN = new WordSet(['a', 'an']);

/** Whether token k opens an exclamation with the word before it: "for noen", "what a". */
function exclaimed(norm: NormalisedText, k: number): boolean {
  if (clauseBreakBefore(norm, k)) return false;
  const { chars, formStarts, formEnds } = norm;
  const before = k - 1;
  return (
    (SOME_PEOPLE.has(chars, formStarts[k]!, formEnds[k]!) &&
      FOR.has(chars, formStarts[before]!, formEnds[before]!)) ||
    (A_AN.has(chars, formStarts[k]!, formEnds[k]!) &&
      WHAT_EN.has(chars, formStarts[before]!, formEnds[before]!))
  );
}

/** Words right after an insult that aim it ("idioten din", "for en tulling du er"). */
const AIM_AFTER = new WordSet(['din', 'di', 'ditt', 'dine', 'du', 'dere', 'dykk', 'deg', 'you']);
/** "kjerringer som deg", "idiots like you": the insult aimed through a comparison. */
const LIKE = new WordSet(['som', 'like']);
/** Objects that are not the addressee: the likeness is theirs ("behandler ham som en idiot"). */
const OTHERS = new WordSet([
  'ham',
  'han',
  'henne',
  'ho',
  'meg',
  'oss',
  'dem',
  'dei',
  'seg',
  'him',
  'her',
  'me',
  'us',
  'them',
]);
/** An article after "som" that likens: "som en dust", "som noen idioter", "like a clown". */
const SOME_ONE = new WordSet([...ARTICLE_WORDS, 'noen', 'nokre']);
const ADDRESSEE = new WordSet(['deg', 'dere', 'dykk', 'dokker', 'you']);
/** People an insult is given to before a likeness: "folk som deg", "typer som dere", "people like you". */
const PEOPLE = new WordSet([
  'folk',
  'folka',
  'folket',
  'typer',
  'typar',
  'mennesker',
  'menneske',
  'personer',
  'personar',
  'sånne',
  'slike',
  'people',
  'guys',
]);
/** Prepositions that tie an insult to one person's place or role ("idioten i bystyret", "horungen til ordføreren"). */
const OF_PLACE = new WordSet(['i', 'på', 'paa', 'til', 'fra', 'frå', 'hos', 'hjå', 'ved']);
/** How far back an aiming word may stand ("du er en skikkelig jævla idiot"). */
const AIM_WINDOW = 4;
/** "Drittsekker hele gjengen", "idioter alle sammen": the insult given to a group of people. */
const WHOLE = new WordSet(['hele', 'heile', 'alle']);
const GROUP_WORDS = new WordSet(['gjengen', 'bunten', 'sammen', 'saman', 'mann']);
const ALL_OF_YOU = new WordSet(['allesammen', 'allesaman']);
/** A fictional work: "psykopaten i filmen", "kjeltringen i stykket" is a role, not a person insulted. */
const WORKS = new WordSet([
  'filmen',
  'filmene',
  'serien',
  'serie',
  'stykket',
  'teaterstykket',
  'boka',
  'boken',
  'romanen',
  'rollen',
  'rolla',
  'forestillingen',
  'forestillinga',
  'revyen',
  'episoden',
  'musikalen',
  'spillet',
  'eventyret',
  // A stage, where the word names a part played: "tullingen på scenen var morsom".
  'scenen',
  'scena',
  'sirkuset',
  'teateret',
  'teatret',
  'manesjen',
  // Round 14: plays, novels, songs and films named with their author ("i Ibsens skuespill").
  'skuespill',
  'skuespillet',
  'skodespel',
  'skodespelet',
  'roman',
  'film',
  'novelle',
  'novellen',
  'novella',
  'dikt',
  'diktet',
  'opera',
  'operaen',
  'visa',
  'sangen',
  'songen',
]);
/** "… er hva du er": the insult given to the addressee after it. */
const WHAT = new WordSet(['hva', 'kva', 'det', 'what']);
const ADDRESSEE_SUBJECT = new WordSet(['du', 'dere', 'dykk', 'de', 'you']);
/** The addressee as the subject after a copula: "Rasshøl er du". */
const YOU = new WordSet(['du', 'dere', 'dykk', 'dokker', 'dokk']);
/** A relative pronoun after a definite insult picks out the person: "drittsekken som stjal sykkelen". */
const LIKE_WHO = new WordSet(['som', 'who', 'that']);
/**
 * A passive after "som": what was done to it, which a mild word's thing or animal can be too
 * ("tosken som ble fisket i går" is a cod in the north).
 */
const PASSIVE = new WordSet(['ble', 'blei', 'vart', 'vert', 'blir', 'was', 'were']);
/** Whose the person is: "horeungen hennes", "drittsekken hans". */
const THIRD_YOUR = new WordSet(['hans', 'hennes', 'hass', 'hennar', 'deres', 'deira', 'dokkers']);
/** Verbs of naming: what follows is a name given, reported ("ble kalt «fitte»", "kalla han ein idiot"). */
const NAMING = new WordSet([
  'kalt',
  'kalte',
  'kalla',
  'kallar',
  'kaller',
  'kallet',
  'called',
  'call',
  'calls',
]);
/** Copulas among the aiming words: "det var en tosk av en fisk" names a thing, "din tosk av en …" a person. */
const COPULAS = new WordSet(['er', 'e', 'var', 'is', 'are']);
/** The empty subject and the negation of "det er ikke en …": nobody is there. */
const THERE = new WordSet(['det', 'der', 'there']);
const NOT = new WordSet(['ikke', 'ikkje', 'not', 'no']);
const BY_AGENT = new WordSet(['av', 'by']);

/** Whether token k looks like a past participle: -t, -d ("knust", "slått", "lurt", "beaten" by -en too). */
function participle(norm: NormalisedText, k: number): boolean {
  const end = norm.formEnds[k]!;
  if (end - norm.formStarts[k]! < 3) return false;
  const c = norm.chars[end - 1]!;
  return c === 116 || c === 100 || (c === 110 && norm.chars[end - 2] === 101);
}

export const STRICTER: Record<Severity, Severity> = { info: 'hold', hold: 'reject', reject: 'reject' };
export const MILDER: Record<Severity, Severity> = { reject: 'hold', hold: 'info', info: 'info' };
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, hold: 1, reject: 2 };

/** The token whose span begins at `start` (hits begin at a token), or -1. */
export function tokenAt(norm: NormalisedText, start: number): number {
  let lo = 0;
  let hi = norm.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = norm.starts[mid]!;
    if (s === start) return mid;
    if (s < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Whether the separator before token t ends a clause. */
export function clauseBreakBefore(norm: NormalisedText, t: number): boolean {
  const sep = norm.seps[t]!;
  for (let k = 0; k < sep.length; k++) {
    const c = sep.charCodeAt(k);
    if (c === 46 || c === 44 || c === 33 || c === 63 || c === 59 || c === 58 || c === 10) return true;
  }
  return false;
}

/**
 * A clause break for aiming: as `clauseBreakBefore`, except a lone dot glued before
 * a lower-case letter, which masks a letter or splits a word ("j.ævla kuk", "Jævl.a")
 * rather than ending a sentence.
 */
function aimBreakBefore(norm: NormalisedText, t: number): boolean {
  if (norm.seps[t] === '.' && t > 0 && isLower(norm, t)) return false;
  // One mark glued between single letters spells a word ("en j,æ,v,l,a f,i,t,t,e"): no break.
  if (norm.seps[t]!.length === 1 && t > 0 && oneLetter(norm, t) && oneLetter(norm, t - 1)) return false;
  return clauseBreakBefore(norm, t);
}

/** Whether token k is a single character. */
function oneLetter(norm: NormalisedText, k: number): boolean {
  return norm.formEnds[k]! - norm.formStarts[k]! === 1;
}

/** Whether token t is written in lower case (its first character). */
function isLower(norm: NormalisedText, t: number): boolean {
  const c = norm.raw.charAt(norm.starts[t]!);
  return c !== c.toUpperCase();
}

/**
 * Where a person holds an office or a role, by the word's ending: a person noun
 * ("ordføreren", "rektoren"), an office ("bystyret", "trygdekontoret", "kommunen",
 * "Stortinget", "redaksjonen") or a workplace serving the public ("rådhuset", "kassa",
 * "resepsjonen"). "Klovnen på sirkuset" and "hora på bryllupet" name no office.
 */
const OFFICE_ENDINGS = [
  'eren',
  'aren',
  'oren',
  'isten',
  'styret',
  'kontoret',
  'kommunen',
  'kommuna',
  'regjeringen',
  'regjeringa',
  'tinget',
  'redaksjonen',
  'avisa',
  'avisen',
  'rådet',
  'etaten',
  'avdelingen',
  'avdelinga',
  'formannskapet',
  'utvalget',
  // Nynorsk: "dusten i fylkesutvalet", "idioten i leiinga".
  'utvalet',
  'leiinga',
  'styresmaktene',
  'nemnda',
  'sekretariatet',
  'fylkeshuset',
  'kommunehuset',
  'direktoratet',
  'departementet',
  'partiet',
  'ledelsen',
  'ledelsa',
  // Workplaces where one person serves the public: "hora i kassa", "idioten i resepsjonen".
  'rådhuset',
  'sykehuset',
  'sjukehuset',
  'kassa',
  'kassen',
  'skranken',
  'resepsjonen',
  'butikken',
  // Public bodies and boards by other endings: "tullingene i vegvesenet", "kjerringa i bestyrelsen".
  'vesenet',
  'styrelsen',
  'politiet',
  'selskapet',
  'administrasjonen',
  'forvaltningen',
  'forvaltninga',
  'tilsynet',
  'klubben',
];

/** People one belongs to, after "til": "horungane til naboen" are the neighbour's children. */
const RELATIVES = new WordSet([
  'naboen',
  'naboene',
  'naboane',
  'kona',
  'kone',
  'mannen',
  'sjefen',
  'broren',
  'bror',
  'søstera',
  'søsteren',
  'syster',
  'faren',
  'far',
  'moren',
  'mora',
  'mor',
  'svigermor',
  'svigermora',
  'sønnen',
  'sonen',
  'dattera',
  'datteren',
  'dottera',
]);
const TIL = new WordSet(['til', 'tel', 'te']);

/** The genitives of person nouns and offices by their ending: "oppdretterens", "bystyrets". */
const GENITIVE_ENDINGS = [
  'eren',
  'aren',
  'oren',
  'isten',
  'mannen',
  'kvinnen',
  'kvinna',
  ...OFFICE_ENDINGS,
].map((ending) => `${ending}s`);

/** Whether token k is the genitive of a person noun, an office or a relative ("naboens", "sjefens"). */
function genitiveOfPerson(norm: NormalisedText, k: number): boolean {
  const start = norm.formStarts[k]!;
  const end = norm.formEnds[k]!;
  if (end - start < 5 || norm.chars[end - 1] !== 115) return false;
  if (RELATIVES.has(norm.chars, start, end - 1)) return true;
  if (end - start < 7) return false;
  const form = norm.form(k);
  for (const ending of GENITIVE_ENDINGS) if (form.endsWith(ending)) return true;
  return false;
}

function isInstitution(norm: NormalisedText, t: number): boolean {
  const form = norm.form(t);
  if (form.length < 5) return false;
  for (const ending of OFFICE_ENDINGS) if (form.endsWith(ending)) return true;
  return false;
}

/** Whether token t is one letter next to another one-letter token: part of a spaced word ("j æ v l a"). */
function spacedLetter(norm: NormalisedText, t: number): boolean {
  const one = (k: number) => k >= 0 && k < norm.count && norm.formEnds[k]! - norm.formStarts[k]! === 1;
  return one(t) && (one(t - 1) || one(t + 1));
}

/** Whether token t is a definite noun form by its ending ("idioten", "kukhuet", "kjerringa"). */
function definite(norm: NormalisedText, t: number): boolean {
  const start = norm.formStarts[t]!;
  const end = norm.formEnds[t]!;
  if (end - start < 4) return false;
  const last = norm.chars[end - 1]!;
  const before = norm.chars[end - 2]!;
  // -en, -et, -a, -ene, -ane, and the dialect plural -an ("idiotan")
  return (
    (last === 110 && (before === 101 || before === 97)) ||
    (last === 116 && before === 101) ||
    last === 97 ||
    (last === 101 && before === 110)
  );
}

/** Whether the word ending at token `last` names a role in a fictional work ("en kjeltring i stykket", "drittsekken i filmen"). */
function roleInWork(norm: NormalisedText, last: number): boolean {
  if (!wordIn(norm, OF_PLACE, last + 1)) return false;
  if (wordIn(norm, WORKS, last + 2)) return true;
  // An author's name in the genitive between: "snålingen i Ibsens skuespill", "i Hamsuns roman".
  const k = last + 2;
  return (
    k + 1 < norm.count &&
    isName(norm, k) &&
    norm.chars[norm.formEnds[k]! - 1] === 115 &&
    wordIn(norm, WORKS, k + 1)
  );
}

/**
 * A role named by its definite form in a fictional work ("drittsekken i filmen"): reported,
 * not used. The indefinite ("du er en drittsekk i boka mi") may be the idiom "in my book".
 */
export function namedRole(norm: NormalisedText, last: number): boolean {
  return definite(norm, last) && roleInWork(norm, last);
}

/**
 * Where an insult at token t is aimed from: the token of the aiming word before
 * it (the words between belong to the insult: "din jævla idiot"), t itself when
 * the aiming word follows it, or -1 when it is not aimed at anyone. `strong`: the
 * insult is graded above mild. `literal`: the word also names a role, kin or an
 * animal ("klovn", "kjerring", "naut"), so its definite form alone picks out nobody
 * insulted; a mild word that is only an insult ("tosk", "idiot") picks one out.
 */
export function aimedFrom(
  norm: NormalisedText,
  t: number,
  last = t,
  strong = false,
  literal = false,
): number {
  // An insult's definite genitive plural names the people it is given to ("drittsekkenes
  // parti", "idiotenes klubb"); a literal one's may be a role ("klovnenes nummer").
  const picks = strong || !literal;
  if (picks && genitivePlural(norm, last)) return t;
  // Its definite genitive singular before what it owns names the one it is given to
  // ("rasshølets siste idé", "idiotens forslag"; a literal one's may be a role: "klovnens nummer").
  if (picks && genitiveSingular(norm, last) && last + 1 < norm.count && !clauseBreakBefore(norm, last + 1))
    return t;
  // A hit over several words ("kuk_suger", "sug pikken min"): what follows its last word.
  const next = last + 1;
  // A role in a fictional work ("han var en kjeltring i stykket") is nobody insulted.
  if (roleInWork(norm, last)) return -1;
  // The letters of a spaced word ("din j æ v l a  i d i o t") count as one word.
  for (let k = t - 1, words = 0, window = AIM_WINDOW; k >= 0 && words < window; k--) {
    // A likeness ("som en", "like a") reaches back to the verb's subject: "du høres ut som en dust".
    if (k + 1 < t && wordIn(norm, LIKE, k) && wordIn(norm, SOME_ONE, k + 1)) window = AIM_WINDOW + 3;
    // Someone else is likened: "du behandler ham som en idiot".
    if (window > AIM_WINDOW && OTHERS.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!)) break;
    // Spaced letters are one word; "og en", "and a" join a second insult to the first
    // ("du er verdens største idiot og en drittsekk"), and the first's words do not use up
    // the second's window ("du er ein skikkeleg føkkings taper og ein hestkuk").
    if (!spacedLetter(norm, k) && !joining(norm, k)) words++;
    else if (window === AIM_WINDOW && AND_OR.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!))
      window = AIM_WINDOW + 2;
    // A comma between words that degrade ("du er ei feit, ekkel hore") lists them: no break.
    if (aimBreakBefore(norm, k + 1) && !listedDegrading(norm, k)) break;
    // A naming verb reports what someone was called ("han ble kalt «fitte»", "hun kalte ham idiot").
    if (NAMING.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!)) return -1;
    // An exclamation over people: "for noen idioter", "for nokre tullingar", "what a (bunch of) pillock(s)".
    if (k > 0 && exclaimed(norm, k)) return k - 1;
    // The agent of a passive: "ble knust av taperen", "was beaten by the loser": no copula's predicate.
    if (k > 0 && wordIn(norm, BY_AGENT, k) && participle(norm, k - 1)) break;
    if (AIM_BEFORE.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!)) {
      if (COPULAS.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!)) {
        // "Det var en tosk av en fisk": the insult describes the thing after "av en".
        if (ofAKind(norm, next)) return -1;
        // Said of oneself: "jeg var en skikkelig tulling", "eg er ein tosk", "var jeg en idiot?".
        if (wordBefore(norm, FIRST_PERSON, k - 1, k) || wordBefore(norm, FIRST_PERSON, k + 1, k + 1))
          return -1;
        // There is none: "det er ikke en stabeis å finne", "det var ikkje ein tosk i salen".
        if (wordBefore(norm, THERE, k - 1, k) && wordBefore(norm, NOT, k + 1, k + 1)) return -1;
      }
      return k;
    }
  }
  // Given to a group of people: "drittsekker hele gjengen", "idioter alle sammen".
  if ((wordIn(norm, WHOLE, next) && wordIn(norm, GROUP_WORDS, next + 1)) || wordIn(norm, ALL_OF_YOU, next))
    return t;
  // Whose the insult is, by a person's or an office's genitive right before it: "oppdretterens
  // horunge", "naboens drittunge", "bystyrets idioter" ("naboens kjerring" may be his wife).
  if (picks && t > 0 && !clauseBreakBefore(norm, t) && genitiveOfPerson(norm, t - 1)) return t - 1;
  // Aimed from after: the words just before belong to the insult ("for en jævla idiot du er").
  const before = Math.max(0, t - 2);
  let first = t;
  while (first > before && !clauseBreakBefore(norm, first)) first--;
  if (
    wordIn(norm, AIM_AFTER, next) ||
    (wordIn(norm, LIKE, next) && wordIn(norm, ADDRESSEE, next + 1)) ||
    // "Tilbakestående folk som deg", "idiotar av typar som dykk": people likened to the addressee.
    (wordIn(norm, PEOPLE, next) && wordIn(norm, LIKE, next + 1) && wordIn(norm, ADDRESSEE, next + 2)) ||
    // "Drittsekk er hva du er", "idiot er det du er".
    (wordIn(norm, COPULAS, next) &&
      wordIn(norm, WHAT, next + 1) &&
      wordIn(norm, ADDRESSEE_SUBJECT, next + 2)) ||
    // The insult first, then a copula and the addressee: "Rasshøl er du", "Idiotar e dokker".
    (wordIn(norm, COPULAS, next) && wordIn(norm, YOU, next + 1))
  )
    return first;
  // One person or people picked out by a definite insult: a relative clause ("kukhuet som
  // driver butikken", "tosken som parkerte der"), or whose a strong one is ("horeungen hennes");
  // a literal one may be a role or kin ("klovnen som kom", "kjerringa hans").
  if (
    picks &&
    definite(norm, last) &&
    ((wordIn(norm, LIKE_WHO, next) && (strong || !wordIn(norm, PASSIVE, next + 1))) ||
      (strong && wordIn(norm, THIRD_YOUR, next)))
  )
    return t;
  // A definite insult before a name, in apposition: "drittsekken Hansen", "sosialistjævelen
  // Olsen", "idioten Hansen", "raringen Rypdal". A literal one may be a role or a pet before a
  // given name ("klovnen Pelle", "grisen Knorr"); before a surname it is said of the person
  // ("tispa Storaas", "nautet Ravndal").
  if (
    definite(norm, last) &&
    next < norm.count &&
    !clauseBreakBefore(norm, next) &&
    (picks ? isName(norm, next) : beforeSurname(norm, last))
  )
    return t;
  // One person by place or role: a definite insult, a preposition, a definite noun
  // ("kukhuet i bystyret", "horungen til ordføreren", "kjerringa på kontoret").
  if (
    definite(norm, last) &&
    wordIn(norm, OF_PLACE, next) &&
    next + 1 < norm.count &&
    !clauseBreakBefore(norm, next + 1)
  ) {
    // The office may be a compound by a dash: "på NAV-kontoret", "i SV-styret".
    const dashed = next + 2 < norm.count && norm.seps[next + 2] === '-' && isInstitution(norm, next + 2);
    // A body by its initials is an office too: "kjøtthuet fra NVE", "tosken i NAV".
    if (isInstitution(norm, next + 1) || isName(norm, next + 1) || isAcronym(norm, next + 1) || dashed)
      return t;
    // A word that is only an insult picks out one person by any definite place: "fjolset på
    // jobben", "tullingen ved roret" ("klovnen på sirkuset" may be the clown).
    if (!literal && definite(norm, next + 1)) return t;
    // Whose child or whose one a word that is only an insult is ("horungane til naboen"); a
    // literal one's is the neighbour's dog or wife ("tispa til naboen fikk valper").
    if (picks && wordIn(norm, TIL, next) && wordIn(norm, RELATIVES, next + 1)) return t;
  }
  // A vocative: the insult opens its sentence and a comma follows ("Spasser, lær deg å lese"),
  // or a comma comes before it and the sentence ends after it ("Hold kjeft, tosk!").
  const opens = t === 0 || sentenceBreakBefore(norm, t);
  const commaAfter = next < norm.count && norm.seps[next]!.startsWith(',');
  if (opens && commaAfter) return t;
  // A sentence of one word and the insult ("Jævla idiot!"), or of the insult alone beside
  // other sentences ("Hore. Det er alt du er.").
  if (next >= norm.count || sentenceBreakBefore(norm, next)) {
    // Its sentence's first token, over at most one word (a dot glued inside a word is no break).
    let start = t;
    let words = 0;
    while (start > 0 && words < 2 && !aimBreakBefore(norm, start)) {
      if (norm.seps[start] !== '.') words++;
      start--;
    }
    // A one-word comment ("Drittsekk!", "fuck") is an exclamation, not said to anyone.
    const alone = start === 0 && next >= norm.count;
    if (words < 2 && (start === 0 || sentenceBreakBefore(norm, start)) && (words === 1 || !alone))
      return start;
  }
  // After a comma, with a word that makes it between ("Jeg driter i deg, jævla kuk.").
  const comma = t > 1 && !clauseBreakBefore(norm, t) && norm.seps[t - 1]!.startsWith(',') ? t - 1 : t;
  if (
    comma > 0 &&
    norm.seps[comma]!.startsWith(',') &&
    (next >= norm.count || sentenceBreakBefore(norm, next))
  )
    return comma;
  return -1;
}

/** Whether token k degrades (`DEGRADING`) and only a comma follows it: adjectives listed before a noun. */
function listedDegrading(norm: NormalisedText, k: number): boolean {
  const sep = norm.seps[k + 1]!;
  return (sep === ', ' || sep === ',') && DEGRADING.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!);
}

/** Words about the body or the person that make an aimed insult worse: "din feite kjerring", "ei ekkel purke". */
const DEGRADING = new WordSet([
  'feit',
  'feite',
  'fete',
  'tjukk',
  'tjukke',
  'tykk',
  'tykke',
  'ekkel',
  'ekle',
  'ekkle',
  'stygg',
  'stygge',
  'skitten',
  'skitne',
  'kåt',
  'kåte',
  'feitt',
  'lat',
  'late',
  'doven',
  'dovne',
  'pedofil',
  'pedofile',
  'motbydelig',
  'motbydelige',
  'motbydeleg',
  'motbydelege',
  'fat',
  'ugly',
  'disgusting',
]);

/** Words that make a copula's subject a thing: "det er en feit gris" is a pig. */
const THINGS = new WordSet(['det', 'dette', 'den', 'denne', 'her', 'der', 'it', 'this', 'that', 'there']);

/**
 * Whether the aiming word at `from` gives a word for an animal ending at token `last` to a
 * person: a copula whose subject is no thing ("du er ei feit ku", "rådmannen er en ekkel
 * gris"), or a possessive before a word that ends its clause ("din feite ku, hold kjeft");
 * not "det er en feit gris", "den feite grisen", "din feite gris har rota i hagen" (your pig).
 */
export function saidOfPerson(norm: NormalisedText, from: number, last: number): boolean {
  if (THINGS.has(norm.chars, norm.formStarts[from]!, norm.formEnds[from]!)) return false;
  if (
    YOUR.has(norm.chars, norm.formStarts[from]!, norm.formEnds[from]!) &&
    last + 1 < norm.count &&
    !clauseBreakBefore(norm, last + 1)
  )
    return false;
  return !(
    from > 0 &&
    !clauseBreakBefore(norm, from) &&
    THINGS.has(norm.chars, norm.formStarts[from - 1]!, norm.formEnds[from - 1]!)
  );
}

/**
 * Whether a word between the aiming word at `from` and the insult at t degrades the person:
 * a word of `DEGRADING`, or a curse (`curse(k)`: "din forbanna idiot").
 */
export function degradedBetween(
  norm: NormalisedText,
  from: number,
  t: number,
  curse: (k: number) => boolean,
): boolean {
  for (let k = from + 1; k < t; k++)
    if (DEGRADING.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!) || curse(k)) return true;
  return false;
}

const SOME = new WordSet([...ARTICLE_WORDS, 'noen', 'nokre', 'nokon']);
const YOU_ARE = new WordSet(['er', 'e', 'var', 'ble', 'blei', 'are', 're', 'is', 'was', 'were']);

/** Person nouns by their ending, as the subject a curse is given to ("læreren er en jævla X"). */
const PERSON_ENDINGS = ['eren', 'aren', 'oren', 'isten', 'mannen', 'kvinnen', 'kvinna'];

/** Third persons a curse may be said of: "han er en jævla X", "ho e ei forbanna X". */
const HE_SHE = new WordSet(['han', 'hun', 'ho', 'hon', 'he', 'she']);

function isPerson(norm: NormalisedText, k: number): boolean {
  if (k < 0 || clauseBreakBefore(norm, k + 1)) return false;
  if (HE_SHE.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!)) return true;
  // A person pointed at by a pronoun before its definite noun: "han nye legen", "ho dama".
  if (
    definite(norm, k) &&
    !clauseBreakBefore(norm, k) &&
    (before(norm, HE_SHE, k - 1) || before(norm, HE_SHE, k - 2))
  )
    return true;
  const form = norm.form(k);
  if (form.length < 6) return false;
  for (const ending of PERSON_ENDINGS) if (form.endsWith(ending)) return true;
  return false;
}

/**
 * A curse before one word that ends its clause, said to the addressee or of a person:
 * "din forpulte X", "du er en jævla X", "dere er noen jævla X", "læreren er en (feit) jævla
 * X". Whatever X is, the person is called it; "du er en jævla god venn" goes on after the
 * word, "det var en jævla kamp" and "bilen er en jævla X" say it of a thing.
 */
export function curseAimedAt(norm: NormalisedText, c: number): boolean {
  const n = c + 1;
  if (n >= norm.count || clauseBreakBefore(norm, n)) return false;
  // A word of spaced letters is one word ("din jævla s_v_i_n").
  let end = n;
  while (
    end + 1 < norm.count &&
    spacedLetter(norm, end + 1) &&
    spacedLetter(norm, end) &&
    !clauseBreakBefore(norm, end + 1)
  )
    end++;
  // "… dritt av ein mann": the word of a kind the person is ("du er ein forbanna dritt av ein mann").
  if (
    end + 3 < norm.count &&
    ofAKind(norm, end + 1) &&
    (end + 4 >= norm.count || clauseBreakBefore(norm, end + 4))
  )
    end += 3;
  // "… taper og ein drittsekk": a second word joined to the first.
  const joined =
    end + 2 < norm.count &&
    !clauseBreakBefore(norm, end + 1) &&
    AND_OR.has(norm.chars, norm.formStarts[end + 1]!, norm.formEnds[end + 1]!) &&
    wordIn(norm, ARTICLE, end + 2);
  if (end + 1 < norm.count && !clauseBreakBefore(norm, end + 1) && !joined) return false;
  if (before(norm, YOUR, c - 1)) return true;
  // One word may stand between the article and the curse: "en feit jævla gris".
  for (let a = c - 1; a >= c - 2 && a >= 0; a--) {
    if (
      before(norm, SOME, a) &&
      before(norm, YOU_ARE, a - 1) &&
      (before(norm, ADDRESSEE_SUBJECT, a - 2) || isPerson(norm, a - 2))
    )
      return true;
    if (clauseBreakBefore(norm, a)) break;
  }
  return false;
}

/** The writer's own object after a verb of calling: "kaller meg", "kallar oss", "call myself". */
const CALL_SELF = new WordSet(['meg', 'oss', 'myself', 'ourselves']);
const CALLING = new WordSet(['kaller', 'kallar', 'kalte', 'kalla', 'call', 'called']);

/**
 * Whether the word at token t is said of the writer: a first-person subject with a copula
 * before it in its clause ("jeg er sosialist", "eg er ein stolt sosialist", "nå er vi
 * sosialister"), or "som" after one or opening the sentence ("vi som sosialister", "Som
 * sosialist meiner eg"), or after calling oneself ("jeg kaller meg gjerne sosialist"); at
 * most two words (an article, an adjective) between.
 */
export function selfDescribed(norm: NormalisedText, t: number): boolean {
  for (let k = t - 1; k >= 0 && k >= t - 3; k--) {
    if (clauseBreakBefore(norm, k + 1)) return false;
    const { chars, formStarts, formEnds } = norm;
    if (COPULAS.has(chars, formStarts[k]!, formEnds[k]!))
      return wordBefore(norm, FIRST_PERSON, k - 1, k) || wordBefore(norm, FIRST_PERSON, k + 1, k + 1);
    if (LIKE.has(chars, formStarts[k]!, formEnds[k]!))
      return k === 0 || sentenceBreakBefore(norm, k) || wordBefore(norm, FIRST_PERSON, k - 1, k);
    // Calling oneself: "jeg kaller meg (gjerne) sosialist", "vi kallar oss klimahysterikarar".
    if (CALL_SELF.has(chars, formStarts[k]!, formEnds[k]!)) return wordBefore(norm, CALLING, k - 1, k);
  }
  return false;
}

/**
 * Whether the word at token t is a title or a name after a capital "The" ("The Muppets",
 * "we watched The Idiots"): an English name of a show, a band or a film, in nobody's place.
 */
export function titleAfterThe(norm: NormalisedText, t: number): boolean {
  if (t < 1 || clauseBreakBefore(norm, t) || !isName(norm, t)) return false;
  const the = norm.raw.slice(norm.starts[t - 1], norm.ends[t - 1]);
  return the === 'The';
}

/** Whether token k is one of `words` and no clause break stands between it and token `of` (k or k + 1). */
function wordBefore(norm: NormalisedText, words: WordSet, k: number, of: number): boolean {
  if (k < 0 || k >= norm.count) return false;
  if (k < of ? clauseBreakBefore(norm, of) : k > 0 && clauseBreakBefore(norm, k)) return false;
  return words.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!);
}

/** Whether token k is one of `words`, in the clause of the token after it. */
function before(norm: NormalisedText, words: WordSet, k: number): boolean {
  return (
    k >= 0 && !clauseBreakBefore(norm, k + 1) && words.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!)
  );
}

/**
 * Whether token k is one of `words`, in the clause of the token before it. A
 * function, not a closure made per call: it runs for every insult hit.
 */
function wordIn(norm: NormalisedText, words: WordSet, k: number): boolean {
  return (
    k < norm.count &&
    !clauseBreakBefore(norm, k) &&
    words.has(norm.chars, norm.formStarts[k]!, norm.formEnds[k]!)
  );
}

/**
 * Whether token t ends in a definite genitive plural: -enes, -anes ("drittsekkenes", "jævlanes"),
 * or the dialect plural's -as ("fittetrynas", "drittsekkas").
 */
function genitivePlural(norm: NormalisedText, t: number): boolean {
  const end = norm.formEnds[t]!;
  if (end - norm.formStarts[t]! < 7) return false;
  const c = norm.chars;
  if (c[end - 1] === 115 && c[end - 2] === 97) return true;
  return (
    c[end - 1] === 115 &&
    c[end - 2] === 101 &&
    c[end - 3] === 110 &&
    // -enes, -anes, and an -er noun's eastern -rnes ("kuksugarnes", "løgnernes").
    (c[end - 4] === 101 || c[end - 4] === 97 || c[end - 4] === 114)
  );
}

/** Whether token t ends in a definite genitive singular, -ens or -ets ("idiotens", "rasshølets"). */
function genitiveSingular(norm: NormalisedText, t: number): boolean {
  const end = norm.formEnds[t]!;
  if (end - norm.formStarts[t]! < 6) return false;
  const c = norm.chars;
  return c[end - 1] === 115 && c[end - 3] === 101 && (c[end - 2] === 110 || c[end - 2] === 116);
}

/** Whether token k is "og"/"eller", or an article right after one ("… idiot og en drittsekk"). */
function joining(norm: NormalisedText, k: number): boolean {
  const { chars, formStarts, formEnds } = norm;
  if (AND_OR.has(chars, formStarts[k]!, formEnds[k]!)) return true;
  return (
    k > 0 &&
    ARTICLE.has(chars, formStarts[k]!, formEnds[k]!) &&
    AND_OR.has(chars, formStarts[k - 1]!, formEnds[k - 1]!)
  );
}

/** Whether tokens k, k+1 are "av" and an article, in the insult's clause ("en tosk av en fisk"). */
function ofAKind(norm: NormalisedText, k: number): boolean {
  return (
    k + 1 < norm.count &&
    !clauseBreakBefore(norm, k) &&
    !clauseBreakBefore(norm, k + 1) &&
    norm.form(k) === 'av' &&
    ARTICLE.has(norm.chars, norm.formStarts[k + 1]!, norm.formEnds[k + 1]!)
  );
}

/** A name: a capital and then a lower-case letter ("Per", "Bergen"), never a sentence's first word. */
function isName(norm: NormalisedText, t: number): boolean {
  const word = norm.raw.slice(norm.starts[t], norm.ends[t]);
  return word.length > 1 && word[0] !== word[0]!.toLowerCase() && word[1] === word[1]!.toLowerCase();
}

/**
 * Endings of Norwegian surnames, patronyms and farm names ("Berntsen", "Hatlestad", "Ravndal",
 * "Storaas", "Fjellheim", "Sæbø"): a name so ending is a person's, not a pet's or a clown's.
 */
const SURNAME_ENDINGS =
  /(?:sen|son|stad|dal|dahl|heim|rud|vik|nes|ness|land|berg|aas|ås|haug|haugen|lie|lien|strand|bakken|gård|gaard|vold|moen|bø|seth|skog|holm|lund|sæter|seter)$/;

/** Whether token t is a name with a surname's ending ("Berntsen", "Ravndal"). */
function isSurname(norm: NormalisedText, t: number): boolean {
  return isName(norm, t) && SURNAME_ENDINGS.test(norm.raw.slice(norm.starts[t], norm.ends[t]));
}

/** Whether a surname follows token `last` in its clause: "svinet Berntsen" is said of Berntsen. */
export function beforeSurname(norm: NormalisedText, last: number): boolean {
  return last + 1 < norm.count && !clauseBreakBefore(norm, last + 1) && isSurname(norm, last + 1);
}

/** A body by its initials: two to six capitals ("NVE", "NAV", "NRK"), no lower-case letter. */
function isAcronym(norm: NormalisedText, t: number): boolean {
  const word = norm.raw.slice(norm.starts[t], norm.ends[t]);
  return word.length >= 2 && word.length <= 6 && word === word.toUpperCase() && word !== word.toLowerCase();
}

function sentenceBreakBefore(norm: NormalisedText, t: number): boolean {
  const sep = norm.seps[t]!;
  for (let k = 0; k < sep.length; k++) {
    const c = sep.charCodeAt(k);
    if (c === 46 || c === 33 || c === 63 || c === 10) return true;
  }
  return false;
}

const QUOTE_PAIRS: Record<string, string> = { '«': '»', '“': '”', '„': '“', '"': '"', '‘': '’' };
/** The opening marks, searched for from a position (`lastIndex`). */
const RE_QUOTE_FROM = /[«“„"‘]/g;

/** The position of the first quotation mark at or after `from`, or -1. */
function nextQuote(raw: string, from: number): number {
  RE_QUOTE_FROM.lastIndex = from;
  const found = RE_QUOTE_FROM.exec(raw);
  return found === null ? -1 : found.index;
}

/** The spans [open, close] of quotations in the raw text (none when it has no quotation mark). */
export function quotations(raw: string): number[] {
  // Most texts have no mark: five native character searches say so sooner than the pattern.
  if (
    raw.indexOf('"') < 0 &&
    raw.indexOf('«') < 0 &&
    raw.indexOf('“') < 0 &&
    raw.indexOf('„') < 0 &&
    raw.indexOf('‘') < 0
  )
    return [];
  let i = nextQuote(raw, 0);
  const spans: number[] = [];
  // A closing mark not found after one opening is not found after a later one either:
  // remembered, so a text of a thousand unclosed «s is read once, not a thousand times.
  let unclosed = '';
  // From one opening mark to the next (a native search), not a property lookup per character.
  for (; i >= 0; i = nextQuote(raw, i + 1)) {
    const close = QUOTE_PAIRS[raw[i]!]!;
    if (unclosed.includes(close)) continue;
    const end = raw.indexOf(close, i + 1);
    if (end < 0) {
      unclosed += close;
      continue;
    }
    spans.push(i, end);
    i = end;
  }
  return spans;
}

/** Whether [start, end) lies inside one of the quotations (in order, not overlapping): a binary search. */
export function inside(spans: readonly number[], start: number, end: number): boolean {
  // The last quotation opening before `start`.
  let lo = 0;
  let hi = (spans.length >> 1) - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid * 2]! < start) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && end <= spans[found * 2 + 1]!;
}
