/**
 * Issue 15, twelfth round, threats: holdout9's threat misses (read in this round, so seen since)
 * read by construction, and the general form of each added to the grammar. Every sentence here is
 * invented for the form, in other wordings than the batch's, in Bokmål, Nynorsk and English, with
 * look-alikes that must stay clean (sport, cooking, idioms, reports, care, self-directed jokes);
 * none is an item of the set. Every table was seen failing against main before its step.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../support/decision-table.js';

const expect = decisionTable('test:round12-threats');

describe('threats, twelfth round: deaths wished by disaster', () => {
  test('a structure collapsing on people, a vehicle with people crashing, freezing to death, a slide with people inside', () => {
    expect('reject', [
      'Håper brua raser sammen når rådmannen kjører over.',
      'Måtte taket falle ned over hele styret.',
      'Jeg håper flyet med hele bystyret styrter.',
      'Håper ferja med formannskapet forliser i stormen.',
      'Jeg håper rådmannen fryser i hjel i vinter.',
      'Eg håpar ho frys i hel.',
      'Forhåpentligvis tar et skred hele byggefeltet med entreprenørene inni.',
      'I hope the plane with the whole council crashes.',
    ]);
    expect('approve', [
      'Håper ikke taket raser sammen over oss.',
      'Håper planen raser sammen når ordføreren legger den fram.',
      'Håper flyet med oss lander trygt.',
      'Håper ingen fryser i hjel i kulda.',
      'Skredet tok tre hytter, men ingen var inne.',
      'I hope the plane with my luggage lands on time.',
    ]);
  });

  test('a death by water, fire or cold deserved; an act wished and then death', () => {
    expect('reject', [
      'Kommunalsjefen fortjener å drukne.',
      'Han fortjener å drukne i sitt eget avløp.',
      'Rådmannen burde drikke sin egen giftsuppe og dø.',
    ]);
    expect('approve', [
      'Hun fortjener å drukne i blomster etter den innsatsen.',
      'Vi burde alle bare legge oss ned og dø av latter.',
      'Jeg burde bare legge meg ned og dø.',
      'Kokken fortjener å få ros for suppa.',
    ]);
  });
});

describe('threats, twelfth round: weapons and blows', () => {
  test('a bullet deserved or put in someone; bones broken as a due; a weapon to be felt; a life to pay', () => {
    expect('reject', [
      'Every one of those councillors deserves a bullet.',
      'Somebody should put a bullet in that reporter guy.',
      'Skolesjefen bør få knust knærne.',
      'Han burde få brukket armene.',
      'Om vedtaket går gjennom, skal rådmannen få kjenne øksa.',
      'Gjer dei det, skal direktøren bøte med livet.',
    ]);
    expect('approve', [
      'Han fortjener en kule is etter kampen.',
      'The project deserves a bullet point.',
      'Han fikk knust kneet i ulykken.',
      'Vi skal få knust isen på trappa før frosten.',
      'Han måtte bøte med livet.',
      'Skal vi betale med kort?',
    ]);
  });

  test('new violent verbs: crucified, wished', () => {
    expect('reject', ['Rektor burde korsfestes.', 'Vi skal korsfeste dem alle.']);
    expect('approve', ['Jesus ble korsfestet.', 'Kritikerne korsfestet filmen.']);
  });

  test('a firing squad and a razed building full of people, wished', () => {
    expect('reject', ['Hele styret burde stilles mot veggen.', 'Kirka burde sprenges når den er full.']);
    expect('approve', [
      'Han ble stilt mot veggen i debatten.',
      'Den gamle låven bør jevnes med jorda når det er tørt vær.',
    ]);
  });
});

describe('threats, twelfth round: not leaving, not found', () => {
  test('not coming home alive, or from the meeting; made to disappear; found dead foretold; no one will find you down there', () => {
    expect('reject', [
      'Rektor kommer ikke levende ut av foreldremøtet.',
      'Du slepp ikkje levande heim.',
      'Rektor kommer ikke hjem fra møtet.',
      'Vi skal sørge for at rektor forsvinner.',
      'Du kommer til å bli funnet flytende i havna.',
      'Ingen kommer til å finne deg på bunnen av tjernet.',
    ]);
    expect('approve', [
      'Ordføreren kommer ikke hjem fra møtet før midnatt.',
      'Vi skal sørge for at smerten forsvinner.',
      'Ingen finner deg i myra hvis du går uten kart.',
      'Han kommer ikke hjem til jul i år.',
    ]);
  });
});

describe('threats, twelfth round: veiled threats', () => {
  test("the addressee's plate or address taken down", () => {
    expect('reject', ['Jeg har notert bilnummeret ditt.', 'Eg har fått tak i adressa di.']);
    expect('approve', [
      'Jeg har skrevet ned adressen din så jeg kan sende kortet.',
      'Har du notert bilnummeret ditt til forsikringen?',
    ]);
  });

  test('protection advised: sleep with one eye open, a bulletproof vest', () => {
    expect('reject', [
      'Et tips til rektor: sov med ett øye åpent.',
      'Tips til sjefen: kjøp deg skuddsikker vest.',
    ]);
    expect('approve', [
      'Jeg sov med ett øye åpent fordi babyen hostet.',
      'Politiet kjøper skuddsikre vester.',
    ]);
  });

  test('a greeting in the dark; next time no egg; done to you what you did', () => {
    expect('reject', [
      'Karane på treningssenteret vil gjerne hilse på deg i mørket.',
      'Neste gang er det ikke en snøball som treffer bilen din.',
      'Neste gang blir det ikke med ord.',
      'En dag gjør noen mot deg det du har gjort mot elva.',
    ]);
    expect('approve', [
      'Vi skal hilse på deg i morgen.',
      'Neste gang blir det ikke med ord alene, vi lager en film.',
      'Neste gang er det ikke egg i kaka.',
    ]);
  });

  test("something of the addressee's, a pity if it came to harm; one of theirs watched; a daily round easy to remember", () => {
    expect('reject', [
      'Fin hytte du har. Synd om det skulle skje noe med den.',
      'Dottera di trener på fredagar, ikke sant? Vi ser henne.',
      'Rektor går samme vei hver morgen. Det er lett å huske.',
    ]);
    expect('approve', [
      'Du har en fin gammel bil. Synd om det skulle skje noe med den på glatta.',
      'Sønnen din spiller på laget? Vi ser ham på kampen.',
      'Vi har quiz hver fredag. Lett å huske!',
      'Du kan komme på quiz hver fredag. Lett å huske!',
    ]);
  });

  test('a punishment promised in dialect: "ska få kjenn det"', () => {
    expect('reject', ['Du ska få kjenn det.', 'Dokker ska få merk det, alle i styret.']);
    expect('approve', ['Du ska få kjenn det i beina i morgen etter turen.']);
  });
});
