/**
 * A cheap guess at whether a text is English or Norwegian, from function
 * words. It decides only one thing: whether bad-words entries that are also
 * ordinary Norwegian words (fart, hell, titt, perse) may fire. Ties, including
 * texts with no function words at all, count as Norwegian: the sites are Norwegian.
 */
import type { TermLanguage } from './lexicon.js';
import type { Token } from './normalise.js';

const ENGLISH = new Set(
  'the and you your are that this what with not have has had will they she was were would should could just like from about people their there here why how when where who which because but been being its our them him his than then these those into does did doesnt dont cant wont isnt yes yeah really very much some any only also more most other after before'.split(
    ' ',
  ),
);

const NORWEGIAN = new Set(
  'og jeg eg ikke ikkje det er som på til av med har en ei et den de du deg han hun ho vi dere dykk seg sin meg mitt min mine hva kva hvor kor når skal vil kan må ble blir vart vert vært være vere var fra frå om men eller så også òg bare berre noe noko nå mye mykje alle dette disse hvis viss fordi etter mot uten utan litt helt jo da dei dei ein eit kva korleis hvordan enn sånn slik her der'.split(
    ' ',
  ),
);

export function guessLanguage(tokens: readonly Token[]): TermLanguage {
  let en = 0;
  let no = 0;
  for (const t of tokens) {
    if (!t.word) continue;
    if (ENGLISH.has(t.form)) en++;
    else if (NORWEGIAN.has(t.form)) no++;
  }
  return en > no ? 'en' : 'no';
}
