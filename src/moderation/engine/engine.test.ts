import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AuthorStanding,
  DEFAULT_POLICY,
  fingerprint,
  type ModerationContext,
  type ModerationPolicy,
  moderate,
  normalise,
} from './index.js';

let keys = 0;
const context = (
  overrides: Partial<ModerationContext> = {},
  policy?: Partial<ModerationPolicy>,
): ModerationContext => ({
  policyKey: policy === undefined ? 'test:default' : `test:${++keys}`,
  policy: { ...DEFAULT_POLICY, ...policy },
  ...overrides,
});

const author = (overrides: Partial<AuthorStanding> = {}): AuthorStanding => ({
  trusted: false,
  banned: false,
  premoderated: false,
  approvedCount: 10,
  rejectedCount: 0,
  ...overrides,
});

const rules = (text: string, ctx = context()) => moderate(text, ctx).reasons.map((r) => r.rule);

/** A valid fødselsnummer (or D-number) from a six-digit date and three individual digits. */
function withCheckDigits(nine: string): string | null {
  const digits = [...nine].map(Number);
  const k1 = 11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, i) => s + w * digits[i]!, 0) % 11);
  const c1 = k1 === 11 ? 0 : k1;
  if (c1 === 10) return null;
  digits.push(c1);
  const k2 = 11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * digits[i]!, 0) % 11);
  const c2 = k2 === 11 ? 0 : k2;
  if (c2 === 10) return null;
  return `${nine}${c1}${c2}`;
}

function validNumber(date: string): string {
  for (let individual = 100; individual < 1000; individual++) {
    const number = withCheckDigits(`${date}${individual}`);
    if (number !== null) return number;
  }
  throw new Error('no valid number');
}

describe('decision', () => {
  test('clean Norwegian text is approved with no reasons', () => {
    const result = moderate('Takk for en god sak om den nye sykkelveien langs fjorden.', context());
    assert.equal(result.decision, 'approve');
    assert.deepEqual(result.reasons, []);
  });

  test('every reason is kept and the strongest wins', () => {
    const result = moderate('Svarting! Ring meg på 412 34 567', context());
    assert.equal(result.decision, 'reject');
    assert.deepEqual(
      result.reasons.map((r) => r.rule),
      ['slur', 'personal_info'],
    );
  });

  test('is deterministic', () => {
    const text = 'Du er en jævla idiot, se www.a.no og www.b.no';
    assert.deepEqual(moderate(text, context()), moderate(text, context()));
  });
});

