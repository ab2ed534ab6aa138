/**
 * Threat rule: a violent verb aimed at a person or group within a few words.
 *
 * Active verbs ("drepe", "skyt", "kill") need a target after them ("deg",
 * "dem", "muslimene", "you", or a name: a capitalised word inside the clause,
 * "jeg skal drepe Ola", "I will kill John") and an intent cue before them: a modal ("skal",
 * "kommer til å", "will"), a first-person subject ("jeg dreper deg"), or the
 * verb opening its clause as an imperative ("skyt dem"). Passive forms
 * ("skytes", "drept", "shot") need a target and a wish or demand before them
 * ("de burde skytes", "he should be shot"). So "to ble drept i ulykken" and
 * "røyking dreper deg" are not threats, "jeg skal drepe deg" is.
 */
import type { ThreatLexicon } from './lexicon.js';
import type { NormalisedText } from './normalise.js';
import {
  ARTICLE,
  FIRST_PERSON_WORDS,
  IF_WORDS,
  KNOW_WORDS,
  KNOWS,
  MINE,
  PREPOSITIONS,
  THIS,
  WH,
  YOU_OBJECT_WORDS,
  YOU_SUBJECT_WORDS,
  YOUR,
} from './vocabulary.js';
import { WordSet, WordTable } from './word-table.js';

export interface ThreatHit {
  verb: string;
  target: string;
  /** A veiled threat: a pattern without a violent verb ("du skal få betale for dette"). */
  veiled?: true;
  /** A blow wished or deserved ("burde gi ham en ørefik"): a moderator's call, held rather than rejected. */
  blow?: true;
  /**
   * A verb's hit: the verb's token and the hit's last token, so the grammar's refusals read the
   * same clause the grammar would (threat-grammar.ts's `refuseHits`).
   */
  verbAt?: number;
  lastAt?: number;
  start: number;
  end: number;
}

interface VerbInfo {
  active: boolean;
  requires: WordSet | null;
  secondPersonOnly: boolean;
  /** The target must end its clause, or be followed by one of these. */
  clauseEnd: WordSet | null;
  /** Only people are aimed at: no names, and "de", "hele", "alle" are determiners. */
  people: boolean;
  /** Only the writer's own act: a first-person subject before it, no negation between ("I will hurt you"). */
  speaker: boolean;
  /** An English gerund ("killing"): intent only from an intent the writer states before it (`statedIntent`). */
  gerund?: true;
}

/** The threat lexicon as word sets read in place from a text's forms (see word-table.ts). */
export interface CompiledThreats {
  /** Every reading of a verb form ("banke deg"; "banke opp" anyone). */
  verbs: WordTable<VerbInfo[]>;
  /**
   * The verb forms by length, position and the letter there (`maskedKey`), in the order of
   * `verbs`, for masked words ("dr*pe"): a masked word looks through only the forms that
   * have its first real letter where it has it, not every form of its length.
   */
  verbsByLetter: Map<number, [string, VerbInfo[]][]>;
  /** The dying verbs the same way, for a masked death wish ("håper du d*r"). */
  dyingByLetter: Map<number, [string, true][]>;
  secondPerson: WordSet;
  personEndings: string[];
  personMinLength: number;
  personExcept: Set<string>;
  dyingVerbs: WordSet;
  deathNouns: WordSet;
  painful: WordSet;
  diseases: WordSet;
  getting: WordSet;
  figurative: WordSet;
  over: WordSet;
  cliffs: WordSet;
  wishTargets: WordSet;
  negations: WordSet;
  vermin: WordSet;
  groupPronouns: WordSet;
  targets: WordSet;
  intent: WordSet;
  firstPerson: WordSet;
  passiveCues: WordSet;
  breakers: WordSet;
  weapons: WordSet;
  /** Instruments of a visit to a person ("med et jernrør"). */
  instruments: WordSet;
  bodyParts: WordSet;
  groups: WordSet;
  smears: WordSet;
  smearBetween: WordSet;
  plagues: WordSet;
  notHuman: WordSet;
  similes: WordSet;
  people: WordSet;
  seeingModals: WordSet;
  /** Veiled patterns by their first word. */
  veiled: WordTable<CompiledVeiled[]>;
  /**
   * What a word may begin, ROLE_* bits: a threat verb, a wish, a veiled pattern, a
   * dehumanising copula or curse. Most words are none. The matcher reads it once per word it
   * meets and keeps the bits with the word (see `TermMatcher.classify`), so a text's
   * words cost the scans below one bit test each, not a lookup per list.
   */
  roles: WordTable<number>;
}

const ROLE_VERB = 1;
const ROLE_WISH = 2;
const ROLE_SEEING = 4;
const ROLE_VEILED = 8;
const ROLE_COPULA = 16;
const ROLE_VERMIN_FROM_PLACE = 32;
const ROLE_CURSE = 64;
/** "som", "like" (a simile may follow), vermin and plagues (a sentence of its own), hell. */
const ROLE_LIKE = 128;
const ROLE_VERMIN = 256;
const ROLE_HELL = 512;
/** A negation ("ikke", "not"): with ROLE_VERMIN, what a copula's next words are looked up for. */
const ROLE_NEGATION = 1024;
/** "vet", "veit", "know": the writer may know where a person lives (`knowsWhere`). */
const ROLE_KNOW = 2048;
/** An instrument of a visit ("jernrør", "balltre", "bat"): `instrumentOfVisit`. */
const ROLE_INSTRUMENT = 4096;
/** A blow ("ørefik", "lusing", "slap") or where one lands ("på kjeften"): `blowGiven`. */
const ROLE_BLOW = 8192;
/** A verb of purging a place ("rense", "rydde", "rid"): `purged`. */
const ROLE_PURGE = 16384;
/** Where people are left in a place set on fire ("med folka inne", "and everyone in it", "og presten med"): `peopleInside`. */
const ROLE_INSIDE = 32768;
/** A warning that closes a veiled threat ("Tenk over det", "Husk det", "vet nok hvorfor") or advice "in your place": `warnedAfterMeans`, `adviceInYourPlace`. */
const ROLE_WARNING = 65536;
/**
 * A word of some veiled pattern's word steps: a word without it is in none of them, so
 * a step is turned away by the word's roles (read once per word by `classify`) before
 * the read of the step's own word set.
 */
export const ROLE_VEILED_STEP = 1 << 17;
/** A smear or a word between a copula and its smear (`smearedGroup`): most words after a copula are neither. */
export const ROLE_SMEAR = 1 << 18;
const BEGINS_THREAT =
  ROLE_VERB |
  ROLE_WISH |
  ROLE_SEEING |
  ROLE_VEILED |
  ROLE_KNOW |
  ROLE_INSTRUMENT |
  ROLE_BLOW |
  ROLE_PURGE |
  ROLE_INSIDE |
  ROLE_WARNING;
/** What a word must be for `findDehumanising` to look at it (besides following a curse). */
const BEGINS_DEHUMANISING = ROLE_VERMIN_FROM_PLACE | ROLE_LIKE | ROLE_VERMIN | ROLE_HELL | ROLE_COPULA;

function rolesOf(lists: [number, Iterable<string>][]): WordTable<number> {
  const roles = new Map<string, number>();
  for (const [role, words] of lists) for (const word of words) roles.set(word, (roles.get(word) ?? 0) | role);
  return new WordTable(roles);
}

/** A veiled pattern's steps: a set of words, or a gap of up to `gap` words. */
interface CompiledVeiled {
  /**
   * A step's words; `person`: a person noun or a listed target matches it too ("@person");
   * `group`: a people or group of `dehumanising.groups` ("@group").
   */
  steps: ({ words: WordSet; gap: 0; person: boolean; group: boolean } | { words: null; gap: number })[];
  unlessNext: WordSet | null;
  endsClause: boolean;
  endsSentence: boolean;
  afterComma: boolean;
  startsSentence: boolean;
  startsClause: boolean;
  /** The text names something of the addressee's before the match ("ungene dine", "du har"). */
  afterYours: boolean;
  /** The text names someone's daily round before the match ("hver kveld", "samme vei"). */
  afterRoutine: boolean;
  /** The sentence opens with a person's death to come ("Den dagen han dør, …"). */
  afterDeath: boolean;
  /** Words a gap may not skip: a negation turns the threat around ("du skal ikke lide"). */
  negations: WordSet;
  /** How many words may stand before the anchor: at least, and at most. */
  minBefore: number;
  maxBefore: number;
}

const AFTER = 3;
const BEFORE = 4;
/** In a veiled pattern's step, any person: a listed target or a person noun by its ending. */
const PERSON_STEP = '@person';
/** In a veiled pattern's step, a people or group named ("jødene", "muslimane"): `dehumanising.groups`. */
const GROUP_STEP = '@group';
/** In a verb's `requires`, any listed body part. */
const BODY_STEP = '@body';
/** Words that count who is hit and widen the window: "slakte hver eneste en av dem", "skyt hver og en av dere". */
const QUANTIFIERS = new WordSet([
  'hver',
  'hvert',
  'kvar',
  'kvart',
  'eneste',
  'einaste',
  'en',
  'ei',
  'ein',
  'og',
  'every',
  'each',
  'single',
  'one',
  'last',
]);
const OF = new WordSet(['av', 'of']);
/**
 * English gerunds and their verbs, read only after an intent the writer states ("nothing will stop
 * me from killing you", "I have no problem stabbing you"): "we're killing them" is sport.
 */
const GERUNDS: readonly [string, string][] = [
  ['killing', 'kill'],
  ['murdering', 'murder'],
  ['shooting', 'shoot'],
  ['stabbing', 'stab'],
  ['hanging', 'hang'],
  ['lynching', 'lynch'],
  ['beheading', 'behead'],
  ['raping', 'rape'],
  ['burning', 'burn'],
  ['strangling', 'strangle'],
  ['choking', 'choke'],
  ['beating', 'beat'],
  ['torturing', 'torture'],
  ['maiming', 'maim'],
  ['stoning', 'stone'],
  ['gassing', 'gas'],
  ['executing', 'execute'],
  ['bombing', 'bomb'],
  ['cutting', 'cut'],
  ['slitting', 'slit'],
];
/** How far quantifiers may widen the window after a verb. */
const QUANTIFIED_AFTER = AFTER + 4;

export function compileThreats(lexicon: ThreatLexicon): CompiledThreats {
  const verbs = new Map<string, VerbInfo[]>();
  const reading = (form: string, info: VerbInfo) => {
    const list = verbs.get(form) ?? [];
    list.push(info);
    verbs.set(form, list);
  };
  for (const verb of lexicon.verbs) {
    // "@body": any listed body part ("knuse kjeven din", "banke hjernen ut av deg").
    const requires =
      verb.requires !== undefined
        ? new WordSet(verb.requires.flatMap((w) => (w === BODY_STEP ? lexicon.bodyParts : [w])))
        : null;
    const clauseEnd = verb.clauseEnd !== undefined ? new WordSet(verb.clauseEnd) : null;
    const secondPersonOnly = verb.secondPersonOnly === true;
    const people = verb.people === true;
    const speaker = verb.speaker === true;
    for (const form of verb.forms)
      reading(form, { active: true, requires, secondPersonOnly, clauseEnd, people, speaker });
    const passiveRequires = verb.passiveRequires === true ? requires : null;
    for (const form of verb.passive ?? [])
      if (!verbs.get(form)?.some((v) => !v.active && v.requires === null))
        reading(form, {
          active: false,
          requires: passiveRequires,
          secondPersonOnly: false,
          // "kjøres ned" ends its clause: "burde kjøres ned til skolen" is a ride.
          clauseEnd: passiveRequires !== null ? clauseEnd : null,
          people: false,
          speaker: false,
        });
  }
  // "I have no problem killing you": the gerund reads as its verb, with only a stated intent.
  for (const [gerund, verb] of GERUNDS)
    for (const info of verbs.get(verb) ?? []) if (info.active) reading(gerund, { ...info, gerund: true });
  const wishes = lexicon.deathWishes;
  const negations = new WordSet(wishes.negations);
  const veiled = new Map<string, CompiledVeiled[]>();
  const veiledStepWords = new Set<string>();
  for (const pattern of lexicon.veiled) {
    const compiled: CompiledVeiled = {
      steps: pattern.steps.map((step) =>
        step.startsWith('…')
          ? { words: null, gap: Number(step.slice(1)) }
          : {
              words: new WordSet(step.split('|').filter((w) => w !== PERSON_STEP && w !== GROUP_STEP)),
              gap: 0,
              person: step.split('|').includes(PERSON_STEP),
              group: step.split('|').includes(GROUP_STEP),
            },
      ),
      unlessNext: pattern.unlessNext ? new WordSet(pattern.unlessNext) : null,
      endsClause: pattern.endsClause === true,
      endsSentence: pattern.endsSentence === true,
      afterComma: pattern.afterComma === true,
      startsSentence: pattern.startsSentence === true,
      startsClause: pattern.startsClause === true,
      afterYours: pattern.afterYours === true,
      afterRoutine: pattern.afterRoutine === true,
      afterDeath: pattern.afterDeath === true,
      negations,
      minBefore: 0,
      maxBefore: 0,
    };
    // The words of its word steps, as they are compiled above.
    for (const step of pattern.steps)
      if (!step.startsWith('…'))
        for (const word of step.split('|'))
          if (word !== PERSON_STEP && word !== GROUP_STEP) veiledStepWords.add(word);
    for (const step of compiled.steps.slice(0, pattern.anchor)) {
      compiled.minBefore += step.words !== null ? 1 : 0;
      compiled.maxBefore += step.words !== null ? 1 : step.gap;
    }
    for (const word of pattern.steps[pattern.anchor]!.split('|')) {
      const list = veiled.get(word) ?? [];
      list.push(compiled);
      veiled.set(word, list);
    }
  }
  return {
    verbsByLetter: byLetter(verbs),
    dyingByLetter: byLetter(wishes.verbs.map((verb): [string, true] => [verb, true])),
    weapons: new WordSet(lexicon.weapons),
    instruments: new WordSet(lexicon.instruments),
    bodyParts: new WordSet(lexicon.bodyParts),
    groups: new WordSet(withNynorskPlurals(lexicon.dehumanising.groups)),
    smears: new WordSet(lexicon.dehumanising.smears),
    smearBetween: new WordSet(lexicon.dehumanising.between),
    plagues: new WordSet(lexicon.dehumanising.plagues),
    notHuman: new WordSet(lexicon.dehumanising.notHuman),
    similes: new WordSet(lexicon.dehumanising.similes),
    people: new WordSet(lexicon.dehumanising.people),
    seeingModals: new WordSet(wishes.seeing.modals),
    veiled: new WordTable(veiled),
    verbs: new WordTable(verbs),
    roles: rolesOf([
      [ROLE_VERB, verbs.keys()],
      [ROLE_WISH, wishes.cues],
      [ROLE_SEEING, wishes.seeing.verbs],
      [ROLE_VEILED, veiled.keys()],
      [ROLE_COPULA, lexicon.dehumanising.copulas],
      [ROLE_VERMIN_FROM_PLACE, lexicon.dehumanising.fromPlace],
      [ROLE_CURSE, lexicon.dehumanising.curses],
      [ROLE_LIKE, lexicon.dehumanising.likeness],
      [ROLE_VERMIN, [...lexicon.dehumanising.nouns, ...lexicon.dehumanising.plagues]],
      [ROLE_HELL, lexicon.dehumanising.hell],
      [ROLE_NEGATION, wishes.negations],
      [ROLE_KNOW, KNOW_WORDS],
      [ROLE_INSTRUMENT, lexicon.instruments],
      [ROLE_BLOW, [...BLOWS, ...MOUTHS, ...lexicon.weapons]],
      [ROLE_PURGE, [...PURGE_ONLY, ...CLEARING]],
      [ROLE_INSIDE, INSIDE_WORDS],
      [ROLE_WARNING, [...WARNING_WORDS, ...IN_YOUR_PLACE]],
      [ROLE_VEILED_STEP, veiledStepWords],
      [ROLE_SMEAR, [...lexicon.dehumanising.smears, ...lexicon.dehumanising.between]],
    ]),
    secondPerson: new WordSet([...YOU_OBJECT_WORDS, 'dåkk', 'you', 'u', 'ya']),
    personEndings: lexicon.personSuffixes.endings,
    personMinLength: lexicon.personSuffixes.minLength,
    personExcept: new Set(lexicon.personSuffixes.except),
    dyingVerbs: new WordSet(wishes.verbs),
    deathNouns: new WordSet(wishes.nouns),
    painful: new WordSet(wishes.painful),
    diseases: new WordSet(wishes.diseases),
    getting: new WordSet(wishes.getting),
    figurative: new WordSet(wishes.figurative),
    over: new WordSet(wishes.over),
    cliffs: new WordSet(wishes.cliffs),
    wishTargets: new WordSet(wishes.targets),
    negations,
    vermin: new WordSet(lexicon.dehumanising.nouns),
    groupPronouns: new WordSet(lexicon.dehumanising.subjects),
    targets: new WordSet(withNynorskPlurals(lexicon.targets)),
    intent: new WordSet(lexicon.intent),
    firstPerson: new WordSet(lexicon.firstPerson),
    passiveCues: new WordSet(lexicon.passiveCues),
    breakers: new WordSet(lexicon.breakers),
  };
}

/**
 * The Bokmål plurals of groups and people with their Nynorsk forms: "muslimene" →
 * "muslimane", "innvandrerne" → "innvandrarane", "politikere" → "politikarar".
 */
function withNynorskPlurals(words: readonly string[]): string[] {
  const out = new Set(words);
  for (const word of [...words, ...definitePlurals(words)]) {
    out.add(word);
    if (word.length < 6) continue;
    if (word.endsWith('erne')) out.add(`${word.slice(0, -4)}arane`);
    else if (word.endsWith('ene')) out.add(`${word.slice(0, -3)}ane`);
    else if (word.endsWith('ere')) out.add(`${word.slice(0, -3)}arar`);
  }
  return [...out];
}

/**
 * The definite plurals of listed indefinite plurals of people (round 16): "syrere" → "syrerne",
 * "polakker" → "polakkene", "mormoner" → "mormonene"; a list that names a people in one form
 * names it in the other ("Syrerne burde skytes").
 */
function definitePlurals(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    if (word.length < 5) continue;
    if (word.endsWith('ere')) out.push(`${word.slice(0, -1)}ne`);
    else if (word.endsWith('er') && !word.endsWith('eer')) out.push(`${word.slice(0, -2)}ene`);
  }
  return out;
}

/** Whether token t is a strong curse ("jævla", "forbanna"), by its roles (`wordRoles`). */
export const isCurse = (roles: Int32Array, t: number): boolean => (roles[t]! & ROLE_CURSE) !== 0;

/** Every word's roles (ROLE_* bits) by token: what `TermMatcher.classify` gives, looked up here. */
export function wordRoles(text: NormalisedText, threats: CompiledThreats): Int32Array {
  const roles = new Int32Array(text.count);
  for (let t = 0; t < text.count; t++)
    roles[t] = threats.roles.get(text.chars, text.formStarts[t]!, text.formEnds[t]!) ?? 0;
  return roles;
}

/**
 * Finds threats in the tokens of one text; at most one hit per verb. `roles`: each
 * word's ROLE_* bits by token (`TermMatcher.classify` or `wordRoles`).
 */
