/**
 * Issue 15, twelfth round, words, forms and masking (every category but
 * threats): general causes found in the misses and flagged clean items of the
 * holdout9 batch, each written as a form (a word with its paradigm, a compound
 * class, a way of masking letters) and probed with sentences invented for it,
 * in Bokmål, Nynorsk and dialect, with the look-alikes that must stay as they
 * were. None is an item of the set; every positive table was seen failing
 * against the engine before the round.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../support/decision-table.js';
import { DEFAULT_POLICY } from '../../src/moderation/engine/index.js';

const expect = decisionTable('test:round12-words');
/** A site holding three words of its own, as a newsroom lists them. */
const expectOnSite = decisionTable('test:round12-words:site', {
  ...DEFAULT_POLICY,
  suspectTerms: ['sosialist', 'klimaaktivist', 'løgner'],
});

describe('missing: fools and buffoons with their paradigms, Bokmål, Nynorsk and dialect', () => {
  test('aimed at a person (a copula, an office, a relative clause) they are held', () => {
    expect('hold', [
      'Du er ei tåpe, Randi.',
      'Tåpene i bystyret har vedtatt en ny bom.',
      'Tåpane i kommunen gløymde søknaden.',
      'Tomsingen som styrer laget kan gå av.',
      'Du er ein tomsing, Kåre.',
      'Dumrianen i utvalget har ikke lest saken.',
      'Du er en bajas, Stein.',
      'Bajasane i styret lo av forslaget.',
      'Rektor er ein slask som aldri svarer på e-post.',
      'Kløna i kantina mista brettet igjen.',
      'Du er ei skikkelig kløne, Siri.',
      'Teitingen på kontoret sendte feil faktura.',
      'Dumbingane i bygdelaget gløymde nøkkelen.',
      'Dustemikkelen i resepsjonen ga oss feil rom.',
      'Dustemiklene i fylket har stengt ferja.',
      'Sytekoppen i naboleiligheten har klaget igjen.',
      'Du e ein tullbokk, Ivar.',
      'Tullebukken i dommerbua så ingenting.',
      'Du er en tulleball, Geir.',
      'Du er en jubelidiot, Roar.',
      'Landsbyidioten i styret har snakket igjen.',
    ]);
  });
  test('the words near them, the thing itself and the verb stay published', () => {
    expect('approve', [
      'Vi kan tape kampen på søndag.',
      'Laget tapte, men spilte godt.',
      'Sauen Dolly var en klone.',
      'Han var litt klønete med ballen.',
      'Slasken i vasken må tømmes.',
      'Det er et teit forslag, men vi stemmer over det.',
      'Vi drakk kaffe av en stor kopp.',
      'Bukken på gården har lange horn.',
      'Ballen havnet i elva.',
      'Idiotsikre instruksjoner følger med.',
    ]);
  });
});

describe('missing: a disability slur and group names heading snout, pig, head, crow and rabble', () => {
  test('they reject, Bokmål and Nynorsk, with the genitive', () => {
    expect('reject', [
      'Krøplingen i rullestolen burde holdt seg hjemme.',
      'Krøplingane på sjukeheimen kostar for mykje.',
      'Kinesertrynet i kassa forstod ingenting.',
      'Kinesartryna på bussen tok alle setene.',
      'Rumenerpakket ved inngangen tigger igjen.',
      'Rumenarpakkets koppar står overalt.',
      'Burkakråka på bussen glante på meg.',
      'Turbanhuet i taxien kjørte feil.',
      'Jødegrisen som eier gården er grådig.',
      'Somalipakket i blokka bråker hele natta.',
      'Thaihora på massasjestedet tok for mye betalt.',
      'Muslimgrisane har teke over heile gata.',
      'Negertrynets bilde henger på veggen.',
      'CP-apen i kassa klarte ikke å telle.',
    ]);
  });
  test('the disability slur said of no one, in history, is held', () => {
    expect('hold', ['Krøplinger ble gjemt bort på loftet i gamle dager.']);
  });
  test('the peoples, dress, animals and food stay published', () => {
    expect('approve', [
      'Vi spiste thaimat og kinesisk mat i går.',
      'Han bar en blå turban i bryllupet.',
      'Burkaforbudet ble diskutert i Stortinget.',
      'Grisen på gården fikk seks smågriser.',
      'Kråka satt på taket og skreik.',
      'Rumenske turister besøkte museet.',
      'Somaliske kvinner startet et nytt lag.',
      'Barn med CP-diagnose får tilbud om fysioterapi.',
      'Trynet på grisen var skittent av gjørme.',
    ]);
  });
});