describe('banned and suspect terms', () => {
  test('a strong term holds by default, with its grade and its span in the original text', () => {
    const text = 'Nei, F.A.E.N heller.';
    const result = moderate(text, context());
    const [reason] = result.reasons;
    assert.equal(result.decision, 'hold');
    assert.equal(reason?.rule, 'suspect_term');
    assert.equal(reason?.grade, 'strong');
    assert.equal(reason?.detail, 'Suspect term "faen" (profanity)');
    assert.equal(text.slice(reason!.span!.start, reason!.span!.end), 'F.A.E.N');
  });

  test('a site decides what each grade does', () => {
    const strict = context({}, { grades: { mild: 'hold', strong: 'reject' } });
    const faen = moderate('Nei, faen heller.', strict);
    assert.equal(faen.decision, 'reject');
    assert.equal(faen.reasons[0]?.rule, 'banned_term');
    assert.equal(faen.reasons[0]?.detail, 'Banned term "faen" (profanity)');
    assert.equal(moderate('For et drittvær i dag', strict).decision, 'hold');
    const lenient = context({}, { grades: { strong: 'approve', slur: 'hold' } });
    assert.equal(moderate('Faen heller', lenient).decision, 'approve');
    assert.equal(moderate('Svartingene kom igjen', lenient).decision, 'hold');
  });

  test('a mild term (an intensifier, "dritt" for junk) is published, its reason kept as info', () => {
    for (const text of ['For et drittvær i dag', 'Jævlig dårlig sak for bygda', 'Bilen er noe dritt']) {
      const result = moderate(text, context());
      assert.equal(result.decision, 'approve', text);
      assert.deepEqual(
        result.reasons.map((r) => [r.severity, r.grade]),
        [['info', 'mild']],
        text,
      );
    }
  });

  test('an insult aimed at a person is one step stricter', () => {
    const cases: [string, string][] = [
      ['For en idiotisk sak', 'approve'],
      ['Du er en idiot', 'hold'],
      ['Ordføreren er en idiot', 'hold'],
      ['idioten din', 'hold'],
      ['Drittsekk!', 'hold'],
      ['Du er en drittsekk', 'reject'],
      ['Din jævla idiot', 'reject'],
      ['Journalisten er en jævla hestkuk', 'reject'],
    ];
    for (const [text, decision] of cases) assert.equal(moderate(text, context()).decision, decision, text);
    const aimed = moderate('Du er en drittsekk', context()).reasons[0]!;
    assert.equal(aimed.params?.aimed, 'person');
  });

  test('a quoted or named word is one step milder, slurs and threats still held', () => {
    assert.equal(moderate('Boka «Faen ta skjebnen» er en klassiker.', context()).decision, 'approve');
    assert.equal(moderate('Han sa «faen» på direkten.', context()).decision, 'approve');
    assert.equal(moderate('Barna ble kalt «svartinger» på skolen.', context()).decision, 'hold');
    // Quoted with nobody said to say it, a threat is still held (said in quotes after "sa", it is reported: threat-refusals.test.ts).
    assert.equal(moderate('«Jeg skal drepe deg», står det på lappen.', context()).decision, 'hold');
    assert.equal(moderate('Faen, han sa «hei»', context()).decision, 'hold');
  });

  test('slurs reject with rule slur', () => {
    const result = moderate('Han er en svarting', context());
    assert.equal(result.decision, 'reject');
    assert.equal(result.reasons[0]?.rule, 'slur');
  });

  test('site banned, suspect and allowed terms', () => {
    const ctx = context(
      {},
      { bannedTerms: ['blåbærsyltetøy'], suspectTerms: ['mangokake*'], allowedTerms: ['faen'] },
    );
    assert.equal(
      moderate('Jeg elsker blåbærsyltetøyet', ctx).reasons[0]?.detail,
      'Term banned by the site "blåbærsyltetøy" (site)',
    );
    assert.equal(moderate('Mangokakeoppskrift!', ctx).decision, 'hold');
    assert.equal(moderate('faen', ctx).decision, 'approve');
  });

  test('a trusted author skips suspect holds but not bans', () => {
    const ctx = context({ author: author({ trusted: true }) });
    assert.equal(moderate('Faen', ctx).decision, 'approve');
    assert.equal(moderate('Han er en svarting', ctx).decision, 'reject');
    assert.equal(moderate('Du er en drittsekk', ctx).decision, 'reject');
  });

  test('Norwegian words in bad-words do not fire on Norwegian text, but do on English', () => {
    assert.equal(
      moderate('Hell og lykke, og god fart videre med titt og ofte', context()).decision,
      'approve',
    );
    assert.deepEqual(rules('What the hell is this'), ['suspect_term']);
  });

  test('a one-word English insult is flagged unless it is also an ordinary Norwegian word', () => {
    assert.equal(moderate('fuck', context()).decision, 'hold');
    assert.equal(moderate('asshole!', context()).decision, 'hold');
    // English-only entries, no function words to guess a language from.
    assert.deepEqual(rules('Nazis!'), ['suspect_term']);
    assert.deepEqual(rules('kock'), ['suspect_term']);
    // Ordinary Norwegian words stay clean, with or without function words.
    for (const text of ['Fart!', 'Sex', 'Hell!', 'Slag', 'Penis', 'Perse'])
      assert.deepEqual(rules(text), [], text);
    assert.deepEqual(rules('Nazis og fart'), []);
  });

  test('innocent compounds stay clean', () => {
    for (const word of [
      'sofaen',
      'spikke',
      'offshoremarkeder',
      'profitter',
      'negere',
      'pikkolo',
      'slutt',
      'kukake',
    ]) {
      assert.deepEqual(rules(`Det gjelder ${word} i dag`), [], word);
    }
  });

  test('inflections and compounds of banned stems are caught', () => {
    for (const word of [
      'fitta',
      'horebukken',
      'dumfitte',
      'negrene',
      'svartingane',
      'negrenes',
      'drittsekkenes',
    ]) {
      assert.equal(moderate(`Du er ${word}`, context()).decision, 'reject', word);
    }
    for (const word of ['knullet', 'jævla', 'faens', 'helvetes']) {
      assert.equal(moderate(`Det er ${word}`, context()).decision, 'hold', word);
    }
  });
});

