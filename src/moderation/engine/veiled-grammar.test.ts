/**
 * Veiled threats by roles (veiled-grammar.ts): an ominous frame and a personal target, no verb of
 * harm. Every sentence is invented (Bokmål, Nynorsk, English), none an item of the labelled set.
 * Every sentence of the `reject` tables was seen approved by the session's start (`ec11780`);
 * the `approve` tables are the neighbour's, the host's and the helpful look-alikes.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:veiled-grammar');

describe('veiled threats by roles: a frame and a personal target', () => {
  test('a warning to the addressee', () => {
    expect('reject', [
      'Pass deg.',
      'Pass deg, Hansen.',
      'Pass dykk, dere i styret.',
      'Pass godt på kona di, Nilsen.',
    ]);
    expect('approve', [
      'Pass deg for glatta i morgen.',
      'Pass deg for hoggormen på stien.',
      'Pass deg, Liv, nå kommer jeg med kaker!',
      'Pass på ungene dine ved vannet i sommer, strømmen er sterk.',
      'Pass på deg selv i varmen.',
    ]);
  });

  test('a consequence foretold', () => {
    expect('reject', [
      'Du skal få se.',
      'Da skal du få sjå, Olsen.',
      'Det kommer til å koste deg.',
      'Dette skal koste deg dyrt, Berg.',
      'Du kommer til å angre, Hansen.',
      'Tell dagene dine.',
      'Tel dagane dine, Nilsen.',
      'Bilnummeret ditt har jeg notert, Olsen. Vi sees.',
    ]);
    expect('approve', [
      'Det kommer til å koste deg dyrt i strøm.',
      'Det kommer til å koste deg jobben, Hansen.',
      'Du kommer ikke til å angre!',
      'Du skal få se bildene i morgen.',
      'Tell dagene til jul!',
      'Vi sees på fredag, Hansen!',
      'Takk for i dag, vi sees!',
    ]);
  });

  test('a mishap said to be possible or regretted, of the addressee’s own or a person named', () => {
    expect('reject', [
      'Datteren din sykler alene til skolen hver dag, ser jeg. Mye kan skje på en skolevei.',
      'Kona di går tur alene om kvelden, ikke sant? Mye kan skje i skogen.',
      'Hytta di ligg langt frå folk, Eide. Slikt kan fort skje.',
      'Sønnen din går i 5A på Bakken skole, ikke sant, Berg? Hadde vore synd om han ikkje kom heim ein dag.',
      'Synd om kassereren sklei i trappa en kveld.',
      'Your boat is moored alone by the pier, Olsen. Accidents happen.',
    ]);
    expect('approve', [
      'Husk refleksvesten din, mye kan skje i mørket.',
      'Mye kan skje på ti år.',
      'Det hadde vært synd om du ikke kom hjem til jul.',
      'Det hadde vore synd om korpset forsvann.',
      'Sykkelen min ble stjålet i går. Sånt skjer.',
    ]);
  });

  test('safety denied, addresses held, what the addressee will come to know', () => {
    expect('reject', [
      'Du skal ikke føle deg trygg lenger, Hansen.',
      'Dere kommer aldri til å være trygge her.',
      'Dere vil aldri være trygge, dere i styret.',
      'Me har adressene dykkar no.',
      'Vi har navnene og adressene dykkar.',
      'Husker du hva som skjedde med han forrige? Det får du snart vite.',
    ]);
    expect('approve', [
      'Du kan føle deg trygg på at vi ordner det.',
      'Du skal ikke føle deg trygg på isen nå.',
      'Vi har ikke adressen din.',
      'Hvem vinner? Det får du snart vite.',
      'Du får vite mer i morgen.',
    ]);
  });

  test('the addressee’s children’s school named, unless a neighbour asks', () => {
    expect('reject', ['Fin skole ungene dine går på.', 'Fin skule borna dine går på, Moe.']);
    expect('approve', [
      'Går ungene dine på Bakken skole? Min begynner der til høsten.',
      'Fin skole ungene dine går på, min gutt gikk der også.',
      'Ungene dine går på en skole med dyktige lærere.',
    ]);
  });
});
