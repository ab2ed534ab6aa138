/**
 * Veiled threats by roles: the threat grammar's second part (threat-grammar.ts reads the
 * explicit core, an agent, a frame, a verb of harm and a target). A veiled threat names no harm;
 * it is an **ominous frame** said to or about a **personal target**:
 *
 *   frame   a warning to the addressee ("pass deg", "pass på ungene dine", "watch your back"),
 *           a consequence foretold ("du skal få se", "det kommer til å koste deg", "du kommer til
 *           å angre", "tell dagene dine", "vi sees"), a mishap said to be possible ("mye kan skje",
 *           "sånt skjer", "accidents happen") or regretted in advance ("det hadde vært synd om hun
 *           ikke kom hjem", "shame if it burned"), or knowing where the addressee's children go to
 *           school ("fin skole ungene dine går på", "datteren din går i 3B på … skole, ikke sant");
 *   target  the addressee (a pronoun in the frame, a name or a title said to: "…, Hansen."), what
 *           is theirs ("bilen din", "ungene dine", "kona di"), or a person named in the sentence.
 *
 * Each frame needs its target in its own sentence or the one before, and none is a threat where
 * what follows names an everyday hazard ("pass deg for glatta", "mye kan skje i trafikken"), a
 * visit or a treat ("pass deg, nå kommer jeg med kaker"), the writer's own children beside the
 * addressee's (a neighbour asking), money or a vote ("det kommer til å koste deg dyrt i strøm"),
 * a game or a match, a report or a negation ("du kommer ikke til å angre").
 *
 * Linear: a word is tested against one bit of `FRAME_BITS`; an anchor reads a bounded window.
 */
import { clauseBreakBefore } from './aim.js';
import type { NormalisedText } from './normalise.js';
import {
  aboutNotHarm,
  has,
  reported,
  sentenceBreakBefore,
  T_GROUP,
  T_NAME,
  T_PERSON,
  T_PET,
  T_THING,
  targetKind,
} from './threat-grammar.js';
import { type CompiledThreats, hospitableAfter, type ThreatHit } from './threats.js';
import {
  FIRST_PERSON_WORDS,
  FUTURE_WORDS,
  IF,
  MINE,
  NOT_WORDS,
  THIS,
  WH_WORDS,
  YOU_OBJECT_WORDS,
  YOU_SUBJECT,
} from './vocabulary.js';
import { wordHash } from './word-cache.js';
import { WordSet, WordTable } from './word-table.js';

/** Frames by their anchor word. */
const WARN = 1;
const SEE = 2;
const COST = 3;
const REGRET = 4;
const COUNT = 5;
const SEES = 6;
const MISHAP = 7;
const PITY = 8;
const SCHOOL = 9;
const SAFE = 10;
const HAVE = 11;
const LAST = 12;
const MIRROR = 13;

const ANCHORS: [number, string[]][] = [
  [WARN, ['pass']],
  [SEE, ['se', 'sjå', 'vite', 'vete', 'merke', 'kjenne']],
  [COST, ['koste', 'kosta']],
  [REGRET, ['angre', 'angra', 'regret']],
  [COUNT, ['tell', 'tel', 'count']],
  [SEES, ['sees', 'ses', 'sjåast', 'sjåst']],
  [MISHAP, ['skje', 'skjer', 'hende', 'hender', 'henda', 'happen', 'happens']],
  [PITY, ['synd', 'leit', 'trist', 'shame', 'pity']],
  [SCHOOL, ['skole', 'skolen', 'skule', 'skulen', 'barnehage', 'barnehagen', 'school']],
  [SAFE, ['trygg', 'trygge', 'trygt', 'safe']],
  [
    HAVE,
    [
      'adressen',
      'adressa',
      'adressene',
      'adressane',
      'adresser',
      'navnene',
      'namna',
      'address',
      'addresses',
      'names',
    ],
  ],
  [LAST, ['siste', 'last']],
  // The writer's act in kind, a verb that harms a plan or a budget and, said back at a person, the
  // person ("Kutter du i pensjonen min, kutter jeg deg"): present forms, as a condition inverts them.
  [
    MIRROR,
    [
      'kutter',
      'kuttar',
      'knuser',
      'knusar',
      'ødelegger',
      'øydelegg',
      'øydelegger',
      'legger',
      'legg',
      'stenger',
      'stengjer',
      'slakter',
      'slaktar',
      'feller',
      'fellar',
      'knekker',
      'knekkjer',
      'senker',
      'søkkjer',
      'river',
      'riv',
      'sprenger',
      'sprengjer',
      'kverker',
      'kverkar',
      'kveler',
      'kvelar',
      'brenner',
      'brenn',
      'ruinerer',
      'sparker',
      'sparkar',
      'smadrer',
      'flår',
      'skjærer',
      'hugger',
      'hogg',
      'cut',
      'crush',
      'destroy',
      'ruin',
      'wreck',
      'slash',
      'burn',
      'break',
      'bury',
    ],
  ],
];
const FRAMES = new WordTable<number>(
  ANCHORS.flatMap(([kind, words]) => words.map((w) => [w, kind] as const)),
);

