/**
 * Issue 15, eleventh round, threats: holdout8's threat misses and threat false positives (read
 * in this round, so seen since) read by construction, and the general piece of the grammar
 * each lacked widened. Every sentence here is invented for the form, in other wordings than the
 * batch's, in Bokmål, Nynorsk and English, with look-alikes that must stay clean; none is an
 * item of the set. Every table was seen failing against main before its step.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:round11-threats');

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

describe('threats, eleventh round: wishes said as something else', () => {
  test('no loss if someone did it: the counterfactual wish with a negated pity', () => {
    expect('reject', [
      'Det hadde ikke vært synd om noen skjøt rådmannen.',
      'Det hadde ikkje vore leit om nokon drukna dei.',
      'Det hadde ikke vært noe tap om noen kjørte over ham med traktoren.',
    ]);
    expect('approve', [
      'Det hadde vært synd om noen knuste ruta.',
      'Det hadde ikke vært synd om noen kjørte ned til byen for å handle.',
      'Det hadde ikke vært synd om noen skjøt ned forslaget.',
    ]);
  });

  test('a killing praised as a good deed', () => {
    expect('reject', [
      'Å skyte rådmannen ville vært en tjeneste for byen.',
      'Å henge dem alle hadde vore ei velgjerning.',
      'Killing him would be a service to the town.',
    ]);
    expect('approve', [
      'Å skyte ulven ville vært en lettelse for bøndene.',
      'Å drepe myten om ulven ville vært en tjeneste for debatten.',
      'Å hjelpe naboen ville vært en tjeneste.',
    ]);
  });

  test('a person found dead, wished as the best', () => {
    expect('reject', [
      'Det beste hadde vært om rådmannen ble funnet død i morgen.',
      'Det beste for kommunen er at han vert funnen flytande i elva.',
    ]);
    expect('approve', [
      'Politiet frykter at han blir funnet død.',
      'Det beste er at hunden blir funnet snart.',
      'Det beste hadde vært om lommeboka ble funnet.',
    ]);
  });

  test("a people sent to the ovens: the Holocaust's allusion, only of a people named", () => {
    expect('reject', ['Sigøynerne fortjener en ny ovn.', 'Muslimane burde få ein ovn kvar.']);
    expect('approve', [
      'Bakeren fortjener en ny ovn.',
      'Innvandrerne på mottaket fortjener en ny ovn på kjøkkenet.',
      'Jødene ble sendt til ovnene i Auschwitz, skriver historikeren.',
    ]);
  });
});

describe('threats, eleventh round: veiled threats', () => {
  test('a welcome with fuel or weapons, promised', () => {
    expect('reject', [
      'De som flytter hit skal få en velkomst med bensin og fyrstikker.',
      'Dei skal få ei mottaking med høygafler.',
      'They will get a welcome with pitchforks.',
    ]);
    expect('approve', [
      'Kongeparet skal få en velkomst med fakler og sang.',
      'Gjestene fikk en velkomst med bensin og fyrstikker i filmen.',
      'Turistene skal få en velkomst med kaffe og vafler.',
    ]);
  });

  test('harm to the house as no surprise', () => {
    expect('reject', [
      'Ikke bli overrasket om det brenner i garasjen din en natt.',
      'Ikkje bli overraska om hytta di brenn ei natt.',
      "Don't be surprised if your barn burns one night.",
    ]);
    expect('approve', [
      'Ikke bli overrasket om det brenner godt i peisen når du har tørr ved.',
      'Ikke bli overrasket om bilen din ikke starter i kulda.',
      "Don't be surprised if your car burns less fuel in summer.",
    ]);
  });

  test('brakes made to fail', () => {
    expect('reject', [
      'Noen burde sørge for at bremsene på bilen hans svikter.',
      'Håper bremsane på bussen til rektor ryk i bakken.',
      'Noen burde kutte bremsene på bilen til ordføreren.',
    ]);
    expect('approve', [
      'Verkstedet skal sørge for at bremsene ikke svikter.',
      'Bremsene på bilen min svikter i kulda.',
      'Mekanikeren skal kutte bremseslangen på bilen din og bytte den.',
    ]);
  });

  test('no witness, no remains: a body never found, a scream no one hears, a knife no one notices', () => {
    expect('reject', [
      'Jeg skal sørge for at ingen finner restene av deg.',
      'Vi veit kvar huset ditt ligg, og der er det ingen som høyrer deg skrike.',
      'Det er mørkt i parken, og ingen legger merke til en kniv.',
    ]);
    expect('approve', [
      'Ingen finner restene av flyet.',
      'I verdensrommet kan ingen høre deg skrike.',
      'Ingen legger merke til en kniv i oppvaskmaskinen.',
    ]);
  });

  test('a warning after the writer names their means of harm', () => {
    expect('reject', [
      'Jeg har kjøpt bensin. Rådmannen vet nok hvorfor.',
      'Eg har ei hagle og god tid. Tenk over det før du stemmer, ordførar.',
      'Vi står klare med økser når de kommer. Det blir ikke et pent syn.',
      'Jeg kommer på møtet med kniven. Dere har blitt advart.',
      'I have a rifle and plenty of time. You have been warned.',
    ]);
    expect('approve', [
      'Jeg har kjøpt tau til båten. Husk det når du pakker.',
      'Jeg har kjøpt ny hagle til jakta. Tenk på det før du klager på elgkjøttet.',
      'Jeg har ny rifle. Kona vet ikke hvorfor.',
      'Vi har ikke noe tau. Tenk over det.',
      'Det er viktig med refleks. Tenk over det.',
      'Ta med tau og kniv på turen, og husk det neste gang.',
    ]);
  });

  test("advice in the reader's place to stay in, said to a person by name", () => {
    expect('reject', [
      'Hadde jeg vært deg, ville jeg ikke gått ut om natta på en stund, rådmann.',
      'Kari, om eg var deg, hadde eg ikkje gått heim aleine.',
      'If I were you, I would not walk home alone at night, councillor.',
    ]);
    expect('approve', [
      'Hadde jeg vært deg, ville jeg ikke gått ut i dette været, Per.',
      'Om eg var deg, hadde eg ikkje gått heim aleine, altså.',
      'If I were you, I would not walk home alone at night.',
      'Hadde jeg vært deg, ville jeg gått ut og feiret.',
    ]);
  });
});

describe('threats, eleventh round: blows', () => {
  test('a blow deserved with an adverb between, or got after a modal of what ought to be: held', () => {
    expect('hold', [
      'Fortjener egentlig en på kjeften, han som sneik i køen.',
      'Han burde få ein klaps, den frekke sjåføren.',
      'Hun bør få en lusing for det hun sa.',
    ]);
    expect('approve', [
      'Laget fortjener egentlig en pris.',
      'Barnet burde få en klem.',
      'Han burde få en på trynet av velgerne.',
    ]);
  });
});

describe('threats, eleventh round: what the writer knows and will do', () => {
  test('which vehicle a person has, "har" ending its clause', () => {
    expect('reject', ['Vi vet hvilken bil du har.', 'Eg veit kva båt han har.', 'I know which car he owns.']);
    expect('approve', [
      'Jeg vet hvilken bil du har lyst på.',
      'Vet du hvilken bil han har?',
      'Jeg vet hvilken bil han har, for jeg solgte den til ham.',
    ]);
  });

  test('a punishment promised in one word: "skal få svi", "skal få unngjelde", ending the clause', () => {
    expect('reject', ['Dokker i styret ska få svi.', 'Den som gjorde det skal få unngjelde.']);
    expect('approve', ['Huden skal få svi litt.', 'Vi skal få svømme i morgen.']);
  });

  test("the writer's act on the addressee when they least expect it", () => {
    expect('reject', [
      'Vi finner deg når du minst venter det.',
      'Eg skal ta deg ein kveld du ikkje ventar det.',
    ]);
    expect('approve', [
      'Kjærligheten kommer når du minst venter det.',
      'Jeg skal overraske deg en dag du ikke venter det.',
    ]);
  });
});
