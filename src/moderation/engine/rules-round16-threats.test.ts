/**
 * Issue 15, sixteenth round, threats: holdout13's and holdout14's threat misses read and sorted
 * into constructions, and each construction's general form added to the grammar (word classes ×
 * frames) rather than its sentences. Every sentence here is invented for the form, in other
 * wordings than the batches', in Bokmål, Nynorsk and English, with look-alikes (hunting,
 * cooking, sport, news, care, visits) that must stay clean; none is an item of the set.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:round16-threats');

describe('threats, sixteenth round: who is aimed at', () => {
  test('a surname opening the sentence, before what is to be done to it', () => {
    expect('reject', [
      'Mjøsdal burde henges i nærmeste tre.',
      'Lindheim fortjener å bli kvalt.',
      'Kvernstad skal skytes, det er et løfte.',
      'Grønvik bør drepast før jul.',
      'Aasberg må brennes på bål.',
      'Kristiansen skal henrettes.',
    ]);
    expect('approve', [
      'Mjøsdal burde kåres til årets trener.',
      'Lindheim fortjener å bli gjenvalgt.',
      'Ved skal brennes i peisen, ikke i bålpanna.',
      'Grisen skal slaktes før jul.',
      'Bussen skal skrotes neste år.',
      'Torsk skal henges til tørk i mars.',
    ]);
  });

  test('a plural of people after a quantifier, with words between it and the frame', () => {
    expect('reject', [
      'Alle somaliere i blokka bør skytes.',
      'Disse polakkerne på sagbruket burde henges.',
      'Alle sudanarar på mottaket bør drepast.',
      'All these Somalians need to be hanged.',
      'Every one of these Pakistanis needs to be shot.',
    ]);
    expect('approve', [
      'Alle lærere bør lønnes bedre.',
      'Alle sauer i flokken skal slaktes til høsten.',
      'All these cars need to be washed.',
      'All these Syrians need to be housed before winter.',
      'Alle fotballspillere på laget skal testes.',
    ]);
  });
});

describe('threats, sixteenth round: wishes', () => {
  test('a name in a death wish, a disease wished with the infinitive, sympathy and care kept clean', () => {
    expect('reject', [
      'Jeg håper at Tveitan drukner i sin egen pool.',
      'Håper Strand dør en sakte død.',
      'Eg vonar at Myklebust døyr før valet.',
      'Måtte han få kreft, den svina.',
      'I hope Johnson drowns.',
    ]);
    expect('approve', [
      'Jeg håper at Tveitan vinner valget.',
      'Jeg håper onkelen din døde fredelig.',
      'Eg håpar at Myklebust døydde roleg.',
      'Jeg håper du får kreften behandlet i tide.',
      'Håper mamma får kreften fjernet til uka.',
      'Jeg håper ungene slipper å få kreft.',
      'I hope Johnson died peacefully.',
    ]);
  });
});

describe('threats, sixteenth round: verbs and means', () => {
  test('killing and maiming verbs the grammar had no forms of', () => {
    expect('reject', [
      'Jeg skal skalpere deg.',
      'Han burde lynsjes på torget.',
      'Eg skal harpunere deg neste gong.',
      'Noen burde flå ham levende.',
      'They should lynch him.',
    ]);
    expect('approve', [
      'Vi skal flå elgen i kveld.',
      'Kokken flådde kaninen før middag.',
      'Hvalfangerne harpunerte en vågehval i fjor.',
    ]);
  });

  test('coming to the person with a weapon: dialect "me", a weapon listed with fire', () => {
    expect('reject', [
      'Vi kjæm te dæ me øksa.',
      'Me kjem heim til deg med kniv og eld.',
      'Vi kommer hjem til deg med hagla og bensin.',
      'Vi kommer til deg med motorsag, Berg.',
    ]);
    expect('approve', [
      'Vi kommer hjem til deg med kniv og gaffel og lager middag.',
      'Me kjem til deg med hagla på elgjakt i morgon.',
      'Vi kommer med kake og blomster.',
    ]);
  });
});

describe('threats, sixteenth round: places and homes', () => {
  test('a place burnt or a vessel sunk with a named person inside or aboard', () => {
    expect('reject', [
      'Jeg tenner på låven med Nordvik inni.',
      'Noen burde senke sjarken hans mens han er om bord.',
      'Vi burde senke ferja med heile kommunestyret om bord.',
      'Someone should sink his yacht with him aboard.',
    ]);
    expect('approve', [
      'Kapteinen skal senke farten når passasjerene er om bord.',
      'Vi senket båten i fjor, men ingen var om bord.',
      'Jeg skal tenne lys med Nordvik inne i stua.',
      'Vi skal senke prisene når kundene er om bord.',
    ]);
  });

  test('seeing to it that a person never comes home', () => {
    expect('reject', [
      'Jeg skal sørge for at du ikke kommer hjem igjen.',
      'Eg skal syte for at han ikkje kjem seg heim att.',
      'Vi skal passe på at Nordvik aldri kommer seg hjem.',
      'I will make sure that he never gets home.',
    ]);
    expect('approve', [
      'Jeg skal sørge for at du ikke kommer hjem for sent.',
      'Vi må passe på at ungene ikke kommer hjem alene.',
      'Sørg for at han ikke kommer hjem full.',
      'Jeg skal sørge for at du kommer deg hjem.',
      'Jeg skal ikke sørge for at du ikke kommer hjem.',
      'Naboen sa han skulle sørge for at hun ikke kom hjem.',
    ]);
  });

  test('knowing where a person lives or coming home to them, then a treat, flowers or cooking', () => {
    expect('approve', [
      'Vi vet hvor du bor, Kari, så vent deg et kaffebesøk etter jul!',
      'Me veit kvar du bur, og me kjem med blomar når du fyller femti.',
      'Jeg kommer hjem til deg etter trening, så lager vi middag.',
      'Vi vet hvor du bor, og vi kommer med julemat på lørdag.',
    ]);
    expect('reject', [
      'Vi vet hvor du bor, så forvent et nattbesøk.',
      'Jeg kommer hjem til deg i kveld, og da lager vi mat av deg.',
    ]);
  });
});

describe('threats, sixteenth round: means named instead of a verb', () => {
  test('a hard thing given, got or deserved in the head or the face', () => {
    expect('reject', [
      'Skulle ønske noen ga rektor en murstein i hodet.',
      'Han fortjener en ølflaske i trynet.',
      'Noen burde gi ham ei jernstang i skallen.',
      'He is getting a brick to the face.',
      'Du skal få en golfkølle i hodet.',
    ]);
    expect('approve', [
      'Jeg fikk en idé i hodet i går.',
      'Han fikk en ball i hodet på trening.',
      'Du skal få en snøball i fjeset!',
      'Jeg fikk en stein i skoen på turen.',
      'He is getting a bat for his birthday.',
      'Keeperen fikk en fotball i ansiktet i andre omgang.',
    ]);
  });

  test('poison put in a person’s food or drink', () => {
    expect('reject', [
      'Jeg skal putte gift i kaffen hans.',
      'Holmsen skal få rottegift i maten sin.',
      'Noen burde blande arsenikk i vinen til ordføreren.',
      'I will put poison in her coffee.',
    ]);
    expect('approve', [
      'Vi har lagt ut rottegift i kjelleren.',
      'Det var gift i maten til hunden, sier politiet.',
      'Rottegift i hagen er farlig for katter.',
      'Jeg skal putte sukker i kaffen hans.',
    ]);
  });

  test('bleeding wished or watched', () => {
    expect('reject', ['Jeg vil se Tveitan blø.', 'Håper du blør i hjel.', 'Eg vil sjå han blø.']);
    expect('approve', [
      'Jeg håper ikke såret blør mer.',
      'Jeg vil se hvordan kuttet blør.',
      'Håper tannkjøttet slutter å blø.',
    ]);
  });
});

describe('threats, sixteenth round: dialect harms, shot, and the saying', () => {
  test('"slå i hæl", "slå sønder og sammen", "skjære strupen på", "fylle med hagl"', () => {
    expect('reject', [
      'Æ ska slå dæ i hæl.',
      'Jeg skal slå ham sønder og sammen.',
      "Jæ skjær strupen på'n Nordvik.",
      'Eg skal skjære halsen over på deg.',
      'Jeg skal fylle deg med hagl.',
      'Noen burde pumpe ham full av bly.',
    ]);
    expect('approve', [
      'Jeg slo hælen i dørkarmen.',
      'Skjær strupen på lammet før du flår det.',
      'Vi skal fylle ungene med kake.',
      'Jeg skal fylle tanken med bensin.',
      'Slå sammen de to gruppene.',
    ]);
  });

  test('"the only good X is a dead X", whatever people X is; animals kept clean', () => {
    expect('reject', [
      'Den eneste gode somalieren er en død somalier.',
      'Den einaste gode politikaren er ein daud politikar.',
      'The only good banker is a dead banker.',
    ]);
    expect('approve', [
      'Den einaste gode ulven er ein daud ulv.',
      'Den eneste gode måken er en død måke.',
      'Den eneste gode kampen er en vunnet kamp.',
      'The only good idea is a tested idea.',
    ]);
  });
});

describe('threats, sixteenth round: a people named in either plural', () => {
  test('the definite plural of a listed people, and peoples and faiths the list lacked', () => {
    expect('reject', [
      'Kurderne burde skytes.',
      'Afghanerne bør henges i gatene.',
      'Serberne burde drepes alle sammen.',
      'Buddhistene skal brennes.',
      'Mormonene er parasitter.',
    ]);
    expect('approve', [
      'Israelerne bombet Gaza igjen i natt, melder NTB.',
      'Russerne skjøt ned et fly over Svartehavet.',
      'Jeg håper russerne taper krigen.',
      'Kineserne skal bygge en ny bro.',
      'Hinduer feirer divali i november.',
      'Kurderne burde få sin egen stat.',
    ]);
  });
});

describe('threats, sixteenth round: wished on a person by a noun, the dead of a relative clause mourned', () => {
  test('"fyren", "typen", "the guy", "the man" as a wish’s target; "de som døde" is no wish', () => {
    expect('reject', [
      'Håper fyren på kontoret drukner.',
      'I hope the ferry guy dies slowly.',
      'Jeg håper de som stemte ja dør.',
    ]);
    expect('approve', [
      'Jeg håper de som døde i ulykka fikk fred.',
      'Håper mannen som druknet blir funnet snart.',
      'I hope the man who died is remembered.',
      'Håper fyren på kontoret vinner i Lotto.',
    ]);
  });
});