/** A word hash's bit in `FRAME_BITS` (as threat-grammar.ts's `harmBit`). */
const frameBit = (hash: number): number => (hash ^ (hash >>> 15)) & 0x7fff;
const FRAME_BITS: Uint32Array = (() => {
  const bits = new Uint32Array(1 << 10);
  for (const [, words] of ANCHORS)
    for (const word of words) {
      const chars = new Uint16Array(word.length);
      for (let i = 0; i < word.length; i++) chars[i] = word.charCodeAt(i);
      const bit = frameBit(wordHash(chars, 0, word.length));
      bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  return bits;
})();

/** The addressee as the object of a warning: "pass deg", "pass dykk". */
const YOU_OBJECT = new WordSet([...YOU_OBJECT_WORDS, 'yourself', 'yourselves']);
const NOT = new WordSet([...NOT_WORDS, "won't", 'wont']);
/** Futures and modals a consequence is foretold with. */
const WILL = new WordSet(['skal', 'ska', 'skæ', ...FUTURE_WORDS, 'going']);
const GET = new WordSet(['få', 'faa', 'får', 'fær']);
/** "får" foretells on its own: "det får du snart vite". */
const GETS = new WordSet(['får', 'fær']);
const SOON = new WordSet(['snart', 'nok', 'no', 'nå', 'vel', 'soon']);
const FOR = new WordSet(['for']);
const ON = new WordSet(['på', 'on']);
const WELL = new WordSet(['godt', 'vel', 'nå', 'no', 'bare', 'berre']);
/** Question words after "pass deg for": what the addressee does or says ("pass deg for hva du skriver"). */
const WH = new WordSet([...WH_WORDS, 'hvor', 'kvar', 'where']);
/** What a foretold "koste" names that is no harm: money, a vote, a post. */
const PRICE = new WordSet([
  'kroner',
  'kr',
  'kronar',
  'penger',
  'pengar',
  'strøm',
  'skatt',
  'avgift',
  'stemmer',
  'stemmar',
  'valget',
  'jobben',
  'plassen',
  'setet',
  'vervet',
  'money',
  'votes',
  'election',
  'seat',
  'job',
]);
/** Dearly: "det kommer til å koste deg dyrt". */
const DEARLY = new WordSet(['dyrt', 'dearly', 'dyrt,']);
/** Days and hours counted: "tell dagene dine". */
const DAYS = new WordSet(['dagene', 'dagane', 'timene', 'timane', 'days', 'hours', 'dager', 'dagar']);
/** Counting up to a day looked forward to: "tell dagene til jul". */
const UNTIL = new WordSet(['til', 'till', 'until', 'før', 'to']);
const WE = new WordSet(['vi', 'me', 'we']);
/** Many things or mishaps as the subject of "skje": "mye kan skje", "sånt skjer", "accidents happen". */
const MANY = new WordSet([
  'mye',
  'mykje',
  'mykkje',
  'noe',
  'noko',
  'nåkka',
  'alt',
  'sånt',
  'slikt',
  'sånn',
  'ting',
  'ulykker',
  'ulykkar',
  'uhell',
  'accidents',
  'things',
  'anything',
  'lot',
  'stuff',
]);
/** A mishap after a regret's "om": something happening, a fire, a fall, someone not coming home. */
const MISHAPS = new WordSet([
  'skjedde',
  'skjer',
  'skje',
  'hende',
  'hendte',
  'hendde',
  'brant',
  'brenn',
  'brenner',
  'brann',
  'fyr',
  'forsvant',
  'forsvann',
  'borte',
  'falt',
  'fell',
  'faller',
  'ramla',
  'datt',
  'løsnet',
  'losna',
  'sviktet',
  'svikta',
  'skade',
  'sklei',
  'skled',
  'sklir',
  'druknet',
  'drukna',
  'happened',
  'burned',
  'burnt',
  'disappeared',
  'missing',
]);
/** "kom hjem": not coming home ("om hun ikke kom hjem en dag"), unless to an occasion ("til jul"). */
const CAME = new WordSet(['kom', 'kommer', 'komme', 'kjem']);
const HOME = new WordSet(['hjem', 'heim', 'home']);
/** What a place is praised with before the addressee's children's school: "fin skole ungene dine går på". */
const PRAISE = new WordSet(['fin', 'fint', 'fine', 'flott', 'pen', 'pent', 'koselig', 'nice', 'lovely']);
/** The children, the spouse, the family: kin of the addressee the school or a warning names. */
const KIN = new WordSet([
  'ungene',
  'ungane',
  'ungen',
  'unga',
  'ongan',
  'ongane',
  'barna',
  'borna',
  'barnet',
  'datteren',
  'dattera',
  'døtrene',
  'sønnen',
  'sonen',
  'sønnene',
  'jenta',
  'gutten',
  'kids',
  'children',
  'daughter',
  'son',
]);
/** A tag that says the writer has watched: "ikke sant", "ser jeg", "visst", "right?". */
const TAG = new WordSet(['sant', 'visst', 'right', 'vel']);
/** Everyday hazards and care: a warning or a mishap about them is advice. */
const HAZARDS = new WordSet([
  'glatta',
  'glatt',
  'glattisen',
  'glattføre',
  'isen',
  'trafikken',
  'trafikk',
  'bilene',
  'veien',
  'vegen',
  'gata',
  'refleks',
  'refleksvest',
  'refleksvesten',
  'hjelm',
  'hjelmen',
  'redningsvest',
  'vest',
  'forsikring',
  'forsikringa',
  'forsikringen',
  'flått',
  'flåtten',
  'hoggorm',
  'hoggormen',
  'veps',
  'vepsen',
  'bølgene',
  'storm',
  'stormen',
  'uvær',
  'uværet',
  'flom',
  'flommen',
  'ras',
  'raset',
  'snøen',
  'lyn',
  'lynet',
  'solbrent',
  'sola',
  'influensa',
  'viruset',
  'korona',
  'svindlere',
  'svindel',
  'lommetyver',
  'tyver',
  'tjuver',
  'ice',
  'traffic',
  'weather',
  'storm',
  'scammers',
]);

/**
 * Finds veiled threats by an ominous frame and a personal target, leaving out any that overlap a
 * hit found before (`found`, appended to).
 */
export function veiledByRoles(text: NormalisedText, threats: CompiledThreats, found: ThreatHit[]): void {
  const hashes = text.hashes;
  for (let v = 0; v < text.count; v++) {
    const bit = frameBit(hashes[v]!);
    if ((FRAME_BITS[bit >>> 5]! & (1 << (bit & 31))) === 0) continue;
    const kind = FRAMES.get(text.chars, text.formStarts[v]!, text.formEnds[v]!);
    if (kind === undefined) continue;
    const span = frameAt(text, v, kind, threats);
    if (span === null) continue;
    const [first, last, target] = span;
    const s = sentenceStart(text, Math.min(first, target));
    const e = sentenceEnd(text, Math.max(last, target));
    // A report, a game or a match, a hazard, a visit: no menace.
    if (reported(text, first, 0) || aboutNotHarm(text, s, e) || hazardNear(text, s, e)) continue;
    // Advice: a sentence that opens with care or a warning against ("Sjekk bremsene", "Ikke kjøp den").
    if (advised(text, s) || (s > 0 && advised(text, sentenceStart(text, s - 1)))) continue;
    // A coffee or a dinner enjoyed is the last one's own frame ("Nyt kaffen. Den kan bli din siste.").
    if (kind !== LAST && (hospitableAfter(text, Math.max(last, target)) || hospitableAfter(text, s - 1)))
      continue;
    const start = text.starts[Math.min(first, target)]!;
    const end = text.ends[Math.max(last, target)]!;
    let overlaps = false;
    for (let h = 0; h < found.length && !overlaps; h++)
      overlaps = found[h]!.start < end && start < found[h]!.end;
    if (overlaps) continue;
    found.push({ verb: text.form(v), target: text.form(target), veiled: true, start, end });
  }
}

/** The frame of kind `kind` at its anchor v, as [first, last, target] tokens, or null. */
function frameAt(
  text: NormalisedText,
  v: number,
  kind: number,
  threats: CompiledThreats,
): [number, number, number] | null {
  switch (kind) {
    case WARN:
      return warning(text, v, threats);
    case SEE: {
      // "du skal få se", "det får du snart vite": "få" with at most the addressee and "snart" between.
      let get = v - 1;
      while (get >= v - 3 && get >= 0 && (has(SOON, text, get) || has(YOU_SUBJECT, text, get))) get--;
      if (get < v - 3 || !has(GET, text, get)) return null;
      return foretold(
        text,
        v,
        threats,
        () => true,
        has(GETS, text, get) ? get + 1 : get,
        has(GETS, text, get),
      );
    }
    case SAFE:
      return unsafe(text, v);
    case HAVE:
      return addressHeld(text, v);
    case LAST:
      return lastOne(text, v, threats);
    case MIRROR:
      return mirrored(text, v, threats);
    case COST:
      return costs(text, v, threats);
    case REGRET:
      return foretold(text, v, threats, () => true, v);
    case COUNT:
      return counted(text, v);
    case SEES:
      return seeYou(text, v, threats);
    case MISHAP:
      return mishap(text, v, threats);
    case PITY:
      return pity(text, v, threats);
    default:
      return school(text, v, threats);
  }
}

/** Whether token k opens its clause, or follows "bare", "men", "og" opening it. */
function opensClause(text: NormalisedText, k: number): boolean {
  return (
    k === 0 ||
    clauseBreakBefore(text, k) ||
    (has(OPENER, text, k - 1) && (k === 1 || clauseBreakBefore(text, k - 1)))
  );
}
const OPENER = new WordSet(['bare', 'berre', 'men', 'og', 'så', 'just', 'and', 'but', 'so']);

/** Whether the clause ends after token k (the text ends, or a separator follows). */
const endsAfter = (text: NormalisedText, k: number): boolean =>
  k + 1 >= text.count || clauseBreakBefore(text, k + 1);

/**
 * "pass deg" (at the clause's end or before a vocative, "for hva du skriver"), "pass (godt) på
 * ungene dine" said to a name or a title.
 */
function warning(text: NormalisedText, v: number, threats: CompiledThreats): [number, number, number] | null {
  if (!opensClause(text, v)) return null;
  let k = v + 1;
  if (has(YOU_OBJECT, text, k)) {
    const you = k;
    if (has(WELL, text, k + 1)) k++;
    if (endsAfter(text, k)) return [v, k, you];
    // "pass deg for hva du skriver"; "pass deg for glatta" names the hazard.
    if (has(FOR, text, k + 1)) return has(WH, text, k + 2) ? [v, k + 2, you] : null;
    // "pass deg når du går hjem" is the pattern rules' (a reason after it is care).
    return null;
  }
  if (has(WELL, text, k)) k++;
  if (!has(ON, text, k)) return null;
  // "pass på ungene dine", "pass godt på kona di": something of theirs, said to a name or a title.
  const target = k + 1;
  if ((targetKind(text, target, text.count, threats) & (T_THING | T_PET)) === 0) return null;
  const e = sentenceEnd(text, target);
  return addressed(text, sentenceStart(text, v), e, threats) >= 0 || has(WELL, text, target + 2)
    ? [v, target + 1, target]
    : null;
}

/**
 * A consequence foretold to the addressee: "du skal få se", "da skal du få se", "dere kommer til å
 * angre", "you'll regret this": the addressee as subject of a future, the anchor ending its clause
 * (a vocative, "dette", "det" may follow), no negator.
 */
function foretold(
  text: NormalisedText,
  v: number,
  threats: CompiledThreats,
  ok: (k: number) => boolean,
  head: number,
  selfWill = false,
): [number, number, number] | null {
  if (!ok(v - 1)) return null;
  let you = -1;
  let will = selfWill ? head - 1 : -1;
  // "det får du snart vite": the addressee after the verb that foretells.
  if (selfWill && has(YOU_SUBJECT, text, head)) you = head;
  for (let k = head - 1; k >= 0 && k >= head - 5; k--) {
    if (has(NOT, text, k)) return null;
    if (you < 0 && has(YOU_SUBJECT, text, k)) you = k;
    if (will < 0 && has(WILL, text, k)) will = k;
    if (clauseBreakBefore(text, k)) break;
  }
  if (you < 0 || will < 0) return null;
  let last = v;
  // "få se hva som skjer" runs on to its clause's end; "angre på dette", "regret this" end their clause.
  if (has(WH, text, last + 1)) {
    while (last + 1 < text.count && !clauseBreakBefore(text, last + 1) && last < v + 5) last++;
    // "… hva som skjer med bilen din hvis du ikke skifter olje": what neglect brings.
    for (let k = v + 1; k < sentenceEnd(text, v); k++)
      if (has(IF, text, k) && has(NOT, text, k + 2)) return null;
  } else {
    // "angre på dette", "regret this".
    if (has(ON, text, last + 1) && has(THIS, text, last + 2)) last += 2;
    else if (has(THIS, text, last + 1)) last++;
    if (!endsAfter(text, last) && !(has(BITTERLY, text, last + 1) && endsAfter(text, last + 1))) return null;
  }
  // "Det får du snart vite" answers a teaser too: only after a mishap asked about or said to someone.
  if (selfWill) {
    const s = sentenceStart(text, v);
    const before = s > 0 ? sentenceStart(text, s - 1) : s;
    let cue = addressed(text, s, sentenceEnd(text, v), threats) >= 0 || personalBefore(text, s, threats) >= 0;
    for (let k = before; k < s && !cue; k++) cue = has(MISHAPS, text, k);
    if (!cue) return null;
  }
  return [Math.min(you, will), last, you];
}
const BITTERLY = new WordSet(['bittert', 'bitterly', 'dearly']);

/**
 * "du skal ikke føle deg trygg (lenger)", "dere kommer aldri til å være trygge", "you will never be
 * safe": the addressee's safety denied in a future.
 */
function unsafe(text: NormalisedText, v: number): [number, number, number] | null {
  let you = -1;
  let will = -1;
  let not = -1;
  for (let k = v - 1; k >= 0 && k >= v - 7; k--) {
    if (not < 0 && has(NOT, text, k)) not = k;
    if (will < 0 && has(WILL, text, k)) will = k;
    if (you < 0 && has(YOU_SUBJECT, text, k)) you = k;
    if (clauseBreakBefore(text, k)) break;
  }
  if (you < 0 || will < 0 || not < 0 || not < Math.min(you, will)) return null;
  // "trygg på at …", "safe to …": sure of something, or something safe to do.
  if (has(SURE, text, v + 1)) return null;
  return [Math.min(you, will), v, you];
}
const SURE = new WordSet(['på', 'for', 'med', 'to', 'from']);

/**
 * The writer holding the addressee's addresses or names: "vi har adressen din", "vi har navnene og
 * adressene deres", "we have your address".
 */
function addressHeld(text: NormalisedText, v: number): [number, number, number] | null {
  let have = -1;
  for (let k = v - 1; k >= 0 && k >= v - 4; k--) {
    if (has(HAS, text, k) && has(WE_I, text, k - 1)) {
      have = k - 1;
      break;
    }
    if (clauseBreakBefore(text, k)) break;
  }
  if (have < 0 || has(NOT, text, have + 2)) return null;
  for (let k = have + 1; k <= v + 2 && k < text.count; k++)
    if (has(YOURS_ALL, text, k) || has(YOURS_ONE, text, k)) {
      // Held, not kept somewhere: "vi har adressene deres i kundelista" is a register.
      const end = has(SOON, text, k + 1) ? k + 1 : k;
      return endsAfter(text, end) ? [have, Math.max(v, end), k] : null;
    }
  return null;
}
const HAS = new WordSet(['har', 'have', 'got', 'hev']);
const WE_I = new WordSet([...FIRST_PERSON_WORDS, 'i', 'we']);

/** "det kommer til å koste deg", "dette skal koste deg dyrt", "this will cost you": no price named. */
function costs(text: NormalisedText, v: number, _threats: CompiledThreats): [number, number, number] | null {
  const you = v + 1;
  if (!has(YOU_OBJECT, text, you) && !has(YOU_SUBJECT, text, you)) return null;
  let will = -1;
  for (let k = v - 1; k >= 0 && k >= v - 5; k--) {
    if (has(NOT, text, k)) return null;
    if (has(WILL, text, k)) will = k;
    if (clauseBreakBefore(text, k)) break;
  }
  if (will < 0) return null;
  let last = you;
  if (has(DEARLY, text, last + 1)) last++;
  if (!endsAfter(text, last)) return null;
  const e = sentenceEnd(text, last);
  for (let k = last + 1; k < e; k++) if (has(PRICE, text, k)) return null;
  return [will, last, you];
}

/** "tell dagene (dine)", "count your days": an imperative, not up to a day ("tell dagene til jul"). */
function counted(text: NormalisedText, v: number): [number, number, number] | null {
  if (!opensClause(text, v)) return null;
  let k = v + 1;
  if (has(YOUR, text, k)) k++;
  if (!has(DAYS, text, k)) return null;
  const days = k;
  if (has(YOURS_ALL, text, k + 1)) k++;
  if (has(UNTIL, text, k + 1)) return null;
  return [v, k, days];
}
const YOURS_ALL = new WordSet(['dine', 'dykkar', 'deres', 'your']);
const YOUR = new WordSet(['your']);

/**
 * "vi sees" ending its sentence (or before a name said to), after something of the addressee's
 * the writer has (a plate number, a house): "Jeg har skrevet ned bilnummeret ditt, Terje. Vi sees."
 */
function seeYou(text: NormalisedText, v: number, threats: CompiledThreats): [number, number, number] | null {
  if (!has(WE, text, v - 1)) return null;
  let last = v;
  if (has(AGAIN, text, last + 1)) last++;
  // "Vi ses i mørket", "see you in the dark": when, ominously.
  else if (has(IN_THE, text, last + 1) && has(DARK, text, last + 2)) last += 2;
  const s = sentenceStart(text, v);
  const e = sentenceEnd(text, v);
  const vocative = addressed(text, s, e, threats);
  if (vocative > last) last = vocative;
  if (!(last + 1 >= e)) return null;
  const target = personalBefore(text, s, threats);
  return target >= 0 ? [v - 1, last, target] : null;
}
const AGAIN = new WordSet(['snart', 'igjen', 'att', 'soon', 'again']);
const IN_THE = new WordSet(['i', 'in']);
const DARK = new WordSet(['mørket', 'mørkret', 'skumringen', 'natt', 'natta', 'natten', 'dark', 'night']);

/**
 * A mishap said to be possible ("mye kan skje i mørket", "sånt skjer", "accidents happen") in a
 * sentence after or with something of the addressee's, a name said to or a person named.
 */
function mishap(text: NormalisedText, v: number, threats: CompiledThreats): [number, number, number] | null {
  let many = -1;
  for (let k = v - 1; k >= 0 && k >= v - 4; k--) {
    if (has(MANY, text, k)) {
      many = k;
      break;
    }
    if (clauseBreakBefore(text, k)) break;
  }
  // After a modal, the many after the verb: "det kan skje så mye på den veien", "a lot can happen".
  let last = v;
  if (many < 0 && has(MAY, text, v - 1)) {
    const k = has(SO_MUCH, text, v + 1) ? v + 2 : v + 1;
    if (k < text.count && !clauseBreakBefore(text, k) && has(MANY, text, k)) {
      many = v - 1;
      last = k;
    }
  }
  if (many < 0 || has(NOT, text, many - 1)) return null;
  const s = sentenceStart(text, v);
  const e = sentenceEnd(text, v);
  let target = personalIn(text, s, e, threats);
  if (target < 0) target = personalBefore(text, s, threats);
  return target >= 0 ? [many, last, target] : null;
}

/**
 * A mishap regretted in advance: "det hadde vært synd om noe skjedde med dem", "synd om redaktøren
 * fell i elva", "shame if it burned down" — a mishap after the regret's "om", of a person or of
 * something of the addressee's named in the sentence or the one before.
 */
function pity(text: NormalisedText, v: number, threats: CompiledThreats): [number, number, number] | null {
  if (!has(IF, text, v + 1) && !(has(IF, text, v + 2) && !clauseBreakBefore(text, v + 2))) return null;
  if (has(NOT, text, v - 1) || has(NOT, text, v - 2)) return null;
  const e = sentenceEnd(text, v);
  let happened = -1;
  for (let k = v + 2; k < e && k <= v + 12; k++) {
    if (has(MISHAPS, text, k)) {
      happened = k;
      break;
    }
    // "om hun ikke kom hjem (en dag)", not "… til jul".
    if (has(CAME, text, k) && has(HOME, text, k + 1) && has(NOT, text, k - 1) && !has(UNTIL, text, k + 2)) {
      happened = k + 1;
      break;
    }
  }
  if (happened < 0) return null;
  const s = sentenceStart(text, v);
  let target = personalIn(text, s, e, threats);
  if (target < 0) {
    // A person in the wished mishap: "synd om redaktøren fell i elva", "om hun ikke kom hjem".
    for (let k = v + 2; k < happened && target < 0; k++)
      if ((targetKind(text, k, e, threats) & (T_PERSON | T_NAME | T_GROUP)) !== 0) target = k;
    // A pronoun stands for someone named before: "Datteren din går … Det hadde vært synd om hun …".
    if (target >= 0 && (targetKind(text, target, e, threats) & (T_NAME | T_GROUP)) === 0)
      target = personalBefore(text, s, threats) >= 0 ? target : -1;
  }
  if (target < 0) target = personalBefore(text, s, threats);
  return target >= 0 ? [v, happened, target] : null;
}

/**
 * The addressee's children's school named: kin of the addressee ("ungene dine", "datteren din")
 * going to a school in the sentence, with praise ("fin skole ungene dine går på"), a tag of
 * watching ("ikke sant", "visst") or a name said to; the writer's own children beside them (a
 * neighbour asking) are none.
 */
function school(text: NormalisedText, v: number, threats: CompiledThreats): [number, number, number] | null {
  const s = sentenceStart(text, v);
  const e = sentenceEnd(text, v);
  let kin = -1;
  for (let k = s; k < e; k++) {
    if (has(MINE, text, k)) return null;
    if (
      kin < 0 &&
      has(KIN, text, k) &&
      (has(YOURS_ALL, text, k + 1) || has(YOURS_ONE, text, k + 1) || has(YOURS_ALL, text, k - 1))
    )
      kin = k;
  }
  if (kin < 0) return null;
  // A next sentence of the writer's own children: "Min begynner der til høsten".
  const next = e < text.count ? sentenceEnd(text, e) : e;
  for (let k = e; k < next; k++) if (has(MINE, text, k)) return null;
  let cue = has(PRAISE, text, s) || addressed(text, s, e, threats) >= 0;
  for (let k = s; k < e && !cue; k++) cue = has(TAG, text, k);
  // A question asked plainly ("Går ungene dine på Sagdalen skole?") wants an answer.
  if (!cue) return null;
  return [Math.min(kin, v), Math.max(kin, v), kin];
}
const YOURS_ONE = new WordSet(['din', 'di', 'ditt', 'your']);

/** Whether the sentence at s opens with care ("sjekk", "husk", "bruk") or a warning against ("ikke kjøp"). */
function advised(text: NormalisedText, s: number): boolean {
  return has(CARE, text, s) || (has(NOT, text, s) && !has(YOU_SUBJECT, text, s + 1));
}
const CARE = new WordSet([
  'sjekk',
  'husk',
  'bruk',
  'lås',
  'kjør',
  'skift',
  'ta',
  'check',
  'remember',
  'use',
  'lock',
  'wear',
  "don't",
  'dont',
]);

/** Whether an everyday hazard or care is named in [s, e): advice, not menace. */
function hazardNear(text: NormalisedText, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (has(HAZARDS, text, k)) return true;
  return false;
}

/** The first token of the sentence holding t. */
function sentenceStart(text: NormalisedText, t: number): number {
  let s = t;
  while (s > 0 && s > t - 40 && !sentenceBreakBefore(text, s)) s--;
  return s;
}

/** The token after the sentence holding t. */
function sentenceEnd(text: NormalisedText, t: number): number {
  let e = t + 1;
  while (e < text.count && e < t + 40 && !sentenceBreakBefore(text, e)) e++;
  return e;
}

/** Something of the addressee's or a name said to, in [s, e); or -1. */
function personalIn(text: NormalisedText, s: number, e: number, threats: CompiledThreats): number {
  for (let k = s; k < e; k++) {
    if (has(MINE, text, k)) return -1;
    if ((targetKind(text, k, e, threats) & (T_THING | T_PET)) !== 0) return k;
  }
  return addressed(text, s, e, threats);
}

/** What `personalIn` finds in the sentence before the one starting at s; or -1. */
function personalBefore(text: NormalisedText, s: number, threats: CompiledThreats): number {
  if (s === 0) return -1;
  return personalIn(text, sentenceStart(text, s - 1), s, threats);
}

/**
 * A name or a title said to in [s, e): set off by a comma, at the sentence's end or opening it
 * ("…, Hansen.", "…, produsent.", "Rektor, …"); or -1.
 */
function addressed(text: NormalisedText, s: number, e: number, threats: CompiledThreats): number {
  for (let k = s; k < e; k++) {
    const before = k === s || commaBefore(text, k);
    if (!before) continue;
    let end = k;
    if (
      end + 1 < e &&
      !clauseBreakBefore(text, end + 1) &&
      (targetKind(text, end + 1, e, threats) & T_NAME) !== 0
    )
      end++;
    const after = end + 1 >= e || commaBefore(text, end + 1);
    if (!after || (k === s && end + 1 >= e)) continue;
    if ((targetKind(text, k, e, threats) & (T_NAME | T_GROUP)) !== 0 && !has(YOU_SUBJECT, text, k)) return k;
  }
  return -1;
}

/** Whether a comma stands before token t. */
function commaBefore(text: NormalisedText, t: number): boolean {
  return text.seps[t]!.indexOf(',') >= 0;
}

/**
 * The addressee's last, hinted after a wish for a night or a meal: "Sov godt i natt. Det kan bli
 * den siste.", "Nyt kaffen, Hansen, den kan fort bli din siste", "Enjoy your dinner. It might be
 * your last." — "siste" ending its clause after "bli"/"være" with a modal or a future ("kan bli",
 * "blir", "might be"), after an imperative of sleeping or enjoying in its sentence or the one
 * before (not of a season or an event: "Nyt sommeren, det kan bli den siste med snø" goes on, and
 * "… den siste" of a summer is the climate's), or with the addressee's "din" and the addressee
 * named. A noun after "siste" is a last chance, a last night in a tent ("den siste natta på
 * hytta"): only a night or a day ending the clause still reads as the addressee's.
 */
function lastOne(text: NormalisedText, v: number, threats: CompiledThreats): [number, number, number] | null {
  let last = v;
  if (has(LAST_TIMES, text, v + 1)) last++;
  if (!endsAfter(text, last)) return null;
  let k = v - 1;
  const yours = has(YOURS_ONE, text, k) || has(YOURS_ALL, text, k);
  if (yours || has(THE_LAST, text, k)) k--;
  // "det blir kanskje den siste", "it could well be the last".
  if (has(PERHAPS, text, k)) k--;
  if (!has(BE, text, k)) return null;
  const be = k;
  // "kan (fort) bli", "blir", "might be", "it's": a modal or a future before "bli"/"be", or a finite one.
  let may = -1;
  if (has(BE_FINITE, text, be)) may = be;
  else
    for (let j = be - 1; j >= 0 && j >= be - 3; j--) {
      if (has(NOT, text, j)) return null;
      if (has(MAY, text, j)) {
        may = j;
        break;
      }
      if (clauseBreakBefore(text, j + 1) && j + 1 < be) break;
    }
  if (may < 0) return null;
  for (let j = may - 1; j >= 0 && j >= may - 2 && !clauseBreakBefore(text, j + 1); j--)
    if (has(NOT, text, j)) return null;
  const s = sentenceStart(text, v);
  const before = s > 0 ? sentenceStart(text, s - 1) : s;
  // A wish for sleep or a treat opening the sentence or a clause of it, or the one before.
  for (let j = before; j < may; j++)
    if (has(ENJOY, text, j) && opensClause(text, j) && !seasonAfter(text, j)) return [j, last, j];
  if (!yours) return null;
  const target = addressed(text, s, sentenceEnd(text, v), threats);
  if (target >= 0) return [Math.min(target, may), last, target];
  const earlier = personalBefore(text, s, threats);
  return earlier >= 0 ? [may, last, earlier] : null;
}
/** What may stand after "siste" and keep it the addressee's: a night, a day, a breath. */
const LAST_TIMES = new WordSet([
  'natt',
  'natta',
  'natten',
  'dag',
  'dagen',
  'kveld',
  'kvelden',
  'kveldane',
  'jul',
  'julen',
  'jula',
  'pust',
  'andedrag',
  'night',
  'day',
  'breath',
]);
const THE_LAST = new WordSet(['den', 'det', 'the', 'its']);
const PERHAPS = new WordSet(['kanskje', 'kanskje', 'fort', 'nok', 'jo', 'vel', 'godt', 'well', 'easily']);
const BE = new WordSet(['bli', 'verte', 'være', 'vere', 'vera', 'be', 'blir', 'vert']);
/** A future on its own: "det blir den siste" ("det er den siste" may be the last cup in the pot). */
const BE_FINITE = new WordSet(['blir', 'vert']);
const MAY = new WordSet([
  'kan',
  'kunne',
  'kanskje',
  'vil',
  'skal',
  'kommer',
  'kjem',
  'might',
  'may',
  'could',
  'will',
  'll',
]);
/** Imperatives of sleeping and enjoying: "sov godt", "nyt kaffen", "kos deg", "enjoy". */
const ENJOY = new WordSet(['sov', 'søv', 'nyt', 'kos', 'njut', 'sleep', 'enjoy', 'savour', 'savor']);
/** Seasons and events a last one is said of with no menace: "nyt sommeren, det kan bli den siste". */
const SEASONS = new WordSet([
  'sommeren',
  'sommaren',
  'vinteren',
  'vinteren',
  'våren',
  'høsten',
  'hausten',
  'ferien',
  'ferie',
  'helga',
  'helgen',
  'sesongen',
  'snøen',
  'isen',
  'sola',
  'solen',
  'været',
  'veret',
  'utsikten',
  'konserten',
  'kampen',
  'turen',
  'friheten',
  'fridommen',
  'summer',
  'winter',
  'season',
  'holiday',
  'weather',
  'view',
  'concert',
  'snow',
]);

/** Whether the imperative at j enjoys a season or an event (within two words): no menace. */
function seasonAfter(text: NormalisedText, j: number): boolean {
  for (let k = j + 1; k <= j + 3 && k < text.count && !clauseBreakBefore(text, k); k++)
    if (has(SEASONS, text, k)) return true;
  return false;
}

/**
 * The writer's act in kind, said back at a person: a condition with the addressee doing it to
 * something ("Kutter du i pensjonen min", "Hvis dere legger ned skolen") and then the same verb,
 * the writer and a person ("…, så kutter jeg deg", "…, legger vi dere ned"). The verbs harm a plan,
 * a budget or a school and, turned on a person, the person; "Hjelper du meg, hjelper jeg deg" has
 * none of them, and "…, kutter jeg i lønna di" turns it on a thing.
 */
function mirrored(
  text: NormalisedText,
  v: number,
  threats: CompiledThreats,
): [number, number, number] | null {
  const first = v + 1;
  if (!has(WE_I, text, first)) return null;
  const target = first + 1;
  const kind = targetKind(text, target, text.count, threats);
  if ((kind & (T_PERSON | T_NAME | T_GROUP)) === 0 || has(YOU_SUBJECT, text, target)) return null;
  if (target + 1 < text.count && !clauseBreakBefore(text, target + 1) && !has(DOWN, text, target + 1))
    return null;
  // The condition: the same verb with the addressee as its subject, earlier in the sentence.
  const s = sentenceStart(text, v);
  let clause = v;
  while (clause > s && !clauseBreakBefore(text, clause)) clause--;
  for (let k = clause - 1; k >= s; k--) {
    if (!sameWord(text, k, v)) continue;
    if (has(YOU_SUBJECT, text, k + 1) || has(YOU_SUBJECT, text, k - 1))
      return [k, has(DOWN, text, target + 1) ? target + 1 : target, target];
  }
  return null;
}
const DOWN = new WordSet(['ned', 'ner', 'down']);
/** "så", "veldig", "a" before the many after the verb: "skje så mye", "happen a lot". */
const SO_MUCH = new WordSet(['så', 'so', 'veldig', 'svært', 'a']);

/** Whether tokens k and v are the same word. */
function sameWord(text: NormalisedText, k: number, v: number): boolean {
  const a = text.formStarts[k]!;
  const b = text.formStarts[v]!;
  const n = text.formEnds[v]! - b;
  if (text.formEnds[k]! - a !== n) return false;
  for (let i = 0; i < n; i++) if (text.chars[a + i] !== text.chars[b + i]) return false;
  return true;
}