describe('threats', () => {
  test('a violent verb aimed at a person is a threat', () => {
    for (const text of [
      'Jeg skal drepe deg',
      'Eg skal skyta deg',
      'I will kill you',
      'De burde skytes alle sammen',
    ]) {
      assert.ok(rules(text).includes('threat'), text);
    }
  });

  test('a violent verb aimed at a named person is a threat', () => {
    for (const text of [
      'jeg skal drepe Ola',
      'Jeg skal drepe Ola Nordmann i morgen',
      'I will kill John',
      'Eg skal skyta den jævla Kari',
      'Skyt Per!',
    ]) {
      assert.ok(rules(text).includes('threat'), text);
    }
    const [reason] = moderate('I will kill John', context()).reasons;
    assert.equal(reason?.detail, 'Threat: violent verb "kill" aimed at "John"');
    assert.deepEqual(reason?.span, { start: 7, end: 16 });
  });

  test('capitals that are no name are not targets', () => {
    for (const text of [
      'To personer ble drept i ulykken. Ola var ikke der',
      'Vi skal drepe tiden med kortspill',
      'I will kill the process',
      'I WILL KILL THE PROCESS NOW',
      'Jeg skal drepe. Ola vet hvorfor',
      'We will kill NATO plans',
    ]) {
      assert.ok(!rules(text).includes('threat'), text);
    }
  });

  test('reports and idioms are not threats', () => {
    for (const text of [
      'To personer ble drept i ulykken',
      'Røyking dreper deg sakte',
      'He was shot yesterday',
    ]) {
      assert.ok(!rules(text).includes('threat'), text);
    }
  });
});

describe('personal information', () => {
  test('a valid fødselsnummer holds, with or without a space', () => {
    const number = validNumber('010190');
    assert.deepEqual(rules(`Mitt nummer er ${number}`), ['personal_info']);
    assert.deepEqual(rules(`Mitt nummer er ${number.slice(0, 6)} ${number.slice(6)}`), ['personal_info']);
  });

  test('a D-number holds', () => {
    assert.deepEqual(rules(`D-nummer ${validNumber('410190')}`), ['personal_info']);
  });

  test('eleven digits with wrong check digits are not personal information', () => {
    const number = validNumber('010190');
    const wrong = number.slice(0, 10) + ((Number(number[10]) + 1) % 10);
    assert.deepEqual(rules(`Nummer ${wrong}`), []);
  });

  test('Norwegian phone numbers and e-mail addresses hold', () => {
    for (const text of [
      'Ring 412 34 567',
      'Ring 22 33 44 55',
      'Ring +47 41234567',
      'Ring 0047 412 34 567',
      'Skriv til ola@example.no',
    ]) {
      assert.deepEqual(rules(text), ['personal_info'], text);
    }
  });
});