describe('missing: the spoken double l in helvete', () => {
  test('hællvete, hellvete and their genitive curse', () => {
    expect('hold', ['Hællvete, nå er strømmen borte igjen.', 'For en hellvetes dag på jobben.']);
  });
  test('hell and the word for a cellar stay clean', () => {
    expect('approve', ['Vi hadde hell med været i helga.', 'Kjelleren var full av vann.']);
  });
});

describe('masked: letters parted by slashes, a letter in brackets, an emoji for a letter', () => {
  test('the hidden word is read', () => {
    expect('hold', [
      'Hva i h/e/l/v/e/t/e er dette for en vei?',
      'F/A/E/N, nå er bussen forsinket igjen.',
      'Hva f(a)en tenker kommunen på?',
      'Hva i h🔥lvete er dette for noe?',
      'F🤬EN, der gikk strømmen.',
    ]);
    expect('reject', [
      'Du er en d/r/i/t/t/s/e/k/k, Ola.',
      'Rådmannen er et p(i)kkh(o)de.',
      'Din j🤬vla h🤬re.',
    ]);
  });
  test('slashes between words and numbers, brackets around endings and emoji between words stay clean', () => {
    expect('approve', [
      'Møtet er 18/19 mars i A/B-salen, se side 2/3.',
      'Svar ja/nei/vet ikke på skjemaet.',
      'Kommunen (v/ rådmannen) har svart.',
      'Bilen(e) må flyttes før brøytinga.',
      'Send inn søknad(er) innen fredag.',
      'Takk for i dag 👍 Hilsen Per',
      'Bra jobba👍👍',
      'Gratulerer 🎉🎂 med dagen!',
      'Vi ses i k/s-møtet på mandag.',
    ]);
  });
});

describe("false positives: a site's word for a side said of the writer labels nobody", () => {
  test('a first person with a copula, or "som", before it: published', () => {
    expectOnSite('approve', [
      'Jeg er sosialist og har vært det hele livet.',
      'Eg er ein stolt klimaaktivist, og eg stemmer ja.',
      'Nå er vi sosialister alle sammen, sa han og lo.',
      'Som klimaaktivist mener jeg at planen er for svak.',
      'Vi som sosialister vil ha en sterk kommune.',
    ]);
  });
  test('said of someone else it is still held', () => {
    expectOnSite('hold', [
      'Du er en sosialist, Per.',
      'Ordføreren er løgner og sosialist.',
      'Klimaaktivistene i bystyret stemte nei.',
      'Jeg synes sosialistene tar feil.',
    ]);
  });
});

describe("site terms: a site's plain word heading a gang or an insult", () => {
  test('the compound does what the term does', () => {
    expectOnSite('hold', [
      'Sosialistgjengen på rådhuset bruker pengene våre.',
      'Klimaaktivistkjerringa sto i veien for gravemaskinen.',
      'Løgnerpakket i avisa skriver tull igjen.',
      'Sosialistgjengane i fylket vil ha meir skatt.',
    ]);
  });
  test('other compounds and derived words of the term stay published', () => {
    expectOnSite('approve', [
      'Sosialistpartiet holdt landsmøte i helgen.',
      'Sosialistisk politikk passer ikke alle.',
      'Klimaaktivistmøtet ble avlyst på grunn av regn.',
    ]);
  });
});

describe('missing: the dialect kjærring, and fitte shortened heading it', () => {
  test('aimed, the insult is held and the vulgar compound rejected', () => {
    expect('hold', ['Du e ei kjærring, Gunn.', 'Kjærringa i kassa tok feil pengar.']);
    expect('reject', ['Du e ei fittkjærring, Lise.', 'Fittkjerringa på kontoret sladret igjen.']);
  });
  test('a wife named by her husband stays published', () => {
    expect('approve', ['Kjærringa mi laga fiskesuppe i går.']);
  });
});

describe('false positives: an English insult written as a title after a capital "The"', () => {
  test('a show, a film or a band is named, nobody insulted', () => {
    expect('approve', [
      'We watched The Muppets with the kids on Friday.',
      'The Muppets film night at the library was great fun.',
      'Have you read The Idiot by Dostoevsky?',
    ]);
  });
  test('said of a person it is still held', () => {
    expect('hold', ['You are the idiot here, Tom.', 'You absolute muppet, read the article.']);
  });
});

describe('false positives: the mailbox of a desk or a service is nobody’s address', () => {
  test('published', () => {
    expect('approve', [
      'Skriv til debatt@lokalavisa.no om du er uenig.',
      'Meld feil til vatn@kommunen.no, så kjem dei.',
      'Leserbrev kan sendes til leserbrev@avisa.no.',
    ]);
  });
  test('a person’s address is still held', () => {
    expect('hold', ['Send det til kari.nordmann@gmail.com, hun svarer fort.']);
  });
});