export function findThreats(
  text: NormalisedText,
  threats: CompiledThreats,
  roles: Int32Array = wordRoles(text, threats),
): ThreatHit[] {
  const hits: ThreatHit[] = [];
  const { chars, formStarts, formEnds } = text;
  for (let i = 0; i < text.count; i++) {
    const role = roles[i]! & BEGINS_THREAT;
    // A masked letter ("dr*pe", "dr#pe"; the normaliser writes '*' and marks the word) may hide a verb.
    const infos =
      (role & ROLE_VERB) !== 0
        ? threats.verbs.get(chars, formStarts[i]!, formEnds[i]!)
        : text.isMasked(i)
          ? maskedVerb(chars, formStarts[i]!, formEnds[i]!, threats)
          : undefined;
    // Most words begin nothing: no verb, wish or veiled pattern.
    if (role === 0 && infos === undefined) continue;
    if (infos !== undefined) {
      for (const info of infos) {
        if (info.requires !== null && !followedBy(text, i, info.requires, AFTER + 2)) continue;
        if (!info.active && info.clauseEnd !== null && !particleEnds(text, i, info)) continue;
        const hit = info.active
          ? activeThreat(text, i, threats, info)
          : (passiveThreat(text, i, threats) ?? counterfactualThreat(text, i, threats));
        if (hit !== null) {
          // Taken back or asked about: "jeg skal ikke drepe deg", "Hvem sa at noen skulle drepe deg?".
          const last = hit.end === text.ends[i] ? i : Math.max(i, tokenEndingAt(text, hit.end));
          if (
            !negatedAct(text, i, last, threats, roles) &&
            !askedWhoSaid(text, i, last, threats) &&
            !(isOneOf(SHOOT, text, i) && photographed(text))
          ) {
            hit.verbAt = i;
            hit.lastAt = last;
            hits.push(hit);
          }
          break;
        }
      }
    }
    if (
      ((role & ROLE_WISH) !== 0 &&
        (!isOneOf(OPTATIVE, text, i) ||
          ((i === 0 || sentenceBreakBefore(text, i)) && !endsWithQuestion(text, i)))) ||
      (i > 0 && (role & ROLE_SEEING) !== 0 && isOneOf(threats.seeingModals, text, i - 1))
    ) {
      const wish = deathWish(text, i, threats);
      // "Ingen ønsker at du skal dø" wishes nothing.
      if (wish !== null && !negatedAct(text, i, tokenEndingAt(text, wish.end), threats, roles))
        hits.push(wish);
    }
    // Veiled patterns are looked up by their anchor, a rare word ("siste", "finner",
    // "lide"), and matched from the words before it.
    const patterns =
      (role & ROLE_VEILED) !== 0 ? threats.veiled.get(chars, formStarts[i]!, formEnds[i]!) : undefined;
    if (patterns !== undefined) veiledAround(text, i, patterns, threats, roles, hits);
    if ((role & ROLE_KNOW) !== 0) {
      const hit = knowsWhere(text, i, threats);
      if (hit !== null) hits.push(hit);
    }
    if ((role & ROLE_INSTRUMENT) !== 0) {
      const hit = instrumentOfVisit(text, i, threats);
      if (hit !== null) hits.push(hit);
    }
    if ((role & ROLE_PURGE) !== 0) {
      const hit = purged(text, i, threats);
      if (hit !== null) hits.push(hit);
    }
    if ((role & ROLE_INSIDE) !== 0) {
      const hit = peopleInside(text, i, threats);
      if (hit !== null) hits.push(hit);
    }
    if ((role & ROLE_WARNING) !== 0) {
      const hit = warnedAfterMeans(text, i, threats) ?? adviceInYourPlace(text, i, threats);
      if (hit !== null) hits.push(hit);
    }
    if ((role & ROLE_BLOW) !== 0) {
      const hit = blowGiven(text, i, threats, roles);
      if (hit !== null) hits.push(hit);
    }
  }
  if (text.joinedCount > 0) spacedVerbs(text, threats, hits);
  return hits;
}

/** Forms of shooting that also take pictures: "skyte deg og kjæresten i solnedgang". */
const SHOOT = new WordSet(['skyte', 'skyter', 'skyt', 'skyta', 'shoot', 'shoots']);
/** Words of a photo shoot, or of a game played by shooting at friends (twelfth round: paintball, laser tag). */
const PHOTO = new WordSet([
  'paintball',
  'paintballbane',
  'paintballbanen',
  'lasertag',
  'laserspill',
  'laserspillet',
  'airsoft',
  'vannpistol',
  'vannpistoler',
  'vasspistol',
  'vasspistolar',
  'nerf',
  'fotograf',
  'fotografen',
  'foto',
  'fotoshoot',
  'fotografering',
  'fotograferinga',
  'bilde',
  'bilder',
  'bildene',
  'bileta',
  'portrett',
  'portretter',
  'kamera',
  'kameraet',
  'antrekk',
  'bryllupsbilder',
  'photo',
  'photos',
  'photographer',
  'pictures',
  'camera',
  'portraits',
  'outfit',
]);

/** Whether the text speaks of a photo shoot or a shooting game: "skyte" in it takes pictures, or paint (tenth and twelfth rounds). */
export function photographed(text: NormalisedText): boolean {
  for (let k = 0; k < text.count; k++) if (isOneOf(PHOTO, text, k)) return true;
  return false;
}

/**
 * Wishes only when they open a sentence that asks nothing (tenth and eleventh rounds): "Måtte
 * dere alle dø", "Må de råtne i helvete", "May you rot"; "han måtte dø" is had to, "Må de dø
 * før noen gjør noe?" asks.
 */
const OPTATIVE = new WordSet(['måtte', 'må', 'may']);

/**
 * A violent verb spelt with its letters apart ("d r e p deg", "s.k.y.t dem"): the
 * normaliser offers it joined, after the tokens; it is read as a verb standing where
 * its letters stand, its intent before the first and its target after the last.
 */
function spacedVerbs(text: NormalisedText, threats: CompiledThreats, hits: ThreatHit[]): void {
  for (let j = text.count; j < text.count + text.joinedCount; j++) {
    const infos = threats.verbs.get(text.chars, text.formStarts[j]!, text.formEnds[j]!);
    if (infos === undefined) continue;
    const first = tokenStartingAt(text, text.starts[j]!);
    const last = tokenEndingAt(text, text.ends[j]!);
    if (first < 0 || last <= first) continue;
    for (const info of infos) {
      if (!info.active || (info.requires !== null && !followedBy(text, last, info.requires, AFTER + 2)))
        continue;
      const hit = activeThreat(text, last, threats, info, first);
      // A target that is a letter of the next word spelt apart is no word ("s=l=a=k=t=a b=u=d=s=j=e=t=t=e=t"
      // has no "u"): that word's letters are read joined or not at all.
      if (hit !== null && spelledTargetOk(text, tokenEndingAt(text, hit.end), last, threats)) {
        hits.push({ ...hit, verb: text.form(j), start: text.starts[first]! });
        break;
      }
    }
  }
}

/**
 * Whether the target token t of a spelt-apart verb ending at token `last` is a word: not a letter
 * of a word spelt apart, unless that word, joined, is a person ("k=i=l=l y=o=u", "d r e p d e g").
 */
function spelledTargetOk(text: NormalisedText, t: number, last: number, threats: CompiledThreats): boolean {
  if (!spelledLetter(text, t)) return true;
  for (let j = text.count; j < text.count + text.joinedCount; j++) {
    if (
      text.starts[j]! <= text.ends[last]! ||
      text.starts[j]! > text.starts[t]! ||
      text.ends[j]! < text.ends[t]!
    )
      continue;
    if (
      isOneOf(threats.secondPerson, text, j) ||
      isOneOf(YOURSELF, text, j) ||
      isOneOf(threats.groups, text, j) ||
      isTarget(text, j, threats)
    )
      return true;
  }
  return false;
}
const YOURSELF = new WordSet(['yourself', 'yourselves', 'deg', 'dere', 'dykk', 'you']);

/** Whether token t is one letter beside another one-letter token: a letter of a word spelt apart. */
function spelledLetter(text: NormalisedText, t: number): boolean {
  const one = (k: number) => k >= 0 && k < text.count && text.formEnds[k]! - text.formStarts[k]! === 1;
  return one(t) && (one(t - 1) || one(t + 1));
}

/** The token whose span starts at `start`, or -1: a binary search (tokens are in order). */
function tokenStartingAt(text: NormalisedText, start: number): number {
  return search(text.starts, text.count, start);
}

/** The token whose span ends at `end`, or -1. */
function tokenEndingAt(text: NormalisedText, end: number): number {
  return search(text.ends, text.count, end);
}

