/**
 * Issue 15, seventh round: general forms found in the misses of the holdout4
 * batch, each written as a form (a violent act × a target × an intent, a
 * lexicon with its compounds and inflections) and probed with sentences
 * invented for it, in Bokmål, Nynorsk, dialect and English, with the
 * look-alikes that must stay as they were. None is an item of the set; every
 * table was seen failing against the engine before the round.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from './index.js';

const decision = (text: string) =>
  moderate(text, { policyKey: 'test:round7', policy: DEFAULT_POLICY }).decision;

const expect = (want: 'approve' | 'hold' | 'reject', texts: string[]) => {
  for (const text of texts) assert.equal(decision(text), want, text);
};

describe('threats: a violent act, a target and an intent, in more words', () => {
  test('new violent verbs, with inflections and Nynorsk', () => {
    expect('reject', [
      'Jeg skal spikre deg fast til veggen.',
      'Vi spikrar han fast på døra.',
      'Vi senker deg i fjorden.',
      'Noen burde senke dem i havet med lodd på beina.',
      'Eg skal søkke deg i sjøen.',
      'Jeg skal flå deg levende.',
      'Vi burde begrave dem levende.',
      'Noen burde kappe hodet av ordføreren.',
      'Eg skal kappe hovudet av deg.',
      'I will break every bone in your body.',
      'We will break your legs.',
      'Rull over dem med traktoren.',
      'Vi skal kjøre over deg med bilen.',
      'Kjør ned de jævla syklistene.',
      'Jeg skal partere deg.',
      'Eg skal slå deg så hardt at du ikkje står opp att.',
      'Jeg skal slå deg bevisstløs.',
      'Jeg skal tenne på huset ditt.',
      'Noen burde sette fyr på moskeen.',
      'Vi skal helle bensin over deg.',
    ]);
    expect('approve', [
      'Vi spikret fast planken til veggen.',
      'Skal vi spikre fast en dato for møtet?',
      'Ferja senker farten i fjorden.',
      'Vi bør senke skatten i kommunen.',
      'Bompengeselskapet flår oss for penger.',
      'Han ble flådd levende av kritikerne i går.',
      'Jeg skal kappe greinene av treet.',
      'We will break the record this year.',
      'Vi skal kjøre over fjellet i morgen.',
      'Vi skal kjøre ned til Bergen på lørdag.',
      'Vi skal kjøre over Rosenborg på søndag!',
      'Skal vi kjøre ned Storgata?',
      'Kokken skal partere elgen i kveld.',
      'Vi skal slå dere på søndag.',
      'Du kan slå deg ned her.',
      'Jeg skal tenne på grillen.',
      'Husk å tenne på lysene.',
      'Ikke helle bensin på bålet, sa brannsjefen.',
    ]);
  });
  test('intent: "har lyst til å", "har tenkt å", "kunne tenke meg å"', () => {
    expect('reject', [
      'Jeg har lyst til å drepe deg.',
      'Eg har lyst til å skyte han.',
      'Jeg har tenkt å drepe deg.',
      'Jeg kunne tenke meg å kvele deg.',
    ]);
    expect('approve', [
      'Jeg har lyst til å drepe tiden med et godt spill.',
      'Jeg har tenkt å slakte forslaget i bystyret.',
    ]);
  });
  test('question inversion is no imperative', () => {
    expect('reject', ['Heng deg, din idiot.']);
    expect('approve', [
      'Henger du med på kino i kveld?',
      'Skyter du bilder på bryllupet?',
      'Dreper dere tiden med kortspill?',
    ]);
  });
  test('a visit: dialect and variant spellings', () => {
    expect('reject', [
      'Æ kjæm hjem tel dæ i natt.',
      'Eg kjem heim til deg i natt.',
      'Vi kommer hjem til deg snart.',
      'Je kømmer hjæm te dæ, bare vent.',
      'Vi står utenfor døra di i kveld.',
      'Vi venter utenfor huset ditt i natt.',
    ]);
    expect('approve', [
      'Æ kjæm hjem tel dæ med kaka.',
      'Vi står utenfor døra di med blomster, lukk opp!',
      'Vi står utenfor døra di klokka tre med kaffe.',
    ]);
  });
  test('something may happen', () => {
    expect('reject', [
      'Ville vært synd om noe skjedde med ungene dine.',
      'Det hadde vært leit om noe skjedde med kona di.',
      'Det ville vore synd om noko hende med familien din.',
    ]);
    expect('approve', [
      'Det hadde vært synd om noe skjedde med ferja i stormen.',
      'Det ville vært synd om noe skjedde med den gamle kirka.',
    ]);
  });
  test('asked to die', () => {
    expect('reject', [
      'Kan du ikke bare dø snart?',
      'Kan du ikkje berre døy?',
      'Kunne du ikke bare dø, så slipper vi deg.',
    ]);
    expect('approve', ['Kan du ikke bare dø av skam over det innlegget?', 'Kan du ikke bare droppe det?']);
  });
  test('counterfactual wish on a violent act', () => {
    expect('reject', [
      'Det hadde vært på tide at noen partererte den rådmannen.',
      'Det er på tide at noen skyter ham.',
      'Det var på tide at noen kvalte den rådmannen.',
    ]);
    expect('approve', [
      'Det var på tide at noen skjøt ned det forslaget.',
      'Det er på tide at noen tar tak i dette.',
    ]);
  });
  test('death wishes: drowning, accidents', () => {
    expect('reject', [
      'Eg håpar verkeleg at du druknar.',
      'Håper du drukner i fjorden.',
      'Håper ordføreren omkommer i en bilulykke.',
      'Skulle ønske rådmannen kjørte utfor stupet.',
      'Håper du faller utfor et stup.',
    ]);
    expect('approve', [
      'Håper ingen drukner i sommer.',
      'Jeg håper du ikke drukner i arbeid.',
      'Håper ordføreren kjører utfor i slalåmbakken.',
    ]);
  });
  test('taken on a dark evening', () => {
    expect('reject', [
      'Vi tar deg en mørk kveld.',
      'Vi tar han en mørk kveld.',
      'Vindmøllebaronen skal få kjenne det når vi tar ham en mørk natt.',
    ]);
    expect('approve', ['Vi tar en tur en mørk kveld for å se nordlys.']);
  });
  test('an imperative with "han" as object, a question with a present tense', () => {
    expect('reject', [
      'Flå han levende.',
      'Heng han i nærmeste lyktestolpe.',
      'Skyt de som stemte for bommen.',
    ]);
    expect('approve', ['Skyter han like bra i år?', 'Henger de med på quizen?']);
  });
  test('executed against a wall, in the counterfactual past', () => {
    expect('reject', [
      'Ordføreren skulle vært stilt opp mot veggen.',
      'Dei burde vore stilte opp mot veggen alle saman.',
    ]);
    expect('approve', ['Ordføreren ble stilt mot veggen av pressen.']);
  });
  test("harm as a pity, after the addressee's own were named", () => {
    expect('reject', [
      'Kona di jobber sent, hører jeg. Hadde vært synd om noe skjedde.',
      'Du har en fin hytte. Ville vore synd om noko hende.',
    ]);
    expect('approve', [
      'Brua er i dårlig stand. Det hadde vært synd om noe skjedde.',
      'Sjekk bremsene på bilen din. Det hadde vært synd om noe skjedde med deg i bakken.',
    ]);
  });
  test("knowing the addressee's movements", () => {
    expect('reject', [
      'Jeg vet hvor du parkerer hver morgen.',
      'Vi veit kor du søv om natta.',
      'Eg veit når du joggar i skogen.',
    ]);
    expect('approve', [
      'Jeg vet hvor du jobber, vi var kolleger.',
      'Vet du hvor jeg kan parkere?',
      'Jeg vet ikke hvor du parkerer, men det er fullt overalt.',
    ]);
  });
});

describe('slurs and insults: more words, group compounds, dialect forms, curses and degrading words said to a person', () => {
  test('slurs missing from the lexicon, in every form', () => {
    expect('reject', [
      'Geitepulerne burde sendes hjem.',
      'Den geitepuleren i kiosken ser stygt på meg.',
      'Geitepularane har teke over heile byen.',
      'Kamelpulerne skal ikke bestemme her.',
      'Muzziene har fått en ny moské igjen.',
      'Muzzien på hjørnet selger hasj.',
      'Hijabhorene i kassa snakker bare arabisk.',
      'Hurungen din har knust vinduet vårt.',
    ]);
    expect('approve', ['Geitebonden på Voss fikk pris for osten.', 'Musikken på festivalen var fantastisk.']);
  });
  test('insults and curses missing from the lexicon', () => {
    expect('hold', [
      'Din latterlige kverulant.',
      'Du er en kverulant, Hansen.',
      'You are such a clown.',
      'Jævelskap, bussen er borte igjen.',
      'Du er en pappskalle.',
      'For en treskalle du er.',
    ]);
    expect('approve', [
      'Kverulantene fikk medhold til slutt, skriver avisa.',
      'The clown at the circus made the children laugh.',
      'Hodeskallen som ble funnet i myra var fra vikingtiden.',
    ]);
  });
  test('a strong curse before a noun said to the addressee', () => {
    expect('reject', [
      'Du er en jævla pappskalle.',
      'Din forpulte idiot.',
      'Din forbanna fjellape, Ola.',
      'Dere er noen jævla amatører.',
      'Du er ei forpult ku.',
    ]);
    expect('hold', ['Det var en jævla kamp i går!', 'For en jævla dag.']);
    // Since the ninth round "jævla" before praise is the degree word "jævlig" (mild).
    expect('approve', ['Du er en jævla god venn.']);
  });
  test('a mild insult made worse by a degrading word about the body', () => {
    expect('reject', [
      'Hold munn, din tjukke kjerring.',
      'Du er ei ekkel feit purke.',
      'Du er en stygg tjukk tosk.',
    ]);
    expect('hold', ['Du er en idiot.']);
    expect('approve', [
      'Purka fikk tolv grisunger i natt.',
      'Den feite katten til naboen sover på trappa vår.',
    ]);
  });
  test('dialect plural in -an', () => {
    expect('reject', ['Drittsekkan på kontoret skjønner ingenting.']);
    expect('hold', [
      'Idiotan i kommunestyret har gjort det igjen.',
      'Tullingan i bystyret vet ikke hva de gjør.',
    ]);
  });
  test('one person by an office or a neighbour', () => {
    expect('reject', ['Horungane til naboen har knust ruta vår igjen.']);
    expect('hold', [
      'Køddene i planavdelingen har rotet det til.',
      'Tullingane på fylkeshuset skjønner ingenting.',
    ]);
    expect('approve', ['Klovnen på sirkuset var morsom.']);
  });
});

describe('groups dehumanised: similes, plagues, vermin said alone, a group sent to hell', () => {
  test('a group likened to vermin by any verb ("lever som parasitter", "spread like rats")', () => {
    expect('reject', [
      'Disse folkene lever som parasitter på velferden.',
      'De sprer seg som rotter i hele byen.',
      'Innvandrerne formerer seg og lever som snyltere på oss.',
      'They breed like rats in every city.',
    ]);
    expect('approve', [
      'Vi bodde som rotter i den kalde kjelleren den vinteren.',
      'Barna oppførte seg som dyr på bursdagen, sa læreren med et smil.',
      'Spillerne løp som hodeløse høner på banen.',
    ]);
  });
  test('vermin, lice and plagues', () => {
    expect('reject', [
      'Dei er som lus i håret på samfunnet.',
      'Muslimene er en plage for landet.',
      'Romfolket er ei landeplage.',
      'These people are a plague on this town.',
      'Innvandringen er en kreftsvulst på samfunnet.',
    ]);
    expect('approve', [
      'Bilistene er en plage for syklistene i sentrum.',
      'Måkene er en plage på brygga om sommeren.',
      'Lus er en plage i barnehagen hver høst.',
    ]);
  });
  test('vermin as a sentence of its own, after a group is named', () => {
    expect('reject', [
      'Muslimene tar over skolene våre. Parasitter.',
      'Jødene eier bankene. Rotter, alle sammen.',
    ]);
    expect('approve', [
      'Vi har funnet rotter i kjelleren. Skadedyr.',
      'Rotter. Det er det eneste vi ser i bakgården.',
    ]);
  });
  test('a group sent to hell', () => {
    expect('reject', [
      'Muslimene kan dra til helvete alle sammen.',
      'Til helvete med alle homsene.',
      'Jødane kan fare til helvete.',
    ]);
    expect('hold', ['Til helvete med bompengene!', 'Politikerne kan dra til helvete med det forslaget.']);
  });
  test('a people called criminal', () => {
    expect('reject', [
      'Sigøynerne er et kriminelt folk.',
      'Taterne er en kriminell gjeng.',
      'Muslimer er voldelige.',
    ]);
    expect('approve', [
      'Noen innvandrere er kriminelle, som i alle grupper.',
      'Sigøynerne er et folk med lang historie i Norge.',
    ]);
  });
});

describe('clean look-alikes: words named, dashed compounds, an institution’s number', () => {
  test('a swear word named as a word, not used', () => {
    expect('hold', [
      'Faen, det var et gammelt ord jeg ikke husket.',
      'Jævla idiot er det eneste ordet jeg har for ham.',
    ]);
    expect('approve', [
      // Quoted and named as a word (since the ninth round): talked about, a slur too.
      'Ordet «neger» er brukt i gamle bøker.',
      'Faenskap er et gammelt ord som bestemor brukte.',
      'Helvete er et sterkt ord å bruke i en kommentar.',
      'Ordet faen har sneket seg inn i alle barneprogram.',
      'Uttrykket drittsekk hører ikke hjemme i bystyret.',
    ]);
  });
  test('an insult heading a compound by a dash names the thing', () => {
    expect('reject', ['NAV-idioten på kontoret ga meg feil svar, din jævla idiot.']);
    expect('hold', [
      'Drittsekk-debatten i bystyret var pinlig.',
      'Rasshøl-debatten på Stortinget var pinlig.',
    ]);
  });
  test("an institution's phone number is no one's personal information", () => {
    expect('hold', [
      'Ring Kari på 412 34 567, hun vet mer.',
      'Politiet burde ringe ham på privatnummeret hans, 412 34 567.',
    ]);
    expect('approve', [
      'Ring politiet på 22 66 90 50 hvis du ser noe.',
      'Legevakten har nummer 55 56 87 00 hele døgnet.',
      'Kontakt kommunen på 73 83 00 00 for spørsmål om bommen.',
    ]);
  });
});

describe('spellings, genitives and a racist trope', () => {
  test('the Nynorsk spelling "hòl"', () => {
    expect('reject', ['Rævhòlet i heradsstyret lyg att.', 'Rasshòl, det er det han er.']);
    expect('approve', ['Det er eit stort hòl i vegen ved skulen.']);
  });
  test("a strong insult's dialect plural genitive", () => {
    expect('reject', ['Fittetrynas parti vann valet.', 'Drittsekkas tid i bystyret er over.']);
    expect('approve', ['Kjerringas sykkel står utenfor butikken.']);
  });
  test('sent back to the jungle', () => {
    expect('reject', [
      'Reis tilbake til jungelen din.',
      'Dra heim til jungelen dykkar.',
      'Go back to your jungle.',
    ]);
    expect('approve', [
      'Vi reiste tilbake til jungelen i Costa Rica i fjor.',
      'Jungelen din i stua har vokst mye, så fine planter!',
    ]);
  });
});

describe('forms probed beyond the batch: more threats, humans denied, "perker", aimed insults keep their words', () => {
  test('a past tense wished, more verbs', () => {
    expect('reject', ['Skulle ønske noen tente på hytta di.']);
    expect('approve', ['Skulle ønske noen tente lyset i gangen.']);
  });
  test('accidents wished', () => {
    expect('reject', ['Håper du blir påkjørt av bussen.', 'Eg håpar dei blir overkøyrd.']);
    expect('approve', ['Håper ingen blir påkjørt i det krysset.']);
  });
  test('humans denied', () => {
    expect('reject', ['Muslimer er ikke mennesker.', 'Dei er ikkje menneske.']);
    expect('approve', ['Roboter er ikke mennesker, uansett hva de sier.', 'Politikerne er ikke folk flest.']);
  });
  test('a people called thieves', () => {
    expect('reject', ['Sigøynere er tyver alle sammen.']);
    expect('approve', ['Tyvene er tatt, skriver politiet.']);
  });
  test('"perker"', () => {
    expect('reject', [
      'Send alle perkerne hjem.',
      'Den svartperkeren på bussen snakket høyt.',
      'Perkarane har teke over torget.',
    ]);
  });
  test('a body part cut off, the crap beaten out', () => {
    expect('reject', [
      'Jeg skal skjære av deg ørene.',
      'Eg skal kutte av deg tunga.',
      'Jeg skal slå hjernen ut av deg.',
      'Vi skal slå skiten ut av dere.',
    ]);
    expect('approve', ['Jeg skal skjære av skorpa på brødet.', 'Vi skal slå av lyset i gymsalen.']);
  });
  test('veiled: dead, a bullet or a knife deserved, life made hell, born, disappear', () => {
    expect('reject', [
      'Du er død, kompis.',
      'Dere er døde, alle sammen.',
      'Han burde få seg en kule.',
      'Ordføreren burde få en kniv i ryggen.',
      'Vi skal gjøre livet ditt til et helvete.',
      'Du kommer til å angre på at du ble født.',
      'Jeg skal sørge for at du forsvinner.',
    ]);
    expect('hold', ['Bompengene gjør livet mitt til et helvete.']);
    expect('approve', [
      'Du er død for meg etter det du skrev.',
      'Er du død? Du har ikke svart på to dager.',
      'Han burde få seg en kule is etter kampen.',
      'Jeg skal sørge for at du forsvinner fra styret ved neste valg.',
    ]);
  });
  test('an insult aimed from itself keeps the words that make it', () => {
    expect('reject', ['Jævla idioter alle sammen.']);
    expect('hold', ['Idioter alle sammen.']);
  });
});

describe('wishes that someone were dead, a shared intent, English person nouns', () => {
  test('a wish that someone were dead', () => {
    expect('reject', ['Skulle ønske du var død.', 'Håper dei er daude innan jul.']);
    expect('approve', [
      'Håper du ikke er død av latter etter den sketsjen.',
      'Skulle ønske den saken var død og begravet.',
    ]);
  });
  test('a second verb shares the intent of the first', () => {
    expect('reject', [
      "I'm going to find you and kill you.",
      'Jeg skal finne deg og drepe deg.',
      'Vi kjem til å leite dykk opp og skyta dykk.',
    ]);
    expect('approve', ['Jeg skal finne en bok og drepe tiden.']);
  });
  test('English person nouns as targets', () => {
    expect('reject', ['Someone should shoot that mayor.', 'Somebody needs to kill that journalist.']);
    expect('approve', ['Someone should shoot a video of the new mayor.']);
  });
});

describe('curses said of a person, and insults after a comma', () => {
  test('a curse and a word said of a person by an agent noun, one word between allowed', () => {
    expect('reject', [
      'Læreren er en jævla pedofil.',
      'Ordføreren er en feit jævla gris.',
      'Saksbehandlaren er ein forbanna tulling.',
      'Du er en stygg jævla tosk.',
    ]);
    expect('hold', ['Bilen er en jævla skrothaug.', 'Det var en lang jævla dag.']);
    // "jævla" before praise: the degree word (ninth round).
    expect('approve', ['Læreren er en jævla god pedagog.']);
  });
  test('an insult after a comma, with the word that makes it', () => {
    expect('reject', ['Jeg driter i deg, jævla kuk.', 'Kjeften din, forbanna hore.']);
    expect('hold', ['Takk for turen, skikkelig idioter.']);
  });
});

describe('dialect: subjects, modals, objects and dying verbs', () => {
  test('dialect subjects, modals, objects and dying verbs', () => {
    expect('reject', [
      'Æ kjæm te å skyt dæ.',
      'Æ skal slå dæ ihjæl.',
      'Dåkk burde skytes alle sammen.',
      'Håpe du dævve.',
      'Håpar du daue.',
      'Æ håpe du dør.',
    ]);
    expect('approve', [
      'Æ kjæm te å skyt bilde av dæ på festen.',
      'Æ håpe du kosa dæ på hytta.',
      'Æ håpe du dør av latter når du ser revyen.',
    ]);
  });
});
