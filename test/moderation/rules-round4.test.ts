/**
 * Issue 15, fourth round: general forms found in the misses of the dev and the
 * old test split of the evaluation set. Every sentence here is invented for the
 * form it tests (none is an item of the set), with the look-alikes that must stay
 * as they were.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from '../../src/moderation/engine/index.js';
import { LEXICON } from '../../src/moderation/engine/lexicon.js';
import { compileMatcher } from '../../src/moderation/engine/matcher.js';

const decision = (text: string) =>
  moderate(text, { policyKey: 'test:round4', policy: DEFAULT_POLICY }).decision;

describe('lexicon forms', () => {
  test('every Nynorsk definite plural the lexicon catches has its Bokmål form caught too', () => {
    const matcher = compileMatcher(LEXICON, {
      bannedTerms: [],
      suspectTerms: [],
      allowedTerms: [],
      maxLinks: 1,
    });
    const caught = (form: string, term?: string) =>
      matcher
        .matchForm(form, null)
        .some((h) => h.kind === 'form' && (term === undefined || h.entry.term === term));
    const missing: string[] = [];
    for (const entry of LEXICON.entries) {
      if (entry.match === 'phrase') continue;
      const endings =
        typeof entry.endings === 'string' ? (LEXICON.paradigms[entry.endings] ?? []) : (entry.endings ?? []);
      if (!endings.includes('ane')) continue;
      // A weak noun drops its -e ("drittunge" → "drittungane"); an -er noun takes -ne in Bokmål.
      const base =
        entry.stem ??
        (entry.term.endsWith('e') && entry.term.length > 4 ? entry.term.slice(0, -1) : entry.term);
      const bokmaal = base.endsWith('er') ? `${base}ne` : `${base}ene`;
      if (caught(`${base}ane`, entry.term) && !caught(bokmaal)) missing.push(`${entry.term}: ${bokmaal}`);
    }
    assert.deepEqual(missing, []);
    assert.equal(decision('Jævlene vant igjen'), 'hold');
  });

  test('the imperative of a sexual phrase is said to the reader', () => {
    assert.equal(decision('Sug kuk, taper'), 'reject');
    assert.equal(decision('Bare sug pikk'), 'reject');
    // A report of the act, not an order to the reader: held, as before.
    assert.equal(decision('I filmen sugde han kuk'), 'hold');
  });
});

describe('insults aimed at a person', () => {
  test('a sentence of an intensifier and an insult is said to someone', () => {
    assert.equal(decision('Skikkelig drittsekk!'), 'reject');
    assert.equal(decision('Skikkelig tulling.'), 'hold');
    // A dot glued before a lower-case letter masks a letter, also after a capital.
    assert.equal(decision('Fors.tått? Jævl.a kødd.'), 'reject');
  });

  test('an insult alone as a sentence beside others is said to someone; alone as a comment it is an exclamation', () => {
    assert.equal(decision('Drittsekk. Det er alt du er.'), 'reject');
    assert.equal(decision('Les saken. Tulling.'), 'hold');
    assert.equal(decision('Drittsekk!'), 'hold');
    assert.equal(decision('Tulling'), 'approve');
  });

  test('an insult given to a group of people: hele gjengen, alle sammen', () => {
    assert.equal(decision('Drittsekker hele gjengen på rådhuset'), 'reject');
    assert.equal(decision('Tullinger alle sammen'), 'hold');
    assert.equal(decision('Klovner allesammen'), 'hold');
    // Not a group of people after it.
    assert.equal(decision('Tullingen hele dagen lang var morsom'), 'approve');
  });

  test("a strong insult's definite genitive plural names the people it is given to", () => {
    assert.equal(decision('Lei av drittsekkenes løfter'), 'reject');
    assert.equal(decision('Jævlanes tid er forbi'), 'reject');
    // A mild insult's genitive may be a role or a research subject: as before.
    assert.equal(decision('Klovnenes nummer var morsomt'), 'approve');
    assert.equal(decision('Drittsekken vant igjen'), 'hold');
  });

  test('a role in a fictional work, and "en tosk av en …", are nobody insulted', () => {
    assert.equal(decision('Han var en tulling i stykket, og spilte det godt'), 'approve');
    assert.equal(decision('Hun er en klovn i serien'), 'approve');
    assert.equal(decision('Det var en fjols av en hund'), 'approve');
    // Said to the reader, the same words are aimed.
    assert.equal(decision('Du er en tulling'), 'hold');
    assert.equal(decision('Din fjols av en mann'), 'hold');
  });
});

describe('threats', () => {
  test('who is hit may be counted: hver eneste en av dem, hver og en av dere', () => {
    assert.equal(decision('Vi skal skyte hver eneste en av dem'), 'reject');
    assert.equal(decision('Jeg skal henge hver og en av dere'), 'reject');
    assert.equal(decision('Vi slakter hver eneste høst'), 'approve');
    assert.equal(decision('Jeg skal drepe en flue'), 'approve');
  });

  test('Nynorsk -ast passives of the violent verbs', () => {
    assert.equal(decision('Dei burde hengast'), 'reject');
    assert.equal(decision('Politikarane bør skytast'), 'reject');
    assert.equal(decision('Ho vart skoten i beinet under jakta'), 'approve');
  });

  test('"jeg skal finne deg" ending its clause is a veiled threat', () => {
    assert.equal(decision('Jeg skal finne deg, og da angrer du'), 'reject');
    assert.equal(decision('Vi kommer til å finne deg.'), 'reject');
    assert.equal(decision('Jeg skal finne deg en ledig plass'), 'approve');
    assert.equal(decision('Jeg skal finne deg på lista etterpå'), 'approve');
    assert.equal(decision('Jeg skal ikke finne deg'), 'approve');
  });

  test('a negation in a gap of a veiled pattern turns it around', () => {
    assert.equal(decision('Du skal lide'), 'reject');
    assert.equal(decision('Du skal ikke lide'), 'approve');
  });

  test('a violent verb with masked letters', () => {
    assert.equal(decision('Jeg skal dr*pe deg'), 'reject');
    assert.equal(decision('Vi skal h#nge dere'), 'reject');
    // Too few real letters, or no target.
    assert.equal(decision('Jeg skal ****e deg'), 'approve');
    assert.equal(decision('Vi skal sk*te opp raketter'), 'approve');
  });

  test('a people named by its place after definite vermin is dehumanised', () => {
    assert.equal(decision('Parasittene fra Somalia tar alt'), 'reject');
    assert.equal(decision('Kakerlakkane frå Afrika'), 'reject');
    assert.equal(decision('Parasittene fra hunden spredte seg'), 'approve');
    assert.equal(decision('Kakerlakkene i kjelleren er borte'), 'approve');
  });
});
