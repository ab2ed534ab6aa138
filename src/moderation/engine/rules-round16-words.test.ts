/**
 * Issue 15, sixteenth round, words and masking (the missing, general and masked
 * categories): the misses of holdout14 and holdout13 sorted into general classes
 * (a form a paradigm did not generate, a group or a faith heading a compound, an
 * insult aimed by its construction, a way of masking letters) and each class
 * written as its form, probed with sentences invented for it, in Bokmål, Nynorsk
 * and English, with the look-alikes that must stay as they were. None is an item
 * of the set; every positive table was seen failing against the engine before the
 * round.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:round16-words');

describe('forms not generated: English plurals, dialect plurals, faiths heading a compound', () => {
  test('an English slur or insult in the plural is one as in the singular', () => {
    expect('reject', [
      'The kikes who run the bank.',
      'Spics everywhere on the building site.',
      'Those faggots at the gym need to leave.',
      'The chinks at the market cheat.',
      'Dykes in the football team, again.',
      'The coons on the corner are loud.',
    ]);
    expect('hold', ['The wankers at the council did it again.', 'Those twats at the depot lost my parcel.']);
  });
  test('a plural that names a thing stays published', () => {
    expect('approve', [
      'Grandma made faggots with gravy for dinner.',
      'We ate pork faggots and peas at the pub.',
      'There are chinks in the armour of the new plan.',
      'Dutch dykes keep the sea out.',
      'River dykes broke after the storm.',
      'SPACs were popular on the stock market in 2021.',
    ]);
  });
  test('a faith heading an insult or a word for vermin is a slur, its children are not', () => {
    expect('reject', [
      'Mormonpakket ringer på igjen.',
      'Hindujævlane på hjørnet sel juks.',
      'Katolikkhorene i kirka.',
      'Sikhsvina i butikken.',
      'Mormonrottene kommer hver lørdag.',
    ]);
    expect('approve', [
      'Mormonungene i klassen er hyggelige.',
      'Hinduene feiret lysfesten i parken.',
      'Katolikkene fikk ny biskop.',
      'Sikhene i byen åpnet et tempel.',
      'Mormonkirken har et stort bibliotek.',
    ]);
  });
  test('the dialect definite plural of svin: svinan', () => {
    expect('reject', ['Muslimsvinan i blokka bråker.', 'Jødesvinan eig alt.']);
  });
});

describe('missing words: a whore, a pervert, filth heading a person, a slur in Nynorsk, fools', () => {
  test('strong insults and slurs aimed at a person reject', () => {
    expect('reject', [
      'Naboen er ei skjøge som tar betalt.',
      'Skjøga på hjørnet burde skamme seg.',
      'Treneren er en pervo som glaner på jentene.',
      'Du er et drittmenneske, Per.',
      'Han er eit dritmenneske.',
      'Rektor er et møkkamenneske.',
      'Rumpekøyrarane i laget burde slutte.',
      'Rumpekjørerne på puben.',
    ]);
  });
  test('fools are held when aimed', () => {
    expect('hold', [
      'Du er ein skrullebukk, Oddvar.',
      'Du er en fjasebukk.',
      'Molboene i bystyret har gjort det igjen.',
    ]);
  });
  test('the same letters in other words stay published', () => {
    expect('approve', [
      'Molbohistorier er morsomme å lese høyt.',
      'Det er et perverst system.',
      'Menneskene i byen er hyggelige.',
      'Bukken sto på berget.',
    ]);
  });
});

describe('aimed by construction: a definite insult before a name', () => {
  test('a word that is only an insult before any name is said of that person', () => {
    expect('hold', [
      'Tullingen Nilsen har glemt møtet igjen.',
      'Fjolset Karlsen kjørte inn i gjerdet.',
      'Tosken Ingrid skjønner ingenting.',
    ]);
  });
  test('a literal word or an animal before a surname is said of that person', () => {
    expect('hold', ['Nautet Kristiansen stemte feil.', 'Grisen Johansen spiste all kaka.']);
    expect('reject', ['Tispa Hovland ligger med sjefen.']);
  });
  test('a role, a pet or a book before a given name stays published', () => {
    expect('approve', [
      'Klovnen Pelle kom på bursdagen.',
      'Grisen Knorr vant prisen på messa.',
      'Tispa Molli fikk sju valper.',
      'Idioten av Dostojevskij er en lang roman.',
      'Hesten Blakken vant travløpet.',
    ]);
  });
});

describe('masks not read: signs between letters, glue marks, long bracket runs', () => {
  test('one sign between every two letters spells the word', () => {
    expect('reject', [
      'Treneren er en f+i+t+t+e.',
      'Du er ei h+o+r+e, Lise.',
      'Naboen er en d!r!i!t!t!s!e!k!k.',
      'Du er en k#u#k#s#u#g#e#r.',
    ]);
  });
  test('sums, languages and ratings with those signs stay published', () => {
    expect('approve', [
      'Svaret er 2+2+2 og a+b+c.',
      'Vi skriver koden i C++ og C#.',
      'Kampen endte 1+1 etter ekstraomganger.',
      'Hun fikk A+ på eksamen.',
    ]);
  });
  test('a middle dot, a bullet, a semicolon or two guillemets glue a word', () => {
    expect('reject', [
      'Somalier•pakket i blokka bråker.',
      'Muslim·pakket skal ut.',
      'Du er en drit;tsekk.',
      'Sjefen er en «drit»«tsekk».',
    ]);
    expect('hold', ['Hel;vete, for et vær.']);
  });
  test('lists with those marks stay published', () => {
    expect('approve', [
      'Vi kjøpte ost;brød;melk.',
      'Kaffe · kake · is',
      'Sjekk «Sult»«Markens grøde» på biblioteket.',
      'Pris•kvalitet•service',
    ]);
  });
  test('letters in brackets after a first pair, up to ten parts', () => {
    expect('reject', ['Du er en dr(i)(t)(t)(s)(e)(k)(k).', 'Du er en dr(i)(t)(t)(s)(e)(k)(k)(e)(n).']);
  });
  test('a long run of words glued by dashes stays what it was', () => {
    expect('approve', ['Det var en ta-det-som-det-kommer-og-ikke-mas-dag.']);
  });
});

describe('aimed by construction: letters parted by commas, a work named around a quoted title', () => {
  test('a spelled insult after a copula is aimed though commas part its letters', () => {
    expect('reject', [
      'Treneren er en j,æ,v,l,a f,i,t,t,e som tapte kampen.',
      'Kari er ei j;æ;v;l;a h;o;r;e som lyver.',
      'Du er ei j;æ;v;l;a h;o;r;e.',
    ]);
  });
  test('options and initials parted by commas stay published', () => {
    expect('approve', ['Svar: a, b, c eller d.', 'Alternativene er a,b,c.']);
  });
  test('a slur in a quoted title in a sentence about a work is named, not said', () => {
    expect('approve', [
      'Boka «Ti små negerbarn» fikk ny tittel i 2004.',
      'Sangen «Negerjenta» ble tatt ut av sangboka.',
      'The book «Ten Little Niggers» was renamed.',
    ]);
  });
  test('a slur quoted of people, or quoted with a lower-case start, still goes to a moderator', () => {
    expect('hold', ['«Negerpakket» må ut av landet.', 'De kalte ham «Neger» på skolen.']);
  });
});
