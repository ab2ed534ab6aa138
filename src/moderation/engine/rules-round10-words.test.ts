/**
 * Issue 15, tenth round, words, forms and false positives (every category but
 * threats): general forms found in the misses of the holdout7 batch and the
 * remaining misses of the seen batches, each written as a form (a compound
 * kind, a paradigm, a way an insult is aimed, a way a curse is said) and probed
 * with sentences invented for it, in Bokmål, Nynorsk, dialect and English,
 * with the look-alikes that must stay as they were. None is an item of the
 * set; every positive table was seen failing against the engine before the round.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from './index.js';

const decision = (text: string) =>
  moderate(text, { policyKey: 'test:round10-words', policy: DEFAULT_POLICY }).decision;

const expect = (want: 'approve' | 'hold' | 'reject', texts: string[]) => {
  for (const text of texts) assert.equal(decision(text), want, text);
};

describe('missing: a group heading a word for vermin, rabble or a curse is a slur', () => {
  test('-pakk, -jævel, -svin, -rotte, -parasitt, -avskum, -horde, -ape, -dritt after a group', () => {
    expect('reject', [
      'Homofilpakket har tatt over hele festivalen.',
      'Samejævlane skal alltid ha det siste ordet om beitet.',
      'Tatarpakket parkerte campingvognene ved stranda igjen.',
      'Polakkrottene på byggeplassen jobber for ingenting.',
      'Muslimparasittene lever av oss andre.',
      'Det er bare innvandreravskum som bor i den blokka.',
      'En homohorde marsjerte gjennom sentrum.',
      'Jødesvina eier alle bankene.',
      'Utlendingdritten flytter inn i nabohuset.',
    ]);
  });
  test("the travellers' children: taterunge, tatarunge", () => {
    expect('reject', ['Taterungen i klassen tok matpakka mi.', 'Tatarungane sprang rundt på torget.']);
  });
  test('the group words alone, and other compounds of the tails, stay as they were', () => {
    expect('approve', [
      'Samene feirer nasjonaldagen 6. februar.',
      'Tatarene på Krim har en lang historie.',
      'Polakkene på byggeplassen er dyktige snekkere.',
      'Homofile par kan gifte seg i kirka.',
      'Vi pakket sekken og gikk samme vei hjem.',
      'Rottefella var full i morges.',
      'Villsvinet krysset veien foran bilen.',
    ]);
  });
});

describe("missing: 'evneveiking' in the plural, 'lebbe' in its definite forms", () => {
  test('evneveikingene, evneveikingane; lebben, lebbene, lebbane', () => {
    expect('reject', [
      'Evneveikingene i styret har vedtatt det igjen.',
      'Evneveikingane på fylkeshuset skjønar ingenting.',
      'Lebbene i fotballaget får altfor mye plass i avisa.',
      'Lebba som driv kafeen burde flytte.',
    ]);
  });
  test('words near them stay clean', () => {
    expect('approve', [
      'Evnene hennes er imponerende.',
      'Hun er lesbisk og gift med ei fra Voss.',
      'Leppene var blå av kulde.',
    ]);
  });
});

describe('general: a word of the slur category said of a person is a slur against one', () => {
  test('tilbakestående, tilbakeståande aimed at someone', () => {
    expect('reject', [
      'Formannen er heilt tilbakeståande.',
      'Du er jo tilbakestående, Petter.',
      'Tilbakeståande folk som dykk burde ikkje røyste.',
    ]);
  });
  test('said of no one it stays as it was', () => {
    expect('approve', ['Kolonimaktene kalte dem tilbakestående land.']);
  });
});

describe("general: 'satan' said as a curse swears like 'faen'", () => {
  test('opening its clause, alone or before a degree or exclamation word; masked too', () => {
    expect('hold', [
      'Satan så fin solnedgang i kveld.',
      'Satan heller, bussen er borte igjen.',
      'Satan, for en dommer!',
      'Fy satan så glatt det er.',
      'Nei, satan, nå regner det igjen.',
      'S a t a n så trøtt jeg er.',
      'S4tan altså, for eit vêr.',
      'Satan i gatan, for en comeback.',
    ]);
  });
  test('the devil named, a title or a pet stays published', () => {
    expect('approve', [
      'Presten preket om Satan og fristelsen.',
      'I boka er Satan en tragisk skikkelse.',
      'Satan som slange i Edens hage er et kjent motiv.',
      'Katten vår heter Satan og er snill som et lam.',
      'Vi så «Satan» på kinoen.',
    ]);
  });
});

describe("general: English 'shit' alone swears like 'faen'", () => {
  test('interjection, noun, masked', () => {
    expect('hold', ['Sh*t, glemte lua på bussen.', 'Holy shit, what a goal.', 'That is shit service.']);
  });
  test('quoted, and its other words, stay as they were', () => {
    expect('approve', ['Gutten sa «shit» og fikk kjeft.', 'Shitty weather, great match.']);
  });
});

describe('general: an animal called a person, degraded, attacks the person', () => {
  test('gris, svin, ku, parasitt with a degrading word, said to or of a person', () => {
    expect('reject', [
      'Du er ei feit ku, Gunhild.',
      'Naboen er en motbydelig gris.',
      'Din doven parasitt, få deg en jobb.',
      'Trenaren er eit feitt svin.',
      'Han er ein pedofil gris.',
    ]);
  });
  test('an animal named, or a person called one without a degrading word, stays published', () => {
    expect('approve', [
      'Det er en feit gris i bingen.',
      'Den feite grisen vant premie på dyrskuet.',
      'Kua på beitet er feit og fin.',
      'Bonden har ei tjukk ku som skal kalve.',
      'Parasitten lever i tarmen til laksen.',
      'Du er en gris når du spiser spagetti, vennen.',
    ]);
  });
});

describe('missing: a word that is only an insult picks out a person by its definite form', () => {
  test('before "som" or a definite place, and in the genitive plural', () => {
    expect('hold', [
      'Dusten som sneik i køen fekk kjeft.',
      'Tullingen på toget snakket i telefon hele veien.',
      'Sauskallen i nabohuset spiller trommer om natta.',
      'Dumskallane frå byen skjønar ikkje fiske.',
      'Idiotenes klubb møtes visst i kveld.',
    ]);
  });
  test('a word that also names a role, kin or a crook, or said of oneself, stays published', () => {
    expect('approve', [
      'Klovnen som kom i bursdagen var kjempemorsom.',
      'Klovnenes nummer var best i sirkuset.',
      'Kjerringa hans lagar god mat.',
      'Kjeltringene som stjal sykkelen ble tatt i går.',
      'Jeg var en tosk som trodde på det.',
    ]);
  });
});

describe("general: whose the insult is, by a person's or an office's genitive", () => {
  test('a strong insult is rejected, a mild one held', () => {
    expect('reject', ['Rektorens horunge kjører rundt i ny bil.', 'Naboens drittunger knuste ruta.']);
    expect('hold', ['Bystyrets tullinger har vedtatt det igjen.']);
  });
  test('a word that also names kin or an animal stays published', () => {
    expect('approve', ['Naboens kjerring kom på besøk.', 'Naboens gris rømte i natt.']);
  });
});

describe('implicit: dehumanising in Nynorsk, a people as a vermin folk, apes from a place', () => {
  test('Nynorsk group forms, -folk of vermin, apes called by their country', () => {
    expect('reject', [
      'Somaliarane er berre parasittar alle saman.',
      'Sigøynarane er eit parasittfolk.',
      'Dei er eit snyltarfolk, polakkane.',
      'Apekattene fra Nigeria får gratis leilighet.',
    ]);
  });
  test('a people named, apes in the zoo, stay published', () => {
    expect('approve', [
      'Samane er eit urfolk med eigne rettar.',
      'Polakkane på bygget er dyktige snekkarar.',
      'Apekattene fra dyreparken rømte i natt.',
    ]);
  });
});

describe('general: a strong insult that is only an insult picks out a person by a definite place', () => {
  test('"i barnehagen", "på festen"', () => {
    expect('reject', ['Kukhuet på festen søler øl på alle.', 'Drittsekken i barnehagen ga ungen min kjeft.']);
  });
  test('a word that is also a dance is not aimed; danced, it is the dance (round 11: published)', () => {
    expect('approve', ['Vi danset hora på bryllupet i Bucuresti.']);
    expect('hold', ['Hora på bryllupet i Bucuresti var lang.']);
  });
});

describe('masked: signs shaped like a letter', () => {
  test('fu©k, fu¢king', () => {
    expect('hold', ['Fu©k, der gikk ferja.', 'Fu¢king ferje, alltid sein.']);
  });
  test('the signs in their own use stay published', () => {
    expect('approve', ['© NTB 2026. Alle rettar.', 'Prisen er 5 ¢ per stykk.']);
  });
});

describe("general: 'satan' said as a curse follows the site's action for strong words", () => {
  test('a site that publishes strong words publishes it, one that rejects them rejects it', () => {
    const say = (strong: 'approve' | 'reject') =>
      moderate('Satan så kaldt det er.', {
        policyKey: `test:round10-words:strong-${strong}`,
        policy: { ...DEFAULT_POLICY, grades: { strong } },
      }).decision;
    assert.equal(say('approve'), 'approve');
    assert.equal(say('reject'), 'reject');
  });
});

describe('missing: agent nouns in -er take their Nynorsk -ar forms', () => {
  test('kuksugar, pikkslikkar, forrædarane, masked too', () => {
    expect('reject', ['Du er ein kuksugar, Nils.', 'Ho er ei pikkslikkar.', 'Formannen er ein k*ksugar.']);
    expect('hold', ['Forrædarane i kommunestyret selde skulen.']);
  });
  test('words near them stay published', () => {
    expect('approve', ['Sugar og slikkar på isen heile dagen.', 'Raudrev er ein rovdyrart.']);
  });
});
