/**
 * The lexicon is data in config/lexicon/: read once when this module loads (not
 * per call) and checked, so a broken file stops the process at boot with a
 * clear message rather than letting text through.
 */
import { readFileSync } from 'node:fs';

/** Categories a lexicon term can have (the public Category type also covers rule-only ones). */
export type TermCategory = 'profanity' | 'sexual' | 'slur' | 'threat' | 'spam';

/**
 * How a term matches a word token:
 * - `word`: the whole token is the term or the stem plus one of its endings;
 * - `start`: as `word`, or the term begins a compound ("horebukk");
 * - `end`: as `word`, or a form of the term ends a compound ("dumfitta");
 * - `both`: start or end;
 * - `phrase`: several words in a row ("jeg vet hvor du bor").
 */
export type MatchMode = 'word' | 'start' | 'end' | 'both' | 'phrase';

/** `no` = the term fires only on text read as Norwegian, `en` only on English text. */
export type TermLanguage = 'en' | 'no';

/**
 * How offensive an entry is; the site policy says what each grade does
 * (types.ts, `GradeActions`): mild (intensifiers, "dritt" for junk), strong
 * (swearing, vulgarity, insults), slur (words against a group), threat.
 */
export type Grade = 'mild' | 'strong' | 'slur' | 'threat';

export interface LexiconEntry {
  term: string;
  category: TermCategory;
  grade: Grade;
  match: MatchMode;
  /**
   * A word one calls a person ("idiot", "drittsekk"): aimed at someone ("du er
   * en …", "din …", "ordføreren er en …") the outcome is one step stricter.
   */
  insult?: boolean;
  /**
   * An insult that also names a role, kin or a thing ("klovn", "kjerring", "forræder"): its
   * definite form before "som" or a place picks out nobody insulted ("klovnen som kom").
   */
  literal?: boolean;
  /** An agent noun in -er that takes the Nynorsk -ar forms too ("kuksuger" → "kuksugar", "forrædarane"). */
  agent?: boolean;
  /** An animal called a person ("gris", "ku"): an insult only with a degrading word and said of a person. */
  animal?: boolean;
  /**
   * A mild word that swears like a strong one when said as a curse ("Satan så kaldt", "Fy satan!"):
   * then the site's action for strong words applies; named ("preika om Satan") it stays mild.
   */
  curse?: boolean;
  /**
   * A mild word for its other reading (a female dog: "tispa fikk valper") that said of a person
   * insults as a strong one: aimed ("tispa på kontoret") it does what an aimed strong insult does.
   */
  aimedStrong?: boolean;
  /** Also a given name ("Dick"): written with a capital beside another name it names someone (rules.ts). */
  givenName?: boolean;
  /** Another word after one of these ("dansa hora": the dance): the hit is not counted. */
  unlessAfter?: string[];
  /** Said to the reader by its very form, an imperative ("sug pikken min"): always aimed, one step stricter. */
  addressed?: boolean;
  /** Not a curse when joined by "og"/"eller" to one of these words: the place, as in "himmel og helvete". */
  pairedWith?: string[];
  /** A phrase that is no threat when the next word is one of these ("kommer hjem til deg med pakken"). */
  unlessNext?: string[];
  /** Stem the endings attach to; defaults to the term ("fitte" → stem "fitt" + a/er/ene). */
  stem?: string;
  /**
   * A compound tail only ("pakk" of "nepalerpakket"): the entry matches the end of a word whose
   * rest before it is one of these heads, and never a word of its own.
   */
  heads?: string[];
  /** Inflection endings, or the name of a paradigm in the file. */
  endings?: string[] | string;
  /** false: do not generate the bare-ASCII spelling (æ→a, ø→o, å→a), because it is another word. */
  ascii?: boolean;
  lang?: TermLanguage;
  note?: string;
}

export interface AllowEntry {
  term: string;
  /** `start` allows every word beginning with the term ("pikkolo" → "pikkoloen"), `end` every word ending with it. */
  match?: 'word' | 'start' | 'end';
  lang?: TermLanguage;
  reason: string;
}

