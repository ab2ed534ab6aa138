/**
 * Issue 15, eleventh round, words, forms and false positives (every category but
 * threats): general causes found in the misses and flagged clean items of the
 * holdout8 batch, each written as a form (a word with its paradigm, a compound
 * class, a way an insult is aimed, a homograph's other reading) and probed with
 * sentences invented for it, in Bokmål, Nynorsk, dialect and English, with the
 * look-alikes that must stay as they were. None is an item of the set; every
 * positive table was seen failing against the engine before the round.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from './index.js';

const decision = (text: string) =>
  moderate(text, { policyKey: 'test:round11-words', policy: DEFAULT_POLICY }).decision;

const expect = (want: 'approve' | 'hold' | 'reject', texts: string[]) => {
  for (const text of texts) assert.equal(decision(text), want, text);
};

describe('missing: slurs for peoples, travellers and gay men, with their paradigms', () => {
  test('bushmann, kanakk, homofant, rævkjører in every form, Nynorsk too; English pikey', () => {
    expect('reject', [
      'En bushmann solgte meg en falsk klokke på torget.',
      'Bushmenna i blokka spiller musikk hele natta.',
      'Kanakkene i parken skremmer ungene.',
      'Ein kanakk stod og glante på oss.',
      'Kanakkanes butikkar burde stengjast.',
      'Homofanten på biblioteket har hengt opp plakater igjen.',
      'Rævkjørerne i Pride-styret får alt de peker på.',
      'Rævkjørarane i bystyret røysta for det.',
      'Ein rævekjørar skal ikkje lære borna våre noko.',
      'Those pikeys have parked their caravans in the park again.',
      'A pikie stole the copper wire.',
    ]);
  });
  test("the travellers' old name heading 'unge', 'følge', 'pakk' and the insults", () => {
    expect('reject', [
      'Fantungen til naboen stjal sykkelen min.',
      'Fanteungane laga bråk på bussen.',
      'Eit fantefølge har slått leir ved elva.',
      'Taterfølget rullet inn på parkeringsplassen i natt.',
      'Fantejævlane har stole dieselen igjen.',
      'Fantekjerringa ved døra ville selje kluter.',
      'Finnpakket oppe i lia har aldri gjort ein ærleg dags arbeid.',
      'Finnjævlene på Finnskogen kan dra hjem.',
    ]);
  });
  test('the words near them stay clean', () => {
    expect('approve', [
      'Han fant lommeboka under benken.',
      'Vi fant ut av det til slutt.',
      'Buskmennene i Kalahari er blant verdens eldste folk.',
      'Forbrukerrådet hjelper deg å finne fram.',
      'Finn Olsen ble valgt til leder i laget.',
      'Finnskogen er et vakkert område.',
      'Kanak-folket på Ny-Caledonia stemte over sjølvstende.',
      'Fantestreker og moro hørte sommeren til.',
      'Homofile par fikk vigsle seg i kyrkja.',
    ]);
  });
});

describe("missing: 'tyskertøs' is a strong insult: aimed it rejects, named in history it holds", () => {
  test('aimed at a woman, Bokmål and Nynorsk', () => {
    expect('reject', [
      'Tyskertøsa i kassa ga meg feil veksel.',
      'Du er ei tyskartøs, Berit.',
      'Den tyskertøsa på kontoret bør sparkes.',
    ]);
  });
  test('said of no one it is held, not published', () => {
    expect('hold', ['Tyskertøsene ble behandlet hardt etter krigen.']);
  });
  test('the German word and the girl stay clean', () => {
    expect('approve', ['Tyskeren på campingen var hyggelig.', 'Ho var ei lita tøs på fem år.']);
  });
});

describe('missing: fools by a thing heading -hue, -hode, -hovud, -hjerne, -nisse, and dott, dåse', () => {
  test('aimed at a person (a copula, a relative clause, an office) they are held', () => {
    expect('hold', [
      'Du er et fehue, Åge.',
      'Fehodet som leder utvalget vet ingenting.',
      'Kjøtthovudet som køyrde bussen tok feil veg.',
      'Kålhovudet i formannskapet har rota det til igjen.',
      'Kjøtthodet på kontoret svarte ikke på e-posten.',
      'Hønsehjernen i kommunen glemte søknaden min.',
      'Du er ein skikkeleg fuglehjerne, Ola.',
      'Du er en fjompenisse, Tor.',
      'Tullenissen som styrer laget kan gå av.',
      'Du er berre ein dott, Arve.',
      'Dåsen i styret sa ingenting heile møtet.',
    ]);
  });
  test('the things themselves, the words near them and words said of no one stay published', () => {
    expect('approve', [
      'Kålhodet var stort som en fotball.',
      'Vi kjøpte to kålhovud på torget.',
      'Ein dott bomull i øyret hjelper mot trekken.',
      'Dotten av ull hang fast i gjerdet.',
      'Julenissen kommer på julaften.',
      'Hjernen er kroppens viktigste organ.',
      'Hønsehuset trenger nytt tak.',
      'Vi kokte kjøttkaker og kålrabi.',
    ]);
  });
});
