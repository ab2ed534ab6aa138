/**
 * Issue 15, fifteenth round, words and masking (the masked and missing categories):
 * general causes found in the misses of holdout13 and of the seen splits, each
 * written as a form (a group's name heading a compound, a fool's or an insult's
 * paradigm, an English plural, a way of masking letters) and probed with sentences
 * invented for it, in Bokmål, Nynorsk and English, with the look-alikes that must
 * stay as they were. None is an item of the set; every positive table was seen
 * failing against the engine before the round.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../support/decision-table.js';

const expect = decisionTable('test:round15-words');

describe('missing: more groups heading a compound, and the tails faenskap, skarv and unge', () => {
  test('a people, a faith or a group heading an insult or a word for vermin rejects', () => {
    expect('reject', [
      'Inderpakket på hjørnet selger juks.',
      'Indarjævlane på verkstaden lurer alle.',
      'Kongolesergrisene bør kastes ut.',
      'Bulgarerpakket på campingen stjeler.',
      'Bulgarhorene står ved rasteplassen.',
      'Serbarsvina på byggeplassen gjer alt feil.',
      'Libaneserapene i gata bråker.',
      'Jemenittjævlene bak kiosken er frekke.',
      'Nigerianerpakkets svindel når alle.',
      'Palestinarpakket skal ikkje bu her.',
      'Shiapakket i moskeen er farlig.',
      'Sunnijævlene vil ha eget bønnerom.',
      'Transejævlene på puben skal kastes ut.',
      'Mongopakket i bussen skrek hele veien.',
      'Muslimfaenskapet skal ikke bestemme her.',
      'Somalierfaenskapet i gata må bort.',
      'Jødeskarven i banken eier alt.',
      'Sigøynerungene på torget tigger igjen.',
      'Negerungene i klassen bråker.',
      'Mongoungen i klassen burde flyttes.',
    ]);
  });
  test('the same names in ordinary words and neutral compounds stay published', () => {
    expect('approve', [
      'Inderen på kontoret lager verdens beste chai.',
      'Indarane i laget vann cupen.',
      'Bulgarsk yoghurt er best.',
      'Bulgarerne plukket jordbær hele sommeren.',
      'Serbias landslag spilte godt.',
      'Libanesisk mat er populært i byen.',
      'Jemenittisk kaffe smaker godt.',
      'Sunnimuslimer og sjiamuslimer ba sammen.',
      'Hun gikk i transe under konserten.',
      'Flyktningungene fikk plass i barnehagen.',
      'Sameungene lærte joik på skolen.',
      'Ungene i klassen fikk is.',
      'Skarven satt på skjæret hele dagen.',
      'Faenskap var ordet farfar brukte om uvær.',
      'MongoDB er databasen vi bruker.',
      'Mongolia har mange hester.',
    ]);
  });
});

describe('missing: fools and cranks with their paradigms, a strong arsehat, English forms', () => {
  test('aimed at a person a fool is held, Bokmål, Nynorsk and English', () => {
    expect('hold', [
      'Du er en dummerjøns, Kjell.',
      'Dummepetterne i styret glemte møtet.',
      'Du er ein tøysebukk, Eirik.',
      'Surpompen i kassa smilte aldri.',
      'Du er en suppegjøk, Tone.',
      'Bondetampane i utvalet skjønar ingenting.',
      'Sjuskepaven i kommunen har rotet bort papirene.',
      'Jesusfrikene på hjørnet deler ut traktater.',
      'Du er en bløffmaker, Rune.',
      'Bløffmakarane i styret lovar alt.',
      'Du er en bondefanger, Stig.',
      'Dumbskallen i baren sølte ølet.',
      'Du er et ullhue, Petter.',
      'You are a plonker, Dave.',
      'What a bunch of nitwits run this town.',
    ]);
  });
  test('the strong arsehat is rejected when aimed', () => {
    expect('reject', ['Du er en rævhatt, Geir.', 'Rasshatten i nabohuset klaget igjen.']);
  });
  test('English plurals of slurs reject; a dyke that is an embankment does not', () => {
    expect('reject', [
      'The Pakis on our street are loud.',
      'Gooks run every shop now.',
      'Wetbacks took all the jobs.',
      'Homsan i bygda vil ha regnbueflagg.',
    ]);
    expect('approve', [
      'Dyke repairs start next week.',
      'The dyke road is closed for maintenance.',
      'Hun strikket et ullhue til barnebarnet.',
      'Suppa var god, og gjøken galte i skogen.',
      'Tøysebukser er gøy på karneval.',
      'Han bløffet i poker og vant.',
    ]);
  });
});

describe('masked: brackets, Greek capitals, doubled letters, signs read as letters', () => {
  test('a word parted by brackets, one letter each or a letter in square brackets, spells it', () => {
    expect('reject', [
      'Du er en d(r)(i)(t)(t)(s)(e)(k)(k), Ola.',
      'Rådmannen er ei h[o]r[e].',
      'Du er ein k[u]k[s]ugar, Per.',
    ]);
    expect('hold', ['F[a]en, bussen er borte.', 'H(e)(l)(v)(e)(t)(e), for en kø.']);
  });
  test('Greek capitals read by their shape, every letter doubled, ¥ and ƒ', () => {
    expect('reject', [
      'Du er en ΗΟRΕ, Lise.',
      'Han er en ΜUΖΖΙΕ.',
      'Du er ei ffiittttee, Kari.',
      'Du er en ddrriittttsseekkkk, Ola.',
      'Jeg skal sk¥te deg, Ola.',
    ]);
    expect('hold', ['Ffaaeenn, bussen gikk igjen.', 'ƒaen, for et vær.']);
  });
  test('brackets, Greek and doubled letters that spell nothing stay published', () => {
    expect('approve', [
      'Ansatt(e) og lærer(e) møtes i aulaen.',
      'Se vedlegg [1][2] og kommune(n)s svar.',
      'Vi må regne ut f(x) og g(y) til i morgen.',
      'Formelen ΗΝ er fra fysikken.',
      'Μία ημέρα στην Αθήνα var fin.',
      'Prisen er ¥500 i Tokyo.',
      'Kaffe koster ca. 3 € i Roma.',
      'Hmm, aahh, oo, nå ble det kaldt.',
      'Jeg sa «jaaa» og «neeei» på en gang.',
    ]);
  });
});

describe('masked: words turned upside down', () => {
  test('a turned word spells the word', () => {
    expect('reject', ['Du er ei ǝɹoɥ, Lise.', 'Naboen er en ʞʞǝsʇʇᴉɹp.']);
    expect('hold', ['uɐʇɐs, for et vær.', 'Du er en ʇoᴉpᴉ, Per.']);
  });
  test('turned letters that spell nothing stay published', () => {
    expect('approve', [
      'Snu skjermen: ʇɐɥ ǝɯos ɥɐʎ.',
      'Jeg kan synge alfabetet baklengs.',
      'Bilen rygget baklengs inn i garasjen.',
      'Han gikk baklengs ut av rommet og snublet i teppet.',
      'Skriv navnet ditt bakfram, sa læreren: Alf blir flA.',
      'The phonetic sign ə is a schwa, and ɔ is an open o.',
    ]);
  });
});

describe('masked: the self-censored f-word reported, as a listed word reported is', () => {
  test('said to have been written or said, it is published', () => {
    expect('approve', [
      'Jeg skrev f*** i kryssordet, men svaret var «fjær».',
      'Hun sa f*** på direkten og ba om unnskyldning.',
    ]);
  });
  test('used, it is still held', () => {
    expect('hold', ['Hva f*** holder de på med?', 'F*** denne ferja.']);
  });
});
