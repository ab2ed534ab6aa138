/**
 * Issue 15, thirteenth round, threats: holdout10's threat misses (read in this round, so seen
 * since) read by construction, and the general form of each added to the grammar: a means of the
 * topic (a machine, a car's brakes, acid, poison, a falling tree), a person's animal, the next
 * to be found, advice in the addressee's place, a massacre named to come again, a named person
 * before a passive wish, new verbs of putting down. Every sentence here is invented for the
 * form, in other wordings than the batch's, in Bokmål, Nynorsk and English, with look-alikes
 * that must stay clean (waste and garden work, workshops, vets, care, sport, memorials, news);
 * none is an item of the set. Every table was seen failing against the round's start.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../support/decision-table.js';

const expect = decisionTable('test:round13-threats');

describe('threats, thirteenth round: a means of the topic', () => {
  test('a person ending up in a machine that crushes or grinds', () => {
    expect('reject', [
      'Stemmer du for nedleggelse, havner du i flishuggeren.',
      'Plansjefen passer godt i betongblanderen.',
      'Held han fram slik, hamnar han i kverna.',
      "You'll end up in the woodchipper, mayor.",
    ]);
    expect('approve', [
      'Pappen havner i komprimatoren.',
      'Pappen du kaster havner i komprimatoren.',
      'Greinene havner i flishuggeren.',
      'Han jobber ved komprimatoren.',
      'The branches end up in the woodchipper.',
    ]);
  });

  test('violence until the victim stops breathing or does not rise', () => {
    expect('reject', [
      'Jeg skal holde ham under vann til han slutter å sprelle.',
      'Eg skal slå deg til du ikkje reiser deg att.',
      "I'll hold you down until you stop breathing.",
    ]);
    expect('approve', [
      'Vi skal vente til du slutter å gråte.',
      'Jeg skal trene til jeg slutter å puste.',
      'Hold pusten til du ikke klarer mer.',
    ]);
  });

  test('a car sabotaged by the writer', () => {
    expect('reject', [
      'Jeg har løsnet hjulboltene på bilen din.',
      'Eg skal kutte bremsane på bilen hans.',
      'Someone will cut the brakes on your car.',
    ]);
    expect('approve', [
      'Verkstedet løsnet hjulboltene på bilen min.',
      'Mekanikeren har skiftet bremsene på bilen din.',
      'Husk å stramme hjulboltene etter dekkskiftet.',
    ]);
  });

  test('acid thrown in a face', () => {
    expect('reject', ['Jeg skal kaste syre i ansiktet ditt.', "I'll throw acid in your face."]);
    expect('approve', ['Vi kaster syre i vasken.', 'Kjemilæreren helte syre i begeret.']);
  });

  test('a heavy thing wished to fall on a person or crush a family', () => {
    expect('reject', [
      'Eg håpar treet veltar over deg.',
      'I hope the tractor rolls over him.',
      'Skulle ønske en stein knuste familien hans.',
    ]);
    expect('approve', [
      'Håper ikke treet velter over deg.',
      'Håper båten ikke velter.',
      'Håper kaka ikke faller på gulvet.',
      'Håper Molde knuser dere på søndag.',
      'Håper Norge knuser Sverige i finalen.',
    ]);
  });

  test('a deadly illness wished', () => {
    expect('reject', ['Håper du får hjerteinfarkt.', 'Eg håpar ho får hjerneslag.']);
    expect('approve', ['Håper du får en fin jul.', 'Han fikk hjerteinfarkt i fjor, men er frisk nå.']);
  });
});

describe("threats, thirteenth round: a person's animal and things", () => {
  test('poison given to an animal, a weapon it will taste, its food spiked or a barn burnt, regretted in advance', () => {
    expect('reject', [
      'Slipper du katten ut igjen, gir jeg den rottegift.',
      'Eg gjev bikkja di frostvæske om ho bjeffar ein gong til.',
      'Katten din får kjenne hagla neste gang den er i bedet mitt.',
      'Your dog will taste the shotgun if it barks again.',
      'Fin hund du har. Synd om den fikk noe i maten.',
      'Fin låve du har. Det hadde vært synd om den brant.',
    ]);
    expect('approve', [
      'Vi gir rottene gift i kjelleren.',
      'I morgen gir jeg den rottegift.',
      'Hunden din får smake på kjøttkaka.',
      'Fin hund du har. Synd om den fikk vondt i magen.',
      'Synd om bålet brant ned.',
    ]);
  });

  test('a building of a person or a faith set to go up in flames', () => {
    expect('reject', ['Moskeen blir den første som går opp i flammer.', 'Your house will go up in flames.']);
    expect('approve', [
      'Huset gikk opp i flammer i natt.',
      'Huset kan gå opp i flammer hvis du lar lyset stå.',
      'Hele budsjettet går opp i røyk.',
    ]);
  });
});

describe('threats, thirteenth round: deaths foretold', () => {
  test("the addressee's grave looked forward to; the next to be found; nobody would miss them", () => {
    expect('reject', [
      'Korpset skal spille ved grava di, Per.',
      'We will dance on your grave.',
      'Fortsetter han slik, blir han den neste som blir funnet.',
      'Gir hun seg ikke, blir hun den neste som forsvinner.',
      'Ingen ville savnet rådmannen om han forsvant i myra.',
      'Nobody would miss him if he drowned.',
    ]);
    expect('approve', [
      'Vi skal legge blomster på graven hans.',
      'Vi skal stelle grava til bestemor.',
      'Han blir den neste som blir valgt til ordfører.',
      'Hun blir den neste som forsvinner fra styret.',
      'Han ble funnet skyldig.',
      'Ingen ville savnet kiosken om den forsvant fra torget.',
      'Ingen savnet ham på festen.',
    ]);
  });

  test('a massacre named as to come again', () => {
    expect('reject', [
      'Det blir en ny Utøya for dere.',
      'Another Columbine at that school would teach them.',
    ]);
    expect('approve', [
      'Filmen om Utøya vant pris.',
      'Ny Utøya-film på kino i høst.',
      'Et nytt minnesmerke på Utøya.',
    ]);
  });
});

describe('threats, thirteenth round: veiled frames', () => {
  test('the writer knows which window is yours, and points out that they know', () => {
    expect('reject', [
      'Sønnen din trener på tirsdager. Bare så du vet at vi vet det.',
      'Vi vet hvilket vindu som er ditt.',
      'We know which car is yours.',
    ]);
    expect('approve', [
      'Bare så du vet at vi vet om feilen og retter den.',
      'Vi vet hvilken bil som er best.',
    ]);
  });

  test("advice not to go out alone, in the addressee's place", () => {
    expect('reject', [
      'Jeg ville ikke gått hjem alene i kveld om jeg var deg.',
      'Eg ville ikkje gått åleine i skogen i natt om eg var deg.',
      "I wouldn't walk home alone tonight if I were you.",
    ]);
    expect('approve', [
      'Jeg ville ikke gått alene på tur i fjellet, sa han.',
      'Jeg gikk hjem alene i kveld.',
    ]);
  });
});

describe('threats, thirteenth round: verbs and targets', () => {
  test('put down, sprayed down, buried or ploughed down: said of people', () => {
    expect('reject', [
      'Dyrlegen burde avlives.',
      'Ho burde avlivast.',
      'Vi skal avlive dem alle.',
      'Han burde sprøytes ned.',
      'Dei burde grevast ned.',
      'Jeg skal pløye deg ned.',
    ]);
    expect('approve', [
      'Hunden burde avlives.',
      'Veterinæren må avlive hesten.',
      'Vi skal avlive Bella i morgen.',
      'Vi skal pløye ned åkeren.',
      'Vi skal grave ned kablene.',
      'Ugresset bør sprøytes ned.',
    ]);
  });

  test('a person named by two capitalised words before a passive wish', () => {
    expect('reject', [
      'Rådmann Sæther burde bli skutt.',
      'Ola Nordmann bør henges.',
      'John Smith should be shot.',
    ]);
    expect('approve', [
      'Forslaget bør skytes ned.',
      'Manchester United burde bli slått i helgen.',
      'I Oslo burde flere bli skutt av fotografen.',
    ]);
  });
});

describe('threats, thirteenth round: second step', () => {
  test('the next to be found, in a place; a verdict or a lost thing is not', () => {
    expect('reject', ['Fortsetter han slik, blir han den neste som blir funnet i elva.']);
    expect('approve', [
      'Han blir den neste som blir funnet skyldig.',
      'Hun blir den neste som forsvinner fra styret.',
      'Nøklene blir de neste som blir funnet igjen.',
    ]);
  });

  test("advice to leave before it bangs, in the addressee's place", () => {
    expect('reject', [
      'Hadde jeg vært rektor, ville jeg flyttet før det smeller.',
      'Eg ville reist frå bygda før det smell, om eg var deg.',
    ]);
    expect('approve', [
      'Jeg ville solgt aksjene før det smeller.',
      'Jeg ville flyttet før det skjer noe med prisene.',
    ]);
  });

  test("an optative 'måtte' with a person done to death", () => {
    expect('reject', ['Måtte elgen stange deg ihjel.', 'Måtte hestane trampe dykk i hel.']);
    expect('approve', ['Vi måtte le oss i hjel.', 'Måtte du få et godt nytt år.']);
  });

  test('the next time worse, of any kind; no need of something once in the coffin', () => {
    expect('reject', [
      'Neste gang er det ikke posen som ligger i postkassa di.',
      'Han trenger ikke brøyting når han ligger i kista.',
    ]);
    expect('approve', [
      'Neste gang er det ikke jeg som kommer til deg med kaffe.',
      'Neste gang er det ikke vi som betaler for deg.',
      'Bestefar ville ligge i grava ved kyrkja.',
    ]);
  });

  test("an animal's name ending like a person's, the writer's own car, a guest's baked treat", () => {
    expect('reject', ['Jeg skal drepe Ola.', 'Jeg kommer hjem til deg i kveld med balltre.']);
    expect('approve', [
      'Drep hummeren raskt med en kniv i hodet før du koker den.',
      'Jeg skal drepe den gamle Lada-en min en dag, men den går og går.',
      'Jeg kommer hjem til deg i kveld med eplekake.',
      'Eg kjem heim til deg i kveld med rabarbrapai.',
    ]);
  });
});