/** The index of `value` in the ascending values[0, count), or -1. */
function search(values: Int32Array, count: number, value: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = values[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** `verbsByLetter`'s key: a form's length, a position in it and its letter there. */
const maskedKey = (length: number, position: number, letter: number): number =>
  (length * 1024 + position) * 65536 + letter;

/** Forms with their values by `maskedKey`, each under every position of it, in the order given. */
function byLetter<T>(entries: Iterable<[string, T]>): Map<number, [string, T][]> {
  const out = new Map<number, [string, T][]>();
  for (const [form, value] of entries) {
    for (let p = 0; p < form.length; p++) {
      const key = maskedKey(form.length, p, form.charCodeAt(p));
      const list = out.get(key) ?? [];
      list.push([form, value]);
      out.set(key, list);
    }
  }
  return out;
}

/** The readings of a verb written with masked letters ("dr*pe", "sk**e"). */
function maskedVerb(
  chars: Uint16Array,
  start: number,
  end: number,
  threats: CompiledThreats,
): VerbInfo[] | undefined {
  return maskedForm(chars, start, end, threats.verbsByLetter);
}

/**
 * The value of the first form of the same length that a word with masked letters spells
 * ("dr*pe", "d*r"), with at least two real letters and no more masks than real letters.
 */
function maskedForm<T>(
  chars: Uint16Array,
  start: number,
  end: number,
  forms: Map<number, [string, T][]>,
): T | undefined {
  let masks = 0;
  let real = -1;
  for (let k = start; k < end; k++) {
    if (chars[k] === 42) masks++;
    else if (real < 0) real = k;
  }
  if (masks === 0 || end - start - masks < 2 || masks > end - start - masks) return undefined;
  // Every form that matches has this letter here: the forms with it, in the same order.
  const candidates = forms.get(maskedKey(end - start, real - start, chars[real]!));
  if (candidates === undefined) return undefined;
  for (const [form, infos] of candidates) {
    let k = 0;
    while (k < form.length && (chars[start + k] === 42 || chars[start + k] === form.charCodeAt(k))) k++;
    if (k === form.length) return infos;
  }
  return undefined;
}

/** The first veiled pattern that matches around its anchor at token a, as a hit. */
function veiledAround(
  text: NormalisedText,
  a: number,
  patterns: readonly CompiledVeiled[],
  threats: CompiledThreats,
  roles: Int32Array,
  hits: ThreatHit[],
): void {
  for (const pattern of patterns) {
    for (let i = Math.max(0, a - pattern.maxBefore); i <= a - pattern.minBefore; i++) {
      const end = veiledMatch(text, i, pattern, threats, roles);
      if (end < a) continue;
      hits.push({
        verb: text.forms(i, end),
        target: veiledTarget(text, i, end, threats),
        veiled: true,
        start: text.starts[i]!,
        end: text.ends[end]!,
      });
      return;
    }
  }
}

/**
 * The last token of a veiled pattern matched from token i, or -1. Steps match
 * words in order within one clause; a gap takes as few words as it can.
 */
function veiledMatch(
  text: NormalisedText,
  i: number,
  pattern: CompiledVeiled,
  threats: CompiledThreats,
  roles: Int32Array,
): number {
  if (pattern.afterComma && (i === 0 || !commaBefore(text, i))) return -1;
  if (pattern.startsSentence && i > 0 && !sentenceBreakBefore(text, i)) return -1;
  if (pattern.startsClause && i > 0 && !clauseBreakBefore(text, i)) return -1;
  // Its first step (words, never a gap) at token i, before the conditions that read the
  // words before it: most starts fail here (`yoursBefore` and `routineBefore` read up to
  // twenty words each).
  const first = pattern.steps[0]!;
  if (first.words !== null && !stepMatches(text, i, first, threats, roles)) return -1;
  if (pattern.afterYours && !yoursBefore(text, i)) return -1;
  if (pattern.afterRoutine && !routineBefore(text, i, threats)) return -1;
  if (pattern.afterDeath && !deathBefore(text, i, threats)) return -1;
  const end =
    first.words !== null
      ? veiledStep(text, i, pattern, threats, roles, 1, i + 1)
      : veiledStep(text, i, pattern, threats, roles, 0, i);
  // A veiled threat is read from its words alone: coffee or a party after them makes it a visit.
  if (end < 0 || hospitableAfter(text, end)) return -1;
  const next = end + 1;
  const clauseGoesOn = next < text.count && !clauseBreakBefore(text, next);
  return pattern.unlessNext !== null && clauseGoesOn && isOneOf(pattern.unlessNext, text, next) ? -1 : end;
}

/** How far back a veiled pattern looks for something of the addressee's. */
const YOURS_BACK = 20;
const YOU = new WordSet(['du', 'dere', 'dykk', 'you']);
const HAVE = new WordSet(['har', 'have']);

/** Whether something of the addressee's is named before token i: "ungene dine", "kona di", "du har". */
function yoursBefore(text: NormalisedText, i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - YOURS_BACK; k--) {
    if (isOneOf(YOUR, text, k)) return true;
    if (k > 0 && isOneOf(HAVE, text, k) && isOneOf(YOU, text, k - 1)) return true;
  }
  return false;
}

/** When a death to come is dated: "den dagen", "når", "the day", "when". */
const DAY_WHEN = new WordSet(['dagen', 'når', 'day', 'when']);
/** A death or a killing to come, in the present or as a participle ("dør", "blir påkjørt", "dies"). */
const DEATH_TO_COME = new WordSet([
  'dør',
  'døyr',
  'dauer',
  'dævver',
  'omkommer',
  'omkjem',
  'forulykker',
  'drukner',
  'druknar',
  'påkjørt',
  'overkjørt',
  'påkøyrd',
  'overkøyrd',
  'drept',
  'drepen',
  'skutt',
  'skoten',
  'hengt',
  'dies',
  'killed',
  'shot',
]);

/**
 * Whether the sentence of token i opens with a clause of a person's death to come, dated by "den
 * dagen" or "når" (twelfth round): "Den dagen rektor blir påkjørt av bussen, …", "Når han dør, …".
 * "Den dagen bestemor døde, …" is past: only the present and participles are read.
 */
function deathBefore(text: NormalisedText, i: number, threats: CompiledThreats): boolean {
  let when = false;
  let death = false;
  let person = false;
  for (let k = i - 1; k >= 0 && k >= i - 15; k--) {
    if (isOneOf(DAY_WHEN, text, k)) when = true;
    else if (isOneOf(DEATH_TO_COME, text, k)) death = true;
    else if (isTarget(text, k, threats) && !isOneOf(threats.firstPerson, text, k)) person = true;
    if (sentenceBreakBefore(text, k)) break;
  }
  return when && death && person;
}

/** "hver kveld", "kvar dag", "every morning", "på fredagar": a time that comes round. */
const EVERY = new WordSet(['hver', 'kvar', 'every', 'each']);
const ROUND_TIMES = new WordSet([
  'dag',
  'kveld',
  'morgen',
  'natt',
  'helg',
  'uke',
  'veke',
  'fredag',
  'lørdag',
  'søndag',
  'day',
  'evening',
  'morning',
  'night',
  'weekend',
]);
const WEEKDAYS_PLURAL = new WordSet([
  'mandager',
  'tirsdager',
  'onsdager',
  'torsdager',
  'fredager',
  'lørdager',
  'søndager',
  'måndagar',
  'tysdagar',
  'onsdagar',
  'torsdagar',
  'fredagar',
  'laurdagar',
  'sundagar',
  'mondays',
  'fridays',
  'weekends',
]);
const SAME = new WordSet(['samme', 'same']);
/** Going somewhere on the round: "kjører", "går tur", "jogger". */
const ROUND_GOING = new WordSet([
  'går',
  'gjeng',
  'kjører',
  'køyrer',
  'sykler',
  'syklar',
  'jogger',
  'joggar',
  'løper',
  'spring',
  'trener',
  'trenar',
  'walks',
  'drives',
  'jogs',
  'runs',
  'cycles',
]);
const WAY = new WordSet(['vei', 'veien', 'veg', 'vegen', 'rute', 'ruta', 'ruten', 'way', 'route']);

/**
 * Whether a person's daily round is named in the words before token i (twelfth round): a person,
 * their going ("kjører", "jogger") and when or where it comes round ("hver kveld", "kvar dag",
 * "every morning", "på fredagar", "samme vei"). "Vi har quiz hver fredag" names no one going.
 */
function routineBefore(text: NormalisedText, i: number, threats: CompiledThreats): boolean {
  let round = false;
  let going = false;
  let person = false;
  for (let k = i - 1; k >= 0 && k >= i - YOURS_BACK; k--) {
    if (isOneOf(WEEKDAYS_PLURAL, text, k)) round = true;
    else if (k > 0 && isOneOf(EVERY, text, k - 1) && isOneOf(ROUND_TIMES, text, k)) round = true;
    else if (k > 0 && isOneOf(SAME, text, k - 1) && isOneOf(WAY, text, k)) round = true;
    else if (isOneOf(ROUND_GOING, text, k)) going = true;
    else if (isTarget(text, k, threats)) person = true;
  }
  return round && going && person;
}

/** The last token when steps step… of the pattern match from token t on (the match began at i), or -1. */
function veiledStep(
  text: NormalisedText,
  i: number,
  pattern: CompiledVeiled,
  threats: CompiledThreats,
  roles: Int32Array,
  step: number,
  t: number,
): number {
  if (step === pattern.steps.length)
    // A pattern that must end its clause or sentence lets a gap before its last word take more
    // words: "… ikke kommer derfra levende." ends after "levende", not after "derfra".
    return (pattern.endsSentence && t < text.count && !sentenceBreakBefore(text, t)) ||
      (pattern.endsClause && t < text.count && !clauseBreakBefore(text, t))
      ? -1
      : t - 1;
  if (t >= text.count || (t > i && clauseBreakBefore(text, t))) return -1;
  const s = pattern.steps[step]!;
  if (s.words !== null)
    return stepMatches(text, t, s, threats, roles)
      ? veiledStep(text, i, pattern, threats, roles, step + 1, t + 1)
      : -1;
  for (let skip = 0; skip <= s.gap; skip++) {
    if (
      skip > 0 &&
      (t + skip - 1 >= text.count ||
        clauseBreakBefore(text, t + skip - 1) ||
        isOneOf(pattern.negations, text, t + skip - 1))
    )
      return -1;
    const end = veiledStep(text, i, pattern, threats, roles, step + 1, t + skip);
    if (end >= 0) return end;
  }
  return -1;
}

/**
 * Whether token t matches a veiled pattern's word step: one of its words (a word of none
 * of the patterns' steps lacks ROLE_VEILED_STEP and is turned away by its roles), or a
 * person or a group where the step allows one.
 */
function stepMatches(
  text: NormalisedText,
  t: number,
  s: { words: WordSet; person: boolean; group: boolean },
  threats: CompiledThreats,
  roles: Int32Array,
): boolean {
  return (
    ((roles[t]! & ROLE_VEILED_STEP) !== 0 && isOneOf(s.words, text, t)) ||
    (s.person && isTarget(text, t, threats)) ||
    (s.group && isOneOf(threats.groups, text, t))
  );
}

/** The person a veiled threat names (the addressee or a target), else its first word. */
function veiledTarget(text: NormalisedText, from: number, to: number, threats: CompiledThreats): string {
  for (let t = from; t <= to; t++) if (isOneOf(threats.targets, text, t)) return text.form(t);
  return text.form(from);
}

/** Verbs that only purge: "rense landet for …", "rid the town of …". */
const PURGE_ONLY = [
  'rense',
  'renser',
  'rens',
  'rensa',
  'renske',
  'rensker',
  'reinske',
  'reinskar',
  'reinsk',
  'rid',
  'cleanse',
  'purge',
];
/** Verbs that clear a place, for someone or of someone: only "sånne som dere" is purged. */
const CLEARING = ['rydde', 'rydder', 'rydd', 'rydda', 'tømme', 'tømmer', 'tøm', 'tømma', 'clear'];
const PURGE_WORDS = new WordSet(PURGE_ONLY);
const FOR_OF = new WordSet(['for', 'of']);
/** Contempt before a relative or a likeness: "sånne som dere", "people like you". */
const SUCH = new WordSet(['sånne', 'slike', 'such', 'people', 'folk']);
const SUCH_CONTEMPT = new WordSet(['sånne', 'slike', 'such']);
const AS_LIKE = new WordSet(['som', 'like', 'as']);

/**
 * A place purged of people, with intent (ninth round): a verb of purging, "for"/"of" within
 * four words, then a protected group ("rense landet for muslimer", "reinske bygda for
 * innvandrarar") or people like the addressee ("rydde gatene for sånne som dere", "rid this
 * town of people like you"). "Rydde" and "tømme" also clear a place for someone ("rydde hallen
 * for flyktningene"), so with them only contempt ("sånne som …") counts; snow, plastic and
 * corruption are no people.
 */
function purged(text: NormalisedText, v: number, threats: CompiledThreats): ThreatHit | null {
  let intent = v === 0 || clauseBreakBefore(text, v);
  for (let k = v - 1; !intent && k >= 0 && k >= v - BEFORE; k--) {
    intent = isOneOf(threats.intent, text, k) || isOneOf(threats.firstPerson, text, k);
    if (clauseBreakBefore(text, k)) break;
  }
  if (!intent) return null;
  const only = isOneOf(PURGE_WORDS, text, v);
  for (let f = v + 1; f < text.count && f <= v + 4; f++) {
    if (clauseBreakBefore(text, f)) return null;
    if (!isOneOf(FOR_OF, text, f)) continue;
    const g = f + 1;
    if (g >= text.count || clauseBreakBefore(text, g)) return null;
    const like =
      g + 1 < text.count &&
      !clauseBreakBefore(text, g + 1) &&
      isOneOf(only ? SUCH : SUCH_CONTEMPT, text, g) &&
      isOneOf(AS_LIKE, text, g + 1);
    if (like || (only && isOneOf(threats.groups, text, g)))
      return {
        verb: text.forms(v, f),
        target: text.form(g),
        veiled: true,
        start: text.starts[v]!,
        end: text.ends[g]!,
      };
    return null;
  }
  return null;
}

/** "inne", "inni", "inside", "it" (of "in it"), "med" (of "og presten med"): where `peopleInside` looks back from. */
const INSIDE_WORDS = ['inne', 'inni', 'innei', 'inside', 'it', 'med', 'bord', 'ombord', 'aboard', 'board'];
const IN = new WordSet(['in', 'inside']);
const WITH_ALONG = new WordSet(['med']);
const ABOARD_WORDS = new WordSet(['bord', 'ombord', 'aboard', 'board']);
/** "bord"/"board" after "om"/"on" only: "om bord", "on board"; "ved bordet" is no boat. */
const ON_BOARD = new WordSet(['bord', 'board']);
const OM_ON = new WordSet(['om', 'on']);
/** Sinking a vessel, every form: harm only with people aboard. */
const SINKING = new WordSet([
  'senke',
  'senka',
  'senker',
  'senkar',
  'senk',
  'senkes',
  'senkast',
  'søkke',
  'sink',
  'scuttle',
  'torpedere',
  'torpedera',
]);
/** Whether a vessel is sunk at v: "senke båten", "senke hvalbåten hans"; "senke farten" slows down. */
function vesselAfter(text: NormalisedText, v: number): boolean {
  for (let k = v + 1; k < text.count && k <= v + 3 && !clauseBreakBefore(text, k); k++) {
    const start = text.formStarts[k]!;
    const end = text.formEnds[k]!;
    for (const vessel of VESSELS) if (endsWith(text.chars, start, end, vessel)) return true;
  }
  return false;
}
const VESSELS = [
  'båten',
  'båt',
  'skipet',
  'skuta',
  'ferja',
  'ferga',
  'sjarken',
  'yachten',
  'boat',
  'ship',
  'yacht',
  'ferry',
];
/** People left inside, besides targets: "folka", "everyone", "alle". */
const INSIDE_PEOPLE = new WordSet([
  'folk',
  'folka',
  'folket',
  'folkene',
  'personalet',
  'tilsette',
  'ansatte',
  'ansatte',
  'everyone',
  'everybody',
  'people',
  'staff',
]);
/** Setting fire to a place or blowing it up, every form: the act that leaves people inside. */
const ARSON = new WordSet([
  'brenne',
  'brenner',
  'brenn',
  'brenna',
  'brennes',
  'brennast',
  'tenne',
  'tenner',
  'tenn',
  'tenna',
  'fyr',
  'sprenge',
  'sprenger',
  'spreng',
  'sprengje',
  'sprenges',
  'sprengast',
  'bombe',
  'bomber',
  'bombes',
  'bombast',
  'burn',
  'torch',
  'bomb',
  'blow',
]);
/** What one burns or lights without harm: "tenne lys med alle inne", "brenne bål". */
const HARMLESS_FIRE = new WordSet([
  'lys',
  'lyset',
  'lysa',
  'lysene',
  'stearinlys',
  'bål',
  'bålet',
  'grillen',
  'peisen',
  'ovnen',
  'omnen',
  'vedovnen',
  'fyrverkeri',
  'fyrverkeriet',
  'kalorier',
  'kaloriene',
  'candles',
  'candle',
  'fireworks',
]);
/** How far back in its sentence the act may stand from the people left inside. */
const INSIDE_BACK = 14;

/**
 * People left inside a place set on fire or blown up, with intent (tenth round): "inne", "inni",
 * "inside", "in it" or a clause-final "med" after a person or people within four words of the
 * clause ("med folka inne", "og presten kan gjerne vere inne", "and everyone in it", "og presten
 * med"), and before that in the sentence an act of arson or bombing that is ordered, intended or
 * wished (`intended`): "burde sette fyr på anlegget med folka inni", "Burn down the mosque and
 * everyone in it". "Huset brant med to personer inne" reports; "tenne lys med alle inne" harms no one.
 */
function peopleInside(text: NormalisedText, a: number, threats: CompiledThreats): ThreatHit | null {
  let p = a - 1;
  if (p < 1 || clauseBreakBefore(text, a)) return null;
  // Aboard (round 16): "mens han er om bord", "med heile mannskapet ombord", "with him aboard".
  const aboard = isOneOf(ABOARD_WORDS, text, a);
  if (aboard && isOneOf(ON_BOARD, text, a) && !isOneOf(OM_ON, text, p)) return null;
  if (aboard && isOneOf(ON_BOARD, text, a)) p--;
  if (isOneOf(WITH_ALONG, text, a)) {
    // "og presten med": the clause ends after it, "og" before the person.
    if ((a + 1 < text.count && !clauseBreakBefore(text, a + 1)) || !isOneOf(AND, text, p - 1)) return null;
  } else if (text.formEnds[a]! - text.formStarts[a]! === 2 && text.chars[text.formStarts[a]!] === 105) {
    // "it" after "in": "and everyone in it".
    if (!isOneOf(IN, text, p)) return null;
    p--;
  }
  let person = -1;
  for (let k = p; k >= 0 && k >= p - 3; k--) {
    if (
      (isTarget(text, k, threats) || isOneOf(INSIDE_PEOPLE, text, k) || isName(text, k)) &&
      !isOneOf(threats.firstPerson, text, k)
    ) {
      person = k;
      break;
    }
    if (clauseBreakBefore(text, k)) return null;
  }
  if (person < 1) return null;
  for (let v = person - 1; v >= 0 && v >= person - INSIDE_BACK; v--) {
    // Sinking goes with those aboard only (round 16): "senke båten mens han er om bord".
    if (isOneOf(ARSON, text, v) || (aboard && isOneOf(SINKING, text, v) && vesselAfter(text, v))) {
      if (followedBy(text, v, HARMLESS_FIRE, 3) || !intended(text, v, threats)) return null;
      return {
        verb: text.forms(v, v),
        target: text.form(person),
        veiled: true,
        start: text.starts[v]!,
        end: text.ends[a]!,
      };
    }
    if (sentenceBreakBefore(text, v)) return null;
  }
  return null;
}

/**
 * Whether the act at token v is ordered, intended or wished: it opens its clause, a modal, a
 * wish, the writer or someone stands before it in its clause ("burde bombes", "vi kjem til å
 * brenne"), or the writer right after it ("…, tenner jeg på den").
 */
function intended(text: NormalisedText, v: number, threats: CompiledThreats): boolean {
  if (v === 0 || clauseBreakBefore(text, v)) return true;
  if (v + 1 < text.count && !clauseBreakBefore(text, v + 1) && isOneOf(INVERTED_SUBJECTS, text, v + 1))
    return true;
  for (let k = v - 1; k >= 0 && k >= v - BEFORE - 1; k--) {
    if (
      isOneOf(threats.intent, text, k) ||
      isOneOf(threats.firstPerson, text, k) ||
      isOneOf(INDEFINITE, text, k) ||
      isOneOf(threats.passiveCues, text, k)
    )
      return true;
    if (isNegator(text, k) || clauseBreakBefore(text, k)) return false;
  }
  return false;
}

/** Blows: "en ørefik", "ein lusing", "a slap". */
const BLOWS = [
  'ørefik',
  'ørefiken',
  'lusing',
  'lusingen',
  'kilevink',
  'kilevinken',
  'knyttneve',
  'knyttneven',
  'klaps',
  'klapsen',
  'dask',
  'slap',
  'punch',
  'smack',
];
/** Where a blow lands after "en på": "en på kjeften", "ein på trynet". */
const MOUTHS = ['kjeften', 'trynet', 'tryne', 'snuten', 'kjaken', 'mouth', 'face'];
const BLOW_WORDS = new WordSet(BLOWS);
/** Where a weapon goes into the body: "en kniv i ryggen", "a bullet in the head". */
const INTO = new WordSet(['i', 'in', 'into', 'gjennom', 'through']);
const ON = new WordSet(['på', 'in', 'on']);
const BY = new WordSet(['av', 'frå', 'fra', 'from', 'by']);
/** Giving a blow: "gi ham en ørefik", "gitt rektor ein på trynet", "give him a slap". */
const GIVE = new WordSet(['gi', 'gir', 'gje', 'gjev', 'gitt', 'give', 'gives']);
/** Deserving one: "fortjener en på kjeften". */
const DESERVE = new WordSet([
  'fortjener',
  'fortener',
  'fortjente',
  'deserves',
  'deserve',
  'trenger',
  'treng',
  'needs',
]);
/** Between a deserving and its blow (eleventh round): "fortjener egentlig en på trynet". */
const DESERVE_ADVERBS = new WordSet([
  'egentlig',
  'eigentleg',
  'vel',
  'nok',
  'virkelig',
  'verkeleg',
  'skikkelig',
  'really',
]);
/** Modals that make "få" a deserving (eleventh round): "ho burde få ein klaps", "han bør få en lusing". */
const OUGHT = new WordSet(['burde', 'bør', 'skulle', 'skal', 'ska', 'should', 'ought']);
const GET_BLOW = new WordSet(['få', 'fått', 'get']);

/**
 * The token of the deserving before the blow's article at a, or -1: "fortjener" right before it
 * or with an adverb between ("fortjener egentlig en på trynet"), or "få" after a modal of what
 * ought to be ("ho burde få ein klaps"), all in one clause.
 */
function deserving(text: NormalisedText, a: number): number {
  if (a < 1 || clauseBreakBefore(text, a)) return -1;
  if (isOneOf(DESERVE, text, a - 1)) return a - 1;
  if (a >= 2 && !clauseBreakBefore(text, a - 1)) {
    if (isOneOf(DESERVE_ADVERBS, text, a - 1) && isOneOf(DESERVE, text, a - 2)) return a - 2;
    if (isOneOf(GET_BLOW, text, a - 1) && isOneOf(OUGHT, text, a - 2)) return a - 2;
  }
  return -1;
}

/** Before the giving: a wish that is no modal, "skulle gjerne", "hadde lyst". */
const GLADLY = new WordSet(['gjerne', 'lyst', 'gladly']);

/**
 * A blow given to a person with intent, or deserved (ninth round): "gi"/"give" with the person
 * right after it (a noun or a pronoun, one or two words: the double object's recipient), an
 * article and the blow ("en ørefik", "ein på trynet", "a slap"); before the giving a modal, the
 * writer, "noen", "gjerne", or the verb opening its clause ("Gi ham en ørefik!"). "Fortjener en
 * på kjeften" needs no giver. A blow reported ("ga motstanderen en ørefik") has no intent; a hug
 * is no blow. Held for a moderator, not rejected (`blow`).
 */
function blowGiven(
  text: NormalisedText,
  b: number,
  threats: CompiledThreats,
  roles: Int32Array,
): ThreatHit | null {
  let a = b - 1;
  // A weapon given into the body is no blow but a stab or a shot: "gi ham en kniv i ryggen".
  const weapon = isOneOf(threats.weapons, text, b);
  if (weapon) {
    const into = b + 1;
    if (
      into + 1 >= text.count ||
      clauseBreakBefore(text, into) ||
      clauseBreakBefore(text, into + 1) ||
      !isOneOf(INTO, text, into) ||
      !isOneOf(threats.bodyParts, text, into + 1)
    )
      return null;
  } else if (!BLOW_WORDS.has(text.chars, text.formStarts[b]!, text.formEnds[b]!)) {
    // "en på kjeften": the place after "på", the article before it.
    if (a < 1 || !isOneOf(ON, text, a) || clauseBreakBefore(text, b)) return null;
    a--;
  } else if (a > 0 && !isOneOf(ARTICLE, text, a) && !clauseBreakBefore(text, a + 1)) a--; // "en real lusing"
  if (a < 1 || !isOneOf(ARTICLE, text, a) || clauseBreakBefore(text, a + 1)) return null;
  let hit: ThreatHit | null = null;
  const d = deserving(text, a);
  if (d >= 0) {
    // Its person before it, or after the blow when it opens the sentence ("Fortjener egentlig en
    // på trynet, han som …").
    const person = d > 0 && !clauseBreakBefore(text, d) ? d - 1 : d;
    hit = {
      verb: text.forms(d, b),
      target: person < d ? text.form(person) : b + 1 < text.count ? text.form(b + 1) : text.form(d),
      blow: true,
      start: text.starts[person]!,
      end: text.ends[b]!,
    };
  }
  for (let g = a - 2; hit === null && g >= 0 && g >= a - 3; g--) {
    if (clauseBreakBefore(text, g + 1)) break;
    if (!isOneOf(GIVE, text, g)) continue;
    let intent = g === 0 || clauseBreakBefore(text, g);
    for (let k = g - 1; !intent && k >= 0 && k >= g - BEFORE; k--) {
      intent =
        isOneOf(threats.intent, text, k) ||
        isOneOf(threats.firstPerson, text, k) ||
        isOneOf(INDEFINITE, text, k) ||
        isOneOf(GLADLY, text, k);
      if (clauseBreakBefore(text, k)) break;
    }
    if (intent)
      hit = {
        verb: text.forms(g, b),
        target: text.form(g + 1),
        blow: true,
        start: text.starts[g]!,
        end: text.ends[b]!,
      };
  }
  if (hit === null) return null;
  // A weapon given into the body is a threat of its own, rejected; a blow is held.
  if (weapon) hit = { verb: hit.verb, target: hit.target, start: hit.start, end: hit.end };
  // Given by others: "fortjener en lusing av velgerne" is the voters' verdict; "… av meg" the writer's.
  const by = b + 1;
  if (
    by + 1 < text.count &&
    !clauseBreakBefore(text, by) &&
    isOneOf(BY, text, by) &&
    !clauseBreakBefore(text, by + 1) &&
    !isOneOf(WRITER_OBJECT, text, by + 1)
  )
    return null;
  const first = tokenStartingAt(text, hit.start);
  return negatedAct(text, first, b, threats, roles) ? null : hit;
}

/** The words a warning is found by: "tenk", "husk", "advart", "hvorfor", "syn". */
const THINK = new WordSet(['tenk', 'tenke', 'tenkje', 'think']);
const REMEMBER = new WordSet(['husk', 'remember']);
const WARNED = new WordSet(['advart', 'advarte', 'åtvara', 'åtvart', 'varslet', 'warned']);
const SIGHT = new WordSet(['syn', 'sight']);
const ALONE = new WordSet(['alene', 'aleine', 'åleine', 'alone']);
const ONESELF = new WordSet(['seg', 'sjølv', 'selv', 'themselves', 'himself', 'herself']);
const WAIT = new WordSet(['vente', 'venta', 'venter', 'ventar', 'wait', 'waiting']);
const WARNING_WORDS = [
  'tenk',
  'tenke',
  'tenkje',
  'think',
  'husk',
  'remember',
  'advart',
  'advarte',
  'åtvara',
  'åtvart',
  'varslet',
  'warned',
  'hvorfor',
  'kvifor',
  'why',
  'syn',
  'sight',
  'alene',
  'aleine',
  'åleine',
  'alone',
];
const OVER_ON = new WordSet(['over', 'på', 'about', 'on']);
/** What may follow a warning in its clause: when the reader is to heed it ("… før du stemmer", "… neste gang"). */
const HEED = new WordSet(['før', 'neste', 'before', 'next']);
/** Who is warned: "dere har blitt advart", "consider yourself warned". */
const WARNED_ONES = new WordSet([...YOU_SUBJECT_WORDS, 'yourself', 'yourselves']);
const PRETTY = new WordSet(['pent', 'vakkert', 'pretty', 'nice']);
const WILL_BE = new WordSet(['blir', 'vert', 'kommer', 'kjem', 'will', 'be', 'll']);
/** Means of harm a writer may say they have, besides the weapons and instruments: rope, fuel, axes. */
const MEANS = new WordSet([
  'børsa',
  'børse',
  'børsene',
  'tau',
  'tauet',
  'taua',
  'reip',
  'reipet',
  'rep',
  'repet',
  'rope',
  'økser',
  'øksene',
  'våpen',
  'våpenet',
  'våpnene',
  'weapon',
  'weapons',
  'granat',
  'granater',
  'håndgranat',
  'håndgranater',
  'dynamitt',
  'dynamite',
  'fyrstikker',
  'fyrstikkene',
  'bensin',
  'bensinen',
  'matches',
  'petrol',
  'gasoline',
]);
/** How far back, over earlier sentences, the means may be said before the warning. */
const MEANS_BACK = 30;

/**
 * The warning whose key word is token w, as its first and last tokens, or null: "tenk over det",
 * "husk det" ending their clause or heeded "før"/"neste gang"; "(dere har blitt) advart";
 * "(vet nok) hvorfor" ending its clause; "(blir ikke et) pent syn".
 */
function warningAt(text: NormalisedText, w: number): [number, number] | null {
  const inClause = (k: number) => k < text.count && !clauseBreakBefore(text, k);
  const endsOrHeeded = (k: number) => !inClause(k + 1) || isOneOf(HEED, text, k + 1);
  if (isOneOf(THINK, text, w))
    return inClause(w + 2) &&
      isOneOf(OVER_ON, text, w + 1) &&
      isOneOf(THIS, text, w + 2) &&
      endsOrHeeded(w + 2)
      ? [w, w + 2]
      : null;
  if (isOneOf(REMEMBER, text, w))
    return inClause(w + 1) && isOneOf(THIS, text, w + 1) && endsOrHeeded(w + 1) ? [w, w + 1] : null;
  if (isOneOf(WARNED, text, w)) {
    for (let k = w - 1; k >= 0 && k >= w - 3; k--) {
      if (isOneOf(WARNED_ONES, text, k)) return [k, w];
      if (clauseBreakBefore(text, k)) break;
    }
    return null;
  }
  if (isOneOf(WHY, text, w)) {
    if (inClause(w + 1) || w < 1 || clauseBreakBefore(text, w)) return null;
    const k = isOneOf(KNOW_ADVERBS, text, w - 1) && w >= 2 && !clauseBreakBefore(text, w - 1) ? w - 2 : w - 1;
    return isOneOf(KNOWS, text, k) ? [k, w] : null;
  }
  // Waiting for a person to be alone (twelfth round): "(det er berre å) vente på at han går tur åleine".
  // "klarer seg alene" manages by oneself.
  if (isOneOf(ALONE, text, w) && !inClause(w + 1) && !(w > 0 && isOneOf(ONESELF, text, w - 1))) {
    for (let k = w - 1; k >= 0 && k >= w - 8; k--) {
      if (isNegator(text, k)) return null;
      if (isOneOf(WAIT, text, k)) return [k, w];
      if (clauseBreakBefore(text, k)) break;
    }
    return null;
  }
  if (isOneOf(SIGHT, text, w) && w >= 2 && isOneOf(PRETTY, text, w - 1)) {
    let negated = false;
    for (let k = w - 2; k >= 0 && k >= w - 5; k--) {
      if (isNegator(text, k)) negated = true;
      else if (negated && isOneOf(WILL_BE, text, k)) return [k, w];
      if (clauseBreakBefore(text, k)) break;
    }
  }
  return null;
}

/**
 * A warning said after the writer has named their means of harm (eleventh round): "Jeg har kjøpt
 * tau. Ordføreren vet nok hvorfor.", "Jeg har en rifle og god tid. Tenk over det før du
 * stemmer.", "Vi står klare med økser. Det blir ikke et pent syn.", "We have petrol. You have been
 * warned." The means (a weapon, an instrument, rope, fuel) and the writer ("jeg", "vi") stand in
 * one of the sentences before the warning's; a warning alone ("Husk det.") or means alone ("Jeg
 * har kjøpt tau til båten") are nothing, and a warning in the means' own sentence is advice
 * ("Ta med tau og husk det neste gang").
 */
function warnedAfterMeans(text: NormalisedText, w: number, threats: CompiledThreats): ThreatHit | null {
  const warning = warningAt(text, w);
  if (warning === null) return null;
  let s = warning[0];
  while (s > 0 && !sentenceBreakBefore(text, s)) s--;
  if (s === 0) return null;
  let means = -1;
  let writer = false;
  for (let k = s - 1; k >= 0 && k >= s - MEANS_BACK; k--) {
    if (
      means < 0 &&
      (isOneOf(MEANS, text, k) || isOneOf(threats.weapons, text, k) || isOneOf(threats.instruments, text, k))
    )
      means = k;
    if (means >= 0 && isOneOf(threats.firstPerson, text, k)) writer = true;
    // The writer and the means in one sentence.
    if (sentenceBreakBefore(text, k)) {
      if (means >= 0) break;
    }
  }
  if (means < 0 || !writer || negatedBefore(text, means)) return null;
  // Means for a purpose are the purpose's: "tau til båten", "hagle til jakta".
  if (means + 1 < text.count && !clauseBreakBefore(text, means + 1) && isOneOf(PURPOSE, text, means + 1))
    return null;
  return {
    verb: `${text.form(means)} … ${text.forms(warning[0], warning[1])}`,
    target: text.form(warning[0]),
    veiled: true,
    start: text.starts[means]!,
    end: text.ends[warning[1]]!,
  };
}

/** Whether a negation stands before token k in its clause: "jeg har ikke noe tau". */
function negatedBefore(text: NormalisedText, k: number): boolean {
  for (let t = k - 1; t >= 0 && t >= k - 4; t--) {
    if (isNegator(text, t)) return true;
    if (clauseBreakBefore(text, t)) break;
  }
  return false;
}

/** "vært", "vore", "var", "were" of "hadde jeg vært deg", "om eg var deg", "if I were you". */
const IN_YOUR_PLACE = ['vært', 'vore', 'var', 'were'];
const BEEN = new WordSet(IN_YOUR_PLACE);
const HAD_IF = new WordSet(['hadde', ...IF_WORDS]);
const I = new WordSet(['jeg', 'eg', 'i', 'æ']);
const YOU_ONE = new WordSet(['deg', 'dæ', 'dykk', 'dere', 'you']);
const WOULD = new WordSet(['ville', 'hadde', 'skulle', 'would', 'd']);
/** Going out, or being out, alone or at night: what the advice keeps the reader from. */
const GONE_OUT = new WordSet([
  'gått',
  'gådd',
  'gå',
  'gjenge',
  'vært',
  'vore',
  'kjørt',
  'køyrt',
  'syklet',
  'sykla',
  'jogget',
  'jogga',
  'go',
  'gone',
  'walk',
  'walked',
  'been',
]);
const OUT_ALONE = new WordSet([
  'ut',
  'ute',
  'alene',
  'aleine',
  'hjem',
  'heim',
  'out',
  'alone',
  'outside',
  'home',
]);
/** Words of time that may close the advice: "om kvelden", "på en stund", "at night for a while". */
const ADVICE_TIMES = new WordSet([
  'etter',
  'mørkets',
  'frembrudd',
  'skumringen',
  'solnedgang',
  'after',
  'dark',
  'om',
  'på',
  'i',
  'en',
  'ei',
  'ein',
  'et',
  'eit',
  'noen',
  'nokre',
  'kvelden',
  'kveldene',
  'kveld',
  'natta',
  'natten',
  'nettene',
  'natt',
  'stund',
  'tid',
  'dager',
  'dagar',
  'uker',
  'veker',
  'alene',
  'aleine',
  'kveldstid',
  'nattestid',
  'mørket',
  'mørkret',
  'lenger',
  'framover',
  'fremover',
  'at',
  'night',
  'for',
  'a',
  'while',
  'the',
  'dark',
  'alone',
  'after',
  'etter',
  'nightfall',
  'few',
  'weeks',
  'days',
]);

/** Words that close a sentence after a comma without naming anyone: "…, altså.", "…, seriøst." */
const DISCOURSE = new WordSet([
  'altså',
  'seriøst',
  'ærlig',
  'liksom',
  'jo',
  'da',
  'nå',
  'no',
  'vel',
  'ok',
  'okay',
  'bare',
  'sånn',
  'though',
  'seriously',
  'honestly',
  'mate',
]);

/**
 * The person the span [from, to] is said to, by a clause of one or two words after it ("…,
 * festivalsjef.", "…, Kari Nordmann.") or before it ("Ordfører, hadde jeg …") in its sentence; or -1.
 */
function vocative(text: NormalisedText, from: number, to: number): number {
  const after = to + 1;
  if (after < text.count && commaBefore(text, after)) {
    let end = after;
    while (end + 1 < text.count && end < after + 2 && !clauseBreakBefore(text, end + 1)) end++;
    const closes = end + 1 >= text.count || sentenceBreakBefore(text, end + 1);
    if (closes && end - after < 2 && !isOneOf(DISCOURSE, text, end)) return end;
  }
  if (from >= 1 && commaBefore(text, from)) {
    let start = from - 1;
    while (start > 0 && start > from - 2 && !clauseBreakBefore(text, start)) start--;
    const opens = start === 0 || sentenceBreakBefore(text, start);
    if (opens && !isOneOf(DISCOURSE, text, from - 1)) return from - 1;
  }
  return -1;
}

/**
 * Advice in the reader's place to stay in (eleventh round): "Hadde jeg vært deg, ville jeg ikke
 * gått ut om kvelden på en stund, ordfører", "Kari, om eg var deg, hadde eg ikkje gått heim
 * aleine", "If I were you, I would not walk home alone at night, councillor" — a negated going
 * out or home, nothing after it in its clause but words of time, and the person it is said to
 * named apart. A reason ("… i dette været", "… uten refleks") or a place to go makes it care,
 * and said to no one by name it is a friend's caution.
 */
function adviceInYourPlace(text: NormalisedText, t: number, threats: CompiledThreats): ThreatHit | null {
  if (
    !isOneOf(BEEN, text, t) ||
    t < 2 ||
    t + 1 >= text.count ||
    clauseBreakBefore(text, t) ||
    clauseBreakBefore(text, t - 1) ||
    clauseBreakBefore(text, t + 1) ||
    !isOneOf(I, text, t - 1) ||
    !isOneOf(HAD_IF, text, t - 2)
  )
    return null;
  // In the reader's place, or in a person's named by their office (twelfth round): "hadde jeg
  // vært rektoren, hadde jeg ikke gått ut alene etter mørkets frembrudd" names whom it warns.
  const office =
    !isOneOf(YOU_ONE, text, t + 1) &&
    isTarget(text, t + 1, threats) &&
    !isOneOf(threats.firstPerson, text, t + 1) &&
    !isOneOf(PERSON_SUBJECTS, text, t + 1);
  if (!office && !isOneOf(YOU_ONE, text, t + 1)) return null;
  // The advice after the comma: a would, the writer, a negation, going, out; then only time.
  for (let k = t + 2; k + 3 < text.count && k <= t + 4; k++) {
    if (sentenceBreakBefore(text, k)) return null;
    // "ville jeg" after the condition, "I would" in English.
    if (
      !(isOneOf(WOULD, text, k) && isOneOf(I, text, k + 1)) &&
      !(isOneOf(I, text, k) && isOneOf(WOULD, text, k + 1))
    )
      continue;
    let g = k + 2;
    if (!isNegator(text, g)) return null;
    g++;
    if (!isOneOf(GONE_OUT, text, g) || g + 1 >= text.count || !isOneOf(OUT_ALONE, text, g + 1)) return null;
    let end = g + 1;
    while (end + 1 < text.count && !clauseBreakBefore(text, end + 1)) {
      if (!isOneOf(ADVICE_TIMES, text, end + 1)) return null;
      end++;
    }
    const named = office ? t + 1 : vocative(text, t - 2, end);
    if (named < 0) return null;
    return {
      verb: text.forms(t - 2, end),
      target: text.form(named),
      veiled: true,
      start: text.starts[t - 2]!,
      end: text.ends[end]!,
    };
  }
  return null;
}

/** What the writer knows: where, which, when. */
const WHERE = new WordSet([
  'hvor',
  'kor',
  'kvar',
  'hvilken',
  'hvilket',
  'hvilke',
  'kva',
  'når',
  'where',
  'which',
  'when',
]);
/** A person's routine: where they live, sleep, train, park, go, fetch or leave children. */
const ROUTINE = new WordSet([
  'bor',
  'bur',
  'sover',
  'søv',
  'trener',
  'trenar',
  'parkerer',
  'parkerar',
  'jogger',
  'joggar',
  'går',
  'gjeng',
  'henter',
  'hentar',
  'leverer',
  'leverar',
  'live',
  'lives',
  'sleep',
  'sleeps',
  'train',
  'trains',
  'park',
  'parks',
  'jog',
  'jogs',
  'go',
  'goes',
  // What one drives (tenth round): "veit kva bil kona di køyrer". Where one works is known to
  // colleagues ("Jeg vet hvor du jobber, vi møttes på kurset").
  'kjører',
  'køyrer',
  'kjøyrer',
  'drives',
]);
/** Subject pronouns a routine may have: "vet hvor hun bor", "know where he lives". */
const PERSON_SUBJECTS = new WordSet([
  'du',
  'dere',
  'dykk',
  'han',
  'hun',
  'ho',
  'de',
  'dei',
  'he',
  'she',
  'they',
  'you',
]);
/** A reason given after what is known: "… fordi vi var naboer". */
const REASONS = new WordSet(['fordi', 'siden', 'ettersom', 'because', 'since']);
/** Copulas of a relation said after what is known: "…, de er naboene våre". */
const IS = new WordSet(['er', 'e', 'var', 'is', 'are', 'was', 'were']);

/**
 * Whether the sentence goes on after token r with a clause that says who the person is
 * ("Vi vet hvor de bor, de er naboene våre", "hun er tanta mi"): knowing is then no menace.
 */
function relationAfter(text: NormalisedText, r: number): boolean {
  for (let k = r + 1; k + 1 < text.count && k <= r + 6 && !sentenceBreakBefore(text, k); k++)
    if (clauseBreakBefore(text, k) && isOneOf(PERSON_SUBJECTS, text, k) && isOneOf(IS, text, k + 1))
      return true;
  return false;
}
/** What a host offers or a guest comes for: a visit with these is a visit ("… så tar vi en kaffe"). */
const HOSPITALITY = new WordSet([
  'kaffe',
  'kaffi',
  'kaffikopp',
  'kake',
  'kaka',
  'kaker',
  'vafler',
  'vaflar',
  'middag',
  'lunsj',
  'frokost',
  'pils',
  'bursdag',
  'bursdagen',
  'bursdagsfest',
  'bursdagsfesten',
  'fødselsdag',
  'fødselsdagen',
  'julebord',
  'julebordet',
  'fest',
  'festen',
  'selskap',
  'selskapet',
  'gave',
  'gaven',
  'gåve',
  'gåva',
  'presang',
  'presangen',
  'kurv',
  'kurven',
  'blomster',
  'blomar',
  'blomane',
  'blomstene',
  'bukett',
  'innflytting',
  'innflyttinga',
  'innflyttingen',
  'innflyttingsfest',
  'innflyttingsfesten',
  'housewarming',
  'pinnekjøtt',
  'julemiddag',
  'julemat',
  'flowers',
  'gifts',
  'hamper',
  'gratulere',
  'gratulerer',
  'coffee',
  'cake',
  'dinner',
  'lunch',
  'birthday',
  'party',
]);

/** How many words after a threat the sentence's coffee or party is looked for. */
const HOSPITALITY_REACH = 16;

/**
 * Whether the sentence goes on after token t with what a host offers or a guest comes for (twelfth
 * round): "jeg kommer hjem til deg etter kampen, så tar vi en kaffe", "vi veit kvar du bur, så du
 * slepp ikkje unna bursdagsfesten": a visit, not a menace.
 */
export function hospitableAfter(text: NormalisedText, t: number): boolean {
  // A bounded look: every threat hit asks, and a text of hits with no full stop must stay linear.
  for (let k = t + 1; k < text.count && k <= t + HOSPITALITY_REACH && !sentenceBreakBefore(text, k); k++)
    if (isOneOf(HOSPITALITY, text, k) || treat(text, k) || treatFirst(text, k) || cooking(text, k))
      return true;
  return false;
}
/**
 * A compound that opens with a treat or flowers (round 16): "kakebesøk", "kaffebesøk",
 * "blomsterhilsen", "pizzakveld"; a "nattbesøk" brings nothing.
 */
function treatFirst(text: NormalisedText, k: number): boolean {
  const start = text.formStarts[k]!;
  const end = text.formEnds[k]!;
  for (const head of TREAT_HEADS)
    if (end - start > head.length + 2 && startsWith(text.chars, start, head)) return true;
  return false;
}
const TREAT_HEADS = ['kake', 'kaffe', 'kaffi', 'bolle', 'vaffel', 'blomster', 'pizza', 'taco', 'grill'];
function startsWith(chars: Uint16Array, start: number, head: string): boolean {
  for (let i = 0; i < head.length; i++) if (chars[start + i] !== head.charCodeAt(i)) return false;
  return true;
}
/** Cooking together after the visit (round 16): "så lager vi mat sammen", "me lagar middag", "we'll cook". */
function cooking(text: NormalisedText, k: number): boolean {
  if (!isOneOf(COOK, text, k)) return false;
  for (let j = k + 1; j < text.count && j <= k + 2; j++)
    // Food made of the person is no dinner: "lager mat av deg".
    if (isOneOf(FOOD, text, j)) return !(j + 1 < text.count && isOneOf(MADE_OF, text, j + 1));
  return false;
}
const MADE_OF = new WordSet(['av', 'of', 'ut']);
const COOK = new WordSet(['lager', 'lage', 'lagar', 'laga', 'cook', 'make', 'bake', 'baker', 'bakar']);
const FOOD = new WordSet([
  'mat',
  'middag',
  'lunsj',
  'frokost',
  'kveldsmat',
  'pizza',
  'food',
  'dinner',
  'lunch',
]);

/**
 * Endings of a baked treat brought as a guest (thirteenth round): "eplekake", "rabarbrapai",
 * "skolebollene"; and of a gift (round 17): "julekurv", "fruktkurven", "bursdagsgave", "julegåva".
 */
const TREATS = [
  'kake',
  'kaka',
  'kaker',
  'pai',
  'paien',
  'paier',
  'bolle',
  'boller',
  'bollene',
  'vafler',
  'kurv',
  'kurven',
  'gave',
  'gaven',
  'gaver',
  'gåve',
  'gåva',
  'gåver',
];

/** Whether token k is a compound that ends in a treat ("rabarbrapai", "sjokoladekaka"). */
function treat(text: NormalisedText, k: number): boolean {
  const start = text.formStarts[k]!;
  const end = text.formEnds[k]!;
  for (const ending of TREATS)
    if (end - start > ending.length + 2 && endsWith(text.chars, start, end, ending)) return true;
  return false;
}

/** Small words between the writer and "vet": "vi vet jo hvor …". */
const KNOW_ADVERBS = new WordSet(['jo', 'godt', 'nok', 'også', 'og', 'òg', 'already', 'also']);

/**
 * The writer knows where a person lives or goes (ninth round): the writer ("jeg", "vi", "æ",
 * "we", or no subject at all: "Vet hvor du trener"), "vet"/"know", a where or which, then within
 * three words a person (a pronoun, a target, "ungene dine", "your daughter") and within three
 * more a routine ("bor", "trener", "parkerer", "går på skule", "lives", "goes to school"). Not
 * negated, not asked ("Vet du hvor hun bor?"), and no reason after it ("… fordi vi var naboer").
 */
function knowsWhere(text: NormalisedText, v: number, threats: CompiledThreats): ThreatHit | null {
  let knower = v - 1;
  if (knower >= 0 && isOneOf(KNOW_ADVERBS, text, knower) && !clauseBreakBefore(text, knower + 1)) knower--;
  // The writer who has named their means in a clause joined by "og" (twelfth round): "jeg har
  // børsa klar og vet hvor han jogger"; "jeg er postbud og vet hvor alle bor" names no means.
  if (knower >= 0 && isOneOf(AND, text, v - 1) && !isOneOf(threats.firstPerson, text, knower)) {
    let means = false;
    for (let k = v - 2; k >= 0 && k >= v - 7 && !clauseBreakBefore(text, k + 1); k--) {
      if (
        isOneOf(MEANS, text, k) ||
        isOneOf(threats.weapons, text, k) ||
        isOneOf(threats.instruments, text, k)
      )
        means = true;
      if (means && isOneOf(threats.firstPerson, text, k)) {
        knower = k;
        break;
      }
    }
  }
  const dropped = v === 0 || clauseBreakBefore(text, v);
  if (
    !dropped &&
    !(knower >= 0 && isOneOf(threats.firstPerson, text, knower) && !clauseBreakBefore(text, knower + 1))
  )
    return null;
  const wh = v + 1;
  if (wh >= text.count || clauseBreakBefore(text, wh) || !isOneOf(WHERE, text, wh)) return null;
  for (let p = wh + 1; p < text.count && p <= wh + 3; p++) {
    if (clauseBreakBefore(text, p)) return null;
    if (
      !isOneOf(PERSON_SUBJECTS, text, p) &&
      !isOneOf(OWNER_BEFORE, text, p) &&
      !(isTarget(text, p, threats) && !isOneOf(threats.firstPerson, text, p))
    )
      continue;
    for (let r = p + 1; r < text.count && r <= p + 3; r++) {
      if (clauseBreakBefore(text, r)) return null;
      if (!isOneOf(ROUTINE, text, r) && !ownsTheVehicle(text, wh, r)) continue;
      for (let k = r + 1; k < text.count && k <= r + 3 && !clauseBreakBefore(text, k); k++)
        if (isOneOf(REASONS, text, k)) return null;
      if (relationAfter(text, r) || hospitableAfter(text, r) || friendlyAfter(text, r)) return null;
      if (endsWithQuestion(text, r)) return null;
      const start = dropped ? v : Math.min(knower, v);
      if (negatedAct(text, start, r, threats, new Int32Array(0)) || isNegator(text, wh)) return null;
      return {
        verb: text.forms(v, wh),
        target: text.form(p),
        veiled: true,
        start: text.starts[start]!,
        end: text.ends[r]!,
      };
    }
    return null;
  }
  return null;
}

/**
 * Whether thanks open the sentence after token t's ("…, så rakfisken kommer på døra di i morgen.
 * Takk for festivalen!"), or a visit to help ("…, so me kjem og plukkar jordbær"): knowing
 * where someone lives to bring or to help is neighbourly.
 */
export function friendlyAfter(text: NormalisedText, t: number): boolean {
  let sentences = 0;
  for (let k = t + 1; k < text.count && k <= t + HOSPITALITY_REACH; k++) {
    if (sentenceBreakBefore(text, k) && ++sentences > 1) break;
    // Thanks opening the next sentence: "… i morgen. Takk for festivalen!".
    if (
      sentences === 1 &&
      sentenceBreakBefore(text, k) &&
      isOneOf(THANKS, text, k) &&
      isOneOf(THANKS_FOR, text, k + 1)
    )
      return true;
    if (
      sentences === 0 &&
      isOneOf(COMES, text, k) &&
      isOneOf(AND, text, k + 1) &&
      isOneOf(HELPING, text, k + 2) &&
      isOneOf(NEIGHBOURS, text, k - 1)
    )
      return true;
  }
  return false;
}
const THANKS = new WordSet(['takk', 'tusen', 'thanks', 'thank']);
const THANKS_FOR = new WordSet(['for', 'takk', 'you']);
const COMES = new WordSet(['kommer', 'kjem', 'kjæm', 'kømmer', 'come']);
const NEIGHBOURS = new WordSet([...FIRST_PERSON_WORDS, 'i', 'we']);
/** What a neighbour comes over to do: pick, help, deliver, fetch, bake, sing, celebrate. */
const HELPING = new WordSet([
  'plukker',
  'plukkar',
  'plukke',
  'hjelper',
  'hjelpe',
  'hjelp',
  'leverer',
  'levere',
  'henter',
  'hentar',
  'hente',
  'måker',
  'måkar',
  'klipper',
  'klipp',
  'bake',
  'baker',
  'bakar',
  'synger',
  'syng',
  'feirer',
  'feirar',
  'gratulerer',
  'handler',
  'handlar',
  'vasker',
  'vaskar',
  'maler',
  'målar',
  'help',
  'pick',
  'deliver',
  'fetch',
  'celebrate',
]);

const OWNS = new WordSet(['har', 'eier', 'eig', 'has', 'have', 'owns', 'own']);
/** "for" opening a reason after a comma: "…, for jeg solgte den til ham". */
const FOR = new WordSet(['for']);
const VEHICLE_KINDS = new WordSet(['bil', 'båt', 'sykkel', 'motorsykkel', 'car', 'boat', 'bike', 'truck']);

/**
 * Which vehicle a person has, "har" ending its clause (eleventh round): "vi vet hvilken bil du
 * har", "I know which car he owns"; "… hvilken bil du har lyst på" goes on, and "…, for jeg
 * solgte den" gives the reason.
 */
function ownsTheVehicle(text: NormalisedText, wh: number, r: number): boolean {
  return (
    isOneOf(OWNS, text, r) &&
    wh + 1 < r &&
    isOneOf(VEHICLE_KINDS, text, wh + 1) &&
    (r + 1 >= text.count ||
      (clauseBreakBefore(text, r + 1) && !isOneOf(REASONS, text, r + 1) && !isOneOf(FOR, text, r + 1)))
  );
}

/** Before an instrument: "med", "with" (an article or an adjective may stand between). */
const WITH = new WordSet(['med', 'with']);
/** Words of visiting and treating a person: "besøke", "ta en tur innom", "gi en omgang", "pay a visit". */
const VISIT = new WordSet([
  'besøke',
  'besøk',
  'besøker',
  'besøkje',
  'oppsøke',
  'oppsøker',
  'oppsøkje',
  'tur',
  'turen',
  'innom',
  'prat',
  'omgang',
  'kommer',
  'kjem',
  'kjæm',
  'komme',
  'kome',
  'drar',
  'dukker',
  'hilse',
  'visit',
  'pay',
  'come',
  'coming',
  'deal',
  // Chased or beaten with it (tenth round): "burde jages ut med hagle", "banke vett inn i hodet ditt med en hammer".
  'jage',
  'jages',
  'jagast',
  'jaga',
  'banke',
  'banka',
  'chase',
  'chased',
]);
/** After an instrument, a purpose that is not a person: "til treningen", "på jakt". */
const PURPOSE = new WordSet(['til', 'te', 'på', 'for', 'to', 'at']);
/** How far back in its sentence the visit, its intent and its person may stand. */
const VISIT_BACK = 12;
/** "me" for "med" in dialect, right before the weapon: "kjæm på døra di me hagla". */
const DIALECT_WITH = new WordSet(['me', 'mæ']);
/** What may follow a weapon in a list and keep it a harm: "kniv og brann", "hagla og bensin". */
const HARMS_LISTED = new WordSet([
  'brann',
  'eld',
  'ild',
  'bensin',
  'fakler',
  'fakkel',
  'fire',
  'petrol',
  'gasoline',
]);

/**
 * A weapon as the instrument of a visit to a person (ninth round): "med"/"with" before it, and
 * before that in its sentence a word of visiting, an intent (a modal, the writer, "noen") and a
 * person, or the person after it in the sentence ("vi kommer med hagla den dagen dere …"). "Vi
 * kommer med hagla på elgjakta" names no person, "gi treneren en omgang med applaus" no weapon.
 */
function instrumentOfVisit(text: NormalisedText, w: number, threats: CompiledThreats): ThreatHit | null {
  const tasted = weaponTasted(text, w, threats);
  if (tasted !== null) return tasted;
  if (isOneOf(BOMBS, text, w)) return bombPlanted(text, w, threats);
  let m = -1;
  for (let k = w - 1; k >= 0 && k >= w - 3; k--) {
    if (clauseBreakBefore(text, k + 1)) return null;
    if (isOneOf(WITH, text, k) || (k === w - 1 && isOneOf(DIALECT_WITH, text, k))) {
      m = k;
      break;
    }
  }
  if (m < 1) return null;
  let visit = false;
  let intent = false;
  let person = -1;
  for (let k = m - 1; k >= 0 && k >= m - VISIT_BACK; k--) {
    if (isNegator(text, k)) return null;
    visit ||= isOneOf(VISIT, text, k);
    intent ||=
      isOneOf(threats.intent, text, k) ||
      isOneOf(threats.firstPerson, text, k) ||
      isOneOf(INDEFINITE, text, k);
    if (person < 0 && isTarget(text, k, threats) && !isOneOf(threats.firstPerson, text, k)) person = k;
    if (sentenceBreakBefore(text, k)) break;
  }
  if (!visit || !intent) return null;
  // Equipment in a list or for a purpose: "med balltre og hansker", "med hagla på elgjakta".
  const after = w + 1;
  if (after < text.count && !clauseBreakBefore(text, after)) {
    // A list of harms is no kit: "med kniv og brann", "med hagla og bensin".
    if (isOneOf(AND, text, after) && !(after + 1 < text.count && isOneOf(HARMS_LISTED, text, after + 1)))
      return null;
    if (
      isOneOf(PURPOSE, text, after) &&
      !(after + 1 < text.count && !clauseBreakBefore(text, after + 1) && isTarget(text, after + 1, threats))
    )
      return null;
  }
  for (let k = w + 1; person < 0 && k < text.count && k <= w + 6 && !sentenceBreakBefore(text, k); k++)
    if (isTarget(text, k, threats) && !isOneOf(threats.firstPerson, text, k)) person = k;
  if (person < 0) return null;
  return {
    verb: text.forms(m, w),
    target: text.form(person),
    veiled: true,
    start: text.starts[Math.min(m, person)]!,
    end: text.ends[Math.max(w, person)]!,
  };
}

/** Tasting or feeling a weapon: "skal få smake balltreet", "dei skal få kjenne kniven". */
const TASTE = new WordSet(['smake', 'smaka', 'kjenne', 'kjenna', 'føle', 'føla', 'taste', 'feel']);
const GET = new WordSet(['få', 'får', 'fått', 'get', 'gets']);
/** Bombs among the instruments: planted, not brought along. */
const BOMBS = new WordSet([
  'bombe',
  'bomben',
  'bomba',
  'bomb',
  'sprengladning',
  'sprengladninga',
  'sprengladningen',
  'sprengstoff',
  'explosives',
]);
/** Light verbs that plant a bomb: "legge en bombe under …", "plassere ein bombe i …", "plant a bomb". */
const PLANT = new WordSet([
  'legge',
  'legger',
  'legg',
  'leggje',
  'plassere',
  'plasserer',
  'plasser',
  'plante',
  'planter',
  'plant',
  'plants',
  'place',
  'sette',
  'setter',
  'sett',
  'setje',
  'put',
]);
/** Where a planted bomb is put: "i", "under", "på". */
const WHERE_PUT = new WordSet(['i', 'under', 'på', 'ved', 'in', 'under', 'on', 'at']);

/**
 * A weapon tasted or felt by a person, promised (ninth round): a modal, a person before it in its
 * clause, "få" and "smake"/"kjenne" right before the weapon (an article may stand between): "De
 * ulvevennene skal få smake hagla", "dei skal få kjenne kniven". "Kokken skal få kjenne på kniven"
 * feels it as a thing.
 */
function weaponTasted(text: NormalisedText, w: number, threats: CompiledThreats): ThreatHit | null {
  let t = w - 1;
  if (t > 0 && isOneOf(ARTICLE, text, t) && !clauseBreakBefore(text, t + 1)) t--;
  if (t < 2 || !isOneOf(TASTE, text, t) || !isOneOf(GET, text, t - 1) || clauseBreakBefore(text, w))
    return null;
  let modal = false;
  for (let k = t - 2; k >= 0 && k >= t - 2 - RELATIVE_BACK && !clauseBreakBefore(text, k + 1); k--) {
    modal ||= isOneOf(threats.intent, text, k);
    // Past the subject's place only through a relative clause: "Russen som bråker … skal få kjenne …".
    if (k < t - 2 - BEFORE && !(k + 1 < t && isOneOf(WHO, text, k + 1))) continue;
    if (modal && isTarget(text, k, threats) && !isOneOf(threats.firstPerson, text, k))
      return {
        verb: text.forms(t, w),
        target: text.form(k),
        veiled: true,
        start: text.starts[k]!,
        end: text.ends[w]!,
      };
  }
  return null;
}

/**
 * A bomb planted by the writer or ordered (ninth round): a light verb right before it (an article
 * between: "legge en bombe", "plassere ein bombe", "plant a bomb"), with the writer or a modal
 * before that in its clause, or the verb opening it; then where it goes ("i bilen hans", "under
 * rådhuset"). "Hun slapp en bombe i intervjuet" drops a bombshell.
 */
function bombPlanted(text: NormalisedText, w: number, threats: CompiledThreats): ThreatHit | null {
  let v = w - 1;
  if (v > 0 && isOneOf(ARTICLE, text, v) && !clauseBreakBefore(text, v + 1)) v--;
  if (v < 0 || !isOneOf(PLANT, text, v) || clauseBreakBefore(text, w)) return null;
  let intent = v === 0 || clauseBreakBefore(text, v);
  for (let k = v - 1; !intent && k >= 0 && k >= v - BEFORE; k--) {
    intent = isOneOf(threats.intent, text, k) || isOneOf(threats.firstPerson, text, k);
    if (clauseBreakBefore(text, k)) break;
  }
  const at = w + 1;
  if (!intent || at + 1 >= text.count || clauseBreakBefore(text, at) || !isOneOf(WHERE_PUT, text, at))
    return null;
  if (clauseBreakBefore(text, at + 1)) return null;
  return {
    verb: text.forms(v, w),
    target: text.form(at + 1),
    veiled: true,
    start: text.starts[v]!,
    end: text.ends[at + 1]!,
  };
}

export interface DehumanisingHit {
  group: string;
  noun: string;
  start: number;
  end: number;
}

/**
 * A protected group cursed ("jævla muslimer"), or a group called vermin, disease or animals: a group (a threat target, a person
 * noun, or "de"/"disse") within two words before a copula, then within three
 * words the noun ("innvandrerne er parasitter", "jøder er som rotter", "de er
 * ikke mennesker, de er dyr"); "ikke" between cancels it. "Rottene på kaia" has
 * no group and no copula. A people named by its place after definite vermin
 * ("kakerlakkene fra Afrika") is one too; "rottene fra kaia" names no place.
 */
export function findDehumanising(
  text: NormalisedText,
  threats: CompiledThreats,
  roles: Int32Array = wordRoles(text, threats),
): DehumanisingHit[] {
  const hits: DehumanisingHit[] = [];
  for (let c = 0; c < text.count; c++) {
    // Every case below needs one of these roles here, or a curse before: most words have none.
    if ((roles[c]! & BEGINS_DEHUMANISING) === 0 && (c === 0 || (roles[c - 1]! & ROLE_CURSE) === 0)) continue;
    // A strong curse right before a protected group ("jævla muslimer", "dei forbanna sigøynarane").
    if (
      c > 0 &&
      (roles[c - 1]! & ROLE_CURSE) !== 0 &&
      isOneOf(threats.groups, text, c) &&
      !clauseBreakBefore(text, c)
    ) {
      hits.push({
        group: text.form(c),
        noun: text.form(c - 1),
        start: text.starts[c - 1]!,
        end: text.ends[c]!,
      });
      continue;
    }
    // Vermin called by a people's adjective: "de somaliske kakerlakkene", "muslimske parasittar".
    if (
      (roles[c]! & (ROLE_VERMIN | ROLE_VERMIN_FROM_PLACE)) !== 0 &&
      c > 0 &&
      !clauseBreakBefore(text, c) &&
      isOneOf(GROUP_ADJECTIVES, text, c - 1) &&
      !isOneOf(SPECIES, text, c)
    ) {
      hits.push(dehumanised(text, c - 1, c));
      continue;
    }
    if ((roles[c]! & ROLE_VERMIN_FROM_PLACE) !== 0) {
      const place = verminFrom(text, c);
      if (place >= 0)
        hits.push({
          group: text.raw.slice(text.starts[place], text.ends[place]),
          noun: text.form(c),
          start: text.starts[c]!,
          end: text.ends[place]!,
        });
      continue;
    }
    const role = roles[c]!;
    // A group likened to vermin by any verb: "disse folkene lever som parasitter", "they spread like rats".
    if ((role & ROLE_LIKE) !== 0 && c + 1 < text.count && !clauseBreakBefore(text, c + 1)) {
      const g = isOneOf(threats.similes, text, c + 1) ? groupBefore(text, c, threats) : -1;
      if (g >= 0) {
        hits.push(dehumanised(text, g, c + 1));
        continue;
      }
    }
    // Vermin as a sentence of its own after a protected group was named: "Jødene eier bankene. Rotter."
    if ((role & ROLE_VERMIN) !== 0 && c > 0 && sentenceBreakBefore(text, c) && aloneInSentence(text, c)) {
      const g = protectedBefore(text, c, threats);
      if (g >= 0) {
        hits.push(dehumanised(text, g, c));
        continue;
      }
    }
    // A protected group sent to hell: "muslimene kan dra til helvete", "til helvete med homsene".
    if ((role & ROLE_HELL) !== 0 && c > 0 && isOneOf(TO, text, c - 1) && !clauseBreakBefore(text, c)) {
      const g = groupInClause(text, c, threats);
      if (g >= 0) {
        hits.push(g < c ? dehumanised(text, g, c) : dehumanised(text, c - 1, g));
        continue;
      }
    }
    if (c === 0 || (role & ROLE_COPULA) === 0) continue;
    let noun = -1;
    let plague = false;
    // "er ein sverm av grashopper", "are a swarm of rats": two more words after a collective noun.
    const reach =
      c + 3 < text.count && isOneOf(SWARMS, text, c + 2) && isOneOf(OF, text, c + 3) ? c + 5 : c + 3;
    for (let k = c + 1; k < text.count && k <= reach; k++) {
      if (clauseBreakBefore(text, k)) break;
      // Most words are no negation, vermin or plague: one bit test instead of three lookups.
      if ((roles[k]! & (ROLE_NEGATION | ROLE_VERMIN)) === 0) continue;
      if (isOneOf(threats.negations, text, k)) {
        // Humans denied: "muslimer er ikke mennesker", said like a plague only of a protected group.
        if (k + 1 < text.count && !clauseBreakBefore(text, k + 1) && isOneOf(threats.notHuman, text, k + 1)) {
          noun = k + 1;
          plague = true;
        }
        break;
      }
      if (isOneOf(threats.vermin, text, k)) {
        noun = k;
        break;
      }
      if (isOneOf(threats.plagues, text, k)) {
        noun = k;
        plague = true;
        break;
      }
    }
    if (noun < 0) {
      const smear = smearedGroup(text, c, threats, roles);
      if (smear !== null) hits.push(smear);
      continue;
    }
    for (let g = c - 1; g >= 0 && g >= c - 2; g--) {
      // A plague is said of a protected group or of "these people"; "bilistene er en plage" is a complaint.
      const group = plague
        ? isOneOf(threats.groups, text, g) ||
          (noun > c + 1 &&
            isOneOf(threats.notHuman, text, noun) &&
            isOneOf(threats.groupPronouns, text, g)) ||
          (g > 0 && isOneOf(threats.people, text, g) && isOneOf(threats.groupPronouns, text, g - 1))
        : isTarget(text, g, threats) ||
          isOneOf(threats.groupPronouns, text, g) ||
          // A protected group that is no threat target ("migrants are vermin").
          isOneOf(threats.groups, text, g);
      if (group) {
        hits.push({
          group: text.form(g),
          noun: text.form(noun),
          start: text.starts[g]!,
          end: text.ends[noun]!,
        });
        break;
      }
      if (clauseBreakBefore(text, g)) break;
    }
    // The group as "de som …", "dei som …", "those who …": "dei som kjem over grensa er berre utøy".
    if (!plague && (hits.length === 0 || hits[hits.length - 1]!.end !== text.ends[noun]!)) {
      const g = relativeSubject(text, c);
      if (g >= 0) hits.push(dehumanised(text, g, noun));
    }
  }
  return hits;
}

/** A people's adjective before vermin: "somaliske kakerlakker", "muslimske parasittar", "jewish rats". */
const GROUP_ADJECTIVE_WORDS = [
  'somalisk',
  'somaliske',
  'muslimsk',
  'muslimske',
  'jødisk',
  'jødiske',
  'pakistansk',
  'pakistanske',
  'arabisk',
  'arabiske',
  'rumensk',
  'rumenske',
  'polsk',
  'polske',
  'kurdisk',
  'kurdiske',
  'afghansk',
  'afghanske',
  'eritreisk',
  'eritreiske',
  'syrisk',
  'syriske',
  'samisk',
  'samiske',
  'homofil',
  'homofile',
  'muslim',
  'jewish',
  'somali',
  'gay',
];
const GROUP_ADJECTIVES = new WordSet(GROUP_ADJECTIVE_WORDS);
/** Vermin that are also farm or wild animals ("polske svin", "arabiske aper"): no people called so. */
const SPECIES = new WordSet([
  'svin',
  'dyr',
  'beist',
  'aper',
  'ape',
  'apes',
  'animals',
  'kjøtt',
  'virus',
  'flått',
]);
/** Collective nouns before "av"/"of" that a group is called: "ein sverm av grashopper". */
const SWARMS = new WordSet(['sverm', 'svermer', 'svermar', 'flokk', 'horde', 'swarm', 'pack']);
const THOSE = new WordSet(['de', 'dei', 'disse', 'those', 'they']);
/** How far back from the copula "de som" may stand ("dei som kjem over grensa er …"). */
const THOSE_WHO_BACK = 8;

/** The "de"/"dei"/"those" of "de som …" opening the copula's clause before token c, or -1. */
function relativeSubject(text: NormalisedText, c: number): number {
  for (let k = c - 1; k > 0 && k >= c - THOSE_WHO_BACK; k--) {
    if (clauseBreakBefore(text, k + 1)) return -1;
    if (isOneOf(RELATIVE, text, k) && isOneOf(THOSE, text, k - 1) && !clauseBreakBefore(text, k))
      return k - 1 === 0 || clauseBreakBefore(text, k - 1) ? k - 1 : -1;
  }
  return -1;
}

const FROM = new WordSet(['fra', 'frå', 'from']);
const TO = new WordSet(['til', 'te', 'tel', 'to']);
/** How far back in its clause a simile's group may stand ("innvandrerne formerer seg og lever som …"). */
const SIMILE_BACK = 8;
/** How far back in the text a protected group may be named before vermin said alone. */
const NAMED_BACK = 25;
/** Words that may follow vermin said alone: "Rotter, alle sammen." */
const ALL_OF_THEM = new WordSet([
  'alle',
  'sammen',
  'saman',
  'allesammen',
  'hele',
  'heile',
  'gjengen',
  'all',
  'of',
  'them',
]);

function dehumanised(text: NormalisedText, g: number, noun: number): DehumanisingHit {
  return { group: text.form(g), noun: text.form(noun), start: text.starts[g]!, end: text.ends[noun]! };
}

/**
 * A group in the clause before token c: a protected group, "de"/"disse"/"they", people
 * after one ("disse folkene") or a plural person noun ("innvandrerne"); not "vi", not one person.
 */
function groupBefore(text: NormalisedText, c: number, threats: CompiledThreats): number {
  for (let g = c - 1; g >= 0 && g >= c - SIMILE_BACK; g--) {
    if (
      isOneOf(threats.groups, text, g) ||
      isOneOf(threats.groupPronouns, text, g) ||
      (isPersonNoun(text, g, threats) && text.chars[text.formEnds[g]! - 1] === 101)
    )
      return g;
    if (clauseBreakBefore(text, g)) break;
  }
  return -1;
}

/** Whether the sentence at token c holds only it, and perhaps "alle sammen" after a comma. */
function aloneInSentence(text: NormalisedText, c: number): boolean {
  for (let k = c + 1; k < text.count && !sentenceBreakBefore(text, k); k++)
    if (!isOneOf(ALL_OF_THEM, text, k)) return false;
  return true;
}

/** A protected group named in the words before token c, or -1. */
function protectedBefore(text: NormalisedText, c: number, threats: CompiledThreats): number {
  for (let g = c - 1; g >= 0 && g >= c - NAMED_BACK; g--) if (isOneOf(threats.groups, text, g)) return g;
  return -1;
}

/** A protected group in the clause of token c, before it or a few words after it, or -1. */
function groupInClause(text: NormalisedText, c: number, threats: CompiledThreats): number {
  for (let g = c - 1; g >= 0 && g >= c - SIMILE_BACK; g--) {
    if (isOneOf(threats.groups, text, g)) return g;
    if (clauseBreakBefore(text, g)) break;
  }
  for (let g = c + 1; g < text.count && g <= c + 4 && !clauseBreakBefore(text, g); g++)
    if (isOneOf(threats.groups, text, g)) return g;
  return -1;
}

/** The place named right after vermin and "fra" ("kakerlakkene fra Afrika"), or -1. */
function verminFrom(text: NormalisedText, c: number): number {
  const place = c + 2;
  if (place >= text.count || clauseBreakBefore(text, c + 1) || clauseBreakBefore(text, place)) return -1;
  return isOneOf(FROM, text, c + 1) && isName(text, place) ? place : -1;
}

const SICK_WITH = new WordSet(['av', 'med', 'etter', 'under', 'of', 'with']);
const SOME = new WordSet([
  'noen',
  'nokre',
  'nokon',
  'enkelte',
  'flere',
  'fleire',
  'mange',
  'få',
  'somme',
  'some',
  'many',
  'few',
]);

/** How far back in its sentence a protected group may be named for "de" to stand for it. */
const GROUP_BACK = 12;

/**
 * A protected group called sick or criminal as a whole, at copula c: the group (or
 * "de"/"disse" after the group was named in the sentence) within two words before it,
 * the smear right after it or after a few words like "jo", "bare", "alle" ("homofile
 * er syke", "de er pedofile alle sammen"). "Innvandrere er overrepresentert blant
 * kriminelle" is no smear: other words stand between.
 */
function smearedGroup(
  text: NormalisedText,
  c: number,
  threats: CompiledThreats,
  roles: Int32Array,
): DehumanisingHit | null {
  let smear = -1;
  for (let k = c + 1; k < text.count && k <= c + 3; k++) {
    if (clauseBreakBefore(text, k)) return null;
    // Neither a smear nor a word between (most words): one bit test instead of two lookups.
    if ((roles[k]! & ROLE_SMEAR) === 0) return null;
    if (isOneOf(threats.smears, text, k)) {
      smear = k;
      break;
    }
    if (!isOneOf(threats.smearBetween, text, k)) return null;
  }
  if (smear < 0) return null;
  // Sick with something ("syke av bekymring", "syke med influensa"): not a smear.
  if (
    smear + 1 < text.count &&
    !clauseBreakBefore(text, smear + 1) &&
    SICK_WITH.has(text.chars, text.formStarts[smear + 1]!, text.formEnds[smear + 1]!)
  )
    return null;
  for (let g = c - 1; g >= 0 && g >= c - 2; g--) {
    // Some of a group ("noen innvandrere er kriminelle") is not the group as a whole.
    if (g > 0 && SOME.has(text.chars, text.formStarts[g - 1]!, text.formEnds[g - 1]!)) return null;
    let group = isOneOf(threats.groups, text, g) ? g : -1;
    if (group < 0 && isOneOf(threats.groupPronouns, text, g)) {
      for (let k = g - 1; k >= 0 && k >= g - GROUP_BACK && !sentenceBreakBefore(text, k + 1); k--) {
        if (isOneOf(threats.groups, text, k)) {
          group = k;
          break;
        }
      }
    }
    if (group >= 0)
      return {
        group: text.form(group),
        noun: text.form(smear),
        start: text.starts[g]!,
        end: text.ends[smear]!,
      };
    if (clauseBreakBefore(text, g)) break;
  }
  return null;
}

/** Words a death wish may span: "jeg håper at du og hele familien din dør i en brann". */
const WISH_WINDOW = 12;

/** Whether the separator before token t ends a sentence (a comma does not end a wish). */
function sentenceBreakBefore(text: NormalisedText, t: number): boolean {
  const sep = text.seps[t]!;
  for (let k = 0; k < sep.length; k++) {
    const c = sep.charCodeAt(k);
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 10) return true;
  }
  return false;
}

