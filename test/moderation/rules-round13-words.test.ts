/**
 * Issue 15, thirteenth round, words, masking, site terms and false positives
 * (every category but threats): general causes found in the misses and flagged
 * clean items of the holdout10 batch, each written as a form (a word with its
 * paradigm, a group name heading a compound, a way of masking letters, a
 * dehumanising comparison) and probed with sentences invented for it, in
 * Bokmål, Nynorsk and English, with the look-alikes that must stay as they
 * were. None is an item of the set; every positive table was seen failing
 * against the engine before the round.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../support/decision-table.js';

const expect = decisionTable('test:round13-words');

describe('missing: fools and windbags with their paradigms, Bokmål and Nynorsk', () => {
  test('aimed at a person (a copula, an office, a relative clause) they are held', () => {
    expect('hold', [
      'Du er en narr, Håkon.',
      'Narrane i styret gløymde møtet.',
      'Tosingen i resepsjonen ga meg feil nøkkel.',
      'Du er ein tosing, Arne.',
      'Dumbommen på kontoret slettet hele arkivet.',
      'Dumbommane i bystyret har gjort det igjen.',
      'Dumsnuten i kassa ga feil veksel.',
      'Tulleprinsen i styret vil flytte skolen.',
      'Tullekoppene i kommunen har glemt brøytinga.',
      'Din latsabb, gå og klipp plenen.',
      'Latsabbane på vegkontoret sov heile vinteren.',
      'Du er en pratmaker, Svein.',
      'Pratmakarane i utvalet snakkar berre.',
      'Sprellemannen i formannskapet danser for pressen.',
      'Besserwisserne i foreldrerådet vet alltid best.',
      'Naivingen i styret trodde på løftene.',
      'Nikkedukka i kommunestyret stemte som partiet sa.',
      'Du er ei nikkedukke, Kari.',
      'Halvhjernene i fylket har stengt brua.',
    ]);
  });
  test('the words near them, the verb and the things stay published', () => {
    expect('approve', [
      'Han narret oss trill rundt med aprilspøken.',
      'Du gjør narr av deg selv med det innlegget.',
      'Revyen gjorde narr av formannskapet, og salen lo.',
      'Ikke la deg narre av tilbudet.',
      'Prinsen besøkte skolen i går.',
      'Vi drakk kaffe av en stor kopp.',
      'Sabbaten begynner fredag kveld.',
      'Det var mye prat på møtet.',
      'Dukka til veslejenta ble borte på ferja.',
      'Hjernen trenger søvn for å fungere.',
      'Han er litt naiv når det gjelder penger.',
      'Han var en dum bommert, men han beklaget.',
    ]);
  });
});

describe('missing: strong insults and disability slurs at a person', () => {
  test('aimed they reject, Bokmål and Nynorsk, with the genitive', () => {
    expect('reject', [
      'Du er en jævla kukskalle, Ole.',
      'Kukskallane i styret burde skjemmast.',
      'Gubbegrisen i nabohuset glaner på jentene.',
      'Grisegubben på bussen tok på henne.',
      'Spastikeren i kassa klarte ikke å telle pengene.',
      'Debilingane i kommunen burde vore på institusjon.',
      'Jungelapen i kiosken skjønte ingenting.',
    ]);
  });
  test('the disability words said of no one, in history, are held', () => {
    expect('hold', ['Spastikere ble gjemt bort på institusjoner i gamle dager.']);
  });
  test('the words they hold stay published', () => {
    expect('approve', [
      'Skallen hans ble røntgenfotografert på sykehuset.',
      'Gubben satt på benken og matet duene.',
      'Grisen på gården fikk tolv smågriser.',
      'Cerebral parese gir spastisitet i musklene.',
      'Apene i jungelen hoppet mellom trærne.',
    ]);
  });
});

describe('missing: peoples heading rabble, swine, whore and cur', () => {
  test('they reject, Bokmål and Nynorsk, with the genitive', () => {
    expect('reject', [
      'Tyrkerpakket ved torget bråker hver kveld.',
      'Tyrkarjævlane har kjøpt opp heile gata.',
      'Kurderpakkets butikker burde stenges.',
      'Kurdarsvina i blokka stel sykler.',
      'Syrerslusken i kiosken lurte meg.',
      'Litauerhorene på hotellet burde kastes ut.',
      'Afghanerpakket på mottaket får alt gratis.',
      'Irakarsvinet i taxien køyrde feil.',
      'Eritreerjævlene har tatt over parken.',
      'Albanerslusker står og tigger ved butikken.',
      'Asylsøkerpakket har tatt over skolen.',
      'Marokkanersnylterne lever på trygd.',
    ]);
  });
  test('the peoples and the things stay published', () => {
    expect('approve', [
      'Tyrkerne feiret nyttår på torget.',
      'Den kurdiske foreningen inviterer til fest.',
      'Syriske flyktninger åpnet en bakeri i sentrum.',
      'Litauiske arbeidere bygde den nye hallen.',
      'Vi sendte pakken med posten i går.',
      'Svinekjøtt er på tilbud denne uka.',
      'Asylsøkeren fikk opphold etter tre år.',
      'Flyktningen startet egen bedrift.',
    ]);
  });
});

describe('implicit: a group compared to pests, weeds, mould, carrion birds and disease', () => {
  test('a protected group called or likened to one rejects, Bokmål, Nynorsk and English', () => {
    expect('reject', [
      'Muslimene er som brunsnegler, de sprer seg overalt.',
      'Innvandrarane er ugras som må lukast vekk.',
      'Flyktningene er som muggsopp i veggen.',
      'Jødene er gribber som lever av andres arbeid.',
      'Sigøynerne er en skabb på byen.',
      'Romfolk er som lopper, de blir aldri borte.',
      'Immigrants are ticks on the body of this country.',
      'Muslims are a cancer on Europe.',
    ]);
  });
  test('the same words said of gardens, birds, animals and illness stay published', () => {
    expect('approve', [
      'Brunsneglene har spist opp salaten min igjen.',
      'Ugresset i bedet må lukes før sommeren.',
      'Det er muggsopp i kjelleren på skolen.',
      'Gribbene sirklet over savannen.',
      'Hunden hadde skabb og fikk behandling.',
      'Katten har lopper, vi må til dyrlegen.',
      'Ticks carry Lyme disease in the summer.',
      'She beat cancer after two years of treatment.',
      'Innvandrerne på kurset lærte om brunsnegler og ugress i hagen.',
    ]);
  });
});

describe('masked: small capitals, letters with a stroke, an ø with an accent, and "ph" for f', () => {
  test('the words they spell are read, at a person and in the open', () => {
    expect('reject', [
      'Du er en ᴋᴜᴋʜᴜᴇ, Leif.',
      'Rektor er ei jævla ʜᴏʀᴇ.',
      'Du er ei ħǿre, Tone.',
      'Naboen er en ŧulling og en ħore.',
      'Du er ei phitte, Lise.',
      'Din phittetryne, hold kjeft.',
    ]);
    expect('hold', [
      'ꜰᴀᴇɴ, bussen er sein igjen.',
      'Phaen, nå regner det igjen.',
      'ʜᴇʟᴠᴇᴛᴇ så kaldt det er.',
    ]);
  });
  test('ordinary words in those letters and English "ph" words stay published', () => {
    expect('approve', [
      'ᴠᴇʟᴋᴏᴍᴍᴇɴ ᴛɪʟ ᴋᴏɴꜱᴇʀᴛ ɪ ᴋᴠᴇʟʟ.',
      'Jeg vil høre mer om saken.',
      'Philosophy and photography are taught at the school.',
      'The phone rang during the physics exam.',
      'Vi fikk en ny telefon på kontoret.',
      'Ħal Saflieni is a site on Malta.',
    ]);
  });
});

describe('masked: letters parted by commas, semicolons or one emoji each', () => {
  test('the word they spell is read', () => {
    expect('reject', [
      'Du er en f,i,t,t,e, Hanne.',
      'Du er ei h;o;r;e, Berit.',
      'Du er ein k🔥u🔥k🔥h🔥u🔥e, Nils.',
    ]);
    expect('hold', ['F🔥A🔥E🔥N, for et vær.', 'H😡E😡L😡V😡E😡T😡E igjen.', 'f,a,e,n for en dag.']);
  });
  test('lists of single letters, numbers and rows of emoji stay published', () => {
    expect('approve', [
      'Svaralternativ a,b,c eller d står på arket.',
      'Rekkene 1,2,3 og 4;5;6 er ledige.',
      'Vi så 🔥🔥🔥 på konserten i går!',
      'Klassene 5A,5B,5C skal på tur.',
      'Koordinatene x;y;z står i tabellen.',
      'A🔥B🔥C er navnet på bandet.',
    ]);
  });
});

describe("false positives: a crack in the armour, a little one, a council service's mailbox", () => {
  test('they are published', () => {
    expect('approve', [
      'There is a chink in the council’s argument about the ferry.',
      'A chink of light came through the door.',
      'Pikkeputten vår fikk sin første sykkel i dag.',
      'Pikkeputtene i barnehagen sang for besteforeldrene.',
      'Spørsmål om brøyting og gatelys sendes til gatelys@kommunen.example.',
      'Klager på eiendomsskatten skal til skatt@kommunen.example innen fristen.',
      'Dyrevakta nås på dyrlege@kommunen.example i helgene.',
      'Parkeringsbøter kan påklages til parkering@byen.example.',
    ]);
  });
  test('the slur, the word and a person’s address are still what they were', () => {
    expect('hold', ['Kari sin adresse er kari.nordmann@epost.example, skriv til henne.']);
    expect('reject', ['He called the waiter a chink.', 'Du er en jævla pikk, Ole.']);
  });
});

describe('implicit: the coded words of the far right are held for a moderator', () => {
  test('used, in Bokmål, Nynorsk and English, they are held', () => {
    expect('hold', [
      'Kalergiplanen er i full gang, bare se deg rundt.',
      'Les om Kalergi-planen før du stemmer.',
      'Eurabia er her snart, vent og se.',
      'Folkeutskiftinga skjer no, i vår eiga bygd.',
      'Rasekrigen kommer, gjør dere klare.',
      'Hvit makt, brødre!',
      'ZOG controls the council.',
      'Sieg heil to all true patriots.',
      'White genocide is happening in our town.',
    ]);
  });
  test('named in quotes, they are published; the words around them stay clean', () => {
    expect('approve', [
      '«Eurabia» er en konspirasjonsteori, skriver forskeren.',
      'Boka tilbakeviser myten om «Kalergi-planen».',
      'Utskiftingen av vinduene på skolen tar to uker.',
      'Det ble en stor utskifting i laget før sesongen.',
      'Makta i kommunen ligger hos formannskapet.',
      'The white paint on the power station is peeling.',
    ]);
  });
});

describe('general: followers, likes and a shop’s discount code for sale are spam', () => {
  test('the offer is held, Bokmål, Nynorsk and English', () => {
    expect('hold', [
      'Kjøp følgjarar til sida di i dag, berre 49 kr.',
      'Kjøp likes til bedriften din her!',
      'Bruk rabattkoden VINTER og få 30 % på alle jakker.',
      'Buy followers cheap, best price in Norway.',
      'Use promo code SKI20 at checkout.',
    ]);
  });
  test('a code, a discount or followers in an ordinary sentence stay published', () => {
    expect('approve', [
      'Rabattkoden fungerte ikke i nettbutikken, så jeg klaget.',
      'Bruk koden fra brevet for å logge inn.',
      'Laget har mange følgere på Instagram.',
      'Jeg fikk rabatt med medlemskortet på butikken.',
      'Bruk kode 1234 på døra til garderoben.',
    ]);
  });
});
