/**
 * A cheap guess at whether a text is English or Norwegian, from function
 * words. It decides only one thing: whether bad-words entries that are also
 * ordinary Norwegian words (fart, hell, titt, perse) may fire. Ties count as
 * Norwegian: the sites are Norwegian. A text with no function words at all
 * ("Slut!", "Nazis!") is `none`: the matcher then lets an English-only entry
 * fire unless the matched word is itself an ordinary Norwegian word.
 */
import type { TermLanguage } from './lexicon.js';
import type { Token } from './normalise.js';
import { WordFilter, WordTable } from './word-filter.js';

const ENGLISH =
  'the and you your are that this what with not have has had will they she was were would should could just like from about people their there here why how when where who which because but been being its our them him his than then these those into does did doesnt dont cant wont isnt yes yeah really very much some any only also more most other after before';

const NORWEGIAN =
  'og jeg eg ikke ikkje det er som på til av med har en ei et den de du deg han hun ho vi dere dykk seg sin meg mitt min mine hva kva hvor kor når skal vil kan må ble blir vart vert vært være vere var fra frå om men eller så også òg bare berre noe noko nå mye mykje alle dette disse hvis viss fordi etter mot uten utan litt helt jo da dei ein eit korleis hvordan enn sånn slik her der';

/** +1 for an English function word, -1 for a Norwegian one: one lookup per word. */
const SCORES = new Map<string, number>();
for (const w of NORWEGIAN.split(' ')) SCORES.set(w, -1);
for (const w of ENGLISH.split(' ')) SCORES.set(w, 1);

/** A text's language, or `none` when it has no function word of either language. */
export type TextLanguage = TermLanguage | 'none';

/** Turns most words away before the lookup. */
const FUNCTION_WORDS = new WordFilter(SCORES.keys());

/** SCORES again, looked up without hashing the word. */
const SCORE_TABLE = new WordTable(SCORES);

export function guessTextLanguage(tokens: readonly Token[]): TextLanguage {
  let score = 0;
  let seen = false;
  for (let t = 0; t < tokens.length; t++) {
    const form = tokens[t]!.form;
    if (!FUNCTION_WORDS.mayHave(form)) continue;
    const s = SCORE_TABLE.get(form);
    if (s !== undefined) {
      score += s;
      seen = true;
    }
  }
  return !seen ? 'none' : score > 0 ? 'en' : 'no';
}

/**
 * A text's language, guessed on the first `get()`. A class rather than a closure
 * made per text: the guess is needed only by texts with language-bound hits.
 */
export class LanguageGuess {
  private readonly tokens: readonly Token[];
  private guessed: TextLanguage | null = null;

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  get(): TextLanguage {
    if (this.guessed === null) this.guessed = guessTextLanguage(this.tokens);
    return this.guessed;
  }
}

export function guessLanguage(tokens: readonly Token[]): TermLanguage {
  return guessTextLanguage(tokens) === 'en' ? 'en' : 'no';
}