/** Words that begin a clause of their own after the wished-for person: "håper ordføreren skjønner at sentrum dør". */
const THAT = new WordSet(['at', 'fordi', 'når', 'hvis', 'dersom', 'viss', 'that', 'because', 'when', 'if']);
/** "alle", "hele": who is meant comes after them ("håper hele familien din dør"; not "håper alle dør av latter"). */
const WHOLE = new WordSet(['alle', 'hele', 'heile', 'all', 'everyone', 'everybody']);
/** After a dying verb: something dies out ("fordommane døyr ut"), nobody dies. */
const OUT = new WordSet(['ut', 'out']);

/**
 * A wish at token i, a person after it (a pronoun, a group, a person noun by its
 * ending or a listed one: "håper journalisten dør", "håper redaktøren dør") and a dying verb after that, in one sentence,
 * not negated. A clause of its own between ("håper du skjønner at sentrum dør") and
 * dying out ("håper fordommane døyr ut") are no wish on anyone.
 */
function deathWish(text: NormalisedText, i: number, threats: CompiledThreats): ThreatHit | null {
  let target = -1;
  // A vehicle named after the wish, and whether the person is its owner ("flyet ditt", "your plane").
  let vehicle = -1;
  let owned = false;
  // The window runs on from the person: "håper at du og de dine en dag ligger i en grøft og råtner".
  for (
    let k = i + 1;
    k < text.count && (k <= i + WISH_WINDOW || (target >= 0 && k <= target + WISH_WINDOW));
    k++
  ) {
    if (sentenceBreakBefore(text, k)) return null;
    // Never waking up is dying (round 17): "håper han legger seg og aldri våkner (igjen)".
    if (target >= 0 && neverWakes(text, k))
      return {
        verb: text.form(k + 1),
        target: text.form(target),
        start: text.starts[i]!,
        end: text.ends[k + 1]!,
      };
    if (isOneOf(threats.negations, text, k)) return null;
    // A broken neck is a death (round 17): "håper han brekker nakken", "hope he breaks his neck".
    if (target >= 0 && brokenNeck(text, k) >= 0)
      return {
        verb: text.form(k),
        target: text.form(target),
        start: text.starts[i]!,
        end: text.ends[brokenNeck(text, k)]!,
      };
    // A wreck wished on the person's vehicle or on the people aboard: "håper flyet ditt styrter",
    // "I hope your plane crashes", "håper ferja søkk med heile styret om bord".
    if (vehicle >= 0 && isWreck(text, k)) {
      const aboard = owned && target >= 0 ? target : onBoard(text, k, threats);
      if (aboard >= 0)
        return { verb: text.form(k), target: text.form(aboard), start: text.starts[i]!, end: text.ends[k]! };
    }
    if (isVehicle(text, k)) vehicle = k;
    else if (target < 0 && isOneOf(OWNER_BEFORE, text, k) && k + 1 < text.count && isVehicle(text, k + 1)) {
      target = k;
      owned = true;
      continue;
    }
    if (target < 0) {
      if (
        isOneOf(threats.wishTargets, text, k) ||
        isOneOf(threats.groups, text, k) ||
        (!isOneOf(QUANTIFIERS, text, k) && !isOneOf(WHOLE, text, k) && isTarget(text, k, threats)) ||
        // A name after the wish (round 16): "håper at Holmsen drukner", "vonar at Sæbø søkk".
        isName(text, k)
      ) {
        target = k;
        owned = vehicle === k - 1;
      }
    } else if (isOneOf(THAT, text, k)) {
      target = -1;
    } else if (isOneOf(threats.over, text, k) && fallFrom(text, k, threats)) {
      return { verb: text.form(k), target: text.form(target), start: text.starts[i]!, end: text.ends[k]! };
    } else if (
      // The dead of a relative clause are mourned, not wished dead: "håper de som døde fikk fred".
      !isOneOf(RELATIVE, text, k - 1) &&
      (isOneOf(threats.dyingVerbs, text, k) ||
        (text.isMasked(k) &&
          maskedForm(text.chars, text.formStarts[k]!, text.formEnds[k]!, threats.dyingByLetter) !==
            undefined) ||
        (isOneOf(threats.deathNouns, text, k) && isOneOf(threats.painful, text, k - 1)) ||
        (isOneOf(threats.diseases, text, k) &&
          isOneOf(threats.getting, text, k - 1) &&
          !treated(text, k) &&
          !spared(text, k - 1)))
    ) {
      if (k + 1 < text.count && !clauseBreakBefore(text, k + 1) && isOneOf(OUT, text, k + 1)) return null;
      // Hanging on or out is no hanging: "håper ungene kan henge med i timen".
      if (
        isOneOf(HANG, text, k) &&
        k + 1 < text.count &&
        !clauseBreakBefore(text, k + 1) &&
        isOneOf(HANG_ALONG, text, k + 1)
      )
        return null;
      // Sinking into anything but water is shame or a fall in the table: "synker i jorda av skam".
      if (
        isOneOf(SINK, text, k) &&
        k + 1 < text.count &&
        !clauseBreakBefore(text, k + 1) &&
        (isOneOf(SUNK_OTHERWISE, text, k + 1) ||
          (isOneOf(INTO, text, k + 1) &&
            (k + 2 >= text.count || clauseBreakBefore(text, k + 2) || !isOneOf(WATERS, text, k + 2))))
      )
        return null;
      // A death hoped peaceful is sympathy: "håper han døde fredelig", "hope she died peacefully".
      if (followedBy(text, k, PEACEFULLY, 3)) return null;
      // Dying of laughter or shame ("håper dere dør av latter") is an idiom.
      if (
        k + 2 < text.count &&
        !clauseBreakBefore(text, k + 1) &&
        !clauseBreakBefore(text, k + 2) &&
        isOneOf(OF, text, k + 1) &&
        isOneOf(threats.figurative, text, k + 2)
      )
        return null;
      return { verb: text.form(k), target: text.form(target), start: text.starts[i]!, end: text.ends[k]! };
    }
  }
  return null;
}