describe('links, shouting, duplicates, context', () => {
  test('more links than maxLinks holds', () => {
    assert.deepEqual(rules('Se https://vg.no'), []);
    assert.deepEqual(rules('Se https://vg.no og www.nrk.no'), ['too_many_links']);
    assert.deepEqual(rules('Se https://vg.no og www.nrk.no', context({}, { maxLinks: 2 })), []);
  });

  test('shouting: over 70 % capitals among at least 20 letters', () => {
    assert.deepEqual(rules('DETTE ER EN SKANDALE FOR HELE BYEN'), ['shouting']);
    assert.deepEqual(rules('NEI OG NEI'), []);
    assert.deepEqual(rules('Dette er en skandale for hele byen, sier NRK'), []);
  });

  test('the same normalised text within 24 hours is a duplicate', () => {
    const ctx = context({ recentFingerprints: [fingerprint('Dette er  min mening!')] });
    assert.equal(fingerprint('dette er min mening'), moderate('DETTE ER MIN MENING', context()).fingerprint);
    assert.deepEqual(rules('dette er min mening', ctx), ['duplicate']);
  });

  test('premoderation, banned, premoderated and new authors', () => {
    assert.equal(
      moderate('Hei', context({ premoderation: 'article' })).reasons[0]?.detail,
      'Article pre-moderation is on',
    );
    assert.deepEqual(rules('Hei', context({ premoderation: 'site' })), ['premoderation']);
    assert.deepEqual(rules('Hei', context({ author: author({ banned: true }) })), ['banned_author']);
    assert.deepEqual(rules('Hei', context({ author: author({ premoderated: true }) })), ['premoderation']);
    assert.deepEqual(rules('Hei', context({ author: author({ approvedCount: 1 }), newAuthorHold: 3 })), [
      'new_author',
    ]);
    assert.deepEqual(rules('Hei', context({ author: author({ approvedCount: 3 }), newAuthorHold: 3 })), []);
  });

  test('length limits', () => {
    assert.deepEqual(rules('   '), ['too_short']);
    assert.deepEqual(rules('a'.repeat(3001)), ['too_long']);
    assert.deepEqual(rules('ja', context({ minLength: 5 })), ['too_short']);
    assert.deepEqual(rules('a'.repeat(5000), context({ maxLength: 6000 })), []);
  });
});

describe('policy cache', () => {
  test('a new policy key compiles a new matcher', () => {
    const v1 = context({ policyKey: 'site-x:1' }, { bannedTerms: ['kålrot'] });
    v1.policyKey = 'site-x:1';
    const v2 = { ...v1, policyKey: 'site-x:2', policy: { ...v1.policy, bannedTerms: [] } };
    assert.equal(moderate('kålrot', v1).decision, 'reject');
    assert.equal(moderate('kålrot', v2).decision, 'approve');
  });
});

describe('one normalisation for fingerprint, rules and model', () => {
  test('a text normalised once moderates exactly like the raw text, and carries its fingerprint', () => {
    const texts = [
      'Du er en jævla idiot, «faen» ta deg!',
      'jeg skal drepe deg og f**n helv ete',
      'Ring meg på 915 55 555 eller se www.vg.no og vg.no',
      'Dette er en helt vanlig kommentar om været i Bergen.',
      'DETTE ER ET SKRIK SOM VARER OG VARER',
    ];
    const ctx = context({ author: author(), newAuthorHold: 3 }, { bannedTerms: ['løgner'] });
    for (const text of texts) {
      const norm = normalise(text);
      assert.equal(norm.fingerprint, fingerprint(text));
      assert.deepEqual(
        moderate(norm, { ...ctx, recentFingerprints: [norm.fingerprint] }),
        moderate(text, { ...ctx, recentFingerprints: [fingerprint(text)] }),
      );
    }
  });

  test('moderating one text does not disturb a text normalised before it (its own buffers)', () => {
    const kept = normalise('du er en idiot');
    moderate('jeg skal drepe deg', context());
    moderate('faen', context());
    assert.equal(kept.raw, 'du er en idiot');
    assert.deepEqual(moderate(kept, context()), moderate('du er en idiot', context()));
  });
});

