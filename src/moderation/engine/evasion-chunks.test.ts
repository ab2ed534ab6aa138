/**
 * Issue 15, masked words: two evasions the joined spellings missed. Each table
 * holds sentences invented for the construction, not items of the evaluation set.
 *
 * 1. One-letter words beside a dotted or spaced-out word ("a a k.i.k.e a a"):
 *    the run of one-letter words ended where the separator changed, taking the
 *    hidden word's first letter with it.
 * 2. A word written in chunks of one or two letters ("jæ v la id i ot",
 *    "f a en", "fi tt e"): joined only when the chunks spell a lexicon form and
 *    one chunk is no ordinary short word, so a run of real short words ("er du
 *    på vei ut i år") is never read as one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from './index.js';

const TERM_RULES = new Set(['banned_term', 'suspect_term', 'slur']);
const ctx = { policyKey: 'test:evasion-chunks', policy: DEFAULT_POLICY };

/** The lexicon terms the text was flagged for. */
const termsOf = (text: string): string[] =>
  moderate(text, ctx)
    .reasons.filter((r) => TERM_RULES.has(r.rule))
    .map((r) => /"([^"]+)"/.exec(r.detail)?.[1] ?? r.detail);

/** Each text is flagged for each of its terms. */
const caught = (table: [string, ...string[]][]) => {
  for (const [text, ...terms] of table) {
    const found = termsOf(text);
    for (const term of terms)
      assert.ok(found.includes(term), `${JSON.stringify(text)}: ${term} not in ${found}`);
  }
};

/** No text gets a term reason. */
const clean = (texts: string[]) => {
  for (const text of texts) assert.deepEqual(termsOf(text), [], text);
};

describe('one-letter words beside a dotted or spaced-out word', () => {
  test('before it, and after it: the hidden word is still found', () => {
    caught([
      ['you are a a a k.i.k.e a a', 'kike'],
      ['that was a a a.n.a.l a a thing', 'anal'],
      ['Du er en e e d.r.i.t.t.s.e.k.k', 'drittsekk'],
      ['Du er a a h.o.r.e', 'hore'],
      ['Eg seier det: du er e i f.i.t.t.e', 'fitte'],
      ['Han er i i n-e-g-e-r', 'neger'],
      ['you are a k.i.k.e a a', 'kike'],
      ['Du er h.o.r.e i i og alt', 'hore'],
    ]);
  });
  test('one-letter words keep their meaning, abbreviations and initials stay clean', () => {
    clean([
      'Ordningen gjelder f.o.m. i dag t.o.m. 1. mai, jf. § 3.',
      'M.a.o. er det i a og e at feilen ligg.',
      'K. A. Olsen og B. Ø. Hansen var i Å i går.',
      'Eg e i ro no, å e du der?',
      'I am a man of a b c d e f and so on.',
      'Tallene var 1 2 3 4 5 og 6 7 8.',
      'Vi kjørte E 6 og E 18 i a.m. og p.m.',
      'Sa han p g a at vi e i t o m mai?',
    ]);
  });
});

describe('a word written in chunks of one or two letters', () => {
  test('aimed at a person or said as a curse, in Bokmål, Nynorsk and English', () => {
    caught([
      ['Du er en jæ v la id i ot', 'jævla', 'idiot'],
      ['F a en heller, for en dag', 'faen'],
      ['Hun er ei fi tt e', 'fitte'],
      ['Han er en ne ge r', 'neger'],
      ['Du er en dr it ts ek k', 'drittsekk'],
      ['Kom deg vekk, din h o re', 'hore'],
      ['Du er en ku k', 'kuk'],
      ['Din jæ vl a tulling', 'jævla'],
      ['Du er ein jæ v el', 'jævel'],
      ['Eg meiner du er ein id i ot', 'idiot'],
      ['Fy f a en, kor dårleg', 'fyfaen'],
      ['Nei, f a en, no får det vere nok', 'faen'],
      ['you are a c u nt', 'cunt'],
      ['you are a fu c k ing moron', 'fuck'],
      ['shut up you b it ch', 'bitch'],
      ['Du er en ja v la id i ot', 'jævla', 'idiot'],
    ]);
  });
  test('runs of ordinary short words stay clean', () => {
    clean([
      // Bokmål
      'Er du på vei ut i år, og er det ok at vi tar en tur?',
      'Så er du og jeg i en bil på vei til Ås.',
      'Det er da to av oss om at vi la en plan.',
      'Kl 12 i dag var det ca 5 km kø på E6 og en bil i grøfta.',
      'Ap og H og V og Sp er enige om at det er på tide.',
      'Han fikk en B i matte og en E i norsk.',
      'Hun bor i Ås og tok en tur til Bø i år.',
      // Nynorsk and dialect
      'Ho sa at eg og du må gå ut i år.',
      'Æ e så lei, ka e det du vil?',
      'Me er no i ro, og ho e på veg ut.',
      // Ordinary short words that spell a form ("ja e la": jæla) are read as the words they are
      'Ja e la den på bordet i går, sa han.',
      // English
      'If it is so, I am up to it as we go on.',
      'Is it ok to go on a bus at 6 a m or so?',
      'He is in an ox cart on my way up to it.',
      // Norwegian without æ, ø and å, and spaced letters
      'Na er det pa tide a ga ut i ar.',
      'Vi fikk a b c d e f som svar pa det.',
      'Tallene var 1 2 3 og x y z er ukjente.',
      // Pieces of a contraction are glued to their word, no chunks
      "Funny how it went up, isn't it? Don't I know it.",
      // A chunk does not begin or end inside a word spelled out for emphasis
      'Vi treng folk til f i s k e i n du s t r i e n.',
      'Det ser heilt a n n a ut no.',
    ]);
  });
});
