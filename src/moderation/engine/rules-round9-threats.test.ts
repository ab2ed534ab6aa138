/**
 * Issue 15, ninth round, threats: holdout6's threat misses and threat false positives
 * (read in this round, so seen since) each read as a missing piece of the grammar (who
 * acts, on whom, the verb class, the modality, the clause) and written as that piece.
 * Every sentence here is invented for the form, in other wordings than the batch's,
 * in Bokmål, Nynorsk and English, with look-alikes that must stay clean; none is an
 * item of the set. Every table was seen failing against main before its step.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:round9-threats');

describe('threats, ninth round: the act and its clause', () => {
  test("the object is found in the verb's own clause: a subordinate clause or the writer as object ends the search", () => {
    expect('approve', [
      'Mamma kommer til å drepe meg når hun ser karakterboka.',
      'Sjefen kommer til å henge meg hvis rapporten er sen, så jeg jobber i kveld.',
      'Skyt på hvis dere lurer på noe om søknaden.',
      'Skyt inn når du har noko å leggje til.',
      'My mum is going to kill me when she sees this.',
      'Far kjem til å drepe oss viss han finn ut at vi tok båten.',
    ]);
    expect('reject', [
      'Jeg skal drepe deg når du kommer hjem.',
      'Skyt dem hvis de kommer over grensa.',
      'I will kill you when I find you.',
      'Eg skal skyte han viss han kjem hit igjen.',
    ]);
  });

  test('a body part widens the window for the people counted after it', () => {
    expect('reject', [
      'Jeg skal kutte halsen over på hver eneste en av dere.',
      'Eg skal knekke nakken på kvar einaste ein av dykk.',
      'I will cut the throat of every single one of you.',
    ]);
    expect('approve', [
      'Vi skal kutte kostnadene for hver eneste en av dere.',
      'Hun skal skjære brødet i skiver til hver eneste en av dere.',
    ]);
  });

  test('whoever a relative clause names is a person: "den neste som", "the first one who", "hver eneste en som"', () => {
    expect('reject', [
      'Jeg skal skyte den første som går over plenen min.',
      'Eg kjem til å drepe den neste som stel sykkelen min.',
      'I will shoot the next one who touches my car.',
      'Jeg skal banke skiten ut av hver eneste en som jobber der.',
      'Den som stemte for nedleggelsen fortjener å bli skutt.',
      'Anyone who votes for this deserves to be shot.',
    ]);
    expect('approve', [
      'Jeg skal ringe den første som svarer på annonsen.',
      'Vi skal skyte bilder av den som vinner.',
      'Han skal henge opp plakater for den som vil lese dem.',
      'Den som vinner fortjener å bli feiret.',
    ]);
  });

  test('verbs of breaking and beating take any body part', () => {
    expect('reject', [
      'Jeg skal knuse kjeven din.',
      'Eg skal brekke nasen på deg.',
      'Jeg skal banke hjernen ut av deg.',
      'I am going to break your jaw.',
      'Vi skal knekke kneskålene dine.',
    ]);
    expect('approve', [
      'Jeg knuste kjeven i en sykkelulykke i fjor.',
      'Vi skal banke kjøttet mørt før vi griller.',
      'Jeg kommer til å slå hodet i veggen hvis dette fortsetter.',
      'I will break the news to you gently.',
      'Break a leg tonight!',
    ]);
  });

  test('Nynorsk forms of the verbs and wishes: hengje, tek, vonar, ønskje, døydde; "ta av dage"', () => {
    expect('reject', [
      'Nokon burde hengje heile styret.',
      'Eg vonar du døyr i natt.',
      'Eg skulle ønskje du døydde.',
      'Eg tek deg når du minst ventar det.',
      'Jeg skal ta deg av dage.',
      'Eg ber kvar kveld om at ordføraren blir teken av dage.',
    ]);
    expect('approve', [
      'Eg vonar du får ein fin tur.',
      'Eg tek deg med på tur i morgon.',
      'Vi hengjer opp julelysa i kveld.',
      'Han ble tatt av dage av en bjørn i 1890, står det i bygdeboka.',
    ]);
  });
});

describe('threats, ninth round: who acts, and the frame around the act', () => {
  test('a target fronted before the modal and its subject is the object: "Deg skal jeg drepe", "Him I will kill"', () => {
    expect('reject', [
      'Deg skal jeg drepe.',
      'Den dommeren burde noen skyte.',
      'Ordføraren bør nokon hengje i næraste tre.',
      'Journalisten skal vi knivstikke ein dag.',
      'Him I will kill.',
    ]);
    expect('approve', [
      'Elgen skal jeg skyte i høst.',
      'Han skal jeg skyte bilder av i bryllupet.',
      'Tiden skal vi drepe med kortspill.',
      'Han skal skyte straffen i kveld.',
      'Dere skal jeg hente på stasjonen.',
      'Han skal vi henge med på festen.',
    ]);
  });

  test('someone acting, under a wish, a prayer or a looking-forward anywhere before it in the sentence', () => {
    expect('reject', [
      'Gleder meg til dagen noen endelig henger den fyren.',
      'Jeg ser fram til den dagen noen skyter hele styret.',
      'Jeg ber hver kveld om at noen dreper ham.',
      'Eg gler meg til nokon skyt den politikaren.',
      "Can't wait for the day someone finally shoots him.",
      'I pray that somebody kills the mayor.',
    ]);
    expect('approve', [
      'Gleder meg til dagen noen endelig skyter ned det forslaget.',
      'Jeg ser fram til at noen dreper den myten en gang for alle.',
      'Ber om at noen tar seg av hunden mens vi er bortreist.',
      'Gleder meg til noen skyter bilder av oss på bryllupet.',
      'Jeg gleder meg ikke til dagen noen skyter ham.',
      'Noen skyter ham i filmen, men jeg gleder meg likevel.',
    ]);
  });
});

describe('threats, ninth round: veiled forms as constructions', () => {
  test('the writer knows where a person lives or goes: knower, "vet hvor", a person, a routine', () => {
    expect('reject', [
      'Jeg vet hvor hun bor.',
      'Vi veit kvar dottera di går på skule.',
      'Vet hvor du trener om kveldene, Hansen.',
      'We know where you live.',
      'I know where your daughter goes to school.',
      'Me veit kor han parkerer om natta.',
    ]);
    expect('approve', [
      'Jeg vet ikke hvor du bor, så send adressen.',
      'Vet du hvor hun bor?',
      'Jeg vet hvor du bor fordi vi var naboer i ti år.',
      'We know where the new hospital will be.',
      'Alle vet hvor statsministeren bor, det står i avisa.',
      'Vi vet hvor skoen trykker for dere som bor i distriktet.',
    ]);
  });

  test("a death wish on the addressee's vehicle, or on people on board", () => {
    expect('reject', [
      'Håper bilen din krasjer i en fjellvegg.',
      'I hope your plane crashes.',
      'Eg håpar båten hans søkk.',
      'Håper ferja går ned med hele bystyret om bord.',
    ]);
    expect('approve', [
      'Håper ikke bilen din krasjer på glatta i dag.',
      'Håper aksjen styrter så jeg kan kjøpe billig.',
      'Håper flyet ditt lander trygt i Brussel.',
      'I hope your computer crashes less after the update.',
    ]);
  });

  test('a weapon as the instrument of a visit to a person, with intent', () => {
    expect('reject', [
      'Noen burde besøke den dommeren med et jernrør.',
      'Vi kjem på besøk til ordføraren med balltre.',
      'Someone should pay the mayor a visit with a baseball bat.',
      'Noen burde gi redaktøren en omgang med ei kølle.',
      'Vi kommer med hagla den dagen dere stenger veien.',
    ]);
    expect('approve', [
      'Vi kommer med kake til bursdagen din.',
      'Ungene lærte å slå ballen med balltre på leiren.',
      'Farfar tok meg med på jakt med hagla si.',
      'Noen burde gi treneren en omgang med applaus.',
      'Vi kommer med hagla og hunden på elgjakta i morgen.',
      'Vi kommer med balltre og hansker til treningen for dere.',
      'Noen burde besøke bestefar med geværet til jakta.',
    ]);
  });

  test('death declared to the addressee until the writer meets them', () => {
    expect('reject', [
      'Du er så død når jeg får tak i deg.',
      'Dere er døde neste gang vi ser dere.',
      "You're dead when I see you.",
    ]);
    expect('approve', [
      'Du er død for meg.',
      'Du er helt død når du kommer hjem fra nattevakt, hvil deg.',
      'Er du død når jeg ringer, så prøver jeg igjen.',
    ]);
  });

  test('"se deg over skulderen" and "look over your shoulder" said as a warning, not as advice', () => {
    expect('reject', [
      'Se deg over skulderen fra nå av.',
      'Sjå dykk over skuldra.',
      'Keep looking over your shoulder.',
    ]);
    expect('approve', [
      'Se deg over skulderen før du skifter fil.',
      'Sjå deg over skuldra når du ryggar.',
      'Look over your shoulder before changing lanes.',
    ]);
  });
});

describe('threats, ninth round: more of the grammar', () => {
  test('a guarantee that a person never again walks, sleeps or lives safe, or that their house burns', () => {
    expect('reject', [
      'Jeg skal sørge for at han aldri går herfra på egne bein.',
      'Eg lovar deg at du aldri skal sove trygt.',
      'I promise you that you will never sleep safe.',
      'Vi skal sørge for at huset ditt går opp i flammer.',
    ]);
    expect('approve', [
      'Vi lover at du aldri skal vente i kø igjen.',
      'Mamma lover at du aldri skal gå sulten igjen.',
      'Jeg skal sørge for at peisen din brenner godt i vinter.',
      'Vi skal sørge for at ingen går hjem utrygt.',
    ]);
  });

  test('people thrown or dumped into the sea or out of a window, wished in the passive', () => {
    expect('reject', [
      'Folk som deg burde vært kastet i havet.',
      'Dei politikarane bør dumpast i fjorden.',
      'Journalistene burde kastes ut av vinduet.',
    ]);
    expect('approve', [
      'Julepynten bør kastes ut av vinduet, sier kona.',
      'Avfallet ble dumpet i fjorden i 1970, viser rapporten.',
      'Kast ikke penger ut av vinduet på dyre abonnement.',
    ]);
  });

  test('a weapon to be tasted, fuel cans for a visit, a bomb to be planted', () => {
    expect('reject', [
      'Redaktøren skal få smake balltreet.',
      'Dei skal få kjenne kniven neste gong.',
      'Den dagen dere åpner mottaket, kommer vi med bensinkanner.',
      'Legger jeg en bombe under rådhuset, blir det stille.',
      'Eg skal plassere ein bombe i bilen hans.',
    ]);
    expect('approve', [
      'Ungene skal få smake kaka først.',
      'Vi kommer med bensinkanner til dugnaden på lørdag.',
      'Hun slapp en bombe i intervjuet i går.',
      'Kokken skal kjenne på kniven før han kjøper den.',
    ]);
  });

  test('a bullet to the head said as a sentence of its own', () => {
    expect('reject', [
      'Han fortjener det same. Ei kule i nakken.',
      'Sånne folk. En kule i hodet.',
      'A bullet in the head.',
    ]);
    expect('approve', [
      'Jegeren fant ei kule i nakken på elgen.',
      'Han fikk ei kule i nakken under krigen og overlevde.',
      'Ei kule is i nakken på en varm dag.',
    ]);
  });

  test("harm to the addressee's children said as a pity after naming them", () => {
    expect('reject', [
      'Du har jo to jenter på Lia skole. Synd om noe skjedde med dem på skoleveien.',
      'Dottera di spelar fotball på Vik. Leit om noko hende med henne etter trening.',
    ]);
    expect('approve', [
      'Du har to barn i barnehagen? Synd at noe skjedde med dem i fjor.',
      'Synd om noe skjedde med dem på turen, sa guiden.',
    ]);
  });

  test('only a matter of time before someone does it; the writer could have done it; gangs as people', () => {
    expect('reject', [
      'Det er bare et tidsspørsmål før noen dreper ham.',
      "It's only a matter of time before someone shoots you.",
      'Eg kunne drept deg.',
      'Skulle ønske hele bompengegjengen hang i en lyktestolpe.',
    ]);
    expect('approve', [
      'Jeg kunne drept for en kopp kaffe nå.',
      'Han kunne drept noen med den kjøringen.',
      'Håper ungene kan henge med i timen.',
      'Det er bare et tidsspørsmål før noen skyter ned forslaget.',
    ]);
  });

  test("a particle before the preposition after a fronted object's verb", () => {
    expect('reject', [
      'Ordføreren burde noen henge opp i en lyktestolpe.',
      'Ham skal vi henge opp i flaggstanga.',
    ]);
    expect('approve', ['Bildet skal vi henge opp i stua.']);
  });
});

describe('threats, ninth round: a blow wished or deserved goes to a moderator', () => {
  test('a blow given to a person with intent, or deserved: hold, not reject', () => {
    expect('hold', [
      'Noen burde gi presten en real lusing.',
      'Eg skulle gjerne gitt rektor ein på trynet.',
      'Den keeperen fortjener en på kjeften.',
      'Gi ham en ørefik fra meg!',
      'Han fortjener en lusing av meg.',
      'Someone should give that referee a slap.',
    ]);
    expect('approve', [
      'Han ga motstanderen en ørefik i andre runde og fikk rødt kort.',
      'Jeg skulle gjerne gitt treneren en klem etter kampen.',
      'Filmen fortjener en plass på lista.',
      'Statsbudsjettet ga pendlerne en real lusing.',
      'Han fortjener en lusing av velgerne.',
    ]);
  });
});

describe('threats, ninth round: a place purged of people', () => {
  test('a purge of a group or of "people like you", with intent', () => {
    expect('reject', [
      'Vi skal rydde gatene for sånne som dere.',
      'Vi må rense landet for muslimer.',
      'We will rid this town of people like you.',
      'Me skal reinske bygda for innvandrarar.',
    ]);
    expect('approve', [
      'Vi skal rydde gatene for snø i natt.',
      'Kommunen skal rense elva for plast.',
      'Jeg skal vaske bilen for deg.',
      'Vi må rense landet for korrupsjon.',
      'Han ryddet huset for muslimer som trengte husly.',
      'Vi skal rydde hallen for flyktningene som kommer i morgen.',
      'Vi skal rydde plass for folk som trenger det.',
    ]);
  });
});
