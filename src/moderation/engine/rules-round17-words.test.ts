/**
 * Issue 15, seventeenth round, words (the missing, masked and general categories):
 * the misses of holdout15 sorted into classes. The two largest were words the
 * lexicon lacked (scum and filth said of people, slurs for faiths and gay men,
 * whiners and fools) and group compounds not generated (peoples and a faith
 * missing from the heads, "hode" missing from the tails). Each is written as its
 * general form and probed with sentences invented for it, with the look-alikes
 * (the verbs "fjolle" and "dåre", heads on bodies, peoples in plain talk) that must
 * stay published; and a class of masks: the signs % = & ^ and the colon written
 * for a letter or glued into a word as a dot or an underscore is. None is an item
 * of the set.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:round17-words');

describe('group compounds: more peoples and a faith as heads, "hode" as a tail', () => {
  test('a people or a faith heading an insult or a head is a slur', () => {
    expect('reject', [
      'Latvierhodene på kaia stjeler syklene.',
      'Latviarpakket i oppgangen bråker kvar natt.',
      'Ungarersvina på campingplassen.',
      'Papisthorene i koret.',
      'Muslimhodene i gata skal ikke bestemme.',
      'Turbanhodet i kassa forstod ingenting.',
      'Somalierhoda på senteret.',
      'Håndklehodene i moskeen.',
      'Dei håndklehodane på skulen.',
    ]);
  });
  test('peoples, faiths and heads in plain talk stay published', () => {
    expect('approve', [
      'Latvierne på verftet fikk ny kontrakt.',
      'Ungarerne vant sølv i vannpolo.',
      'Papisten og reformatoren møtes i romanen.',
      'Turbanen satt godt på hodet hans.',
      'Han la håndkleet over hodet i badstua.',
      'Muslimer i hele landet feiret id.',
    ]);
  });
});

describe('missing words: scum and filth said of people, slurs, whiners and fools', () => {
  test('scum, a fat swine and a cursed child said of people reject', () => {
    expect('reject', [
      'Ditt avskum, Arnfinn.',
      'Avskummet i styret har kuttet skolen igjen.',
      'Utskuddene på kjøpesenteret knuste ruta.',
      'Utskota i bygdelaget har ikkje skam.',
      'Rådmannen er et feitsvin.',
      'Feitsvina på toppen tar bonus igjen.',
      'Satansungene i nabohuset har knust vinduet.',
    ]);
  });
  test('slurs for faiths, gay men, Jews and the disabled reject', () => {
    expect('reject', [
      'Geiteknullerne i blokka bør flytte.',
      'Geiteknullarane på torget.',
      'Kuslikkerne i butikken jukser med vekta.',
      'Fjollene i kulturhuset har pyntet med flagg.',
      'Fjollane på puben.',
      'The yids own every newspaper.',
      'My coach is a total spaz.',
      'He is a lying scumbag.',
    ]);
  });
  test('whiners, fools and old hags are held when aimed', () => {
    expect('hold', [
      'Du er en sytepave, Trond.',
      'Sytepavene i kommentarfeltet er i gang igjen.',
      'Dåren i styret har gjort det igjen.',
      'Gammelkjerringa i kiosken er alltid sur.',
    ]);
  });
  test('the verbs and the look-alikes stay published', () => {
    expect('approve', [
      'Ungene fjollet rundt i snøen hele dagen.',
      'Vi fjolla rundt på stranda.',
      'Hun lot seg dåre av den glatte selgeren.',
      'Publikum ble dåret av fiolinisten.',
      'Utskuddsvarene selges billig på lørdag.',
      'She studies Yiddish songs.',
      'The spa opens at nine.',
      'Vi spiste svin og feit ribbe til jul.',
    ]);
  });
});

describe('masks: % = & ^ and the colon between letters glue a word or stand for letters', () => {
  test('a sign for a letter, or glued into a word, spells the word', () => {
    expect('reject', [
      'Naboen er en j=vla dr=ttsekk.',
      'Sjefen er ei h%re.',
      'Treneren er ei fi&&e.',
      'Du er en drit:tsekk, Geir.',
      'Rektor er ein møk:ka:sekk.',
      'Somalier^pakket i gata.',
      'You are a f^^king scumbag.',
    ]);
    expect('hold', ['Hel:vete, for et vær.', 'Jæ%la tull, altså.', 'Fy f=en.']);
  });
  test('names, shops, ratios, formulas and addresses with those signs stay published', () => {
    expect('approve', [
      'Vi handlet på H&M og C&A i går.',
      'Jeg hører på R&B og rock&roll.',
      'NRK:s dekning var god, og TV 2:s også.',
      'Møtet starter kl. 10:30, forholdet var 3:1.',
      'Se https://example.com/sok?q=fisk&side=2 for mer.',
      'Hvis a=b og b=c så er a=c, og x^2 er positiv.',
      'Rabatten er 50% og Q&A er i kveld.',
      'Vi bodde på et B&B, Hus&Hage-messen var fin.',
      'Merk:Ikke parker her. Svar:ja.',
    ]);
  });
});
