/**
 * Issue 15, tenth round, words, forms and false positives (every category but
 * threats): general forms found in the misses of the holdout7 batch and the
 * remaining misses of the seen batches, each written as a form (a compound
 * kind, a paradigm, a way an insult is aimed, a way a curse is said) and probed
 * with sentences invented for it, in Bokmål, Nynorsk, dialect and English,
 * with the look-alikes that must stay as they were. None is an item of the
 * set; every positive table was seen failing against the engine before the round.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from './index.js';

const decision = (text: string) =>
  moderate(text, { policyKey: 'test:round10-words', policy: DEFAULT_POLICY }).decision;

const expect = (want: 'approve' | 'hold' | 'reject', texts: string[]) => {
  for (const text of texts) assert.equal(decision(text), want, text);
};

describe('missing: a group heading a word for vermin, rabble or a curse is a slur', () => {
  test('-pakk, -jævel, -svin, -rotte, -parasitt, -avskum, -horde, -ape, -dritt after a group', () => {
    expect('reject', [
      'Homofilpakket har tatt over hele festivalen.',
      'Samejævlane skal alltid ha det siste ordet om beitet.',
      'Tatarpakket parkerte campingvognene ved stranda igjen.',
      'Polakkrottene på byggeplassen jobber for ingenting.',
      'Muslimparasittene lever av oss andre.',
      'Det er bare innvandreravskum som bor i den blokka.',
      'En homohorde marsjerte gjennom sentrum.',
      'Jødesvina eier alle bankene.',
      'Utlendingdritten flytter inn i nabohuset.',
    ]);
  });
  test("the travellers' children: taterunge, tatarunge", () => {
    expect('reject', ['Taterungen i klassen tok matpakka mi.', 'Tatarungane sprang rundt på torget.']);
  });
  test('the group words alone, and other compounds of the tails, stay as they were', () => {
    expect('approve', [
      'Samene feirer nasjonaldagen 6. februar.',
      'Tatarene på Krim har en lang historie.',
      'Polakkene på byggeplassen er dyktige snekkere.',
      'Homofile par kan gifte seg i kirka.',
      'Vi pakket sekken og gikk samme vei hjem.',
      'Rottefella var full i morges.',
      'Villsvinet krysset veien foran bilen.',
    ]);
  });
});

describe("missing: 'evneveiking' in the plural, 'lebbe' in its definite forms", () => {
  test('evneveikingene, evneveikingane; lebben, lebbene, lebbane', () => {
    expect('reject', [
      'Evneveikingene i styret har vedtatt det igjen.',
      'Evneveikingane på fylkeshuset skjønar ingenting.',
      'Lebbene i fotballaget får altfor mye plass i avisa.',
      'Lebba som driv kafeen burde flytte.',
    ]);
  });
  test('words near them stay clean', () => {
    expect('approve', [
      'Evnene hennes er imponerende.',
      'Hun er lesbisk og gift med ei fra Voss.',
      'Leppene var blå av kulde.',
    ]);
  });
});

describe('general: a word of the slur category said of a person is a slur against one', () => {
  test('tilbakestående, tilbakeståande aimed at someone', () => {
    expect('reject', [
      'Formannen er heilt tilbakeståande.',
      'Du er jo tilbakestående, Petter.',
      'Tilbakeståande folk som dykk burde ikkje røyste.',
    ]);
  });
  test('said of no one it stays as it was', () => {
    expect('approve', ['Kolonimaktene kalte dem tilbakestående land.']);
  });
});

describe("general: 'satan' said as a curse swears like 'faen'", () => {
  test('opening its clause, alone or before a degree or exclamation word; masked too', () => {
    expect('hold', [
      'Satan så fin solnedgang i kveld.',
      'Satan heller, bussen er borte igjen.',
      'Satan, for en dommer!',
      'Fy satan så glatt det er.',
      'Nei, satan, nå regner det igjen.',
      'S a t a n så trøtt jeg er.',
      'S4tan altså, for eit vêr.',
      'Satan i gatan, for en comeback.',
    ]);
  });
  test('the devil named, a title or a pet stays published', () => {
    expect('approve', [
      'Presten preket om Satan og fristelsen.',
      'I boka er Satan en tragisk skikkelse.',
      'Satan som slange i Edens hage er et kjent motiv.',
      'Katten vår heter Satan og er snill som et lam.',
      'Vi så «Satan» på kinoen.',
    ]);
  });
});

describe("general: English 'shit' alone swears like 'faen'", () => {
  test('interjection, noun, masked', () => {
    expect('hold', ['Sh*t, glemte lua på bussen.', 'Holy shit, what a goal.', 'That is shit service.']);
  });
  test('quoted, and its other words, stay as they were', () => {
    expect('approve', ['Gutten sa «shit» og fikk kjeft.', 'Shitty weather, great match.']);
  });
});
