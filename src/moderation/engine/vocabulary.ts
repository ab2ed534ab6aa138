/**
 * The function words the threat rules share (threats.ts, threat-grammar.ts, veiled-grammar.ts,
 * aim.ts, rules.ts): pronouns, negators, subordinators, question words, possessives, articles.
 * Each list is here once; a rule that needs a few more words for its own reading builds its set
 * from one of these and names only what it adds, so the lists cannot drift apart.
 *
 * Bokmål, Nynorsk and dialect spellings, then English, as the rules read them (lower case,
 * normalised: see normalise.ts).
 */
import { WordSet } from './word-table.js';

/** The addressee as an object: "pass deg", "jeg tar dere". */
export const YOU_OBJECT_WORDS = ['deg', 'dæ', 'dæg', 'dere', 'dykk', 'dokker', 'dokk'] as const;

/** The addressee as a subject: "du skal få se", "dere kommer til å angre". */
export const YOU_SUBJECT_WORDS = ['du', 'dere', 'dykk', 'dokker', 'you'] as const;
export const YOU_SUBJECT = new WordSet(YOU_SUBJECT_WORDS);

/** Negators: "jeg dreper deg ikke", "du kommer aldri til å angre". */
export const NOT_WORDS = ['ikke', 'ikkje', 'ikkj', 'itte', 'aldri', 'not', 'never'] as const;
export const NOT = new WordSet(NOT_WORDS);

/** Conditionals: "om", "hvis", "dersom", "if". */
export const IF_WORDS = ['om', 'hvis', 'viss', 'dersom', 'if'] as const;
export const IF = new WordSet(IF_WORDS);

/** Question words asking who or what: "Hvem sa at …?", "hva du skriver". */
export const WH_WORDS = ['hvem', 'kven', 'hva', 'kva', 'who', 'what'] as const;
export const WH = new WordSet(WH_WORDS);

/** Futures: "vil", "kommer (til å)", "will", "gonna". */
export const FUTURE_WORDS = ['vil', 'kommer', 'kjem', 'kømmer', 'will', 'll', 'gonna'] as const;
export const FUTURE = new WordSet(FUTURE_WORDS);

/** The writer as a subject, in Bokmål, Nynorsk and dialect: "jeg", "eg", "æ", "vi", "me". */
export const FIRST_PERSON_WORDS = ['jeg', 'eg', 'je', 'æ', 'vi', 'me'] as const;
export const FIRST_PERSON = new WordSet(FIRST_PERSON_WORDS);

/** "det", "dette": what was said, as an object ("angre på dette", "tenk over det"). */
export const THIS = new WordSet(['det', 'dette', 'it', 'that', 'this']);

/** The writer's own: "min", "mitt", "vår", "my", "our". */
export const MINE = new WordSet(['min', 'mi', 'mitt', 'mine', 'vår', 'vårt', 'våre', 'my', 'our']);

/** The addressee's: "din", "ditt", "dine", "dykkar", "your". */
export const YOUR_WORDS = ['din', 'di', 'ditt', 'dine', 'dykkar', 'your'] as const;
export const YOUR = new WordSet(YOUR_WORDS);

/** Indefinite articles: "en", "ei", "et", "ein", "eit", "a", "an". */
export const ARTICLE_WORDS = ['en', 'ei', 'et', 'ein', 'eit', 'a', 'an'] as const;
export const ARTICLE = new WordSet(ARTICLE_WORDS);

/** "og", "eller": a list goes on. */
export const AND_OR = new WordSet(['og', 'eller', 'and', 'or']);

/** Prepositions a person after them is no subject of: "forslaget fra rådmannen burde skytes ned". */
export const PREPOSITION_WORDS = ['fra', 'frå', 'til', 'av', 'hos', 'om', 'mot', 'from', 'by', 'of'] as const;
export const PREPOSITIONS = new WordSet(PREPOSITION_WORDS);

/** Verbs of knowing: "vet hvor du bor". */
export const KNOW_WORDS = ['vet', 'veit', 'know', 'knows'] as const;
export const KNOWS = new WordSet(KNOW_WORDS);
