/**
 * Threat grammar by roles (threat-grammar.ts): agent, frame, harm and target read from each
 * clause, in the orders Norwegian allows. Every sentence is invented for a role or an order,
 * in Bokmål, Nynorsk, dialect and English; none is an item of the labelled set. Each `reject`
 * table was seen failing against the session's start (the pattern rules alone approved every
 * sentence in it); the `approve` tables are the figurative and reported look-alikes the
 * grammar must refuse.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:threat-grammar');

describe('threat grammar: harm verbs in every form', () => {
  test('verbs and inflections the pattern rules did not list, after a modal or an intent and the writer', () => {
    expect('reject', [
      'Eg kjem til å lemlesta deg.',
      'Æ ska rundjule dæ.',
      'Je ska grisebanke han.',
      'Jeg gleder meg til å spidde deg.',
      'Vi planlegger å likvidere ordføreren.',
      'Noen burde grisebanke den dommeren.',
      'Noen burde mishandle henne.',
      'Jeg skal mishandle hunden din.',
      'We will slaughter you all.',
    ]);
  });

  test('the writer acting now, the subject after the verb when a condition or a time is fronted', () => {
    expect('reject', ['Neste gang lemlester jeg deg.', 'Om du kjem hit igjen, druknar eg deg i elva.']);
  });

  test('an imperative opening its clause', () => {
    expect('reject', ['Bare drukn dem.']);
  });
});

describe('threat grammar: passives and wishes', () => {
  test('a passive after a modal, a wish or a deserving, its subject before it (over a comma too)', () => {
    expect('reject', [
      'Sånne som han, burde steines.',
      'Journalistene i den avisa fortjener å bli lemlestet.',
      'Dykk skal bli slakta.',
      'Ho burde bli steina.',
      'Ho fortener å bli steina.',
      'Dere kommer til å bli slaktet.',
      'You deserve to be butchered.',
    ]);
  });

  test('someone unnamed acting in a wish, in the present or the past', () => {
    expect('reject', ['Håper noen mishandler deg.', 'Hadde vore greitt om nokon druknet heile gjengen.']);
  });
});

describe('threat grammar: phrases and means', () => {
  test('phrases of harm and means given', () => {
    expect('reject', [
      'Eg skal gjere det av med deg.',
      'Jeg skal gjøre det av med kona di.',
      'Jeg skal helle bensin over bilen din.',
      'Jeg skal gi deg juling.',
    ]);
  });
});

describe('threat grammar: what it refuses', () => {
  test('figurative and phrasal verbs, games, matches, hunts and photo shoots', () => {
    expect('approve', [
      'Jeg skal drepe tiden med et spill.',
      'Jeg slo deg opp i telefonkatalogen.',
      'Skal vi ta en kaffe?',
      'Ta deg en kopp kaffe og slapp av.',
      'Kan jeg skyte inn en kommentar?',
      'Vi skal knuse dem 3–0 på lørdag.',
      'Vi skal knuse Brann i kampen på lørdag.',
      'Vi kjem til å knuse dykk i kvartfinalen.',
      'Jeg brenner for dere som jobber med dette.',
      'Vil du henge med på kino?',
      'Det er bombe sikkert at han vinner.',
      'Dette kommer til å sprenge budsjettet.',
      'Det er en killer-app.',
      'Jeg skal skyte dere i solnedgangen, fotografen er klar.',
      'Vi skal banke på døra di.',
      'Jeg skal ta deg med på tur.',
      'Vi skal skyte elgen i høst.',
      'Jeg skal knuse deg i sjakk.',
      'Jeg kommer til å knuse deg i valget.',
      'Noen burde slå opp i ordboka.',
      'Jeg skal slå deg på tennis.',
      'Jeg skal gi deg en klem.',
      'Du skal få en kule is.',
      'Du må brenne CD-ene dine.',
    ]);
  });

  test('taken back, reported, asked about, foretold of an accident', () => {
    expect('approve', [
      'Jeg skal ikke drepe deg.',
      'Mannen truet med å drepe henne.',
      'Han ble dømt for å ha skutt naboen.',
      'Hvem sa at noen skulle drepe deg?',
      'Skyter du bilder på bryllupet?',
      'Politiet skjøt mannen.',
      'Du kommer til å bli drept i trafikken om du kjører sånn.',
      'Dyrlegen måtte avlive hunden din.',
      'Håper noen henger med deg i helga.',
    ]);
  });
});
