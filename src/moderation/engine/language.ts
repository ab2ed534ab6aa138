/**
 * A cheap guess at whether a text is English or Norwegian, from function
 * words. It decides only one thing: whether bad-words entries that are also
 * ordinary Norwegian words (fart, hell, titt, perse) may fire. Ties count as
 * Norwegian: the sites are Norwegian. A text with no function words at all
 * ("Slut!", "Nazis!") is `none`: the matcher then lets an English-only entry
 * fire unless the matched word is itself an ordinary Norwegian word.
 */
import type { TermLanguage } from './lexicon.js';
import type { NormalisedText } from './normalise.js';
import { WordTable } from './word-table.js';

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

/** SCORES again, looked up in place (see word-table.ts). */
const SCORE_TABLE = new WordTable(SCORES);

export function guessTextLanguage(text: NormalisedText): TextLanguage {
  let score = 0;
  let seen = false;
  const { chars, formStarts, formEnds } = text;
  for (let t = 0; t < text.count; t++) {
    const s = SCORE_TABLE.get(chars, formStarts[t]!, formEnds[t]!);
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
  private readonly text: NormalisedText;
  private guessed: TextLanguage | null = null;

  constructor(text: NormalisedText) {
    this.text = text;
  }

  get(): TextLanguage {
    if (this.guessed === null) this.guessed = guessTextLanguage(this.text);
    return this.guessed;
  }
}

export function guessLanguage(text: NormalisedText): TermLanguage {
  return guessTextLanguage(text) === 'en' ? 'en' : 'no';
}