export interface Lexicon {
  entries: LexiconEntry[];
  allow: AllowEntry[];
  paradigms: Record<string, string[]>;
  /**
   * Ordinary Norwegian words that English-only entries match ("fart", "slut"): in a
   * text with no function words, an English-only entry fires on any other word.
   */
  norwegianWords?: string[];
  /** Pairs of ordinary words ("svar tinger") that join into a form: not read as one split word unless in capitals. */
  splitPairs?: string[];
  /**
   * Words for a gang or an insult that a site's plain term heads ("sosialistgjengen",
   * "klimahysterikerkjerringa"): each site term is compiled with these compounds too.
   */
  siteTails?: CompoundTail[];
  /**
   * Adjectives of the peoples, faiths and orientations of config/lexicon/peoples.json ("nepalske",
   * "baptistiske", "Nepalese"): after a plural determiner they make a slur of the insult after them.
   */
  peopleAdjectives?: string[];
}

/** A compound's tail with the endings it inflects by, on its own stem if it has one ("kjerring"; "horde", stem "hord"). */
export interface CompoundTail {
  tail: string;
  stem?: string;
  endings: string[];
}

export interface ThreatVerb {
  /** Active forms: infinitive, present, imperative. */
  forms: string[];
  /** Passive forms and participles: only a threat with a modal and a target before them. */
  passive?: string[];
  /** A word that must follow within a few words ("slå ... ihjel"). */
  requires?: string[];
  /** The passive forms need it too ("bli revet i hjel"; "revet" alone is no threat). */
  passiveRequires?: boolean;
  /** Only the addressee is threatened ("banke deg"; "vi skal banke dem på søndag" is sport). */
  secondPersonOnly?: boolean;
  /**
   * The target must end the clause, or be followed by one of these words ("jeg skal
   * ta deg", "ta deg når du minst venter"; not "ta deg en kaffe", "ta deg sammen").
   */
  clauseEnd?: string[];
  /**
   * Only people are aimed at: not a name ("kjøre over Rosenborg" is sport), and "de", "hele",
   * "alle" are determiners before what is aimed at ("kjøre ned de bratte bakkene").
   */
  people?: boolean;
  /**
   * Only the writer's own act: a first-person subject stands before the verb, with no
   * negation between ("I will hurt you"; not "this will hurt you", "I would never hurt you").
   */
  speaker?: boolean;
}

/** Person nouns by their ending ("politikerne", "sosialistene", "forræderen"), as threat targets. */
export interface PersonSuffixes {
  endings: string[];
  minLength: number;
  except: string[];
}

/** "håper at du og de dine dør snart": a wish, a person, then a dying verb, within the sentence. */
export interface DeathWishes {
  cues: string[];
  verbs: string[];
  targets: string[];
  negations: string[];
  /** A death wished by its noun after a word of pain: "håper du går en smertefull død i møte". */
  nouns: string[];
  painful: string[];
  /** A disease got ("håper du får kreft"): a disease after one of `getting`. */
  diseases: string[];
  getting: string[];
  /** Dying of these is an idiom, no wish ("håper dere dør av latter"). */
  figurative: string[];
  /** "skulle sett", "vil se": a seeing verb after a modal is a wish too. */
  seeing: { verbs: string[]; modals: string[] };
  /** A fall wished: one of `over` and then, within two words, one of `cliffs` ("håper du kjører utfor stupet"). */
  over: string[];
  cliffs: string[];
}

/** A veiled threat as a word pattern: "a|b" one of several words, "…N" up to N words between. */
export interface VeiledPattern {
  steps: string[];
  /** The step looked up for every word (a rare word); the others are checked around it. */
  anchor: number;
  unlessNext?: string[];
  /** The match must end its clause ("jeg skal finne deg, og da …"; not "… finne deg litt slitsom"). */
  endsClause?: boolean;
  /** The match must end its sentence: a warning with no reason after it ("pass deg når du går hjem i kveld."). */
  endsSentence?: boolean;
  /** Something of the addressee's is named before it ("ungene dine går på X skole. Synd om noe skjedde."). */
  afterYours?: boolean;
  /**
   * The match must follow a comma: the main clause after a condition ("skriver du
   * mer om meg, er du død"); not a sentence of its own ("Er du død?").
   */
  afterComma?: boolean;
  /** The match must open its sentence: a fragment said alone ("Ei kule i nakken."). */
  startsSentence?: boolean;
  /** The match must open its clause: an imperative after a comma or a colon ("Råd til ordføreren: sov med ett øye åpent"). */
  startsClause?: boolean;
  /** Someone's daily round is named before it ("kjører samme vei hjem hver dag. Det er lett å huske."). */
  afterRoutine?: boolean;
  /** A clause of a person's death to come opens its sentence ("Den dagen han dør, skal jeg feire."). */
  afterDeath?: boolean;
}