describe('issue 15: masked, split, missing and threatening forms', () => {
  const decision = (text: string, ctx = context()) => moderate(text, ctx).decision;

  test('letters masked by *, #, _ or dots inside a word', () => {
    for (const [text, expected] of [
      ['F**n, for en kamp', 'hold'],
      ['Hun er ei h*re', 'reject'],
      ['Din f#tte', 'reject'],
      ['Du er en j***a idiot', 'reject'],
      ['What a c*nt you are', 'reject'],
      ['Fy f_en', 'hold'],
      ['Det var f..n til vær', 'approve'],
    ] as const)
      assert.equal(decision(text), expected, text);
    // Masks at the edges, ratings, abbreviations and a single masked letter beside one real one.
    for (const text of [
      'Et 4* hotell',
      'Kari*, Per* og Ola*',
      '#fotball',
      'f.eks. side 12',
      'k.k. har sett på det',
      'K*** er rart',
    ])
      assert.deepEqual(rules(text), [], text);
  });

  test('a word split in two chunks; ordinary word pairs only in capitals', () => {
    assert.equal(decision('FA EN, for noe tull'), 'hold');
    assert.equal(decision('Hva i helv ete'), 'hold');
    assert.equal(decision('Homs epakk'), 'reject');
    assert.equal(decision('SVAR TINGER overalt'), 'reject');
    assert.equal(decision('Fa en god helg'), 'approve');
    assert.equal(decision('Svar tinger på spørsmålene'), 'approve');
    assert.equal(decision("Fa'en heller"), 'hold');
  });

  test('genitives, weak nouns without their -e, dialect spellings', () => {
    for (const word of ['negrenes', 'svartingenes', 'pakkisenes', 'svartskallene', 'muzzere'])
      assert.equal(decision(`De ${word} her`), 'reject', word);
    assert.equal(decision('Fæn heller'), 'hold');
    assert.equal(decision('Kukhuet har gjort det igjen'), 'hold');
    assert.equal(decision('Jævli bra jobbet'), 'approve');
  });

  test("a site's terms inflect: definite plural, genitive, Nynorsk -ar", () => {
    const site = context({}, { suspectTerms: ['løgner', 'sosialist'] });
    for (const text of [
      'Løgnerne igjen',
      'løgnernes løfter',
      'Sosialistenes budsjett',
      'Løgnarane lurer oss',
    ])
      assert.equal(decision(text, site), 'hold', text);
    for (const text of ['Det var en løgn', 'Sosialismen har tradisjoner'])
      assert.equal(decision(text, site), 'approve', text);
  });

  test('threats at groups, new violent verbs, death wishes and visits', () => {
    for (const text of [
      'Vi må drepe politikerne',
      'Jødene burde drepes',
      'Den forræderen burde henrettes',
      'Jeg skal slakte deg',
      'Jeg skal skjære deg i stykker',
      'Noen burde bombe rådhuset deres',
      'Vi kommer til å brenne ned huset ditt',
      'Jeg skal banke deg',
      'Jeg skal ta deg.',
      'Vi skal ta deg når du minst venter det',
      'Håper at du og de dine dør snart',
      'Jeg håper du får kreft og dør',
      'Jeg kommer hjem til deg i kveld',
      'Ordføreren burde dø',
    ])
      assert.equal(decision(text), 'reject', text);
    for (const text of [
      'Bonden skal slakte grisene før jul',
      'Filmen ble slaktet av kritikerne',
      'Jeg skal skjære kaka i stykker',
      'Vi skal banke Rosenborg på søndag',
      'Ta deg en kopp kaffe',
      'Du må ta deg tid til å lese det',
      'Jeg skal ta deg på ordet',
      'Håper du blir frisk snart',
      'Jeg håper ikke at du dør av latter',
      'Legen kommer hjem til deg hvis du ikke kan reise',
      'Dette forslaget burde dø i komiteen',
      'Ulven bør skytes',
      'Jeg slo deg opp i telefonkatalogen',
      'Slå opp i ordboka',
      'Antibiotika skal drepe bakteriene',
    ])
      assert.equal(decision(text), 'approve', text);
  });

  test('a group called vermin, disease or animals', () => {
    for (const text of [
      'Innvandrerne er parasitter',
      'Jøder er som rotter',
      'De er ikke mennesker, de er dyr',
    ])
      assert.equal(decision(text), 'reject', text);
    for (const text of [
      'Rottene på kaia er et problem',
      'Parasitter i laksen',
      'Innvandrere er ikke parasitter',
    ])
      assert.equal(decision(text), 'approve', text);
  });

  test('the public reasons never name the entry', async () => {
    const { publicReasons } = await import('./index.js');
    const full = moderate('Du er en jævla drittsekk og jeg skal drepe deg', context()).reasons;
    const shown = JSON.stringify(publicReasons(full));
    for (const word of ['jævla', 'drittsekk', 'drepe', 'deg']) assert.ok(!shown.includes(word), shown);
    assert.deepEqual(
      publicReasons(full).map((r) => [r.rule, r.category, r.span]),
      full.map((r) => [r.rule, r.category, r.span]),
    );
  });
});

