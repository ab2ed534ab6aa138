/**
 * Issue 15, eleventh round, threats: holdout8's threat misses and threat false positives (read
 * in this round, so seen since) read by construction, and the general piece of the grammar
 * each lacked widened. Every sentence here is invented for the form, in other wordings than the
 * batch's, in Bokmål, Nynorsk and English, with look-alikes that must stay clean; none is an
 * item of the set. Every table was seen failing against main before its step.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from './index.js';

const decision = (text: string) =>
  moderate(text, { policyKey: 'test:round11-threats', policy: DEFAULT_POLICY }).decision;

/** Every text of a table judged: the failures are listed together, not only the first. */
const expect = (want: 'approve' | 'hold' | 'reject', texts: string[]) => {
  const wrong = texts.filter((text) => decision(text) !== want).map((text) => `${decision(text)}: ${text}`);
  assert.deepEqual(wrong, [], `want ${want}`);
};

describe('threats, eleventh round: who is aimed at', () => {
  test('people by the ending of their trade or office: -sjåførene, -sjefen, -ologen, -fogden, -legen, -baronene, -folka, -direktoratet', () => {
    expect('reject', [
      'Lastebilsjåførene burde skytes alle sammen.',
      'Brannsjefen burde henges på torget.',
      'Meteorologen burde druknes i fjorden.',
      'Namsfogden burde skytes.',
      'Tannlegene i byen burde knivstikkes.',
      'Oljebaronene burde hengast i lyktestolpane.',
      'Bygdefolka som stemte ja burde skytes.',
      'Helsedirektoratet burde bombes.',
      'Ingeniørene på anlegget burde skytes.',
    ]);
    expect('approve', [
      'Brannsjefen burde få en medalje.',
      'Sjåførene burde kjøre forsiktig i kveld.',
      'Meteorologen sier at stormen kommer i natt.',
      'Oljebaronene burde skattes hardere.',
      'Bygdefolka skal skyte elg i helga.',
      'Tannlegen skal skyte inn en kommentar om prisene.',
    ]);
  });
});

describe('threats, eleventh round: wishes', () => {
  test('dying by accident or sinking in the sea, wished; "Må …" opening a sentence that asks nothing', () => {
    expect('reject', [
      'Måtte hele regjeringen omkomme i et flykrasj.',
      'Måtte journalistene forulykke på vei hjem.',
      'Må dere alle råtne i helvete.',
      'Må han brenne i helvete, den svikaren.',
      'Håper bystyret søkk i fjorden.',
      'Håper hele redaksjonen synker i havet.',
      'I hope the whole council perishes in a fire.',
      'I hope the council burns alive.',
    ]);
    expect('approve', [
      'Må du ha en fin dag!',
      'Må han dø før noen reagerer?',
      'Vi må dø en gang alle sammen.',
      'Håper laget synker på tabellen.',
      'Håper ordføreren synker i jorda av skam.',
      'Jeg håper festivalsjefen synker sammen i sofaen etter en lang helg.',
      'Håper ingen omkommer i stormen.',
      'Håper båten ikke synker.',
      'I hope the council sinks the proposal.',
    ]);
  });
});

describe('threats, eleventh round: the weapon and what is known', () => {
  test('a gun or an axe into the back of the head or the face, deserved or sent', () => {
    expect('reject', [
      'Den som stemte ja fortjener en kule i bakhodet.',
      'Rådmannen burde få en hagle i ansiktet.',
      'Han fortjener en pistol i tinningen.',
      'Ho fortener ei kule i bakhovudet.',
    ]);
    expect('approve', [
      'Fikk en ball i bakhodet på trening.',
      'Han fortjener en kake i ansiktet på bursdagen.',
      'Jeg burde få rifla i orden før jakta.',
      'Politiet sier mannen fikk et skudd i bakhodet.',
    ]);
  });

  test('the addresses of several, had or found', () => {
    expect('reject', ['Vi har adressene dykkar.', 'Jeg har funnet adressene deres.']);
    expect('approve', ['Vi har adressene deres i kundelista.', 'Har du adressene deres?']);
  });
});
