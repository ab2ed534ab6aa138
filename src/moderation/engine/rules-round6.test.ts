/**
 * Issue 15, sixth round: general forms found in the misses of the holdout3
 * batch. Every sentence here is invented for the form it tests (none is an item
 * of the set), in Bokmål, Nynorsk and dialect, with the look-alikes that must
 * stay as they were.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from './index.js';

const decision = (text: string) =>
  moderate(text, { policyKey: 'test:round6', policy: DEFAULT_POLICY }).decision;

const expect = (want: 'approve' | 'hold' | 'reject', texts: string[]) => {
  for (const text of texts) assert.equal(decision(text), want, text);
};

describe('threats: who is aimed at', () => {
  test('a person named by a Nynorsk agent noun or a -mann noun, after "noen burde"', () => {
    expect('reject', [
      'Nokon burde skyta den saksbehandlaren.',
      'Noen burde skyte den rådmannen før han gjør mer skade.',
    ]);
  });

  test('the buildings of a faith, a reception centre, the town hall: arson and bombs', () => {
    expect('reject', [
      'Vi skal brenne ned synagogen.',
      'Noen må sprenge asylmottaket.',
      'Vi skal sprenge moskeen i lufta.',
    ]);
    expect('approve', [
      'Vi skal brenne ned det gamle bålet på stranda.',
      'Vi skal sprenge rekorden i år.',
      'Kostnadene kommer til å sprenge rammene.',
    ]);
  });

  test('"all" before a noun is a determiner, not a target', () => {
    expect('approve', ['Arbeidspresset kommer til å drepe all glede i jobben.']);
    expect('reject', ['Someone should kill all of them.', 'Jeg skal drepe alle sammen.']);
  });

  test('a relative clause between a passive and the person it is wished on', () => {
    expect('reject', [
      'Mannen som skrev innlegget burde henges.',
      'De som stemte for bommen burde skytes.',
      'Dei som styrer kommunen burde hengast.',
    ]);
    expect('approve', [
      'Forslaget som kom fra rådmannen burde skytes ned.',
      'De som stemte for bommen burde skamme seg.',
    ]);
  });
});

describe('threats: violent verbs and idioms', () => {
  test('"i hjel" makes a verb a killing, active and passive', () => {
    expect('reject', [
      'Jeg skal sparke deg i hjel.',
      'Eg skal denge deg i hjel.',
      'Politikerne burde bli tråkket i hjel.',
      'Dei burde bli sparka i hjel.',
    ]);
    expect('approve', [
      'Mannen ble kjørt i hjel på E18 i natt.',
      'Jeg kjeder meg i hjel på dette møtet.',
      'Vi holdt på å fryse i hjel på tribunen.',
      'Han ble sparket fra jobben i går.',
    ]);
  });

  test('an execution against a wall; held to account is figurative', () => {
    expect('reject', ['Hele bystyret burde stilles opp mot veggen.', 'Vi skal stille dem opp mot veggen.']);
    expect('approve', [
      'Ordføreren burde stilles til veggs for dette.',
      'Ordføreren ble stilt mot veggen av pressen i går.',
    ]);
  });

  test('a bullet or a knife sent into a body part; a bump from a fall is not', () => {
    expect('reject', [
      'Han fortjener en kule i hodet.',
      'Gi ham ei kule i panna.',
      'Sett kniven i magen på han.',
    ]);
    expect('approve', [
      'Gutten fikk en kule i pannen da han falt på isen.',
      'Send en kule is til bordet i hjørnet.',
    ]);
  });

  test('a beating promised; a team beaten and a bank are not', () => {
    expect('reject', [
      'Du skal få juling neste gang jeg ser deg.',
      'Han fortjener bank, den jævelen.',
      'Kommer du hit igjen, skal du få juling.',
    ]);
    expect('approve', [
      'Rosenborg fikk juling i går.',
      'Han skal få jobb i en bank i Bergen.',
      'Du skal få lån i banken.',
    ]);
  });
});

describe('veiled threats', () => {
  test('arson said as a remark, a car bomb as advice', () => {
    expect('reject', [
      'Hytta di brenner lett, tenk på det.',
      'Hadde eg vore deg, hadde eg sjekka under bilen før eg køyrde.',
    ]);
    expect('approve', [
      'Bålet brenner fint i kveld.',
      'Sjekk under bilen om katten ligger der før du kjører.',
    ]);
  });

  test('warnings about what one writes', () => {
    expect('reject', [
      'Pass deg for hva du skriver om oss.',
      'Du er ikke anonym, vi vet hvem du er.',
      'Tenk litt på barna neste gang du skriver om meg.',
    ]);
    expect('approve', [
      'Pass på hva du skriver, det kan bli injurier.',
      'Du er ikke anonym på Facebook, husk det.',
      'Tenk på barna neste gang du kjører forbi skolen.',
    ]);
  });
});

describe('death wishes', () => {
  test('a painful death wished by its noun', () => {
    expect('reject', ['Håper du får en langsom død.', 'Eg håpar du får ein pinefull daud.']);
    expect('approve', ['Håper filmen om en brutal død får mange seere.', 'Håper du får en fin dag.']);
  });

  test('a wish that someone had done it, said outright', () => {
    expect('reject', ['Skulle ønske noen skjøt den jævelen.', 'Skulle ønske nokon skaut han.']);
    expect('approve', ['Skulle ønske noen skjøt ned forslaget.', 'Noen skar seg på glasset i går.']);
  });
});

describe('clean look-alikes', () => {
  test('an insult aimed inside a quotation is aimed at whoever it was said to', () => {
    expect('approve', ['Hun skrev «din jævla idiot» på tavla som en spøk, fortalte læreren.']);
    expect('reject', ['Din jævla idiot.']);
  });

  test('an insult heading a compound by a dash describes the thing', () => {
    expect('hold', ['Dette er drittsekk-politikk av verste sort.']);
    expect('reject', ['Dette er en drittsekk.']);
  });

  test("a site's suspect term quoted or named after 'å kalle' is reported; a banned one is not", () => {
    const policy = {
      bannedTerms: ['bompengemafia'],
      suspectTerms: ['løgner'],
      allowedTerms: [],
      maxLinks: 1,
    };
    const site = (text: string) => moderate(text, { policyKey: 'test:round6:site', policy }).decision;
    assert.equal(site('Å kalle ordføreren for løgner er drøyt.'), 'approve');
    assert.equal(site('Ordet «løgnar» brukes for ofte.'), 'approve');
    assert.equal(site('Ordføreren er en løgner.'), 'hold');
    assert.equal(site('Han skriver «bompengemafia» hele tiden.'), 'reject');
    // A slur named still goes to a moderator.
    assert.equal(site('Å kalle noen neger er rasistisk.'), 'hold');
  });

  test("an organisation's or a role's mailbox is no personal information", () => {
    expect('approve', ['Spørsmål kan sendes til postmottak@fylket.no.', 'Tips oss på tips@lokalavisa.no']);
    expect('hold', ['Send meg en mail på ola.hansen@gmail.com.']);
  });

  test('places named after hell are not a curse', () => {
    expect('approve', ['Vi gikk opp til Helvetestind i helga.', 'Helvetesfossen er flott i mai.']);
    expect('hold', ['Helvetes bil, den starter aldri.']);
  });
});

describe('missing words and forms', () => {
  test('a weak noun drops its -e before any vowel ending (Nynorsk plurals)', () => {
    expect('reject', [
      'Den svartskallen bør reise hjem, og svartskallane med ham.',
      'Det er for mange svartskallar her i bygda.',
    ]);
  });

  test('group compounds in -faen take the noun endings', () => {
    expect('reject', ['Du er en homsefaen.', 'Den jødefaenen på kontoret burde sparkes.']);
    expect('hold', ['Faen, nå regner det igjen.']);
  });

  test('-hue insults and the "dum som et brød" idioms, aimed', () => {
    expect('hold', [
      'Dere er noen kjøtthuer alle sammen.',
      'Kjøttehuet i bystyret aner ikke hva han driver med.',
      'Du er dum som et brød, les saken.',
      'Eg trur du er dum som ein dørstokk.',
    ]);
    expect('approve', [
      'Kjøttdeigen var på tilbud, og hue mitt var et annet sted.',
      'Dum som et brød er et uttrykk jeg aldri har likt.',
    ]);
  });

  test('"piece of shit" said of a person', () => {
    expect('reject', ['You are a piece of shit and you know it.']);
    expect('hold', ['This piece of shit ferry broke down again.']);
  });
});

describe('groups attacked', () => {
  test('a strong curse right before a protected group is a slur', () => {
    expect('reject', [
      'Jævla muslimer, reis hjem.',
      'Dei forbanna sigøynarane stel alt.',
      'Fucking immigrants everywhere.',
    ]);
    expect('hold', [
      'Jævla politikere, alle sammen.',
      'Helvetes kø på ferja i dag, muslimer og kristne sto like lenge.',
    ]);
    expect('approve', ['Muslimer og kristne feiret sammen i går.']);
  });

  test('half-apes and baboons are animals in the dehumanising sense', () => {
    expect('reject', ['Somalierne er halvaper.']);
    expect('approve', ['Bavianer og sjimpanser på dyreparken er populære.']);
  });
});

describe('threats: more forms', () => {
  test('a violent verb spelt with its letters apart', () => {
    expect('reject', ['Gå og d r e p deg selv, taper.', 'Jeg skal s k y t e deg.']);
  });

  test('an imperative joined by "og" to an imperative of going', () => {
    expect('reject', ['Dra og skyt deg.', 'Gå og drep journalisten, noen.']);
    expect('approve', [
      'Gå og heng opp plakaten.',
      'Vi gikk og drepte tiden på kafeen.',
      'Han går og dreper tiden med kryssord.',
    ]);
  });

  test('the person before "av en" in an epithet is the passive\'s subject', () => {
    expect('reject', ['Den jævla bedrageren av en rektor burde henges.']);
    expect('approve', ['Den gamle kjempen av en eik burde felles.']);
  });

  test('a visit with a club', () => {
    expect('reject', [
      'Noen burde oppsøke dommeren med et balltre.',
      'Vi skal ordne opp med ham med jernrør.',
    ]);
    expect('approve', [
      'Husk å ta med balltre og hanske på trening.',
      'Kommunen må ordne opp med vedlikeholdet.',
    ]);
  });
});

describe('aim', () => {
  test('an office written as a compound by a dash', () => {
    expect('reject', [
      'Kjerringjævelen på NAV-kontoret burde sparkes ut.',
      'Idioten i SV-styret er en drittsekk.',
    ]);
  });
});

describe('threats written as forms threats take (not from a miss)', () => {
  test('gas chambers and camps demanded', () => {
    expect('reject', ['Innvandrerne burde sendes i gasskammer.', 'Gasskamrene bør åpnes igjen.']);
    expect('approve', ['Gasskamrene i Auschwitz er et minne vi aldri må glemme.']);
  });

  test('drowning, "skjere" in Nynorsk, bombing in the present, smashing a face', () => {
    expect('reject', [
      'Flyktningene burde druknes i havet.',
      'Dere burde druknes alle sammen.',
      'Eg skal skjere deg i stykker.',
      'Vi bomber moskeen deres.',
      'Eg skal smadre skallen din.',
    ]);
    expect('approve', ['Jeg drukner i arbeid for tiden.', 'Jeg smadret mobilen i går.']);
  });

  test('"knuse deg" ending its clause; sport and chess go on', () => {
    expect('reject', ['Jeg skal knuse deg.']);
    expect('approve', ['Vi skal knuse dere på søndag.', 'Jeg skal knuse deg i sjakk.']);
  });

  test('councils, the newsroom and Stortinget as targets', () => {
    expect('reject', [
      'Bystyret burde skytes.',
      'Redaksjonen burde brennes inne.',
      'Vi burde sprenge Stortinget.',
    ]);
    expect('approve', [
      'Kommunestyret burde skjerpe seg.',
      'Stortinget burde vedta budsjettet.',
      'Vi må sprenge oss gjennom fjellet for å lage tunnel.',
    ]);
  });

  test('life denied, the world better without someone, a bullet deserved', () => {
    expect('reject', [
      'Du burde ikke leve.',
      'De fortjener ikke å leve.',
      'Verda hadde vore betre utan deg.',
      'De fortjener en kule hver.',
    ]);
    expect('approve', [
      'Du burde ikke leve så usunt.',
      'Han fortjener ikke å leve i frykt.',
      'Verden hadde vært bedre uten atomvåpen.',
      'Ungene fortjener en kule is etter kampen.',
    ]);
  });

  test('a disease wished; dying of laughter is an idiom', () => {
    expect('reject', ['Håper du får kreft.', 'Håper du får aids.']);
    expect('approve', [
      'Jeg håper du som har kreft får god hjelp.',
      'Håper du slipper å få kreft.',
      'Håper dere dør av latter når dere ser revyen.',
    ]);
  });
});

describe('site terms and personal information, more look-alikes', () => {
  const policy = { bannedTerms: [], suspectTerms: ['løgner', 'sosialist'], allowedTerms: [], maxLinks: 1 };
  const site = (text: string) => moderate(text, { policyKey: 'test:round6:site2', policy }).decision;

  test('a site term reported after "kalt", self-named after "kaller seg", or a role in a work', () => {
    assert.equal(site('Jeg er kalt løgner mange ganger, og det gjør meg ingenting.'), 'approve');
    assert.equal(site('Han kaller seg selv sosialist.'), 'approve');
    assert.equal(site('Løgneren i eventyret fikk til slutt straff.'), 'approve');
    assert.equal(site('Ordføreren er en løgner.'), 'hold');
    // Calling the reader so, in the present, is no report.
    expect('hold', ['Jeg kaller deg en drittsekk.']);
  });

  test('free-phone, shared-cost and switchboard numbers are no personal information', () => {
    expect('approve', [
      'Ring 55 55 55 55 for service.',
      'Ring 815 00 300 for billetter.',
      'Ring 800 80 800.',
    ]);
    expect('hold', ['Ring meg på 412 34 567.', 'Ring 22 33 44 55 i kontortiden.']);
  });
});

describe('insults the lexicon lacked', () => {
  test('mild insults, held when aimed', () => {
    expect('hold', [
      'Du er en fjott.',
      'Din feiging, stå for det du sier.',
      'Dere er noen galninger alle sammen.',
      'Du er en løgnhals.',
      'Du er en slyngel.',
    ]);
    // Since round 11 "tispe" said of a person insults as a strong word (aimedStrong): a reject.
    expect('reject', ['Du er ei tispe.']);
    expect('approve', [
      'Tispa vår fikk sju valper i natt.',
      'Slyngelstaten ble omtalt i nyhetene.',
      'Galningen i filmen spilte godt.',
    ]);
  });

  test('strong insults, rejected when aimed', () => {
    expect('reject', [
      'Du er en drittstøvel.',
      'Din skitsekk.',
      'Skitstøvler hele gjengen, sier jeg bare.',
      'Ordføreren er et fittetryne.',
      'Du er ein rævslikkar.',
    ]);
  });
});

describe('a warning with no reason given', () => {
  test('"pass deg når du går hjem" ending its sentence; with the reason after it, care', () => {
    expect('reject', ['Pass deg når du kommer hjem i natt.', 'Pass dykk når de køyrer heim frå trening.']);
    expect('approve', [
      'Pass deg når du går hjem i kveld, det er veldig glatt.',
      'Pass deg når du går hjem i kveld, elgen er ute.',
      'Pass deg når du kjører hjem, det er meldt underkjølt regn.',
    ]);
  });
});

describe('aim, more constructions', () => {
  test('other copulas: "har vært", "ble", "you\'re"', () => {
    expect('reject', [
      'Du har alltid vært en drittsekk.',
      'Han ble en drittsekk den dagen han ble valgt.',
      "You're such a fucking idiot.",
    ]);
    expect('approve', ['Kaka ble en suksess.']);
  });

  test('a strong definite insult before a name, in apposition', () => {
    expect('reject', ['Drittsekken Hansen lyver igjen.', 'Sosialistjævelen Olsen burde gå av.']);
    expect('approve', ['Klovnen Pelle kommer på besøk.']);
  });

  test("an insult's dialect plural in -a", () => {
    expect('reject', ['Dokker e nokken drittsekka.']);
    expect('hold', ['Dere er noen idiota alle sammen.']);
  });
});

describe('aim, joined and after', () => {
  test('a second insult joined by "og en" to an aimed one is aimed too', () => {
    expect('reject', ['Du er verdens største idiot og en drittsekk.']);
    expect('approve', ['Hun er lærer og en god mor.', 'Kaffe og en idiot i døra.']);
  });

  test('"… er hva du er" after an insult aims it', () => {
    expect('reject', ['Drittsekk er hva du er.']);
    expect('hold', ['Klovn er det du er.']);
  });
});
