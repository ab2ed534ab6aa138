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
    // "Finn" is also the imperative: in capitals its next word is not joined to it into a slur.
    for (const text of ['FINN ROTTA I KJELLEREN!', 'FINN IDIOTEN I BILDET']) {
      const rules = moderate(text, { policyKey: 'test:round11-words', policy: DEFAULT_POLICY }).reasons.map(
        (r) => r.rule,
      );
      assert.ok(!rules.includes('slur'), text);
    }
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

describe('missing: fools by a thing or beast heading -hue, -hode, -hovud (a generated class), -hjerne, -nisse; dott, dåse', () => {
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
      'Grauthuet i kommunestyret gløymde saka.',
      'Du er eit grøthovud, Svein.',
      'Papphodet som skreiv artikkelen burde sparkast.',
      'Du er ein sauhue.',
    ]);
  });
  test('the things themselves, the words near them and words said of no one stay published', () => {
    expect('approve', [
      'Kålhodet var stort som en fotball.',
      'Vi kjøpte to kålhovud på torget.',
      'Ein dott bomull i øyret hjelper mot trekken.',
      'Trehodet på kaia er skåret av en kunstner.',
      'Kålhovudet på benken var stort som ein fotball.',
      'Dotten av ull hang fast i gjerdet.',
      'Julenissen kommer på julaften.',
      'Hjernen er kroppens viktigste organ.',
      'Hønsehuset trenger nytt tak.',
      'Vi kokte kjøttkaker og kålrabi.',
    ]);
  });
});

describe('aim: the genitive singular, an office by its initials, a dash inside the word', () => {
  test("an insult's definite genitive before what it owns is aimed at its owner", () => {
    expect('reject', [
      'Drittsekkens nye forslag er å kutte i skolen.',
      'Rasshølets kone var og ikkje betre.',
    ]);
    expect('hold', ['Idiotens plan ble vedtatt likevel.', 'Tullingens bil står på fortauet igjen.']);
  });
  test('a definite insult from, in or at a body named by its initials', () => {
    expect('hold', ['Tosken fra NAV ringte aldri tilbake.', 'Fjolset i NRK burde sjekke fakta.']);
  });
  test('a word split by a dash is the word, aimed like it', () => {
    expect('reject', ['Din kuk-hue, se hva du gjorde.', 'Du er en drit-sekk, Knut.']);
  });
  test('a literal word, a genitive of a role, an insult heading a compound stay as they were', () => {
    expect('approve', [
      'Klovnens nummer var det beste i hele forestillingen.',
      'Idioten i filmen fra NRK var morsom.',
      'Idiotsikre løsninger finnes ikke.',
    ]);
    expect('hold', ['Drittsekk-politikken til regjeringa er ille.']);
  });
});

describe("aim: 'tispe' and 'hurpe' said of a woman insult as strong words; the dog stays a dog", () => {
  test('aimed at a person by an office, a name, a copula or a relative clause they reject', () => {
    expect('reject', [
      'Tispa i resepsjonen lo av meg.',
      'Hurpa fra Venstre burde finne seg en annen jobb.',
      'Du er ei tispe, Lise.',
      'Ho er ei skikkeleg hurpe.',
    ]);
  });
  test("the dog, the neighbour's dog and the breeder's word stay published", () => {
    expect('approve', [
      'Tispa til naboen fikk fem valper i natt.',
      'Tispa vår er tre år og har aldri bitt noen.',
      'Oppdretteren har to tisper og en hannhund.',
    ]);
    // Said of a dog by a copula it was held before the round and stays held, not rejected.
    expect('hold', ['Hunden til broren min er ei snill tispe.']);
  });
});

describe('false positives: a homograph read by the word before or after it, a place, a rhyme', () => {
  test("'hora' danced, a sweeping 'soper' machine, a place named with a curse, a sound word", () => {
    expect('approve', [
      'Alle dansa hora rundt brudeparet.',
      'We danced the hora at the wedding.',
      'Sopermaskinen står i garasjen, soper-maskina ved døra.',
      'Vi gikk opp Fandenskleiva og ned Helvetesfossen.',
      'Turen til Helvetesgjelet tar to timer.',
      'Pikk-pakk, så var vi ferdige.',
      'Alt var tipp-topp på hytta.',
    ]);
  });
  test('the words themselves said of people, and curses heading other compounds, stay as they were', () => {
    expect('reject', ['Hora på kontoret kan dra.', 'Soperne i bystyret vil ha parade.']);
    expect('hold', ['Helvetesdagen startet med at bilen ikke ville starte.', 'Pikk og fitte, sa han.']);
  });
});

describe("curse: 'Satan ta …' asks the devil to take something, as 'faen ta'", () => {
  test('opening its clause', () => {
    expect('hold', ['Satan ta hele planen.', 'Satan ta det vêret.']);
  });
  test('the devil named stays published', () => {
    expect('approve', ['Satan tar mange former i Bibelen.']);
  });
});
