/**
 * Issue 15, eighteenth round, words by inventory (config/lexicon/peoples.json): every
 * country's demonym, the major peoples, faiths, orientations and statuses, written from
 * the language rather than from a batch's misses. Each family is probed with sentences
 * invented for it: a people heading an insult or vermin word (the old tails and the new
 * ones: dog, beast, brood, filth, devil, ape and fool words), the plural naming the whole
 * group after a curse or before "er parasitter", the adjective after a plural determiner,
 * and the clean look-alikes that must stay published (peoples in plain talk, dog breeds and
 * monkeys named by a people, words that end in a tail after no people). None is an item of
 * the set.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:round18-words');

describe('peoples, faiths and orientations of the inventory heading an insult', () => {
  test('a demonym of any continent heads the old tails, in Bokmål and Nynorsk', () => {
    expect('reject', [
      'Nepalerpakket bør sendes hjem.',
      'Estlenderpakket stjeler alt som ikke er spikret fast.',
      'Bangladesherhorene i oppgangen.',
      'Dei kenyanarsvina på campingplassen.',
      'Colombianerhorene på hjørnet.',
      'Egypterapene på bussen bråker.',
      'Brasilianarrottene i Groruddalen.',
      'Chilenerkjerringa i kassa.',
      'Svenskejævlene vant igjen.',
      'Tyskerpakket på hyttefeltet.',
      'Amerikanertrynet i reklamen.',
      'Aserbajdsjanerpakket flytter inn.',
    ]);
  });
  test('faiths, denominations and orientations head them too', () => {
    expect('reject', [
      'Baptistsvina i bygda.',
      'Pinsevennpakket på bedehuset.',
      'Buddhistpakket i sentrum.',
      'Ateistsvina i Humanetisk.',
      'Bifilhorene på festen.',
      'Adventistrottene banker på døra.',
    ]);
  });
  test('peoples in plain talk stay published', () => {
    expect('approve', [
      'Nepalerne på hotellet var hyggelige.',
      'Vi besøkte kenyanarane i Nairobi.',
      'Baptistene holdt gudstjeneste i parken.',
      'Pakket med kenyansk kaffe kom i dag.',
      'Kenyanerunger løp maraton på skolen.',
      'Svenskene vant stafetten.',
    ]);
  });
});

describe('the new tails after every head, old and new', () => {
  test('dog, beast, brood, filth, devil, ape and fool words after a people are slurs', () => {
    expect('reject', [
      'Muslimbikkja bør ut av landet.',
      'Jødeyngelen overalt.',
      'Somalierdyra på senteret.',
      'Nepalerbeista i gata.',
      'Innvandrermøkka flytter inn.',
      'Kenyanersøpla på trikken.',
      'Polakkutøyet på byggeplassen.',
      'Jødehunden i butikken.',
      'Sigøynerdjevlane ved kiosken.',
      'Pakistanerbavianene på trikken.',
      'Homsetullingene i paraden.',
      'Muslimhovudet i kassa.',
    ]);
  });
  test('a tail after no people, and breeds and monkeys named by a people, stay published', () => {
    expect('approve', [
      'Kakepakket kom i posten.',
      'Villsvina rotet i hagen.',
      'Menneskeapene i dyreparken.',
      'Malteserhunden min er søt.',
      'Berberapene i Gibraltar.',
      'Eskimohunden drar sleden.',
      'Gjeterhunden passet sauene.',
      'Husdyra står i fjøset.',
    ]);
  });
});

describe('the whole group named by its plural or its adjective', () => {
  test('a curse before the group, or the group called vermin, is a slur', () => {
    expect('reject', [
      'Jævla nepalere.',
      'Forbanna kenyanere overalt.',
      'Fucking Kenyans everywhere.',
      'Jævla bangladeshere.',
    ]);
  });
  test('an insult given to them all by the adjective after a plural determiner is a slur', () => {
    expect('reject', [
      'Disse brasilianske jævlene.',
      'Dei nepalske idiotane.',
      'Those Nepalese idiots again.',
      'Alle baptistiske idioter.',
    ]);
  });
  test('the adjective in plain talk stays published', () => {
    expect('approve', [
      'De brasilianske spillerne vant.',
      'Den nepalske kokken lager god mat.',
      'Those Nepalese mountains are beautiful.',
    ]);
  });
});

describe('insult compounds by family: filth, body parts and fat before a head, a mouth, a sack or a dog', () => {
  test('filth or a body part before a head, a mouth, a sack, a boot or a person is strong', () => {
    expect('reject', [
      'Ditt rasshue.',
      'Hold kjeft, din drittkjeft.',
      'Møkkastøvelen på kontoret igjen.',
      'Du er et pisshovud.',
      'Din rævskalle!',
      'Din møkkaskalle.',
    ]);
  });
  test('before a dog, and fat before anything, it is mild: held when aimed', () => {
    expect('hold', [
      'Din skitbikkje!',
      'Du er ei skitbikkje.',
      'Du er en fettklump.',
      'Din feitfjes.',
      'Du er et fettberg.',
    ]);
  });
  test('a dog called so, fat in the pan and mud on children stay published', () => {
    expect('approve', [
      'Naboens drittbikkje har spist julepynten vår.',
      'Drittbikkja bjeffer hele natta.',
      'Fettklumpen i sausen må skummes av.',
      'Ungene lekte i skitten hele dagen.',
      'Søppelsekken står i gangen.',
      'Han slapper av på hytta.',
    ]);
  });
});

describe('single insults of the inventory', () => {
  test('Norwegian and English insults aimed at someone are held or rejected', () => {
    expect('reject', [
      'Ditt utyske!',
      'What a cockwomble.',
      'Piss off, you arsehole.',
      'You absolute gobshite.',
    ]);
    expect('hold', ['Du er en feitso.', 'You tosspot.', 'Din slabbedask.', 'You numpty.']);
  });
  test('the troll of the tale and the Nynorsk word for many stay published', () => {
    expect('approve', ['Utysket i eventyret åt tre prinsesser.', 'Mong ein har prøvd før deg.']);
  });
});
