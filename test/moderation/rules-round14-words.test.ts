/**
 * Issue 15, fourteenth round, words, masking and false positives (every category
 * but threats and implicit abuse): general causes found in the misses and flagged
 * clean items of holdout11 and holdout12, each written as a form (a word with its
 * paradigm, a group name heading a compound, a way of masking letters, a word
 * named rather than used, a place or a person's name made of a listed word) and
 * probed with sentences invented for it, in Bokmål, Nynorsk and English, with the
 * look-alikes that must stay as they were. None is an item of the set; every
 * positive table was seen failing against the engine before the round.
 */
import { describe, test } from 'node:test';
import { EVAL_SITE_POLICY } from '../../bench/support/eval-set.js';
import { DEFAULT_POLICY } from '../../src/moderation/engine/index.js';
import { decisionTable } from '../support/decision-table.js';

const expect = decisionTable('test:round14-words');
const expectSite = decisionTable('test:round14-words-site', { ...DEFAULT_POLICY, ...EVAL_SITE_POLICY });

describe('false positives: a listed word named, a rhyme, a place, a name, a mailbox', () => {
  test('published', () => {
    expect('approve', [
      // A word named as a word: "X var det ordet …", "X er betegnelsen på …", "X er nemninga for …".
      'Faenskap var ordet farfar brukte om alt som gikk galt i fjøset.',
      'Drittsekk var det ordet hun hørte oftest i skolegården.',
      'Bastard er betegnelsen på en hund av blandet rase i gamle papirer.',
      'Rasshøl er et uttrykk fra gamle sjømannsviser.',
      'Kødd er eit ord frå austlandsdialekten.',
      // A word and its vowel rhyme joined by "og" or a space: "pikk og pakk", "tipp topp".
      'Vi pakket pikk og pakk og dro til hytta i påsken.',
      'Dei tok med seg pikk og pakk og flytta nordover.',
      'Han samlet pikk pakk i en sekk og gikk.',
      // A place's name made of a listed word, with a capital and a place's tail.
      'Hun er fra Pikkarvik og har gått på skole der.',
      'Vi rodde over til Faenvik i sommer.',
      'Hytta ligger i Helvetesdal, rett ved vannet.',
      'Kårstad og Dritnes er to grender langs fjorden.',
      // A name: an English word written as a person's or a book's name beside another name.
      'The school is reading Moby-Dick this term.',
      'Have you read Moby Dick, the whale book?',
      'Dick Cheney was vice president under Bush.',
      'The novels of Philip K. Dick were filmed many times.',
      // "Shit happens": the saying, not a curse.
      'Shit happens, sa treneren etter tapet.',
      'Well, shit happens, and the ferry was late again.',
      // The mailbox of a school, a library or a club is nobody's address.
      'Påmelding til kulturskolen@example.no innen fredag.',
      'Spørsmål kan sendes til biblioteket@example.no.',
      'Send bildene til idrettslaget@example.com.',
      'Skriv til ungdomsskolen@example.no om skyssen.',
    ]);
  });
  test('the words used, a name that is no place, a person’s mailbox still as they were', () => {
    expect('hold', [
      'Faenskap, nå er bussen borte igjen.',
      'Drittsekken kom for seint igjen.',
      'Helvetes dårlig kamp i dag.',
      'Skriv til kari.nordmann@example.no, så hører du fra henne.',
      'Shit, the ferry is late again.',
    ]);
    expect('reject', [
      'Du er en jævla drittsekk, Per.',
      'Din pikk, hold kjeft.',
      'Pikken hans var på alle bildene.',
    ]);
  });
});

describe('site terms: said of the writer by calling oneself', () => {
  test('published', () => {
    expectSite('approve', [
      'Jeg kaller meg gjerne sosialist hvis det betyr gratis skolemat.',
      'Eg kallar meg stolt klimahysteriker.',
      'Vi kaller oss sosialister, og det står vi for.',
    ]);
  });
  test('said of another, still held', () => {
    expectSite('hold', ['Han kaller seg lege, men han er en løgner.', 'Du er en klimahysteriker, Ola.']);
  });
});