/**
 * Whether token k is "aldri"/"ikke"/"never" before waking ("aldri våkner", "never wakes up"), in a
 * wish: a sleep with no end. "aldri våkner før ti" is a late morning.
 */
function neverWakes(text: NormalisedText, k: number): boolean {
  if (k + 1 >= text.count || clauseBreakBefore(text, k + 1) || !isOneOf(WAKES, text, k + 1)) return false;
  // "ikke" only with "igjen": "håper ungene ikke våkner i natt" is a parent's wish.
  if (!isOneOf(NEVER, text, k) && !(isOneOf(NOT_WAKE, text, k) && followedBy(text, k + 1, AGAIN, 3)))
    return false;
  return !followedBy(text, k + 1, BEFORE_UNTIL, 3);
}
const NEVER = new WordSet(['aldri', 'never']);
const NOT_WAKE = new WordSet(['ikke', 'ikkje', 'not']);
const AGAIN = new WordSet(['igjen', 'att', 'again']);
const WAKES = new WordSet(['våkner', 'vaknar', 'våkne', 'vakne', 'våkna', 'wakes', 'wake']);
const BEFORE_UNTIL = new WordSet([
  'før',
  'til',
  'fra',
  'frå',
  'from',
  'until',
  'before',
  'tidsnok',
  'tidleg',
  'tidlig',
  'early',
]);

