/**
 * Issue 15, seventeenth round, threats: holdout15's threat misses read and sorted into
 * constructions, and the largest classes' general forms added to the grammar (word classes ×
 * frames) rather than their sentences. Every sentence here is invented for the form, in other
 * wordings than the batch's, in Bokmål, Nynorsk and English, with look-alikes (hunting, farm
 * work, sport, news of accidents, care, pets) that must stay clean; none is an item of the set.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:round17-threats');

describe('threats, seventeenth round: what is done, by its result or its people', () => {
  test('a blow that is harm by its result: "i hjel", "helseløs", "gul og blå", "to death"', () => {
    expect('reject', [
      'Ravndal burde sparkes i hjel på torget.',
      'Han bør trampes ihjel av en okse.',
      'Noen burde banke Lindheim helseløs.',
      'Dei bør bankast helselause, alle saman.',
      'Grønvik bør bankast gul og blå.',
      'Ho burde piskast i hel.',
      'Jeg skal tråkke deg ihjel.',
      'He should be kicked to death.',
      'Someone ought to stomp him to death.',
    ]);
    expect('approve', [
      'Mannen ble tråkket i hjel av en elefant på safari.',
      'Bonden vart sparka i hel av ein hest i fjor.',
      'Treneren burde sparkes etter det tapet.',
      'Vi skal banke Rosenborg på søndag.',
      'Hun sparket ballen så hardt at vinduet gikk sønder.',
      'Jeg fryser ihjel her ute på holdeplassen.',
      'The horse kicked the gate until it broke.',
    ]);
  });

  test('a verb only of people ("avlive", "lynsje") takes a surname, not a pet\'s name', () => {
    expect('reject', [
      'Mjøsdal burde avlives som et skadedyr.',
      'Kvernstad bør lynsjes på torget.',
      'Aasberg burde avlivast.',
    ]);
    expect('approve', [
      'Rex bør avlives, han er gammel og har vondt.',
      'Hunden bør avlives før helgen.',
      'Den skadde elgen måtte avlives på stedet.',
    ]);
  });

  test('a death deserved: "fortjener å drukne", "deserves to burn"', () => {
    expect('reject', [
      'Lindheim fortjener å drukne i sin egen gjødselkjeller.',
      'Dei fortjener å brenne, alle som ein.',
      'Den rektoren fortjener virkelig å forblø.',
      'He deserves to drown.',
      'Those people deserve to burn.',
    ]);
    expect('approve', [
      'Ingen fortjener å drukne i et iskaldt vann.',
      'Laget fortjener å vinne serien i år.',
      'Hun fortjener å brenne for noe hun tror på.',
      'Hun fortjener ikke å brenne inne med ideene sine.',
      'Sangen fortjener å bli en hit.',
    ]);
  });

  test('a surname by its ending opening the sentence: "-hagen", "-botn"', () => {
    expect('reject', ['Nordhagen burde henges.', 'Fjellbotn skal skytes.']);
    expect('approve', [
      'Hagen skal brennes av i høst, sa gartneren.',
      'Nordhagen burde kåres til årets bonde.',
    ]);
  });

  test('one person of a people after "hver eneste", "kvar einaste", "every single"', () => {
    expect('reject', [
      'Vi burde drepe hver eneste afghaner i byen.',
      'Me må skyte kvar einaste somaliar.',
      'We should kill every single Somali in town.',
    ]);
    expect('approve', [
      'Jeg har ringt hver eneste lærer på skolen.',
      'Vi må drepe hver eneste mygg i hytta.',
      'Me må drepe kvar einaste flue på hytta.',
      'Vi må slå hver eneste motstander i turneringen.',
    ]);
  });
});

describe('threats, seventeenth round: deaths wished by what befalls the person', () => {
  test('a broken neck wished: "brekker nakken", "breaks his neck"', () => {
    expect('reject', [
      'Jeg håper Lindheim sklir på isen og brekker nakken.',
      'Eg vonar han knekk nakken i slalåmbakken.',
      'I really hope she breaks her neck on those stairs.',
    ]);
    expect('approve', [
      'Håper regjeringa brekker nakken på denne saka.',
      'Håper han brekker beinet, så slipper vi ham på laget.',
      'Håper ingen knekker nakken på glatta i dag.',
      'Hun brakk nakken i en ulykke i fjor, men er frisk nå.',
    ]);
  });

  test('never waking up wished: "aldri våkner", "ikke våkner igjen", "never wakes up"', () => {
    expect('reject', [
      'Håper Mjøsdal legger seg i kveld og aldri våkner.',
      'Eg håpar han ikkje vaknar att etter narkosen.',
      'I hope he falls asleep and never wakes up.',
    ]);
    expect('approve', [
      'Håper ungene ikke våkner i natt, de trenger søvnen.',
      'Håper babyen ikke våkner før sju i morgen.',
      'Håper jeg aldri våkner fra denne drømmen.',
      'Håper bestefar våkner snart etter operasjonen.',
    ]);
  });

  test('a vessel wrecked with the person aboard: a name, a compound vessel, running aground', () => {
    expect('reject', [
      'Håper ferja synker med Grønvik om bord.',
      'Jeg håper hurtigbåten går på grunn med hele kommunestyret om bord.',
      'Håper fiskeskuta kantrer med ham om bord.',
      'Hope the ship capsizes with him on board.',
    ]);
    expect('approve', [
      'Håper fiskebåten kommer seg i havn før uværet.',
      'Håper cruiseskipet legger til kai med mange turister om bord.',
      'Hurtigbåten gikk på grunn med tretti passasjerer om bord, ingen ble skadd.',
      'Hope the ship docks with everyone safely on board.',
    ]);
  });
});

describe('threats, seventeenth round: a visit with a gift is a visit', () => {
  test('knowing where a person lives, then a gift basket or a present', () => {
    expect('approve', [
      'Vi vet hvor du bor, Grønvik, så i kveld får du en fruktkurv fra hele laget.',
      'Eg veit kvar du bur, så no kjem det ei julegåve frå oss i styret.',
      'Vi kommer hjem til deg på lørdag med bursdagsgaven.',
    ]);
    expect('reject', [
      'Vi vet hvor du bor, så du får en siste hilsen fra oss.',
      'Vi vet hvor du bor, og du får gift i kaffen.',
    ]);
  });
});

describe("threats, seventeenth round: the writer's act answering a condition", () => {
  test('"så"/"da" and the writer inverted after a condition', () => {
    expect('reject', [
      'Tar du plassen min i køen, så tar jeg deg.',
      'Grønvik, tek du hytta frå oss, så tek me deg.',
      'Hvis dere legger ned bussruta, så skyter vi dere.',
      'Om du rører hunden min, da dreper jeg deg.',
    ]);
    expect('approve', [
      'Tar du oppvasken, så tar jeg deg med på kino.',
      'Hjelper du meg, så hjelper jeg deg.',
      'Om du kjem i morgon, så tek eg deg imot på kaia.',
      'Hvis Odd vinner, så tar vi dem i neste runde.',
      'Jeg var sliten, så tar jeg deg i morgen.',
    ]);
  });
});

describe('threats, seventeenth round: running a person over', () => {
  test('"kjøre over/ned" a person or a surname someone is called to, "run him over"', () => {
    expect('reject', [
      'Noen burde kjøre over Nordhagen med traktoren.',
      'Burde ikke noen bare kjøre ned Mjøsdal med lastebilen?',
      'Lindheim burde kjøres over av en buss.',
      'Eg skal køyre over han med traktoren.',
      'Someone should run him over.',
    ]);
    expect('approve', [
      'Vi kjører over Hemsedal til Lærdal i morgen.',
      'Vi skal kjøre over Filefjell før det snør.',
      'Jeg skal kjøre ned til byen etterpå.',
      'Skal ikke noen kjøre over Nordhagen til flyplassen?',
      'Han ble kjørt ned av en bil i går, men er utenfor fare.',
      'We should run over the details again.',
    ]);
  });
});
