/**
 * Issue 15, eighth round, words and forms (every category but threats): general
 * forms found in the misses of the holdout5 batch, each written as a form (a
 * normaliser step, a word with its inflections, a way an insult is aimed) and
 * probed with sentences invented for it, in Bokmål, Nynorsk, dialect and
 * English, with the look-alikes that must stay as they were. None is an item of
 * the set; every table was seen failing against the engine before the round.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, type ModerationPolicy, moderate } from './index.js';

const decision = (text: string, policy: ModerationPolicy = DEFAULT_POLICY) =>
  moderate(text, { policyKey: `test:round8-words:${policy.bannedTerms.join(',')}`, policy }).decision;

const expect = (want: 'approve' | 'hold' | 'reject', texts: string[], policy?: ModerationPolicy) => {
  for (const text of texts) assert.equal(decision(text, policy), want, text);
};

describe('masked: the euro sign is an e inside a word, like @ and $', () => {
  test('swearing and slurs written with €', () => {
    expect('reject', [
      'Den n€geren på toget kan reise hjem.',
      'Dere er noen j€vler alle sammen.',
      'Du er ei f€it hor€.',
    ]);
    expect('hold', [
      'Hva i h€lv€t€ driver kommunen med?',
      'For et j€vla styr med brøytinga.',
      'Fy fa€n, for ein kamp.',
    ]);
  });
  test('prices and amounts keep their euro sign', () => {
    expect('approve', [
      'Billetten kostet 50€ i fjor og 65€ i år.',
      'Hytta leies ut for €900 i uka.',
      'Kursen er 11,50 kr/€ akkurat nå.',
      'Prisen er oppgitt i €, ikke i kroner.',
    ]);
  });
});

describe('masked: a word that hides entries of several grades is read as the mildest above mild', () => {
  test('ambiguous masks are held, not rejected as a slur', () => {
    expect('hold', ['Hvorfor i h***e tok det så lang tid?', 'Kva i h***e tenkte dei på?']);
  });
  test('unambiguous masks keep their grade, and so do words with more letters than masks', () => {
    expect('reject', ['Din h*re.', 'Du er en f***e, Per.', 'Disse p*kk*sene ødelegger alt.']);
    expect('hold', ['For en f**n dag.']);
  });
});

describe('masked: a word of spaced letters after a curse said to the addressee is one word', () => {
  test('"din jævla s v i n", with spaces, dots or underscores', () => {
    expect('reject', [
      'Gå hjem, din jævla s_v_i_n.',
      'Din forbanna g.r.i.s',
      'Hold kjeft, din jævla k u s k',
    ]);
  });
  test('letters that go on into a sentence are no such word', () => {
    expect('hold', ['Din jævla g r i s har rotet til hele hagen min igjen.']);
    expect('approve', ['Skriv navnet ditt som P E R, med store bokstaver.']);
  });
});

describe('missing: spellings and words the lexicon lacked', () => {
  test('"jævla", "jævel", "jævler" spelt with e', () => {
    expect('hold', ['Det var en jevla dårlig kamp.', 'For noen jevla greier.']);
    expect('reject', ['Din jevla idiot.', 'Dere er noen jevler.', 'Du er en skikkelig jevel, Olav.']);
  });
  test('"neger" as said in dialect: nekr- with every ending', () => {
    expect('reject', [
      'Nekrene i sentrum bråker hver helg.',
      'Alle nekrar burde reise heim.',
      'Sjå på nekrane der borte.',
    ]);
    expect('approve', [
      'Nekrologen over ordføreren sto i avisa i går.',
      'Legen fant nekrose i vevet.',
      'Han skrev nekrologar for lokalavisa i tretti år.',
    ]);
  });
  test('new insults: dåsekopp, sutrekopp, English muppet', () => {
    expect('hold', [
      'Du er en dåsekopp, Arne.',
      'Dere er noen sutrekopper hele gjengen.',
      "You're such a muppet, Gary.",
      'Sutrekoppen din, slutt å klage.',
    ]);
    expect('approve', ['Muppet Show gikk på NRK i gamle dager.', 'Barna så på muppets i hele går.']);
  });
  test('a people called a lower race', () => {
    expect('reject', [
      'Somaliere er en mindreverdig rase.',
      'Dei er ein lågareståande rase, det ser alle.',
      'Jødene er en underlegen rase.',
      'Noen folk er bare mindreverdige raser.',
    ]);
    expect('hold', ['Nazistene kalte dem en «underlegen rase».']);
    expect('approve', [
      'Hunden er en underlegen jeger i forhold til ulven.',
      'Denne rasen er mindre egnet som gårdshund.',
      'Vi har et undermåls folkebibliotek i bygda.',
    ]);
  });
});

describe('missing: a site term takes its feminine in -ske', () => {
  const policy: ModerationPolicy = { ...DEFAULT_POLICY, bannedTerms: ['svindler', 'forræder'] };
  test('løgner → løgnerske, forræder → forræderske, with their endings', () => {
    expect(
      'reject',
      ['Svindlerske!', 'Forræderska i styret må gå.', 'Alle forræderskene burde skamme seg.'],
      policy,
    );
  });
  test('other words that begin the same stay clean', () => {
    expect('approve', ['Svindel er et problem på nett.', 'Forrædersk oppførsel, sa han om laget.'], policy);
  });
});

describe('general: how an insult is aimed, more forms', () => {
  test('degrading adjectives listed with commas before the insult', () => {
    expect('reject', [
      'Du er ei stygg, feit kjerring.',
      'Du er en ekkel, skitten tosk, Per.',
      'Hun er ei feit, ekkel purke.',
    ]);
    expect('approve', ['Det var en kald, ekkel dag på fjellet.', 'Maten var feit, ekkel og dyr.']);
  });
  test('the insult, a copula and the addressee after it', () => {
    expect('reject', ['Drittsekk er du, og det vet alle.', 'Kukhue e du, Terje.']);
    expect('hold', ['Idiot er du, Per.', 'Tosk er dere alle sammen.']);
    expect('approve', ['Idiot er et ord jeg ikke bruker.', 'Tosk er en fisk.']);
  });
  test('a strong definite insult picked out by a relative clause or whose it is', () => {
    expect('reject', [
      'Drittsekken som stjal sykkelen min burde skamme seg.',
      'Rasshølet som parkerte på fortauet i går.',
      'Drittsekken hans har stukket av igjen.',
      'Kukhuet hennar har ikkje betalt husleiga.',
    ]);
    expect('approve', [
      'Klovnen som kom i bursdagen var flink.',
      'Kjerringa hans lager verdens beste lefser.',
      'Tosken som ble fisket i går veide ti kilo.',
    ]);
  });
  test('a definite insult in a public body', () => {
    expect('hold', [
      'Tullingene i Statens vegvesen skjønner ingenting.',
      'Idiotene i vegvesenet har stengt brua igjen.',
      'Dustene i politiet gjør ingenting.',
      'Tosken i bestyrelsen burde gå av.',
    ]);
    expect('approve', ['Klovnen i sirkuset var morsom.', 'Torsken i fjorden er fet i år.']);
  });
  test('a naming verb reports the word: "ble kalt «…»"', () => {
    expect('approve', [
      'Hun ble kalt «kjerring» av en tilskuer, og dommeren reagerte.',
      'Han ble kalt «tosk» i garderoben.',
    ]);
    // A strong word quoted is one step milder; a slur quoted is still held.
    expect('approve', ['Han ble kalt «hore» på skolen.']);
    expect('hold', ['Han ble kalt «neger» på skolen.']);
    expect('reject', ['Du er ei hore.']);
  });
});

describe('implicit: dehumanising of groups that no threat names', () => {
  test('migrants and other protected groups called vermin or a disease', () => {
    expect('reject', [
      'Migrants are rats, all of them.',
      'Migrantane er parasittar.',
      'Somalis are vermin.',
      'Jødane er ein sjukdom.',
      'Innvandringa er ein sjukdom.',
    ]);
    expect('approve', [
      'Migrants are a challenge for the schools.',
      'Migrantane er ein ressurs for bygda.',
      'Sjukdommen er ein plage for alle i bygda.',
    ]);
  });
});

describe('missing: the Nynorsk plural of weak insults in -e', () => {
  test('dumskalle → dumskallar, dumskallane, and the rest of the family', () => {
    expect('hold', [
      'Dumskallane i formannskapet har gløymt saka att.',
      'Dykk er nokre treskallar alle saman.',
      'Pappskallane på kontoret skjønar ingenting.',
    ]);
    expect('approve', ['Skallane av eggja ligg i kompostbingen.']);
  });
});

describe('general: a likeness reaches back to the addressee', () => {
  test('"du høres ut som en dust", "dere oppfører dere som noen idioter"', () => {
    expect('hold', ['Du snakker jo som en tulling.', 'Dere oppfører dere som noen idioter på møtene.']);
    expect('reject', ['Du kjører som en jævla drittsekk.', 'Du ser ut som ei hore.']);
  });
  test('someone else likened, or a thing, is no insult to the addressee', () => {
    expect('approve', [
      'Du behandler ham som en idiot, og det er urettferdig.',
      'Dere snakker om meg som en klovn, men jeg er lei.',
      'Du kan bruke den som en klovnenese på karnevalet.',
    ]);
  });
});

describe('missing: a disability slur aimed at a person', () => {
  test('"tilbakestående" said of the addressee is a slur (tenth round; held before); of a place it is old usage', () => {
    expect('reject', ['Du er heilt tilbakeståande, Per.', 'Er du tilbakestående eller?']);
    expect('approve', ['Tilbakestående områder fikk støtte fra staten på femtitallet.']);
  });
});

describe('implicit: "send them home", the slogan', () => {
  test('the imperative with every pronoun and dialect, held', () => {
    expect('hold', [
      'Send dem hjem, hele gjengen!',
      'Send de hjem. Nok er nok.',
      'Send dokker heim att.',
      'Just send them home.',
    ]);
  });
  test('sending pupils, players or patients home says why, when or how', () => {
    expect('approve', [
      'Send dem hjem med bussen klokka tolv.',
      'Send dem hjem før stormen kommer, sa rektor.',
      'Send them home with a packed lunch.',
      'Skolen sendte dem hjem i går.',
    ]);
  });
});

describe('false positives: hell named as the place of a belief', () => {
  test('"læren om helvete", "tror på helvete" name the place', () => {
    expect('approve', [
      'Presten holdt en lang preken om helvete og skjærsilden.',
      'Færre nordmenn tror på helvete enn før.',
      'Boka handlar om helvete i Dantes dikt.',
    ]);
  });
  test('the curse stays a curse', () => {
    expect('hold', ['Hva i helvete driver dere med?', 'Dra til helvete med forslaget ditt.']);
  });
});
