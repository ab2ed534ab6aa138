/**
 * Issue 15, twentieth rules round, words: group compounds of a people's word (config/lexicon/
 * peoples.json) and a group tail, masked or written apart. The tail match reads whole words, so a
 * mask in the tail or the head, a mask where the dash would be, a dash before a masked part or a
 * space before a masked tail let every such slur through; now each is read. Written from the
 * inventory, not from a batch: every head with every tail is tried in evasion.property.test.ts.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:round20-words');

describe('group compounds, masked or apart (twentieth round)', () => {
  test('a mask in the tail, in the head, or where the dash would be', () => {
    expect('reject', [
      'Nepalerp*kket skal ut.',
      'Dei kenyanars*ina øydelegg alt.',
      'Muslimb*kkja bør kastes ut.',
      'M*slimbikkja bor i blokka mi.',
      'Den somalidj*velen igjen.',
      'Nepaler*pakket har tatt over.',
      'Baptist#jævlane skal ikkje bestemme.',
    ]);
  });

  test('a dash before a masked part, or a masked tail apart from its head', () => {
    expect('reject', [
      'Somali-r*tta stjal sykkelen.',
      'J*de-svin alle sammen.',
      'Jøde-sv*n alle sammen.',
      'Muslim-b*kkja igjen.',
      'Somali r*tta stjal sykkelen.',
      'Kenyaner p*kket må sendes hjem.',
      'Pinsevenn-p*kket i bygda.',
    ]);
  });

  test("clean look-alikes: a people's word beside a masked word that is no tail, footnotes, compounds", () => {
    expect('approve', [
      'Somali-restauranten på hjørnet er god.',
      'Nepaler-kokken lager den beste dalen i byen.',
      'Muslim-rådet møtte ordføreren i går.',
      'Kenyaner pakket sekken og dro til fjells.',
      'Somalier* (navnet er endret) fortalte om flukten.',
      'Vi spiste på en nepaler-r*staurant, sa hun med stjerne for reklame.',
      'Polakker** utgjør den største gruppen, ifølge SSB.',
    ]);
  });
});