export interface ThreatLexicon {
  verbs: ThreatVerb[];
  targets: string[];
  /** Modal and intent words before an active verb ("skal", "kommer til å", "will"). */
  intent: string[];
  /** First-person subjects that also make an active verb an intent ("jeg dreper deg"). */
  firstPerson: string[];
  /** Words before a passive form that make it a wish or a demand ("bør", "fortjener", "should"). */
  passiveCues: string[];
  /** Words between verb and target that make it something else ("henge med deg"). */
  breakers: string[];
  personSuffixes: PersonSuffixes;
  deathWishes: DeathWishes;
  /** "[group] er (som) parasitter": a group called vermin, disease or animals. */
  dehumanising: {
    nouns: string[];
    copulas: string[];
    subjects: string[];
    /** Protected groups, which may not be called sick or criminal as a whole. */
    groups: string[];
    smears: string[];
    /** Words that may stand between the copula and a smear ("er jo syke"). */
    between: string[];
    /** Vermin, definite, that a people is called by its place: "kakerlakkene fra Afrika". */
    fromPlace: string[];
    /** Strong curses that attack a protected group named right after them ("jævla muslimer"). */
    curses: string[];
    /** A plague: dehumanising only of a protected group or "these people" ("muslimene er en plage"). */
    plagues: string[];
    /** Vermin a group is likened to by any verb ("lever som parasitter", "spread like rats"). */
    similes: string[];
    /** Words of likeness before a simile: "som", "like". */
    likeness: string[];
    /** Hell, where a protected group is sent ("muslimene kan dra til helvete"). */
    hell: string[];
    /** Nouns for people that a demonstrative makes a group ("disse folkene", "these people"). */
    people: string[];
    /** Humans denied: "muslimer er ikke mennesker" (only of a protected group or "de"). */
    notHuman: string[];
  };
  /** Weapons after which "i" does not break a threat ("stikke kniven i deg"). */
  weapons: string[];
  /** Instruments of a visit to a person ("besøke dommeren med et jernrør"). */
  instruments: string[];
  /** Body parts after a violent verb: the owner may follow a few words on ("skjære strupen over på deg"). */
  bodyParts: string[];
  /** Veiled threats without a violent verb ("du skal få betale for dette"). */
  veiled: VeiledPattern[];
}

const CATEGORIES = new Set<TermCategory>(['profanity', 'sexual', 'slur', 'threat', 'spam']);
export const GRADES: readonly Grade[] = ['mild', 'strong', 'slur', 'threat'];
const MODES = new Set<MatchMode>(['word', 'start', 'end', 'both', 'phrase']);

function fail(file: string, message: string): never {
  throw new Error(`Lexicon file config/lexicon/${file}: ${message}`);
}