describe('issue 15, third round: weapons, veiled threats, wishes to see', () => {
  const decision = (text: string) => moderate(text, context()).decision;

  test('a weapon before "i" aims the verb: stikke/sette kniven (ei kule) i deg', () => {
    assert.equal(decision('Jeg skal stikke kniven i deg'), 'reject');
    assert.equal(decision('Vi setter ei kule i dere'), 'reject');
    assert.equal(decision('Sett kniven i kaka og del den'), 'approve');
    assert.equal(decision('Han stakk kniven i bordet'), 'approve');
    assert.equal(decision('Jeg skal sette kniven i brødet til deg'), 'approve');
  });

  test('people thrown into the sea: kast/dump dem på havet; things are not', () => {
    assert.equal(decision('Dump dem i fjorden, hele gjengen'), 'reject');
    assert.equal(decision('Kast dem på havet'), 'reject');
    assert.equal(decision('Kast dem i søpla når du har lest dem'), 'approve');
    assert.equal(decision('Vi kastet garnet på havet i går'), 'approve');
  });

  test('a modal before a seeing verb is a death wish: skulle sett / vil se … dø/brenne', () => {
    assert.equal(decision('Skulle gjerne sett deg brenne'), 'reject');
    assert.equal(decision('Jeg vil se dere råtne i et hull'), 'reject');
    assert.equal(decision('Vi fikk se ham dø i siste episode'), 'approve');
    assert.equal(decision('Jeg vil se deg på møtet i morgen'), 'approve');
  });

  test('veiled threats without a violent verb, and the look-alikes that stay clean', () => {
    for (const text of [
      'Jeg skal sørge for at du aldri jobber i denne byen igjen',
      'Dette blir den siste gangen du skriver om oss',
      'Det blir det siste du gjør',
      'Bare vent til vi finner deg',
      'Når jeg får tak i dere, skal dere få se',
      'Dere skal lide for det dere har gjort',
      'Du skal få angre på dette, det lover jeg',
    ])
      assert.equal(decision(text), 'reject', text);
    for (const text of [
      'Jeg skal sørge for at du aldri mangler noe',
      'Vent til jeg finner deg en god plass',
      'Når jeg får tak i deg på telefon, skal jeg forklare',
      'Du skal få betale for dette selv, kommunen dekker ingenting',
      'Vi skal få betale for dette i mange år',
      'Dere skal få betale for dette med skattepengene',
      'Det blir siste gang vi arrangerer dette',
    ])
      assert.equal(decision(text), 'approve', text);
  });

  test('a veiled threat says so, with the person it names', () => {
    const reason = moderate('Du skal få betale for dette', context()).reasons.find(
      (r) => r.rule === 'threat',
    );
    assert.equal(reason?.detail, 'Veiled threat "du skal få betale for dette" aimed at "du"');
    assert.deepEqual(reason?.params, { verb: 'du skal få betale for dette', target: 'du' });
  });
});

