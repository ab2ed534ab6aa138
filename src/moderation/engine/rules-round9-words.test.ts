/**
 * Issue 15, ninth round, words, forms and false positives (every category but
 * threats): general forms found in the misses of the holdout6 batch, each written
 * as a form (a word with its paradigm and spellings, a way an insult is aimed, a
 * reason a reading is wrong) and probed with sentences invented for it, in
 * Bokmål, Nynorsk, dialect and English, with the look-alikes that must stay as
 * they were. None is an item of the set; every table was seen failing against
 * the engine before the round.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, type ModerationPolicy, moderate } from './index.js';

const decision = (text: string, policy: ModerationPolicy = DEFAULT_POLICY) =>
  moderate(text, { policyKey: `test:round9-words:${policy.suspectTerms.join(',')}`, policy }).decision;

const expect = (want: 'approve' | 'hold' | 'reject', texts: string[], policy?: ModerationPolicy) => {
  for (const text of texts) assert.equal(decision(text, policy), want, text);
};

const LIARS: ModerationPolicy = { ...DEFAULT_POLICY, suspectTerms: ['løgner', 'klimafornekter'] };

describe('missing: an -er noun takes its eastern and Trøndersk definite in -ern', () => {
  test('lexicon slurs: negern, spassern, perkern', () => {
    expect('reject', [
      'Negern i naboblokka spiller musikk hele natta.',
      'Spassern i klassen ødelegger timene for alle.',
      'Han perkern på hjørnet selger sikkert dop.',
    ]);
  });
  test("a site's -er noun: løgnern, klimafornektern", () => {
    expect('hold', ['Løgnern i bystyret sa noe annet i går.', 'Sjå på klimafornektern der borte.'], LIARS);
  });
  test('words that end in -ern and are no such form stay clean', () => {
    expect('approve', [
      'Han bor i Bern og jobber i Luzern.',
      'Vi så en western på kinoen.',
      'Lanternen i hagen lyser fint.',
    ]);
    expect('approve', ['Ta med lykta og lanterna, det blir mørkt.'], LIARS);
  });
});

describe("missing: 'drit-' for 'dritt-' in the compounds", () => {
  test('dritsekk, dritunge, dritkjerring, dritstøvel, as said of people', () => {
    expect('reject', [
      'Du er ein dritsekk, Arne.',
      'Ho dritkjerringa på kontoret har mista søknaden min.',
      'Dritungen til naboen knuste ruta vår.',
      'For ein dritstøvel du er.',
    ]);
    expect('hold', ['Dritsekkar finst overalt.']);
  });
  test('other drit- words are what they were', () => {
    expect('approve', ['Vi var dritings på festen i går.', 'Han driter i det uansett.']);
  });
});

describe("missing: the definite forms of 'homse' are a slur; the bare word is what gay men call themselves", () => {
  test('homsen, homsa, homsene, homsane, masked or not', () => {
    expect('reject', [
      'Homsene i styret bestemmer alt her.',
      'Homsane på bygda får alltid viljen sin.',
      'Den homsen i kassa var treg i dag.',
      'H0msene i komiteen burde gå av.',
    ]);
  });
  test('the indefinite self-description stays clean', () => {
    expect('approve', ['Jeg er homse og stolt av det.', 'Han sto fram som homse i 1990.']);
  });
});

describe('missing: English gyppo and its spellings', () => {
  test('gyppo, gypo, gippo with their plurals', () => {
    expect('reject', [
      'Those gyppos stole my bike.',
      'A gypo camp by the river again.',
      'Gippoes everywhere.',
    ]);
  });
  test('Egypt and gypsum are other words', () => {
    expect('approve', ['We flew to Egypt in May.', 'The wall is made of gypsum board.']);
  });
});

describe('false positive: the old names of confections built on "neger" are named, not used', () => {
  test('negerkyss and negerbolle are published', () => {
    expect('approve', [
      'Negerboller het det i butikken da jeg var liten.',
      'Bestemor bestiller framleis negerkyss til jul.',
    ]);
  });
  test('the slur and its other compounds are not', () => {
    expect('reject', ['Negerjævelen stjal sykkelen min.', 'Negrene i byen bråker.']);
  });
});

describe('missing: near relatives of the mild insults (naut, tulledokke, dusteklump)', () => {
  test('held when aimed', () => {
    expect('hold', [
      'Naut! Du har stengt innkjørselen igjen.',
      'Du er ei tulledokke, Siri.',
      'Din dusteklump.',
      'Ditt naut, kva tenkte du på?',
    ]);
  });
  test('published when they are cattle or not aimed', () => {
    expect('approve', ['Nauta står på beite heile sommaren.', 'Bonden har tjue naut i fjøset.']);
  });
});

describe('general: an insult said of oneself is aimed at nobody', () => {
  test('"jeg er/var en …", "eg er ein …", "var jeg en …?" are published', () => {
    expect('approve', [
      'Jeg var en skikkelig idiot i går.',
      'Eg er ein tosk som gløymde nøklane att.',
      'Var jeg en idiot som trodde på det?',
      'Vi var noen tullinger som gikk seg bort.',
    ]);
  });
  test('said of the addressee or of another it is held as before', () => {
    expect('hold', ['Du var en idiot i går.', 'Han er ein tosk.', 'Jeg synes du er en idiot.']);
  });
});

describe('general: a second insult joined by "og en" keeps the aim of the first', () => {
  test('the words of the first do not use up the window', () => {
    expect('reject', [
      'Du er ein skikkeleg jævla taper og ein drittsekk.',
      'Du er en fullstendig ubrukelig tosk og en horeunge.',
      'Dere er noen skikkelig late kjeltringer og noen rasshøl.',
    ]);
  });
  test('a curse before one word and then "og en …": the person is called both', () => {
    expect('reject', [
      'Du er ein skikkeleg føkkings taper og ein løgnar.',
      'Du er en jævla nolde og en tyv.',
    ]);
  });
  test('a second thing, or a curse of a thing, is not', () => {
    expect('hold', ['Det er en jævla kamp og en skam for klubben.']);
    expect('approve', ['Du er en god venn og en flink kokk.']);
  });
});

describe('general: "folk som deg": an insult given to people likened to the addressee', () => {
  test('Bokmål, Nynorsk and English', () => {
    expect('hold', ['Hjernedøde typer som dere ødelegger debatten.']);
    expect('reject', ['Drittsekker som deg burde ikke få stemme.', 'Rasshøl folk som dere.']);
    // A disability slur said of people is a slur against them since the tenth round.
    expect('reject', [
      'Tilbakestående folk som deg burde ikke stemme.',
      'Tilbakeståande typar som dykk skjønar ingenting.',
    ]);
  });
  test('people likened to someone else, or nobody insulted', () => {
    expect('approve', ['Folk som deg er gull verdt.', 'Tilbakestående områder trenger folk som deg.']);
  });
});

describe('general: a curse before one word said of a person, in more shapes', () => {
  test('"… av ein mann": the person is the word of a kind', () => {
    expect('reject', ['Du er ein forbanna dritt av ein mann, Leif.', 'Du er en jævla skam av en far.']);
  });
  test('"han/hun/ho" or "han nye legen" as the one it is said of', () => {
    expect('reject', [
      'Han er en jævla kebab.',
      'Ho e ei forbanna heks.',
      'Han nye legen er en jævla snylter.',
      'She is a fucking cow.',
    ]);
  });
  test('a thing, or words that go on after the word, are not', () => {
    expect('hold', ['Det er en jævla kebab.', 'Det var en jævla kamp av en kamp i går.']);
  });
});

describe('false positive: a slur quoted and named as a word is talked about, not said of anyone', () => {
  test('"ordet «…»", "skjellsordet «…»", "the word “…”" are published', () => {
    expect('approve', [
      'Ordet «pakkis» er et skjellsord og bør ikke brukes.',
      'Skjellsordet «neger» hører ikke hjemme i skolebøkene.',
      '«Neger» er et ord vi ikke bruker lenger.',
      'The word “nigger” was in the old edition of the book.',
      'Ordet «soper» vart brukt som skjellsord på skulen.',
    ]);
  });
  test('quoted alone, named alone, or reported still go to a moderator', () => {
    expect('hold', [
      'Han sa «neger» til meg på bussen.',
      'Ordet neger er stygt.',
      'Noen skrev «pakkis» på døra.',
    ]);
  });
});

describe('false positive: "jævla" before a word of praise is the degree word "jævlig"', () => {
  test('jævla bra, helt jævla rått, ei jævla fin helg', () => {
    expect('approve', [
      'Jævla bra kamp av guttene i går.',
      'Helt jævla rått levert av korpset!',
      'Det var ei jævla fin helg på hytta.',
      'Jevla flinke folk på legevakta.',
      'Eit jævla godt innlegg frå ungdomsrådet.',
      'Han er en jævla god sjåfør.',
    ]);
  });
  test('before a word of blame, aimed, or another curse before praise, held as before', () => {
    expect('hold', [
      'Jævla dårlig kamp.',
      'Helvetes bra sak, men for en tittel.',
      'Fucking brilliant, another delay.',
      'Jævla bra at du flytter, din tosk.',
    ]);
    expect('reject', ['Din jævla flinke drittsekk.']);
  });
});

describe('implicit: more ways a group is called vermin', () => {
  test('"de som …", "dei som …", "those who …" as the group', () => {
    expect('reject', [
      'Dei som kjem over grensa er berre utøy.',
      'De som kommer hit nå er parasitter alle sammen.',
      'Those who cross the border are vermin.',
    ]);
  });
  test("a people's adjective right before vermin", () => {
    expect('reject', [
      'De somaliske kakerlakkene i blokka må ut.',
      'Muslimske parasittar overalt i byen.',
      'Polske rotter tar jobbene våre.',
    ]);
  });
  test('"ein sverm av grashopper": vermin after a collective noun, and the paradigm of the vermin words', () => {
    expect('reject', [
      'Somaliarane er ein sverm av grashopper.',
      'Innvandrerne er en sverm av rotter.',
      'Migrantane er gnagarar.',
    ]);
  });
  test('animals, people who work with vermin, and swarms of people stay clean', () => {
    expect('approve', [
      'Polske svin er billigere enn norske.',
      'Afrikanske gresshopper spiser avlingene.',
      'De som jobber med skadedyr har mye å gjøre om høsten.',
      'Det var en sverm av turister på brygga.',
      'Rottene på kaia er store i år.',
    ]);
  });
});

describe('general: a sexual demand said to the addressee is aimed from itself', () => {
  test('"se deg naken", "ha deg naken", "kle av deg for meg", "see you naked"', () => {
    expect('reject', [
      'Jeg vil se deg naken, Mona.',
      'Vil ha deg naken i senga mi.',
      'Eg vil sjå deg naken på kne.',
      'Kle av deg for meg, Lise.',
      'I want to see you naked.',
    ]);
  });
  test('undressing at the doctor or in the changing room, a nude in art, stay clean', () => {
    expect('approve', [
      'Du må kle av deg i garderoben før du dusjer.',
      'Kunstneren malte henne naken i 1890.',
      'Sett deg naken på benken i badstua.',
      'Jeg så deg på stranden i går.',
    ]);
  });
});

describe('general: one person by place or role, in Nynorsk', () => {
  test('"frå", "hjå" and the Nynorsk offices (utvalet, leiinga)', () => {
    expect('hold', [
      'Tullingane i planutvalet vedtok det utan å lese.',
      'Tosken frå kommunen kom aldri på synfaringa.',
      'Dustane hjå NAV-kontoret svarar ikkje på e-post.',
      'Idioten i leiinga skjønar ingenting.',
    ]);
  });
  test('a clown from the circus or a role in a film is nobody insulted', () => {
    expect('approve', ['Klovnen frå sirkuset var morosam.', 'Tullingen frå filmen var morosam.']);
  });
});