/**
 * The neck broken at token k within two words ("brekker nakken", "knekk nakken sin", "breaks his
 * neck"), or -1. "brekke nakken på saken" is a plan that fails; a leg or an arm is no death.
 */
function brokenNeck(text: NormalisedText, k: number): number {
  if (!isOneOf(BREAKS, text, k)) return -1;
  for (let n = k + 1; n < text.count && n <= k + 2; n++) {
    if (clauseBreakBefore(text, n)) return -1;
    if (isOneOf(NECK, text, n))
      return n + 1 < text.count && !clauseBreakBefore(text, n + 1) && isOneOf(ON_AT, text, n + 1) ? -1 : n;
  }
  return -1;
}
const BREAKS = new WordSet([
  'brekker',
  'brekk',
  'brekke',
  'knekker',
  'knekk',
  'knekke',
  'breaks',
  'break',
  'snaps',
]);
const NECK = new WordSet(['nakken', 'nakkjen', 'nakkan', 'ryggraden', 'neck']);

/** Whether the getting at g is escaped or avoided: "slipper å få kreft", "never to get cancer". */
function spared(text: NormalisedText, g: number): boolean {
  return g >= 2 && isOneOf(TO_INF, text, g - 1) && isOneOf(SPARING, text, g - 2);
}
const TO_INF = new WordSet(['å', 'to']);
const SPARING = new WordSet([
  'slipper',
  'slepp',
  'slippe',
  'sleppe',
  'unngår',
  'unngå',
  'avoid',
  'avoids',
  'never',
  'aldri',
]);

/** How a death hoped for was, in sympathy: "fredelig", "uten smerter", "peacefully". */
const PEACEFULLY = new WordSet([
  'fredelig',
  'fredeleg',
  'fredfullt',
  'smertefritt',
  'smertefri',
  'rolig',
  'roleg',
  'stille',
  'peacefully',
  'painlessly',
  'quietly',
]);

/** A disease got and then treated or found is care, not a wish: "får kreften behandlet", "get the cancer checked". */
function treated(text: NormalisedText, k: number): boolean {
  for (let j = k + 1; j < text.count && j <= k + 2; j++) {
    if (clauseBreakBefore(text, j)) return false;
    if (isOneOf(TREATED, text, j)) return true;
  }
  return false;
}
const TREATED = new WordSet([
  'behandlet',
  'behandla',
  'sjekket',
  'sjekka',
  'undersøkt',
  'påvist',
  'fjernet',
  'fjerna',
  'operert',
  'diagnostisert',
  'oppdaget',
  'oppdaga',
  'tidlig',
  'tidleg',
  'treated',
  'checked',
  'removed',
  'diagnosed',
  'early',
]);

/** Sinking wished (eleventh round): "håpar heile styret søkk i havet". */
const SINK = new WordSet(['søkk', 'søkke', 'søkker', 'synke', 'synker', 'synk', 'sink', 'sinks']);
/** Where a person sinks to die: anything else ("synke i jorda", "i gulvet", "på tabellen") is shame or a fall. */
const WATERS = new WordSet([
  'havet',
  'sjøen',
  'fjorden',
  'dypet',
  'djupet',
  'vannet',
  'vatnet',
  'havna',
  'hamna',
  'sea',
  'ocean',
]);
/** After a sinking verb: a collapse or a fall in rank, "synker sammen", "synker på tabellen". */
const SUNK_OTHERWISE = new WordSet([
  'sammen',
  'saman',
  'på',
  'ut',
  'out',
  'down',
  'low',
  // An English object: "hope the council sinks the plan".
  'the',
  'a',
  'an',
  'this',
  'that',
  'their',
  'his',
  'her',
  'its',
]);
const HANG = new WordSet(['henge', 'hang', 'hengde']);
/** After "henge": keeping up or being about, no hanging. */
const HANG_ALONG = new WordSet([
  'med',
  'sammen',
  'saman',
  'på',
  'rundt',
  'ute',
  'out',
  'around',
  'in',
  'on',
  'with',
]);

/** Vehicles a wreck may be wished on. */
const VEHICLES = new WordSet([
  'bilen',
  'flyet',
  'flyen',
  'båten',
  'ferja',
  'ferga',
  'ferjen',
  'bussen',
  'toget',
  'helikopteret',
  'skipet',
  'skuta',
  'car',
  'plane',
  'boat',
  'ship',
  'ferry',
  'bus',
  'train',
  'helicopter',
  'jet',
]);
/** A vehicle's wreck: "styrter", "krasjer", "forliser", "søkk", "crashes"; "går ned" too. */
const WRECKS = new WordSet([
  'styrter',
  'styrtar',
  'styrte',
  'krasjer',
  'krasjar',
  'krasje',
  'kræsjer',
  'forliser',
  'forlis',
  'synker',
  'søkk',
  'søkker',
  'velter',
  'veltar',
  'eksploderer',
  'eksploderar',
  'crashes',
  'crash',
  'sinks',
  'sink',
  'explodes',
  'explode',
  'kantrer',
  'kantrar',
  'capsizes',
  'capsize',
]);
const GOES = new WordSet(['går', 'gjeng', 'goes', 'go']);
const DOWN = new WordSet(['ned', 'down']);
const ABOARD = new WordSet(['ombord', 'aboard', 'bord', 'board']);

/** Whether token k wrecks a vehicle: "styrter", "søkk", or "går ned". */
function isWreck(text: NormalisedText, k: number): boolean {
  if (isOneOf(WRECKS, text, k)) return true;
  if (!isOneOf(GOES, text, k) || k + 1 >= text.count || clauseBreakBefore(text, k + 1)) return false;
  // "går ned", or runs aground (round 17): "går på grunn", "goes aground".
  if (isOneOf(DOWN, text, k + 1) || isOneOf(AGROUND, text, k + 1)) return true;
  return k + 2 < text.count && isOneOf(ON_AT, text, k + 1) && isOneOf(GROUND, text, k + 2);
}
const AGROUND = new WordSet(['aground']);
const ON_AT = new WordSet(['på']);
const GROUND = new WordSet(['grunn', 'grunnen', 'land', 'skjær', 'skjæret']);

/** A vessel or vehicle by its compound's last part (round 17): "cruiseskipet", "hurtigbåten", "skolebussen". */
function isVehicle(text: NormalisedText, k: number): boolean {
  if (isOneOf(VEHICLES, text, k)) return true;
  const from = text.formStarts[k]!;
  const to = text.formEnds[k]!;
  if (to - from < 8) return false;
  for (const part of VEHICLE_PARTS) {
    const n = part.length;
    let same = true;
    for (let i = 0; i < n && same; i++) same = text.chars[to - n + i] === part.charCodeAt(i);
    if (same) return true;
  }
  return false;
}
const VEHICLE_PARTS = ['skipet', 'skuta', 'båten', 'ferja', 'ferga', 'flyet', 'bussen'];

/** The person "med … om bord" after a wreck at token k ("… med hele bystyret om bord"), or -1. */
function onBoard(text: NormalisedText, k: number, threats: CompiledThreats): number {
  let person = -1;
  let withAt = -1;
  for (let t = k + 1; t < text.count && t <= k + 7 && !sentenceBreakBefore(text, t); t++) {
    if (withAt < 0) {
      if (isOneOf(WITH, text, t)) withAt = t;
      continue;
    }
    if (person < 0 && (isTarget(text, t, threats) || isOneOf(threats.groups, text, t) || isName(text, t)))
      person = t;
    else if (person >= 0 && isOneOf(ABOARD, text, t)) return person;
  }
  return -1;
}

/** Whether a cliff follows "utfor"/"over" at token k within two words ("kjører utfor stupet", "utfor et stup"). */
function fallFrom(text: NormalisedText, k: number, threats: CompiledThreats): boolean {
  for (let c = k + 1; c < text.count && c <= k + 2; c++) {
    if (clauseBreakBefore(text, c)) return false;
    if (isOneOf(threats.cliffs, text, c)) return true;
  }
  return false;
}

/** A target: a listed word, or a person noun by its ending ("politikerne", "sosialistene", "forræderen"). */
function isTarget(text: NormalisedText, t: number, threats: CompiledThreats): boolean {
  return isOneOf(threats.targets, text, t) || isPersonNoun(text, t, threats);
}

/** A person noun by its ending ("politikerne", "journalisten", "forræderen"; not "stjerne"). */
function isPersonNoun(text: NormalisedText, t: number, threats: CompiledThreats): boolean {
  const start = text.formStarts[t]!;
  const end = text.formEnds[t]!;
  if (end - start < threats.personMinLength) return false;
  for (const ending of threats.personEndings) {
    if (end - start > ending.length && endsWith(text.chars, start, end, ending))
      return !threats.personExcept.has(text.form(t));
  }
  return false;
}

function endsWith(chars: Uint16Array, start: number, end: number, ending: string): boolean {
  const from = end - ending.length;
  if (from < start) return false;
  for (let k = 0; k < ending.length; k++) if (chars[from + k] !== ending.charCodeAt(k)) return false;
  return true;
}

/** Whether a comma, and nothing that ends a sentence, stands before token t. */
function commaBefore(text: NormalisedText, t: number): boolean {
  return text.seps[t]!.indexOf(',') >= 0 && !sentenceBreakBefore(text, t);
}

/** Whether the separator before token t ends a clause: `/[.,!?;:\n]/.test(sep)`. */
function clauseBreakBefore(text: NormalisedText, t: number): boolean {
  const sep = text.seps[t]!;
  for (let k = 0; k < sep.length; k++) {
    const c = sep.charCodeAt(k);
    // . , ! ? ; : and a line feed
    if (c === 46 || c === 44 || c === 33 || c === 63 || c === 59 || c === 58 || c === 10) return true;
  }
  return false;
}

/** Whether token t's form is one of `words`. */
const isOneOf = (words: WordSet, text: NormalisedText, t: number): boolean =>
  words.has(text.chars, text.formStarts[t]!, text.formEnds[t]!);

function followedBy(text: NormalisedText, i: number, words: WordSet, window: number): boolean {
  for (let k = i + 1; k < text.count && k <= i + window; k++) {
    if (clauseBreakBefore(text, k)) return false;
    if (isOneOf(words, text, k)) return true;
  }
  return false;
}

/**
 * The writer's act answering a condition (round 17): "så"/"da" opening the clause, the writer
 * inverted after the verb, and a condition before it in the sentence, by "hvis"/"om"/"if" or a
 * verb-first clause ("Tek du fossen frå oss, så tek me deg", "Hvis de legger ned skolen, så
 * skyter vi dere"). "Tar du oppvasken, så tar jeg deg med på kino" is `clauseEnd`'s to refuse.
 */
function answersCondition(text: NormalisedText, v: number, threats: CompiledThreats): boolean {
  if (v < 3 || !isOneOf(SO_THEN, text, v - 1) || !clauseBreakBefore(text, v - 1)) return false;
  if (v + 1 >= text.count || clauseBreakBefore(text, v + 1) || !isOneOf(threats.firstPerson, text, v + 1))
    return false;
  if (sentenceBreakBefore(text, v - 1) || endsWithQuestion(text, v)) return false;
  let s = v - 2;
  while (s > 0 && !sentenceBreakBefore(text, s)) s--;
  for (let k = s; k < v - 1; k++) {
    if (isOneOf(CONDITION, text, k)) return true;
    // A verb-first condition, its second word the addressee or a third person ("Tek du …",
    // "Ola, stenger dere …").
    if (
      (k === s || clauseBreakBefore(text, k)) &&
      k + 1 < v - 1 &&
      !clauseBreakBefore(text, k + 1) &&
      isOneOf(CONDITION_SUBJECTS, text, k + 1) &&
      !isOneOf(QUESTION_WORDS, text, k)
    )
      return true;
  }
  return false;
}
const SO_THEN = new WordSet(['så', 'da', 'then']);
const CONDITION = new WordSet([...IF_WORDS, 'dersom', 'viss']);
const CONDITION_SUBJECTS = new WordSet(['du', 'dere', 'dykk', 'dokker', 'de', 'dei', 'han', 'hun', 'ho']);
const QUESTION_WORDS = new WordSet([
  'hvem',
  'kven',
  'hva',
  'kva',
  'hvor',
  'kvar',
  'når',
  'korfor',
  'hvorfor',
]);

/**
 * A name: the word as written starts with a capital and has a lower-case letter
 * after it ("Ola", "McDonald"; not "I", "NATO" or shouted text). Only asked for
 * words after the verb in the same clause, so never for a sentence's first word.
 */
function isName(text: NormalisedText, t: number): boolean {
  if (!text.isWord(t)) return false;
  const word = text.raw.slice(text.starts[t], text.ends[t]);
  const first = word.codePointAt(0)!;
  const head = String.fromCodePoint(first);
  if (head === head.toLowerCase()) return false;
  const rest = word.slice(head.length);
  return rest !== rest.toUpperCase();
}

/**
 * The active verb at token i (its letters from token `first` on, when spelt apart):
 * an intent before it, a target after it.
 */