function readJson(file: string): unknown {
  const url = new URL(`../../../config/lexicon/${file}`, import.meta.url);
  try {
    return JSON.parse(readFileSync(url, 'utf8'));
  } catch (error) {
    return fail(file, `cannot be read (${(error as Error).message})`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(file: string, value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    fail(file, `${what} must be strings`);
  return value as string[];
}

function parseEntries(file: string, data: unknown, paradigms: Record<string, string[]>): LexiconEntry[] {
  if (!isObject(data) || !Array.isArray(data.entries)) fail(file, 'needs an "entries" array');
  return data.entries.map((raw, index) => {
    if (!isObject(raw) || typeof raw.term !== 'string' || raw.term.trim() === '') {
      fail(file, `entry ${index} needs a "term"`);
    }
    const where = `entry "${raw.term}"`;
    if (!CATEGORIES.has(raw.category as TermCategory)) fail(file, `${where} has an unknown category`);
    if (!GRADES.includes(raw.grade as Grade)) fail(file, `${where} needs a grade: ${GRADES.join(', ')}`);
    if (raw.unlessNext !== undefined) stringArray(file, raw.unlessNext, `${where} unlessNext`);
    if (raw.unlessAfter !== undefined) stringArray(file, raw.unlessAfter, `${where} unlessAfter`);
    if (raw.pairedWith !== undefined) stringArray(file, raw.pairedWith, `${where} pairedWith`);
    if (!MODES.has(raw.match as MatchMode)) fail(file, `${where} has an unknown match mode`);
    if (raw.lang !== undefined && raw.lang !== 'en' && raw.lang !== 'no')
      fail(file, `${where} has a bad lang`);
    if (typeof raw.endings === 'string' && paradigms[raw.endings] === undefined) {
      fail(file, `${where} names an unknown paradigm "${raw.endings}"`);
    }
    if (raw.endings !== undefined && typeof raw.endings !== 'string') stringArray(file, raw.endings, where);
    return raw as unknown as LexiconEntry;
  });
}

/** The inventory of peoples, faiths, orientations and statuses (config/lexicon/peoples.json). */
export interface PeopleInventory {
  /** Compound heads ("nepaler", "nepalar") and the tails each does not take ("unge"; "hund" after "malteser"). */
  heads: Map<string, Set<string>>;
  /** Plurals naming the whole group ("nepalere", "islendingar", "Nepalese"). */
  groups: string[];
  /** Adjectives and English words before an insult given to them all ("nepalske", "nepalese"). */
  adjectives: string[];
}

/** A Bokmål -er agent noun's Nynorsk form ("nepaler" → "nepalar"); other words stay as they are. */
const nynorskAgent = (word: string): string | null => (word.endsWith('er') ? `${word.slice(0, -2)}ar` : null);

function parsePeoples(file: string, data: unknown): PeopleInventory {
  if (!isObject(data) || !Array.isArray(data.peoples)) fail(file, 'needs a "peoples" array');
  const neutral = stringArray(file, data.neutralTails ?? [], '"neutralTails"');
  const inventory: PeopleInventory = { heads: new Map(), groups: [], adjectives: [] };
  const words = (value: unknown, what: string): string[] =>
    value === undefined ? [] : typeof value === 'string' ? [value] : stringArray(file, value, what);
  for (const [index, raw] of data.peoples.entries()) {
    if (!isObject(raw) || typeof raw.head !== 'string' || raw.head === '')
      fail(file, `people ${index} needs a "head"`);
    const head = raw.head;
    const skip = new Set([...neutral, ...words(raw.skip, `"${head}" skip`)]);
    for (const word of [head, ...words(raw.heads, `"${head}" heads`)]) {
      for (const form of [word, nynorskAgent(word)]) if (form !== null) inventory.heads.set(form, skip);
    }
    if (raw.group !== false) {
      const plural =
        typeof raw.plural === 'string'
          ? raw.plural
          : head.endsWith('er')
            ? `${head}e`
            : head.endsWith('ing')
              ? `${head}er`
              : null;
      if (plural !== null) {
        inventory.groups.push(plural);
        // Nynorsk "islendingar": the -ere plurals' Nynorsk forms are derived where the groups are read.
        if (plural.endsWith('inger')) inventory.groups.push(`${plural.slice(0, -2)}ar`);
      }
    }
    const english = words(raw.en, `"${head}" en`).filter((word) => !word.includes(' '));
    if (raw.group !== false) inventory.groups.push(...english.filter((word) => word.endsWith('s')));
    for (const adjective of words(raw.adj, `"${head}" adj`)) {
      inventory.adjectives.push(adjective);
      if (!adjective.endsWith('e')) inventory.adjectives.push(`${adjective}e`);
    }
    inventory.adjectives.push(...english);
  }
  return inventory;
}

/**
 * A group's name heading an insult or a word for vermin ("hijabhorene", "muslimkjerringa",
 * "homofilpakket", "samejævlane"): every head with every tail as a slur entry with the tail's
 * endings. A compound already listed as an entry keeps its own.
 */
function groupCompoundEntries(file: string, data: unknown, listed: readonly LexiconEntry[]): LexiconEntry[] {
  if (!isObject(data) || data.groupCompounds === undefined) return [];
  return compoundEntries(file, 'groupCompounds', data.groupCompounds, listed, {
    category: 'slur',
    grade: 'slur',
    ascii: false,
  });
}

/**
 * The inventory's heads before the group tails ("nepalerpakket", "baptistjævlane", "kenyanarsvina"),
 * and every head before the tails no head had before the eighteenth round ("muslimbikkja"): each
 * tail once, as a slur that matches only the end of a word whose rest is one of its heads (the
 * matcher's `heads`), not as a product of entries: some 250 heads times 55 tails would be 14,000
 * entries more and seconds more to compile. A tail a head does not take leaves it out.
 */
function peopleTailEntries(file: string, data: unknown, peoples: PeopleInventory): LexiconEntry[] {
  if (!isObject(data) || !isObject(data.groupCompounds) || !Array.isArray(data.groupCompounds.tails))
    return [];
  const compounds = data.groupCompounds;
  const oldHeads = stringArray(file, compounds.heads, 'groupCompounds.heads');
  const known = new Set(oldHeads);
  const added = [...peoples.heads.keys()].filter((head) => !known.has(head));
  const inventory = compounds.inventoryTails === undefined ? [] : compounds.inventoryTails;
  if (!Array.isArray(inventory)) fail(file, '"groupCompounds.inventoryTails" must be an array');
  const out: LexiconEntry[] = [];
  const tails = [
    ...(compounds.tails as unknown[]).map((tail) => ({ tail, heads: added })),
    ...(inventory as unknown[]).map((tail) => ({ tail, heads: [...oldHeads, ...added] })),
  ];
  for (const { tail, heads: candidates } of tails) {
    if (!isObject(tail) || typeof tail.tail !== 'string') fail(file, 'a group compound tail needs a "tail"');
    const name = tail.tail;
    const except = new Set(
      tail.except === undefined ? [] : stringArray(file, tail.except, `tail "${name}" except`),
    );
    const heads = candidates.filter((head) => !except.has(head) && !peoples.heads.get(head)?.has(name));
    if (heads.length === 0) continue;
    const entry: LexiconEntry = {
      term: name,
      category: 'slur',
      grade: 'slur',
      match: 'end',
      endings: stringArray(file, tail.endings, `tail "${name}" endings`),
      insult: true,
      ascii: false,
      heads,
    };
    if (typeof tail.stem === 'string') entry.stem = tail.stem;
    out.push(entry);
  }
  return out;
}

/**
 * A thing or a beast heading a word for a head ("fehue", "grauthovud", "kålhode"): a fool, a
 * mild insult held when aimed; the heads in "literal" also name the thing (a head of cabbage).
 */
function foolCompoundEntries(file: string, data: unknown, listed: readonly LexiconEntry[]): LexiconEntry[] {
  if (!isObject(data) || data.foolCompounds === undefined) return [];
  return compoundEntries(file, 'foolCompounds', data.foolCompounds, listed, {
    category: 'profanity',
    grade: 'mild',
  });
}

/**
 * Filth, a body part or fat heading a word for a head, a face, a sack, a lump or a dog ("rasshue",
 * "skitbikkje", "fettklump", "drittkjeft"): an insult of its family's grade, every head with every tail.
 */
function insultCompoundEntries(file: string, data: unknown, listed: readonly LexiconEntry[]): LexiconEntry[] {
  if (!isObject(data) || data.insultCompounds === undefined) return [];
  const compounds = data.insultCompounds;
  if (!isObject(compounds) || !Array.isArray(compounds.families))
    fail(file, '"insultCompounds" needs "families"');
  return compounds.families.flatMap((family, index) => {
    if (!isObject(family) || (family.grade !== 'mild' && family.grade !== 'strong'))
      fail(file, `insultCompounds family ${index} needs a grade: mild or strong`);
    return compoundEntries(file, `insultCompounds family ${index}`, family, listed, {
      category: 'profanity',
      grade: family.grade,
    });
  });
}

/** Every head with every tail of `compounds` as an insult entry shaped by `template`. */
function compoundEntries(
  file: string,
  key: string,
  compounds: unknown,
  listed: readonly LexiconEntry[],
  template: Pick<LexiconEntry, 'category' | 'grade' | 'ascii'>,
): LexiconEntry[] {
  if (!isObject(compounds) || !Array.isArray(compounds.tails))
    fail(file, `"${key}" needs "heads" and "tails"`);
  const heads = stringArray(file, compounds.heads, `${key}.heads`);
  const literal = new Set(
    compounds.literal === undefined ? [] : stringArray(file, compounds.literal, `${key}.literal`),
  );
  const terms = new Set(listed.map((entry) => entry.term));
  const out: LexiconEntry[] = [];
  for (const [index, tail] of compounds.tails.entries()) {
    if (!isObject(tail) || typeof tail.tail !== 'string') fail(file, `${key} tail ${index} needs a "tail"`);
    const endings = stringArray(file, tail.endings, `${key} tail "${tail.tail}" endings`);
    // Heads the tail does not take: "unge" after a status named in neutral talk ("flyktningunger").
    const except = new Set(
      tail.except === undefined ? [] : stringArray(file, tail.except, `${key} tail "${tail.tail}" except`),
    );
    for (const head of heads) {
      const term = head + tail.tail;
      if (terms.has(term) || except.has(head)) continue;
      const entry: LexiconEntry = { term, ...template, match: 'word', endings, insult: true };
      if (literal.has(term)) entry.literal = true;
      // Without a stem of its own the tail inflects as the matcher inflects a word: an -el
      // noun drops its e before a plural ending ("samejævel" → "samejævlene").
      if (typeof tail.stem === 'string') entry.stem = head + tail.stem;
      out.push(entry);
    }
  }
  return out;
}

/**
 * An English word for a person names people in the plural as the singular names one ("the
 * faggots", "chinks everywhere", "those wankers"): an English slur or insult with no endings of
 * its own takes the plural -s (-es after a sibilant). A word already plural or a gerund
 * ("fags", "fagging") has none to take; an entry that is no person ("zog", "spac" beside
 * "SPACs") says so with empty endings.
 */
function withEnglishPlurals(entries: LexiconEntry[]): LexiconEntry[] {
  return entries.map((entry) => {
    if (entry.endings !== undefined || entry.match === 'phrase' || entry.term.includes(' ')) return entry;
    if (entry.category !== 'slur' && entry.insult !== true) return entry;
    if (/(?:s|z|ing)$/.test(entry.term)) return entry;
    return { ...entry, endings: [/(?:x|ch|sh)$/.test(entry.term) ? 'es' : 's'] };
  });
}

/** The tails a site's plain term heads (norwegian.json, "siteCompounds"). */
function siteCompoundTails(file: string, data: unknown): CompoundTail[] {
  if (!isObject(data) || data.siteCompounds === undefined) return [];
  const compounds = data.siteCompounds;
  if (!isObject(compounds) || !Array.isArray(compounds.tails)) fail(file, '"siteCompounds" needs "tails"');
  return compounds.tails.map((tail, index) => {
    if (!isObject(tail) || typeof tail.tail !== 'string')
      fail(file, `siteCompounds tail ${index} needs a "tail"`);
    const out: CompoundTail = {
      tail: tail.tail,
      endings: stringArray(file, tail.endings, `siteCompounds tail "${tail.tail}" endings`),
    };
    if (typeof tail.stem === 'string') out.stem = tail.stem;
    return out;
  });
}

function parseParadigms(file: string, data: unknown): Record<string, string[]> {
  if (!isObject(data) || data.paradigms === undefined) return {};
  if (!isObject(data.paradigms)) fail(file, '"paradigms" must be an object');
  const out: Record<string, string[]> = {};
  for (const [name, endings] of Object.entries(data.paradigms)) {
    out[name] = stringArray(file, endings, `paradigm "${name}"`);
  }
  return out;
}

function parseAllow(file: string, data: unknown): AllowEntry[] {
  if (!isObject(data) || !Array.isArray(data.entries)) fail(file, 'needs an "entries" array');
  return data.entries.map((raw, index) => {
    if (
      !isObject(raw) ||
      typeof raw.term !== 'string' ||
      typeof raw.reason !== 'string' ||
      raw.reason === ''
    ) {
      fail(file, `entry ${index} needs a "term" and a "reason"`);
    }
    return raw as unknown as AllowEntry;
  });
}

function parseWords(file: string, data: unknown): string[] {
  if (!isObject(data)) fail(file, 'needs a "words" array');
  return stringArray(file, data.words, '"words"');
}

function parseThreats(file: string, data: unknown): ThreatLexicon {
  if (!isObject(data) || !Array.isArray(data.verbs)) fail(file, 'needs a "verbs" array');
  const verbs = data.verbs.map((v, index) => {
    if (!isObject(v)) fail(file, `verb ${index} must be an object`);
    const verb: ThreatVerb = { forms: stringArray(file, v.forms, `verb ${index} forms`) };
    if (v.passive !== undefined) verb.passive = stringArray(file, v.passive, `verb ${index} passive`);
    if (v.requires !== undefined) verb.requires = stringArray(file, v.requires, `verb ${index} requires`);
    if (v.passiveRequires === true) verb.passiveRequires = true;
    if (v.secondPersonOnly === true) verb.secondPersonOnly = true;
    if (v.clauseEnd !== undefined) verb.clauseEnd = stringArray(file, v.clauseEnd, `verb ${index} clauseEnd`);
    if (v.people === true) verb.people = true;
    if (v.speaker === true) verb.speaker = true;
    return verb;
  });
  const suffixes = data.personSuffixes;
  const wishes = data.deathWishes;
  if (!isObject(suffixes) || typeof suffixes.minLength !== 'number') fail(file, 'needs "personSuffixes"');
  if (!isObject(wishes)) fail(file, 'needs "deathWishes"');
  const dehumanising = data.dehumanising;
  if (!isObject(dehumanising)) fail(file, 'needs "dehumanising"');
  return {
    verbs,
    targets: stringArray(file, data.targets, 'targets'),
    intent: stringArray(file, data.intent, 'intent'),
    firstPerson: stringArray(file, data.firstPerson, 'firstPerson'),
    passiveCues: stringArray(file, data.passiveCues, 'passiveCues'),
    breakers: stringArray(file, data.breakers, 'breakers'),
    personSuffixes: {
      endings: stringArray(file, suffixes.endings, 'personSuffixes.endings'),
      minLength: suffixes.minLength,
      except: stringArray(file, suffixes.except, 'personSuffixes.except'),
    },
    deathWishes: {
      cues: stringArray(file, wishes.cues, 'deathWishes.cues'),
      verbs: stringArray(file, wishes.verbs, 'deathWishes.verbs'),
      targets: stringArray(file, wishes.targets, 'deathWishes.targets'),
      negations: stringArray(file, wishes.negations, 'deathWishes.negations'),
      nouns: stringArray(file, wishes.nouns, 'deathWishes.nouns'),
      painful: stringArray(file, wishes.painful, 'deathWishes.painful'),
      diseases: stringArray(file, wishes.diseases, 'deathWishes.diseases'),
      getting: stringArray(file, wishes.getting, 'deathWishes.getting'),
      figurative: stringArray(file, wishes.figurative, 'deathWishes.figurative'),
      over: stringArray(file, wishes.over, 'deathWishes.over'),
      cliffs: stringArray(file, wishes.cliffs, 'deathWishes.cliffs'),
      seeing: {
        verbs: stringArray(
          file,
          isObject(wishes.seeing) ? wishes.seeing.verbs : undefined,
          'deathWishes.seeing.verbs',
        ),
        modals: stringArray(
          file,
          isObject(wishes.seeing) ? wishes.seeing.modals : undefined,
          'deathWishes.seeing.modals',
        ),
      },
    },
    dehumanising: {
      nouns: stringArray(file, dehumanising.nouns, 'dehumanising.nouns'),
      copulas: stringArray(file, dehumanising.copulas, 'dehumanising.copulas'),
      subjects: stringArray(file, dehumanising.subjects, 'dehumanising.subjects'),
      // The inventory's plurals too ("nepalere", "baptister"): config/lexicon/peoples.json.
      groups: [
        ...new Set([...stringArray(file, dehumanising.groups, 'dehumanising.groups'), ...PEOPLES.groups]),
      ],
      smears: stringArray(file, dehumanising.smears, 'dehumanising.smears'),
      between: stringArray(file, dehumanising.between, 'dehumanising.between'),
      fromPlace: stringArray(file, dehumanising.fromPlace, 'dehumanising.fromPlace'),
      curses: stringArray(file, dehumanising.curses, 'dehumanising.curses'),
      plagues: stringArray(file, dehumanising.plagues, 'dehumanising.plagues'),
      similes: stringArray(file, dehumanising.similes, 'dehumanising.similes'),
      likeness: stringArray(file, dehumanising.likeness, 'dehumanising.likeness'),
      hell: stringArray(file, dehumanising.hell, 'dehumanising.hell'),
      people: stringArray(file, dehumanising.people, 'dehumanising.people'),
      notHuman: stringArray(file, dehumanising.notHuman, 'dehumanising.notHuman'),
    },
    weapons: stringArray(file, isObject(data.weapons) ? data.weapons.words : undefined, 'weapons.words'),
    instruments: stringArray(
      file,
      isObject(data.weapons) ? data.weapons.instruments : undefined,
      'weapons.instruments',
    ),
    bodyParts: stringArray(
      file,
      isObject(data.bodyParts) ? data.bodyParts.words : undefined,
      'bodyParts.words',
    ),
    veiled: parseVeiled(file, data.veiled),
  };
}

function parseVeiled(file: string, data: unknown): VeiledPattern[] {
  if (!isObject(data) || !Array.isArray(data.patterns)) fail(file, 'needs "veiled.patterns"');
  return data.patterns.map((p, index) => {
    if (!isObject(p)) fail(file, `veiled pattern ${index} must be an object`);
    const steps = stringArray(file, p.steps, `veiled pattern ${index} steps`);
    if (steps.length < 2 || steps[0]!.startsWith('…') || steps[steps.length - 1]!.startsWith('…'))
      fail(file, `veiled pattern ${index} must begin and end with words`);
    const anchor = p.anchor;
    if (typeof anchor !== 'number' || steps[anchor] === undefined || steps[anchor]!.startsWith('…'))
      fail(file, `veiled pattern ${index} needs an "anchor": the index of one of its word steps`);
    const pattern: VeiledPattern = { steps, anchor };
    if (p.unlessNext !== undefined)
      pattern.unlessNext = stringArray(file, p.unlessNext, `veiled pattern ${index} unlessNext`);
    if (p.endsSentence === true) pattern.endsSentence = true;
    if (p.afterYours === true) pattern.afterYours = true;
    if (p.afterRoutine === true) pattern.afterRoutine = true;
    if (p.afterDeath === true) pattern.afterDeath = true;
    if (p.startsClause === true) pattern.startsClause = true;
    if (p.endsClause !== undefined) {
      if (typeof p.endsClause !== 'boolean')
        fail(file, `veiled pattern ${index} endsClause must be true or false`);
      pattern.endsClause = p.endsClause;
    }
    if (p.afterComma !== undefined) {
      if (typeof p.afterComma !== 'boolean')
        fail(file, `veiled pattern ${index} afterComma must be true or false`);
      pattern.afterComma = p.afterComma;
    }
    if (p.startsSentence !== undefined) {
      if (typeof p.startsSentence !== 'boolean')
        fail(file, `veiled pattern ${index} startsSentence must be true or false`);
      pattern.startsSentence = p.startsSentence;
    }
    return pattern;
  });
}

/** The peoples, faiths, orientations and statuses, read before the lexicon and the threats that use them. */
export const PEOPLES: PeopleInventory = parsePeoples('peoples.json', readJson('peoples.json'));

function loadLexicon(): Lexicon {
  const norwegian = readJson('norwegian.json');
  const english = readJson('english.json');
  const paradigms = {
    ...parseParadigms('english.json', english),
    ...parseParadigms('norwegian.json', norwegian),
  };
  const listed = parseEntries('norwegian.json', norwegian, paradigms);
  return {
    paradigms,
    entries: [
      ...listed,
      ...withEnglishPlurals(parseEntries('english.json', english, paradigms)),
      ...groupCompoundEntries('norwegian.json', norwegian, listed),
      ...peopleTailEntries('norwegian.json', norwegian, PEOPLES),
      ...foolCompoundEntries('norwegian.json', norwegian, listed),
      ...insultCompoundEntries('norwegian.json', norwegian, listed),
    ],
    allow: parseAllow('allowlist.json', readJson('allowlist.json')),
    norwegianWords: parseWords('norwegian-homographs.json', readJson('norwegian-homographs.json')),
    splitPairs: parseWords('split-pairs.json', readJson('split-pairs.json')),
    siteTails: siteCompoundTails('norwegian.json', norwegian),
    peopleAdjectives: PEOPLES.adjectives,
  };
}

/** The built-in lexicon: Norwegian (Bokmål and Nynorsk) and English terms plus the allowlist. */
export const LEXICON: Lexicon = loadLexicon();

/** Threat verbs, targets and cue words in Bokmål, Nynorsk and English. */
export const THREATS: ThreatLexicon = parseThreats('threats.json', readJson('threats.json'));