describe('issue 15, third round: insults aimed at one person, smears of a group, reports', () => {
  const decision = (text: string) => moderate(text, context()).decision;

  test('a demonstrative points at one person: den/denne/dette + insult', () => {
    assert.equal(decision('Den drittsekken burde flytte'), 'reject');
    assert.equal(decision('Denne tullingen skjønner ingenting'), 'hold');
    assert.equal(decision('Den tullingen'), 'hold');
  });

  test('a definite insult tied to an office or a named place is aimed at one person', () => {
    assert.equal(decision('Drittsekken i kommunestyret har gjort det igjen'), 'reject');
    assert.equal(decision('Horungen til rektoren skal ikke bestemme'), 'reject');
    assert.equal(decision('Tullingen på trygdekontoret'), 'hold');
    assert.equal(decision('Idioten i Drammen kjørte på rødt'), 'hold');
    // No office: a clown at the circus, a drittsekk in a film are no one's insult.
    assert.equal(decision('Klovnen på sirkuset fikk barna til å le'), 'approve');
    assert.equal(decision('Tullingen på scenen var morsom'), 'approve');
  });

  test('a comma before an insult that ends the sentence is a vocative', () => {
    assert.equal(decision('Les saken først, tosk!'), 'hold');
    assert.equal(decision('Hold deg unna, drittsekk.'), 'reject');
    assert.equal(decision('Han er en tosk, sier hun'), 'hold');
    assert.equal(decision('Vi så en film om en tosk, og den var fin'), 'approve');
  });

  test('a masked or glued insult is aimed like the plain one', () => {
    assert.equal(decision('du er en j.ævla kødd'), 'reject');
    assert.equal(decision('Drit_sekk, hold deg unna'), 'reject');
    assert.equal(decision('Den f**ta på kontoret'), 'reject');
  });

  test('a phrase said to the reader by its form is aimed: sug kuken min', () => {
    assert.equal(decision('Sug kuken min'), 'reject');
  });

  test('a protected group called sick or criminal as a whole is a slur; statements about some are not', () => {
    for (const text of [
      'Lesbiske er syke alle sammen',
      'Samer er jo kriminelle',
      'Ikke slipp inn flere somaliere, de er voldtektsmenn alle sammen',
      'Muslims are terrorists',
    ])
      assert.equal(decision(text), 'reject', text);
    for (const text of [
      'Noen innvandrere er kriminelle, de fleste er ikke',
      'Asylsøkere er overrepresentert blant ofrene',
      'Mange muslimer er syke av bekymring for familien',
      'Pasientene er syke og trenger hjelp',
      'Flyktningene er ikke kriminelle',
    ])
      assert.equal(decision(text), 'approve', text);
  });

  test('reported speech is one step milder, like a quote', () => {
    assert.equal(decision('Treneren sa hold kjeft til spilleren, og fikk kort'), 'approve');
    assert.equal(decision('Hun kalte ham en drittsekk i avisa'), 'approve');
    assert.equal(decision('Hun kalte ham en jævla drittsekk'), 'hold');
    assert.equal(decision('Hold kjeft, du skjønner ingenting'), 'hold');
  });

  test('a phrase made into a noun by a dash names an attitude, one step milder', () => {
    assert.equal(decision('Faen ta deg-holdningen i debatten er slitsom'), 'approve');
    assert.equal(decision('Vi vil ha slutt på hold kjeft-ledelse'), 'approve');
    assert.equal(decision('Hold kjeft - ingen bryr seg'), 'hold');
  });

  test('hell as a place: himmel og helvete', () => {
    assert.equal(decision('Han satte himmel og helvete i bevegelse'), 'approve');
    assert.equal(decision('Er det helvete eller paradiset som venter?'), 'approve');
    assert.equal(decision('Faen og helvete, nå igjen'), 'hold');
    assert.equal(decision('Helvete heller'), 'hold');
  });
});

describe('issue 15, third round: masks at the end of a word', () => {
  const decision = (text: string) => moderate(text, context()).decision;

  test('trailing masks stand for the last letters of a strong word or a slur', () => {
    assert.equal(decision('Sånne mong* skal ikke bestemme'), 'reject');
    assert.equal(decision('Du er en drittsek*'), 'reject');
    assert.equal(decision('For et helv***'), 'hold');
  });

  test('a star after a name, a rating or a short word is punctuation', () => {
    for (const text of [
      'Kari* og Per** stiller',
      'Gi filmen 4* av 6',
      'Super* bra',
      'Det var f* for lite',
      'Hei*',
    ])
      assert.equal(decision(text), 'approve', text);
  });
});

describe('issue 15, third round: insults and slurs the lexicon lacked', () => {
  const decision = (text: string) => moderate(text, context()).decision;

  test('new insults grade like their kind: mild alone, a hold aimed; strong ones a hold, aimed a reject', () => {
    for (const word of ['fjomp', 'feitingen', 'tjukkasen', 'tullebukker']) {
      assert.equal(decision(`Den ${word === 'fjomp' ? 'fjompen' : word} på tv`), 'hold', word);
      assert.equal(decision(`Filmen handler om en ${word}`), 'approve', word);
    }
    assert.equal(decision('Dritthølet har parkert i innkjørselen igjen'), 'hold');
    assert.equal(decision('Du er et dritthøl'), 'reject');
    assert.equal(decision('Din hæstkuk'), 'reject');
    assert.equal(decision('Stakkars spast'), 'reject');
    assert.equal(decision('Han er spastisk lammet'), 'approve');
    assert.equal(decision('These bastards never listen'), 'hold');
    assert.equal(decision('You are a douchebag'), 'reject');
  });
});