function activeThreat(
  text: NormalisedText,
  i: number,
  threats: CompiledThreats,
  info: VerbInfo,
  first = i,
): ThreatHit | null {
  // Intent before the verb, or the verb opening its clause (an imperative), or joined
  // by "og" to an imperative of going ("gå og heng deg", "dra og drep dem").
  // A light verb opening the clause before the verb's noun orders it too: "sett fyr på moskeen".
  let intent =
    first === 0 ||
    clauseBreakBefore(text, first) ||
    (first > 1 &&
      isOneOf(AND, text, first - 1) &&
      isOneOf(GOING, text, first - 2) &&
      (first === 2 || clauseBreakBefore(text, first - 2))) ||
    (isOneOf(SET, text, first - 1) && (first === 1 || clauseBreakBefore(text, first - 1)));
  if (info.speaker && !spokenByWriter(text, first, threats)) return null;
  if (!intent && answersCondition(text, first, threats)) intent = true;
  // A verb joined by "og" to one before shares its intent: "I'm going to find you and kill you".
  const before = first > 0 && isOneOf(AND, text, first - 1) ? 2 * BEFORE : BEFORE;
  if (info.gerund === true) intent = false;
  for (let k = first - 1; !intent && info.gerund !== true && k >= 0 && k >= first - before; k--) {
    if (isOneOf(threats.intent, text, k) || isOneOf(threats.firstPerson, text, k)) intent = true;
    if (clauseBreakBefore(text, k)) break;
  }
  // After "å"/"to" the verb opens no clause: a subject pronoun after it asks nothing ("… å skyte dere").
  const stated = !intent && (unhesitating(text, first, threats) || statedIntent(text, first, info, threats));
  // Someone acting under a wish before it in the sentence: "gleder meg til dagen noen skyter ham".
  if (!intent && !stated && !desiredAct(text, first)) return null;
  // A verb opening its clause with a subject pronoun right after it asks a question, it does
  // not order: "Henger du med på kino?", "Skyter du bilder på bryllupet?".
  // A subject after a verb that does not open its sentence is inverted after a fronted clause or
  // adverbial, no question: "Hvis du kommer igjen, skyter jeg deg", "I morgen slår vi dere i hjel".
  const inverted =
    !stated &&
    first > 0 &&
    first + 2 < text.count &&
    !sentenceBreakBefore(text, first) &&
    !clauseBreakBefore(text, first + 1) &&
    isOneOf(INVERTED_SUBJECTS, text, first + 1) &&
    !endsWithQuestion(text, i);
  if (inverted) intent = true;
  else if (
    !stated &&
    first + 1 < text.count &&
    !clauseBreakBefore(text, first + 1) &&
    asksAbout(text, first)
  ) {
    let cued = false;
    for (let k = first - 1; !cued && k >= 0 && k >= first - before && !clauseBreakBefore(text, k + 1); k--)
      cued = isOneOf(threats.intent, text, k) || isOneOf(threats.firstPerson, text, k);
    if (!cued) return null;
  }
  // The inverted subject is skipped: the object comes after it.
  const from = inverted ? i + 1 : i;
  let limit = from + AFTER;
  // Where the people counted after the verb are counted from: the verb, or a body part after it.
  let base = from;
  // The last breaker that aimed the verb: another right after it aims it too ("ut av deg").
  let aimedBreaker = -2;
  for (let k = from + 1; k < text.count && k <= limit; k++) {
    // The object stands in the verb's own clause: a subordinate clause's subject is no object
    // ("skyt på hvis du lurer på noe"), and the writer as the object fills the slot ("mamma
    // kommer til å drepe meg når de hører det").
    if (clauseBreakBefore(text, k) || isOneOf(SUBORDINATORS, text, k)) break;
    if (isOneOf(WRITER_OBJECT, text, k)) return null;
    // A thing as the object, a relative clause's subject after it: "skyt bare det dere har kvote på".
    if (k > from + 1 && isOneOf(THINGS, text, k - 1) && isOneOf(PERSON_SUBJECTS, text, k)) break;
    // Whoever a relative clause names: "den neste som …", "hver eneste en som …", "the first one who …".
    if (!info.secondPersonOnly && relativeHead(text, k))
      return { verb: text.form(i), target: text.form(k), start: text.starts[i]!, end: text.ends[k]! };
    if (
      !info.secondPersonOnly &&
      (isOneOf(QUANTIFIERS, text, k) || (isOneOf(OF, text, k) && isOneOf(QUANTIFIERS, text, k - 1))) &&
      !isTarget(text, k, threats)
    ) {
      limit = Math.min(limit + 1, base + QUANTIFIED_AFTER);
      continue;
    }
    // A place the verb needs ("brenne ned huset til ordføreren"): its owner may follow "til".
    if (
      info.requires !== null &&
      isOneOf(info.requires, text, k) &&
      k + 2 < text.count &&
      isOneOf(TO, text, k + 1) &&
      !clauseBreakBefore(text, k + 1)
    ) {
      limit = Math.max(limit, k + 2);
      continue;
    }
    // "skjære strupen over på deg", "knuse hodet på deg": the body part's owner comes a few words on.
    if (isOneOf(threats.bodyParts, text, k)) {
      // The owner said before it: "break your jaw", "knuse hans nese".
      if (k - 1 > from && isOneOf(OWNER_BEFORE, text, k - 1))
        return { verb: text.form(i), target: text.form(k - 1), start: text.starts[i]!, end: text.ends[k]! };
      limit = Math.max(limit, k + 3);
      base = k;
      continue;
    }
    if (isOneOf(threats.breakers, text, k)) {
      // "stikke kniven i deg", "sette ei kule i deg", "rive hodet av deg", "slå hjernen ut av deg":
      // after a weapon or a body part, "i", "ut" and "av" aim it; so does a particle right after
      // a verb that needs a body part ("skjære av deg ørene").
      const aims =
        isOneOf(threats.weapons, text, k - 1) ||
        isOneOf(threats.bodyParts, text, k - 1) ||
        (k === from + 1 && info.requires !== null) ||
        k === aimedBreaker + 1;
      // Right after the verb, a preposition may end an act whose object was fronted: "Ham bør noen henge i et tre".
      if (!aims) {
        if (k === from + 1 || (k === from + 2 && isOneOf(AFTER_FRONTED, text, from + 1))) break;
        return null;
      }
      aimedBreaker = k;
      // An article may stand before the person it aims at: "put a bullet in the mayor".
      limit = Math.max(limit, isOneOf(ARTICLE_OR_THE, text, k + 1) ? k + 2 : k + 1);
      continue;
    }
    if (info.secondPersonOnly) {
      if (k !== from + 1 || !isOneOf(threats.secondPerson, text, k)) return null;
      if (info.clauseEnd !== null && !endsClause(text, k, info.clauseEnd)) return null;
      return { verb: text.form(i), target: text.form(k), start: text.starts[i]!, end: text.ends[k]! };
    }
    // "all" before a noun says how much: the noun is the target ("drepe all handel" has none).
    if (
      (isOneOf(DETERMINERS, text, k) ||
        (info.people && isOneOf(PEOPLE_DETERMINERS, text, k)) ||
        (isOneOf(WHOLE, text, k) && definitePluralThing(text, k + 1, threats))) &&
      determinesNoun(text, k)
    ) {
      limit = Math.min(limit + 1, from + QUANTIFIED_AFTER);
      continue;
    }
    if (isTarget(text, k, threats)) {
      // A gerund's person before an article is who is sent something: "shooting you an email".
      if (
        info.gerund === true &&
        k + 1 < text.count &&
        !clauseBreakBefore(text, k + 1) &&
        isOneOf(ARTICLE, text, k + 1)
      )
        return null;
      return { verb: text.form(i), target: text.form(k), start: text.starts[i]!, end: text.ends[k]! };
    }
    if (!info.people && isName(text, k) && !writersOwn(text, k)) {
      return {
        verb: text.form(i),
        target: text.raw.slice(text.starts[k], text.ends[k]),
        start: text.starts[i]!,
        end: text.ends[k]!,
      };
    }
  }
  return stated || info.secondPersonOnly || info.gerund === true
    ? null
    : frontedTarget(text, first, i, threats);
}

/**
 * Whether the name at token k is a thing of the writer's (thirteenth round): a possessive of
 * the writer's right after it or after its ending ("drepe den gamle Lada-en min", "shoot my
 * Tesla" has it before and no name is aimed at), so a car or a phone is no person.
 */
function writersOwn(text: NormalisedText, k: number): boolean {
  for (let t = k + 1; t < text.count && t <= k + 2 && !clauseBreakBefore(text, t); t++)
    if (isOneOf(MINE, text, t)) return true;
  return false;
}

/** Who may act in a clause whose object was fronted: the writer, or someone ("Den dommeren burde noen skyte"). */
const INDEFINITE = new WordSet(['noen', 'nokon', 'nokre', 'someone', 'somebody', 'annen', 'annan']);
/** Adverbs between the subject and the verb: "noen endelig skyter", "someone finally shoots". */
const SUBJECT_ADVERBS = new WordSet([
  'endelig',
  'endeleg',
  'snart',
  'bare',
  'berre',
  'gjerne',
  'faktisk',
  'finally',
  'just',
  'eventually',
  'actually',
  'gladly',
]);
/** After the verb of a fronted object: the clause ends, or a particle or an adverbial follows, not another object. */
const AFTER_FRONTED = new WordSet([
  'i',
  'på',
  'opp',
  'ned',
  'ihjel',
  'hjel',
  'snart',
  'nå',
  'no',
  'levende',
  'levande',
  'in',
  'on',
  'up',
  'down',
  'now',
  'soon',
  'dead',
  'alive',
  'someday',
  'today',
  'tonight',
  'tomorrow',
]);
/** An article before these is an adverbial of time: "en dag", "ein gong". */
const TIMES = new WordSet(['dag', 'gang', 'gong', 'kveld', 'natt', 'morgen', 'day', 'night']);
/** Determiners before a fronted person: "Den dommeren …", "That judge …". */
const FRONT_DETERMINERS = new WordSet([
  'den',
  'denne',
  'dette',
  'de',
  'dei',
  'disse',
  'desse',
  'that',
  'this',
]);

/**
 * A person fronted as the object of the act at token v (its letters from `first`): Norwegian puts
 * the modal second and the subject after it ("Deg skal jeg drepe", "Den dommeren burde noen
 * skyte"), English the subject before the modal ("Him I will kill"). The verb ends its clause or
 * a particle follows it: "Han skal jeg skyte bilder av" has an object of its own, "Elgen skal jeg
 * skyte" no person, "Han skal skyte straffen" no subject after the modal.
 */
function frontedTarget(
  text: NormalisedText,
  first: number,
  v: number,
  threats: CompiledThreats,
): ThreatHit | null {
  const next = v + 1;
  if (next < text.count && !clauseBreakBefore(text, next) && !isOneOf(SUBORDINATORS, text, next)) {
    const timed =
      isOneOf(ARTICLE, text, next) &&
      next + 1 < text.count &&
      !clauseBreakBefore(text, next + 1) &&
      isOneOf(TIMES, text, next + 1);
    if (!timed && !isOneOf(AFTER_FRONTED, text, next)) return null;
  }
  let s = first - 1;
  if (s >= 0 && isOneOf(SUBJECT_ADVERBS, text, s) && !clauseBreakBefore(text, s + 1)) s--;
  if (s < 1 || clauseBreakBefore(text, s + 1)) return null;
  const subject = (t: number) => isOneOf(threats.firstPerson, text, t) || isOneOf(INDEFINITE, text, t);
  // Norwegian: the modal, then the subject; English: the subject, then the modal.
  let np: number;
  if (subject(s) && isOneOf(threats.intent, text, s - 1) && !clauseBreakBefore(text, s)) np = s - 2;
  else if (s > 1 && isOneOf(threats.intent, text, s) && subject(s - 1) && !clauseBreakBefore(text, s))
    np = s - 2;
  else return null;
  if (np < 0 || clauseBreakBefore(text, np + 1)) return null;
  // The person opens the clause, alone or after a determiner.
  const opens = (t: number) => t === 0 || clauseBreakBefore(text, t);
  const person = isTarget(text, np, threats) && !isOneOf(threats.firstPerson, text, np);
  if (!person) return null;
  if (!opens(np) && !(np > 0 && isOneOf(FRONT_DETERMINERS, text, np - 1) && opens(np - 1))) return null;
  return { verb: text.form(v), target: text.form(np), start: text.starts[np]!, end: text.ends[v]! };
}

/** Wishes, prayers and looking forward: "håper", "ber om at", "gleder meg til", "ser fram til", "can't wait". */
const DESIRE = new WordSet([
  'håper',
  'håpar',
  'vonar',
  'ønsker',
  'ønskjer',
  'ønskje',
  'ønske',
  'gleder',
  'gler',
  'gledar',
  'ber',
  'bed',
  'drømmer',
  'drøymer',
  'lengter',
  'lengtar',
  'fram',
  'frem',
  'tide',
  'hope',
  'hoping',
  'hopes',
  'wish',
  'pray',
  'praying',
  'prays',
  'forward',
  'wait',
  // A killing foretold: "bare et tidsspørsmål før noen dreper ham", "a matter of time before someone …".
  'tid',
  'tida',
  'tiden',
  'tidsspørsmål',
  'time',
]);
/** How far before the act's subject a wish may stand in its sentence. */
const DESIRE_BACK = 10;

/**
 * Whether the act at token v has someone as its subject right before it ("noen", "someone",
 * "en eller annen", perhaps with "endelig" between) and a wish, a prayer or a looking-forward
 * before that in its sentence: "gleder meg til dagen noen endelig skyter ham", "I pray that
 * somebody kills him". "Noen skyter ham i filmen" states; a negation is `negatedAct`'s.
 */
function desiredAct(text: NormalisedText, v: number): boolean {
  let s = v - 1;
  if (s >= 0 && isOneOf(SUBJECT_ADVERBS, text, s) && !clauseBreakBefore(text, s + 1)) s--;
  if (s < 1 || !isOneOf(INDEFINITE, text, s) || clauseBreakBefore(text, s + 1)) return false;
  for (let k = s - 1; k >= 0 && k >= s - DESIRE_BACK; k--) {
    if (isOneOf(DESIRE, text, k)) return true;
    if (sentenceBreakBefore(text, k)) return false;
  }
  return false;
}

/** Words that open a subordinate clause: what follows them is its subject, not the verb's object. */
const SUBORDINATORS = new WordSet([
  'når',
  'hvis',
  'dersom',
  'viss',
  'fordi',
  'ettersom',
  'mens',
  'while',
  'whilst',
  'though',
  'although',
  'if',
  'when',
  'whenever',
  'because',
  'unless',
]);
/** The writer as the verb's object: "drepe meg", "kill me" (hyperbole of one's own fate, no target after it). */
const WRITER_OBJECT = new WordSet(['meg', 'mæ', 'mæg', 'oss', 'me', 'us', 'myself', 'ourselves']);
/** Heads of a relative clause that name people: "den som", "de som", "hver eneste en som", "anyone who". */
const RELATIVE_HEADS = new WordSet([
  'den',
  'de',
  'dei',
  'dem',
  'alle',
  'enhver',
  'einkvar',
  'en',
  'ein',
  'folk',
  'sånne',
  'slike',
  'one',
  'anyone',
  'anybody',
  'everyone',
  'everybody',
  'those',
  'people',
]);
/** Possessives said before a body part: "your jaw", "hans nese". */
const OWNER_BEFORE = new WordSet([
  'your',
  'ur',
  'his',
  'her',
  'their',
  'din',
  'di',
  'ditt',
  'dine',
  'hans',
  'hennes',
  'hennar',
  'deres',
  'dykkar',
  'deira',
]);
/** Between a head and its relative clause: "den neste som", "the first one who". */
const ORDINALS = new WordSet(['neste', 'første', 'fyrste', 'siste', 'next', 'first', 'last']);
const RELATIVE = new WordSet(['som', 'who']);

/** Whether token k heads a relative clause about people ("den neste som", "anyone who"). */
function relativeHead(text: NormalisedText, k: number): boolean {
  if (!isOneOf(RELATIVE_HEADS, text, k)) return false;
  let r = k + 1;
  if (r < text.count && !clauseBreakBefore(text, r) && isOneOf(ORDINALS, text, r)) r++;
  if (r < text.count && !clauseBreakBefore(text, r) && isOneOf(ONE, text, r)) r++;
  return r < text.count && !clauseBreakBefore(text, r) && isOneOf(RELATIVE, text, r);
}
const ONE = new WordSet(['one']);

/**
 * "all": a target alone ("kill them all", "kill all of you") but a determiner before a noun,
 * which is the target or nothing ("drepe all handel", Norwegian "all" takes mass nouns).
 * "alle", "hele" before a noun stay targets: "skyte hele redaksjonen" aims at people.
 */
const DETERMINERS = new WordSet(['all']);
/** For verbs aimed at people only, more words that determine a noun: "kjøre ned de bratte bakkene", "hele veien". */
const PEOPLE_DETERMINERS = new WordSet(['de', 'dei', 'hele', 'heile', 'alle', 'the']);
/** Subject pronouns: right after a verb that opens its clause, they make it a question ("Henger du med?"). */
// Not "you": English asks with an auxiliary ("do you …"), and "kill you" has it as the object.
const SUBJECTS = new WordSet(['du', 'dere', 'dykk', 'dokker', 'hun', 'vi', 'me', 'eg', 'jeg']);
/** First-person subjects in Norwegian word order after the verb: "… skyter jeg deg", "… slår me dei". */
const INVERTED_SUBJECTS = new WordSet([...FIRST_PERSON_WORDS, 'jæ', 'æg']);
/** Subject or object in speech ("Flå han levende", "Skyt de som …"): a subject only after a present tense. */
const SUBJECT_OR_OBJECT = new WordSet(['han', 'ho', 'de', 'dei']);

/**
 * Whether the verb at token v is followed by its subject, so asks a question: a subject
 * pronoun, or "han"/"ho"/"de" after a present tense in -er/-ar ("Skyter han bra?"; the
 * imperative "Flå han levende" has no such ending).
 */
function asksAbout(text: NormalisedText, v: number): boolean {
  if (isOneOf(SUBJECTS, text, v + 1)) return true;
  if (!isOneOf(SUBJECT_OR_OBJECT, text, v + 1)) return false;
  const end = text.formEnds[v]!;
  const vowel = text.chars[end - 2];
  return end - text.formStarts[v]! > 3 && text.chars[end - 1] === 114 && (vowel === 101 || vowel === 97);
}
/** Things as an object before a relative clause's subject: "det dere har", "alt du ser", "what you want". */
const THINGS = new WordSet(['det', 'alt', 'noe', 'noko', 'what', 'whatever', 'everything']);

/**
 * Whether token t (after "alle", "hele") is a definite plural that names no person: "alle
 * brunsneglene", "alle ulvane". The noun is then the object, "alle" its determiner.
 */
function definitePluralThing(text: NormalisedText, t: number, threats: CompiledThreats): boolean {
  if (t >= text.count || clauseBreakBefore(text, t)) return false;
  const start = text.formStarts[t]!;
  const end = text.formEnds[t]!;
  if (
    end - start < 5 ||
    !(endsWith(text.chars, start, end, 'ene') || endsWith(text.chars, start, end, 'ane'))
  )
    return false;
  return !isTarget(text, t, threats) && !isOneOf(threats.groups, text, t);
}
/** After a determiner, words that keep it a pronoun: "alle sammen", "alle som …", "all of you". */
const PRONOUN_AFTER = new WordSet(['sammen', 'saman', 'som', 'of', 'av', 'who', 'together']);

/** Whether the determiner at token k stands before a word of its clause that makes it no pronoun. */
function determinesNoun(text: NormalisedText, k: number): boolean {
  const next = k + 1;
  return next < text.count && !clauseBreakBefore(text, next) && !isOneOf(PRONOUN_AFTER, text, next);
}

/** Whether the passive at token i has its required particle right after it, ending the clause ("burde kjøres ned."). */
function particleEnds(text: NormalisedText, i: number, info: VerbInfo): boolean {
  const p = i + 1;
  return (
    p < text.count &&
    !clauseBreakBefore(text, p) &&
    info.requires !== null &&
    isOneOf(info.requires, text, p) &&
    endsClause(text, p, info.clauseEnd!)
  );
}

/** Whether token t ends its clause, or the next word is one of `allowed`. */
function endsClause(text: NormalisedText, t: number, allowed: WordSet): boolean {
  const next = t + 1;
  return next >= text.count || clauseBreakBefore(text, next) || isOneOf(allowed, text, next);
}

/** Light verbs whose noun carries the act: "sett fyr på …" orders the arson as "tenn på …" does. */
const SET = new WordSet(['sett', 'sette', 'setj', 'set']);

/**
 * Negators that take a violent act back in their clause (eighth round: negation): "jeg skal
 * ikke drepe deg", "ingen her vil drepe noen", "I'm not going to kill you" ("n't" is the
 * token "t" after an apostrophe), "nobody wants to hurt you".
 */
const NEGATORS = new WordSet([
  'ikke',
  'ikkje',
  'ikk',
  'itj',
  'ittj',
  'ittje',
  'aldri',
  'aldrig',
  'ingen',
  'inga',
  'ingenting',
  'never',
  'not',
  'nobody',
  'noone',
  'dont',
  'wont',
  'cant',
  'wouldnt',
  'shouldnt',
]);
/** "no" negates as a subject only: "no one", "no man". */
const NO = new WordSet(['no']);
const NO_SUBJECT = new WordSet(['one', 'body', 'man', 'person']);
/** After a negator, words that make it "not only": "ikke bare drepe deg", "not just kill you". */
const ONLY = new WordSet(['bare', 'berre', 'kun', 'only', 'just', 'merely']);
/** Before a negator, words that make it a proposal: "hvorfor ikke skyte dem", "why not kill them". */
const WHY = new WordSet(['hvorfor', 'kvifor', 'korfor', 'why']);
/**
 * Between a negator and the act, words that make the negation a threat's own: a belief denied
 * ("ikke tro at jeg ikke dreper deg", "don't think I won't kill you"), a rescue or an escape
 * denied ("ingen kan stoppe meg fra å drepe deg"), a promise withheld or a saying hinted ("jeg
 * sier ikke at jeg skal skade deg", "I'm not saying I'll hurt you").
 */
