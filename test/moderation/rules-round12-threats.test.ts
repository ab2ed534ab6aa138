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

describe('threats, twelfth round (2): who is aimed at, and visits that are visits', () => {
  test('people by the ending of their trade: -investoren, -rektoren', () => {
    expect('reject', [
      'Vi skal brenne ned kontoret med eiendomsinvestoren inni.',
      'Eiendomsinvestoren fortjener å drukne i sitt eget svømmebasseng.',
      'Skolerektoren burde skytes.',
    ]);
    expect('approve', ['Eiendomsinvestoren burde få en pris.', 'Rektoren skal skyte inn et ord på møtet.']);
  });

  test('a visit or a known address with coffee, cake or a party after it is a visit', () => {
    expect('approve', [
      'Jeg kommer hjem til deg etter kampen, Per, så tar vi en pils.',
      'Vi vet hvor du bor, Kari, så du slipper ikke unna julebordet!',
      'Eg kjem heim til deg i morgon med kake til bursdagen.',
    ]);
    expect('reject', [
      'Jeg kommer hjem til deg i natt.',
      'Vi vet hvor du bor.',
      'Vi vet hvor du bor, og vi kommer med bensin.',
    ]);
  });

  test('shooting friends in a shooting game is play', () => {
    expect('approve', [
      'Laserspill i hallen: skyt vennene dine uten å bli våt!',
      'Paintball på lørdag, kom og skyt kollegene dine!',
    ]);
    expect('reject', ['Skyt vennene dine.', 'Vi skal skyte kollegene dine.']);
  });
});

describe('threats, twelfth round (2): the writer, their means and their words', () => {
  test('the writer\'s means named, then "og vet hvor" a person goes', () => {
    expect('reject', [
      'Jeg har rifla klar og vet hvor rektoren jogger.',
      'Eg har børsa lada og veit kvar ho trener.',
    ]);
    expect('approve', ['Jeg er postbud og vet hvor alle bor.', 'Jeg har kart og vet hvor løypa går.']);
  });

  test('"ta" with a third person in dialect, ending its clause', () => {
    expect('reject', ["Æ ska ta'n, den rektoren.", 'Eg ska ta han.']);
    expect('approve', ["Æ ska ta'n med på tur.", 'Vi skal ta ham i neste runde.']);
  });

  test('the addressee and their family hunted; weighted to sink', () => {
    expect('reject', [
      'Vi kommer etter deg og familien din.',
      'Dumper de slam i elva, havner sjefen i elva også. Med stein rundt føttene.',
    ]);
    expect('approve', [
      'Vi kommer etter deg og familien din til hytta i morgen.',
      'Han trente med vekter rundt beina.',
    ]);
  });

  test('advice in the place of a person named by their office, to stay in after dark', () => {
    expect('reject', ['Hadde jeg vært rektoren, hadde jeg ikke gått ut alene etter mørkets frembrudd.']);
    expect('approve', [
      'Hadde jeg vært rektoren, hadde jeg ikke gått ut med den nyheten.',
      'Hadde jeg vært rektoren, hadde jeg gått ut og feiret.',
    ]);
  });
});

describe('threats, twelfth round (3): waiting, and investors', () => {
  test('after the writer names their means, waiting for a person to be alone', () => {
    expect('reject', [
      'Jeg har kjøpt bensin. Nå er det bare å vente på at rektor går hjem alene.',
      'Eg har ei hagle. Me ventar berre på at ho er åleine.',
    ]);
    expect('approve', [
      'Vi venter på at bestemor kommer alene med toget.',
      'Jeg har kjøpt tau til båten. Nå venter jeg på at sønnen min seiler alene.',
      'Jeg har kjøpt tau. Vi venter på at ungene klarer seg alene.',
    ]);
  });

  test('"investoren" alone is a person', () => {
    expect('reject', ['Vi skal brenne ned kontoret med investoren inni.', 'Investorene burde skytes.']);
    expect('approve', ['Investoren skal skyte inn mer kapital.', 'Investorene burde få betalt.']);
  });
});

describe('threats, twelfth round (4): a death celebrated', () => {
  test("a person's death to come, dated, and the writer's party after it", () => {
    expect('reject', [
      'Den dagen rektor blir påkjørt av bussen, skal jeg spandere kake.',
      'Når han dør, skal vi heise flagget.',
      'Den dagen ho døyr, skal eg feire.',
    ]);
    expect('approve', [
      'Den dagen bestemor døde, skulle vi feire bursdagen hennes.',
      'Den dagen han går av, skal vi feire.',
      'Når rektor dør, skal jeg holde minnetale.',
      'Når pappa dør, skal vi servere bløtkake.',
      'Når han dør, skal vi feire livet hans.',
    ]);
  });
});
