/**
 * The threat grammar's refusals applied to the pattern rules' hits (threat-grammar.ts's
 * `refuseHits`): a pattern's act in a clause the grammar refuses is refused the same way.
 * Every sentence is invented (Bokmål, Nynorsk, English); every `approve` sentence was seen
 * held or rejected by the session's start (`ec11780`), and the `reject` tables hold the threats
 * beside them that must stay.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:threat-refusals');

describe('threat refusals shared by the patterns and the grammar', () => {
  test('a negator after the verb takes the act back', () => {
    expect('approve', [
      'Jeg dreper deg ikke, jeg er bare sur.',
      'Eg drep deg ikkje, eg lovar.',
      'Vi slår dere ikke i hjel, vi vil bare snakke.',
    ]);
  });

  test('a question asks about the act', () => {
    expect('approve', [
      'Hvorfor skulle jeg drepe deg?',
      'Kvifor skulle eg slå deg i hel?',
      'Why would I kill you?',
      'Hvorfor skal vi henge dem?',
    ]);
  });

  test('reported speech and news: a report before or a verb of saying after, quotes after a verb of saying', () => {
    expect('approve', [
      'Han skal ha sagt at han skulle drepe henne, ifølge tiltalen.',
      'Tiltalte skal ha sagt «jeg dreper deg» til naboen.',
      'Vitnet forklarte at mannen sa han skulle skyte ham.',
      'He told her he would kill her, police said.',
      '«Skyt ham!» ropte publikum på kampen.',
      '«Drep dem alle!» skrek skurken i første episode.',
    ]);
  });

  test('sport, games, hunting and traffic in the act’s clause', () => {
    expect('approve', [
      'Vi skal slakte dem i sluttspillet.',
      'Vi slakta Odd fullstendig i bortekampen.',
      "We're going to murder them in the playoffs.",
      'Jeg skal drepe deg i Fortnite.',
      'Eg skal skyte deg i Counter-Strike i kveld.',
      "I'm gonna kill you in Minecraft tonight.",
      'Vi dreper dere i Warzone i kveld.',
      'Jeg skal skyte en elg til deg i høst.',
      'Han kommer til å drepe deg på glattisen hvis du kjører sånn.',
    ]);
  });

  test('figurative objects and particles', () => {
    expect('approve', [
      'Vi skal drukne dere i spørsmål.',
      'Eg skal drukne dykk i søknader.',
      "I'll drown you in paperwork.",
      'Jeg skal bombe deg med meldinger.',
      'Han skal henges ut i media.',
      'Rådmannen burde henges ut i lokalavisa.',
      'Jeg skal henge ham ut på nettet.',
    ]);
  });

  test('the threats beside them stay', () => {
    expect('reject', [
      'Jeg dreper deg hvis du ikke betaler.',
      'Hvis du ikke flytter, skyter jeg deg.',
      'Vi skal henge deg i et tre.',
      'Han burde henges opp i flaggstanga.',
      'Jeg skal drepe deg, og politiet kan ikke hjelpe deg.',
      'Vi skal ta deg, det er bare et spørsmål om tid.',
      'Noen burde skyte bjørnen og turistene som mater den.',
      'I will kill you, and no game will save you.',
    ]);
  });
});