describe('missing: fools, cranks, windbags and quacks, with their paradigms', () => {
  test('aimed at a person they are held, Bokmål, Nynorsk and English', () => {
    expect('hold', [
      'Du er ei pappnese, Trude.',
      'Pappnesene i styret har rotet det til igjen.',
      'Du er ein fjåsekopp, Olav.',
      'Fjåsekoppane i utvalet kan ingenting.',
      'Du er en pyse, Morten.',
      'Pysene i bystyret tør ikke si nei.',
      'Din lømmel, du kjørte over plenen.',
      'Lømlene på bussen skrek hele veien.',
      'Slubberten i kassa lurte meg.',
      'Sløvingene på vegkontoret har ikke brøytet.',
      'Kvakksalveren på senteret selger vann som medisin.',
      'Du er en sjarlatan, Bjørn.',
      'Tomhjernene i styret glemte budsjettet.',
      'Dosmene i kommunen har rotet bort søknaden.',
      'Rektor er en klossmajor på foreldremøter.',
      'Vaktmesteren er ein grinebitar.',
      'Du er en grinebiter, Harald.',
      'Dere er noen slappfisker, alle sammen.',
      'Dere er noen tapere, hele gjengen.',
      'Du er en tølper, Geir.',
      'Du er en raring, Even.',
      'Tøysekoppene i klassen lo hele timen.',
      'Dykk er nokre dunderhovud.',
      'Du er et dunderhode, Lars.',
      'Kranglefanten i nabohuset klaget igjen.',
      'Stabeisen i styret sier nei til alt.',
      'You are a pillock, Gary.',
      'What a bunch of dimwits run this club.',
      'Herregud for noen idioter som sitter i styret.',
      'Herregud for nokre tullingar dei er.',
    ]);
  });
  test('the words near them stay published', () => {
    expect('approve', [
      'Laget taper alltid borte.',
      'Hun taper seg litt i sluttspurten.',
      'Nesen min er tett av forkjølelse.',
      'Kaffekoppen sto på bordet.',
      'Vi brukte papp og lim til modellen.',
      'Fjåset om været tok hele møtet.',
      'Han pyser seg ut av alt.',
      'Kranglingen om budsjettet varte lenge.',
      'Fisken var sløv i det kalde vannet.',
      'Salvene på apoteket er dyre.',
      'Hjernen bruker mye energi.',
      'Stabbursdøra sto åpen.',
      'Grinene på ansiktet hennes sa alt.',
      'Han var en taper i valget, men vant neste gang.',
      'Taperen i dette oppgjøret er pendlerne.',
      'Det er ikke en tulling å se i hele styret.',
      'Det var ikkje ein raring i heile salen.',
      'Lømmelen i Hamsuns roman er en kjent figur.',
      'Laget ble slått av taperen fra i fjor.',
    ]);
  });
});

describe('missing: strong insults, slurs and their compounds and genitives', () => {
  test('aimed or of a group they reject', () => {
    expect('reject', [
      'Din rasskjeft, hold deg unna.',
      'Rasskjeften i nabolaget skal alltid klage.',
      'Dritthuet i kassa ga meg feil veksel.',
      'Du er et dritthue, Jonas.',
      'Filippinerpakket på hotellet stjeler.',
      'Ukrainerjævlane tek alle hyblane.',
      'Kosovopakket i byen bråker hver natt.',
      'Læstadianerpakket stemmer alltid nei.',
      'Tamilpakket ved torget selger juks.',
      'Jehovajævlene står på trappa igjen.',
      'Brunpakket fra mottaket er overalt.',
      'Muslimpakkets barn får alltid fri.',
      'Innvandrerpakkets biler står overalt.',
      'Rullestolkrøplingen i styret skal ikke bestemme.',
      'Kuksugarane i styret stemte for.',
      'Kuksugarnes parti vant igjen.',
      'Skjeggapene fra moskeen vil ha bønnerom.',
      'The Polacks on the building site are useless.',
      'Those curry-munchers at the shop cheated me.',
      'Du er ei slampe, Lise.',
    ]);
  });
  test('the same stems in ordinary words stay published', () => {
    expect('approve', [
      'Filippinerne på hotellet var hyggelige.',
      'Ukrainarane i bygda starta kor.',
      'Kosovo ble selvstendig i 2008.',
      'Læstadianerne har bedehus i Alta.',
      'Tamilene feiret nyttår i parken.',
      'Jehovas vitner står på torget.',
      'Han er brun etter ferien.',
      'Pakket ble levert på døra.',
      'Rullestolbrukeren kom seg inn i bussen.',
      'Skjegget hans ble grått i fjor.',
      'Apene i dyreparken fikk bananer.',
      'The Polish workers built the new bridge.',
      'Curry is on the menu every Friday.',
    ]);
  });
});

describe('masked: letters parted by any one sign, enclosed letters, the self-censored f-word', () => {
  test('single letters parted by the same sign spell the word, Bokmål, Nynorsk and English', () => {
    expect('reject', [
      'Du er ei h:o:r:e, Mona.',
      'Rådmannen er en f=i=t=t=e.',
      'Du er en j\\æ\\v\\l\\a i\\d\\i\\o\\t, Per.',
      'Han er ein k|u|k|s|u|g|a|r.',
      'Du er en n^e^g^e^r, Ali.',
      'Du er en d–r–i–t–t–s–e–k–k, Pål.',
      'Du er ei h·o·r·e, Siri.',
      'You are a c~u~n~t, Jim.',
      'Du er en 🇩 🇷 🇮 🇹 🇹 🇸 🇪 🇰 🇰, Ola.',
      'Du er ei 🅗🅞🅡🅔, Kari.',
      'Du er ei 🅷🅾🆁🅴, Kari.',
    ]);
    expect('hold', [
      'F:A:E:N, bussen gikk igjen.',
      'H%E%L%V%E%T%E, for en kø.',
      '⒡⒜⒠⒩, nå regner det igjen.',
      'Hva f*** driver de med?',
      'What the f*** is this timetable?',
      'F@@@ this ferry.',
      'stfu about the ferry, Tom.',
      'Just gtfo with that plan.',
    ]);
  });
  test('letters and signs that spell nothing, times, sums and flags stay published', () => {
    expect('approve', [
      'Møtet er kl. 10:30, rom B:2.',
      'Svaret er a=b=c, sa læreren.',
      'Kjør E6 – E18 – E39 sørover.',
      'Les kapittel 2a:3b før timen.',
      'Heia Norge 🇳🇴 og lykke til!',
      'Vi så 🇫🇷 og 🇮🇹 spille i går.',
      'Svaret ligger i vedlegg (a), (b) og (c).',
      'Skriv «f***» i stedet for det stygge ordet, sa læreren.',
      'Grade: A+, B, C.',
    ]);
  });
});