const STRENGTHENING = new WordSet([
  'tro',
  'tru',
  'tror',
  'trur',
  'tenk',
  'think',
  'believe',
  'assume',
  'stoppe',
  'stopp',
  'stanse',
  'hindre',
  'hindra',
  'stop',
  'prevent',
  'redde',
  'save',
  'sier',
  'seier',
  'saying',
  'say',
  'lover',
  'lovar',
  'lova',
  'promise',
  'garantere',
  'garanterer',
  'guarantee',
]);
/**
 * Words that begin another clause between a negator and the act, so the negation stays there:
 * "ingen vil savne deg når jeg dreper deg", "jeg er ikke redd og jeg skal drepe deg"; before a
 * negator, a fronted condition: "hvis du ikke flytter skal jeg drepe deg". "at"/"that" is not one:
 * "ingen ønsker at du skal dø" denies the wish and what is wished.
 */
const OTHER_CLAUSE = new WordSet([
  'og',
  'men',
  'når',
  'før',
  'etter',
  'mens',
  'fordi',
  'hvis',
  'dersom',
  'viss',
  'siden',
  'så',
  'and',
  'but',
  'when',
  'before',
  'after',
  'while',
  'because',
  'if',
  'unless',
  'once',
  'so',
  'until',
]);
/**
 * After the act, words that put it off rather than take it back: "… i dag", "ikke ennå", "not
 * yet", "ikke før du …"; after a contrast, the act comes later: "…, men i morgen".
 */
const LATER = new WordSet([
  'dag',
  'idag',
  'morgen',
  'imorgen',
  'kveld',
  'ikveld',
  'natt',
  'inatt',
  'nå',
  'ennå',
  'enda',
  'enno',
  'endå',
  'snart',
  'senere',
  'seinare',
  'siden',
  'gangen',
  'først',
  'før',
  'yet',
  'today',
  'tomorrow',
  'tonight',
  'now',
  'soon',
  'later',
  'time',
  'first',
  'before',
  'until',
  'till',
]);
/** A contrast after the act: "men", "bare", "but", "only"; another violent act or a time after it re-asserts. */
const CONTRAST = new WordSet(['men', 'bare', 'berre', 'kun', 'but', 'only', 'just', 'instead', 'heller']);
/** How far before the act a negator may stand in its clause. */
const NEGATION_BACK = 8;
/** How far after the act a contrast or a time may re-assert it. */
const REASSERT_AFTER = 8;

/**
 * Whether the violent act from token `first` to its target at `last` is taken back by a negator
 * before it in its clause ("jeg skal ikke drepe deg", "ingen ønsker at du skal dø", "I'm not going
 * to kill you"), and nothing re-asserts it: "not only" or "why not", a denied belief or rescue
 * ("ikke tro at …", "ingen kan stoppe meg …"), a question ("Hvorfor skal jeg ikke …?"), a time
 * after it ("… i dag", "… yet") or a contrast with another act or a time ("…, bare knuse knærne
 * dine", "…, men i morgen"). When in doubt it is not taken back: the threat stands as before.
 */
export function negatedAct(
  text: NormalisedText,
  first: number,
  last: number,
  threats: CompiledThreats,
  roles: Int32Array,
): boolean {
  let negator = -1;
  for (let k = first - 1; k >= 0 && k >= first - NEGATION_BACK; k--) {
    if (isNegator(text, k)) {
      negator = k;
      break;
    }
    // "ingen kan stoppe meg fra å …", "jeg nøler ikke med å …": the negation is the threat's own.
    if (
      otherClause(text, k) ||
      isOneOf(STRENGTHENING, text, k) ||
      isOneOf(HESITATING, text, k) ||
      isOneOf(PROBLEM, text, k) ||
      clauseBreakBefore(text, k)
    )
      return false;
  }
  if (negator < 0) return false;
  if (negator + 1 < first && isOneOf(ONLY, text, negator + 1)) return false;
  // The negator's own clause, back to its start: "why not", or a fronted condition.
  let opens = negator;
  for (let k = negator - 1; k >= 0 && !clauseBreakBefore(text, k + 1); k--) {
    if (
      isOneOf(WHY, text, k) ||
      otherClause(text, k) ||
      isOneOf(STRENGTHENING, text, k) ||
      isOneOf(HESITATING, text, k) ||
      isOneOf(PROBLEM, text, k)
    )
      return false;
    opens = k;
  }
  // A clause opening with a modal and its subject proposes: "Burde vi ikke skyte dem", "Kan me ikkje …".
  if (negator - opens === 2 && isOneOf(threats.intent, text, opens)) return false;
  if (endsWithQuestion(text, last)) return false;
  // After the act: a time, or a contrast with another act, a time or a body part, in the sentence.
  let contrast = false;
  for (let k = last + 1; k < text.count && k <= last + REASSERT_AFTER; k++) {
    if (sentenceBreakBefore(text, k)) break;
    if (isOneOf(LATER, text, k)) return false;
    if (
      contrast &&
      ((roles[k]! & ROLE_VERB) !== 0 ||
        isOneOf(threats.bodyParts, text, k) ||
        isOneOf(threats.weapons, text, k))
    )
      return false;
    if (isOneOf(CONTRAST, text, k)) contrast = true;
  }
  return true;
}

/**
 * Hesitation, fear and waiting denied: "jeg nøler ikke med å skyte deg", "eg er ikkje redd for å
 * drepe deg", "I won't hesitate to kill you", "I can't wait to kill you".
 */
const HESITATING = new WordSet([
  'nøle',
  'nøler',
  'nøla',
  'nølar',
  'redd',
  'rædd',
  'vente',
  'venter',
  'venta',
  'ventar',
  'hesitate',
  'afraid',
  'scared',
  'wait',
]);
/** How far before the act the writer and the denied hesitation may stand. */
const HESITATING_BACK = 7;

/**
 * Whether the act at token v is an infinitive ("å", "to") after a hesitation the writer denies:
 * the writer, then a negator and a word of hesitation in either order, then the infinitive, in one clause.
 * It is the writer's intent: "jeg nøler ikke med å skyte deg"; not "han nøler ikke med å …"
 * (no first person), "jeg er redd for å skyte deg" (no negator).
 */
function unhesitating(text: NormalisedText, v: number, threats: CompiledThreats): boolean {
  if (v < 4 || !isOneOf(INFINITIVE, text, v - 1) || clauseBreakBefore(text, v - 1)) return false;
  let hesitating = false;
  let negated = false;
  for (let k = v - 2; k >= 0 && k >= v - HESITATING_BACK; k--) {
    // Either order: "jeg vil ikke nøle med å …", "jeg nøler ikke med å …".
    if (hesitating && negated && isOneOf(threats.firstPerson, text, k)) return true;
    hesitating ||= isOneOf(HESITATING, text, k);
    negated ||= isNegator(text, k);
    if (clauseBreakBefore(text, k)) return false;
  }
  return false;
}

/**
 * Intent the writer states about themself before the act (eighth round: veiled threats and
 * intent): a pleasure ("det ville vært en glede å …", "it would be a pleasure to …"), looking
 * forward ("jeg gleder meg til å …", "I'm looking forward to killing …"), no problem ("jeg har
 * ingen problemer med å …", "I'd have no problem stabbing …"), nothing stopping them ("ingenting
 * skal stoppe meg fra å …", "nothing will stop me from killing …"), or making sure ("eg skal
 * personleg sørgje for å …"). The act is an infinitive after "å"/"to", or an English gerund.
 */
const PLEASURE = new WordSet([
  'glede',
  'gleda',
  'fryd',
  'fornøyelse',
  'fornøyelsen',
  'nytelse',
  'pleasure',
  'joy',
  'delight',
  'privilege',
  'honour',
  'honor',
]);
/** Before a pleasure, a copula that is not a report: "vært", "bli", "be" ("det var en glede å …" is one). */
const BE = new WordSet(['vært', 'vore', 'være', 'vere', 'bli', 'blir', 'vert', 'er', 'be', 'is', 's']);
/** "gleder meg til å …": glad with a first-person reflexive. */
const GLAD = new WordSet(['gleder', 'gler', 'gledar', 'gleda', 'glæder', 'glede']);
const ME = new WordSet(['meg', 'oss', 'mæ', 'mæg', 'me', 'us']);
const FORWARD = new WordSet(['forward']);
/** "ingen problemer med å …", "no problem killing …": after a negator, the writer's readiness. */
const PROBLEM = new WordSet(['problem', 'problemer', 'problema', 'problemet', 'problems', 'qualms', 'issue']);
/** "stoppe meg fra å …", "stop me from killing …". */
const STOPPING = new WordSet(['stoppe', 'stopp', 'stanse', 'hindre', 'hindra', 'stop', 'prevent', 'keep']);
const FROM_DOING = new WordSet(['fra', 'frå', 'i', 'from']);
const SURE = new WordSet(['sørge', 'sørger', 'sørg', 'sørgje', 'sørgja', 'sure']);
const FOR_TO = new WordSet(['for', 'to']);
/** How far before the infinitive marker (or the gerund) a stated intent may stand. */
const STATED_BACK = 4;

/** Whether the act at token v (its reading `info`) follows an intent the writer states about themself. */
function statedIntent(text: NormalisedText, v: number, info: VerbInfo, threats: CompiledThreats): boolean {
  let from = v - 1;
  if (v > 0 && isOneOf(INFINITIVE, text, v - 1)) from = v - 2;
  else if (info.gerund !== true) return false;
  if (clauseBreakBefore(text, from + 1)) return false;
  for (let k = from; k >= 0 && k >= from - STATED_BACK; k--) {
    if (otherClause(text, k)) return false;
    if (isOneOf(PLEASURE, text, k)) return before(text, k, 3, (t) => isOneOf(BE, text, t));
    if (isOneOf(GLAD, text, k) && k + 2 <= from && isOneOf(ME, text, k + 1) && isOneOf(TO, text, k + 2))
      return true;
    // "I'm looking forward to …", or the clause opening with it: "Looking forward to …".
    if (isOneOf(FORWARD, text, k))
      return (
        k <= 1 ||
        clauseBreakBefore(text, k) ||
        clauseBreakBefore(text, k - 1) ||
        before(text, k, 3, (t) => isOneOf(threats.firstPerson, text, t))
      );
    if (isOneOf(PROBLEM, text, k))
      return (
        before(text, k, 3, (t) => denies(text, t)) &&
        before(text, k, 6, (t) => isOneOf(threats.firstPerson, text, t))
      );
    if (
      isOneOf(STOPPING, text, k) &&
      k + 2 <= from &&
      isOneOf(ME, text, k + 1) &&
      isOneOf(FROM_DOING, text, k + 2)
    )
      return before(text, k, 4, (t) => denies(text, t));
    if (isOneOf(SURE, text, k) && k + 1 <= from && isOneOf(FOR_TO, text, k + 1))
      return before(
        text,
        k,
        6,
        (t) => isOneOf(threats.firstPerson, text, t) || isOneOf(threats.intent, text, t),
      );
    if (clauseBreakBefore(text, k)) return false;
  }
  return false;
}

/** Nothing and no one as a subject, or "no" before a noun: "nothing will stop me", "no problem". */
const NONE = new WordSet(['no', 'nothing', 'nobody', 'none']);
const denies = (text: NormalisedText, t: number): boolean => isNegator(text, t) || isOneOf(NONE, text, t);

/** Whether one of the `back` words before token k in its clause is one that `is` says. */
function before(text: NormalisedText, k: number, back: number, is: (t: number) => boolean): boolean {
  for (let t = k - 1; t >= 0 && t >= k - back && !clauseBreakBefore(text, t + 1); t--) if (is(t)) return true;
  return false;
}

/** Whether token k negates: a negator, "n't" (the token "t" after an apostrophe), "no one". */
function isNegator(text: NormalisedText, k: number): boolean {
  if (isOneOf(NEGATORS, text, k)) return true;
  if (text.formEnds[k]! - text.formStarts[k]! === 1 && text.chars[text.formStarts[k]!] === 116)
    return k > 0 && text.seps[k]!.indexOf("'") >= 0;
  return isOneOf(NO, text, k) && k + 1 < text.count && isOneOf(NO_SUBJECT, text, k + 1);
}

/** Whether the sentence that token t stands in ends with a question mark. */
function endsWithQuestion(text: NormalisedText, t: number): boolean {
  for (let k = t + 1; k < text.count; k++)
    if (sentenceBreakBefore(text, k)) return text.seps[k]!.indexOf('?') >= 0;
  return text.raw.indexOf('?', text.ends[text.count - 1]!) >= 0;
}

const OM = new WordSet(['om']);
const INFINITIVE = new WordSet(['å', 'to']);

/** Whether token k begins another clause; "om" does unless "å" follows ("snakket om å …" is about). */
function otherClause(text: NormalisedText, k: number): boolean {
  if (isOneOf(OTHER_CLAUSE, text, k)) return true;
  return isOneOf(OM, text, k) && !(k + 1 < text.count && isOneOf(INFINITIVE, text, k + 1));
}

/** Verbs of saying and meaning after a question word. */
const SAYING = new WordSet([
  'sa',
  'sagt',
  'sier',
  'seier',
  'påstår',
  'påsto',
  'påstod',
  'mente',
  'mener',
  'meiner',
  'truet',
  'truga',
  'said',
  'says',
  'claimed',
  'claims',
  'told',
  'threatened',
]);

/**
 * Whether the act at token v is asked about: in a question whose sentence opens with "who said"
 * and whose act has no first person before it ("Hvem sa at noen skulle drepe deg?", "Who said
 * anyone would kill you?"); "Hvem sa at jeg ikke skal drepe deg?" keeps its threat.
 */
export function askedWhoSaid(
  text: NormalisedText,
  v: number,
  last: number,
  threats: CompiledThreats,
): boolean {
  for (let k = v - 1; k > 0 && k >= v - NEGATION_BACK; k--) {
    if (isOneOf(threats.firstPerson, text, k) || isNegator(text, k)) return false;
    // "Hvem sa at …", "Hvem har sagt at …", "Who said …".
    if (isOneOf(SAYING, text, k)) {
      const who = isOneOf(WH, text, k - 1) ? k - 1 : k > 1 && isOneOf(WH, text, k - 2) ? k - 2 : -1;
      return who >= 0 && (who === 0 || sentenceBreakBefore(text, who)) && endsWithQuestion(text, last);
    }
    if (sentenceBreakBefore(text, k)) return false;
  }
  return false;
}

/**
 * Whether a first-person subject stands before the verb at token v in its clause, with no
 * negation between: "I will hurt you", "jeg skal skade deg"; not "this will hurt you",
 * "I would never hurt you", "jeg vil ikke skade deg".
 */
function spokenByWriter(text: NormalisedText, v: number, threats: CompiledThreats): boolean {
  for (let k = v - 1; k >= 0 && k >= v - BEFORE; k--) {
    if (isOneOf(threats.negations, text, k)) return false;
    if (isOneOf(threats.firstPerson, text, k)) return true;
    if (clauseBreakBefore(text, k)) return false;
  }
  return false;
}

/** Imperatives of going that an imperative joins with "og": "gå og heng deg", "dra og drep dem". */
const GOING = new WordSet(['gå', 'dra', 'kom', 'reis', 'stikk', 'spring', 'løp', 'go']);

/** "og": a passive joined to another ("burde stilles mot veggen og skytes") shares its subject and cue. */
const AND = new WordSet(['og', 'and']);

const ARTICLE_OR_THE = new WordSet(['den', 'det', 'de', 'dei', 'the', 'that', 'this']);
/** "som": a relative clause between a passive's subject and its cue ("kvinnen som skrev dette burde voldtas"). */
const WHO = new WordSet(['som', 'who']);
/** How far back a relative clause's "som" may stand from the passive. */
const RELATIVE_BACK = 9;

/** Auxiliaries of the counterfactual past: "hadde jeg drept deg", "jeg ville ha skutt ham", "I would have killed you". */
const PERFECT = new WordSet([
  'hadde',
  'hadd',
  'ville',
  'kunne',
  'kunna',
  'ha',
  'had',
  'would',
  'could',
  'have',
]);
/** Modals of a wish before a bare participle (tenth round): "noen burde skutt ham", "eg skulle kverka han". */
const SHOULD_HAVE = new WordSet(['burde', 'skulle', 'skulla', 'skull', 'sku', 'should']);
/** Whether token t ends as a participle does ("skutt", "hengd", "skoten"), not an -s passive ("skytast") or an infinitive ("dø"). */
function isParticiple(text: NormalisedText, t: number): boolean {
  const end = text.formEnds[t]!;
  const last = text.chars[end - 1];
  // -st is the Nynorsk passive ("skytast"), not a participle.
  if (last === 116) return text.chars[end - 2] !== 115;
  return last === 100 || last === 110;
}
/** A participle read as the writer's own act: the reading of an active verb with a target after it. */
const DONE_BY_WRITER: VerbInfo = {
  active: true,
  requires: null,
  secondPersonOnly: false,
  clauseEnd: null,
  people: false,
  speaker: false,
};

/**
 * A participle in the counterfactual past said by the writer, with a target after it: "hadde
 * jeg vært der, hadde jeg drept deg", "I would have killed you". "Han hadde drept henne" reports
 * another's act; "jeg hadde skutt en elg" has no target. Since the tenth round also a wish's
 * modal before it and the writer or someone as its subject: "Noen burde skutt ham", "nokon
 * skulle ha knivstukke dei", "someone should have shot him".
 */
function counterfactualThreat(text: NormalisedText, i: number, threats: CompiledThreats): ThreatHit | null {
  let perfect = false;
  let writer = false;
  for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
    if (isOneOf(PERFECT, text, k) || isOneOf(SHOULD_HAVE, text, k)) perfect = true;
    else if (isOneOf(threats.firstPerson, text, k) || isOneOf(INDEFINITE, text, k)) writer = true;
    else break;
    if (clauseBreakBefore(text, k)) break;
  }
  return perfect && writer ? activeThreat(text, i, threats, DONE_BY_WRITER) : null;
}

/**
 * A person named by two capitalised words right before the passive's cue, in one clause
 * (thirteenth round): "Rådmann Sæther burde bli skutt", "Ola Nordmann bør henges". One
 * capitalised word alone may be a sentence's first noun ("Forslaget bør skytes ned").
 */
function namedSubject(text: NormalisedText, k: number, threats: CompiledThreats): boolean {
  return (
    k > 0 &&
    k + 1 < text.count &&
    isOneOf(threats.passiveCues, text, k + 1) &&
    !clauseBreakBefore(text, k) &&
    !clauseBreakBefore(text, k + 1) &&
    isName(text, k) &&
    isName(text, k - 1)
  );
}

function passiveThreat(text: NormalisedText, i: number, threats: CompiledThreats): ThreatHit | null {
  // A bare participle right after a modal is active (its perfect): "Legen burde skutt inn en kommentar".
  if (i > 0 && isOneOf(SHOULD_HAVE, text, i - 1) && isParticiple(text, i)) return null;
  let cue = false;
  let from = i - BEFORE;
  for (let k = i - 1; k >= 0 && k >= i - RELATIVE_BACK; k--) {
    if (k === i - 1 && isOneOf(AND, text, k)) from -= BEFORE;
    // "den jævla løgneren av en ordfører burde henges": the person stands before "av en".
    if (k + 1 < i && isOneOf(OF, text, k) && isOneOf(ARTICLE, text, k + 1)) from = Math.min(from, k - 2);
    if (isOneOf(threats.passiveCues, text, k)) cue = true;
    else if (k >= from && isTarget(text, k, threats) && !(k > 0 && isOneOf(PREPOSITIONS, text, k - 1))) {
      return cue
        ? { verb: text.form(i), target: text.form(k), start: text.starts[k]!, end: text.ends[i]! }
        : null;
    } else if (cue && k >= from && namedSubject(text, k, threats)) {
      return { verb: text.form(i), target: text.form(k), start: text.starts[k - 1]!, end: text.ends[i]! };
    } else if (
      cue &&
      k > 0 &&
      isOneOf(WHO, text, k) &&
      (isTarget(text, k - 1, threats) ||
        isOneOf(RELATIVE_HEADS, text, k - 1) ||
        (k > 1 && isOneOf(ORDINALS, text, k - 1) && isOneOf(RELATIVE_HEADS, text, k - 2)))
    ) {
      // The person the relative clause describes is the passive's subject.
      return { verb: text.form(i), target: text.form(k - 1), start: text.starts[k - 1]!, end: text.ends[i]! };
    }
    if (clauseBreakBefore(text, k)) break;
  }
  return null;
}
