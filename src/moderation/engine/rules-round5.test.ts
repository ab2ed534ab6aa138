/**
 * Issue 15, fifth round: general forms found in the misses of the holdout2 and
 * the old test split of the evaluation set. Every sentence here is invented for
 * the form it tests (none is an item of the set), with the look-alikes that must
 * stay as they were.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from './index.js';

const decision = (text: string) =>
  moderate(text, { policyKey: 'test:round5', policy: DEFAULT_POLICY }).decision;

describe('veiled threats without a violent verb', () => {
  test("knowing where the addressee's family lives, works or goes to school", () => {
    assert.equal(decision('Jeg vet hvor dattera di går i barnehage.'), 'reject');
    assert.equal(decision('Me veit kvar borna dykkar bur.'), 'reject');
    assert.equal(decision('Vi vet hvor mora di jobber, bare så du vet det.'), 'reject');
    // Not knowing, or asking: no threat.
    assert.equal(
      decision('Jeg vet ikke hvor ungene dine går på skole, men sjekk kommunens side.'),
      'approve',
    );
    assert.equal(decision('Vet du hvor barna dine går etter skoletid?'), 'approve');
    // Where the addressee works is small talk as often as a threat: left alone.
    assert.equal(decision('Jeg vet hvor du jobber, vi var kolleger før.'), 'approve');
  });

  test('having the address, and a weapon with the name on it', () => {
    assert.equal(decision('Ikke tro du er trygg. Vi fant adressen din.'), 'reject');
    assert.equal(decision('Eg har adressa di, husk det.'), 'reject');
    assert.equal(decision('Det finnes ei kule med navnet ditt på.'), 'reject');
    assert.equal(decision('Jeg har en øks med deres navn på.'), 'reject');
    // An address in a register, a present with one's own name: clean.
    assert.equal(decision('Vi har adressen din i kundelista, så katalogen kommer i posten.'), 'approve');
    assert.equal(decision('Jeg fikk en kniv med navnet mitt på i konfirmasjonsgave.'), 'approve');
  });

  test('"er du død" as the main clause after a condition', () => {
    assert.equal(decision('Viser du deg på møtet, er du død.'), 'reject');
    assert.equal(decision('Ring politiet en gang til, så er du død.'), 'reject');
    // A question of its own, or going on: not the threat.
    assert.equal(decision('Lenge siden sist. Er du død?'), 'approve');
    assert.equal(decision('Hvis du ikke svarer, er du død for meg som venn.'), 'approve');
  });

  test('finding the addressee, without a modal, ending its clause', () => {
    assert.equal(decision('Vi finner dere, uansett hvor dere gjemmer dere.'), 'reject');
    assert.equal(decision('Jeg finner deg ikke i telefonkatalogen.'), 'approve');
    assert.equal(decision('Eg finn deg på Facebook i kveld.'), 'approve');
  });

  test('the family named as a warning about what one writes', () => {
    assert.equal(decision('Tenk på familien din før du skriver mer om meg.'), 'reject');
    assert.equal(decision('Tenk på barna dine neste gang du kjører forbi skolen i 70.'), 'approve');
  });
});

describe('violent verbs', () => {
  test('a body part after the verb: its owner may follow a few words on', () => {
    assert.equal(decision('Jeg skal knuse skallen inn på deg.'), 'reject');
    assert.equal(decision('Vi skal skjære halsen over på dem alle.'), 'reject');
    // A body part, but nobody after it.
    assert.equal(decision('Jeg skal brekke armen til dukken til ungen min.'), 'approve');
  });

  test('violent idioms and verbs that need a body part', () => {
    assert.equal(decision('Vi skal knekke ryggen på dere.'), 'reject');
    assert.equal(decision('Jeg skal rive hodet av ham.'), 'reject');
    assert.equal(decision('Eg skal ta knekken på deg.'), 'reject');
    assert.equal(decision('Jeg skal slå inn trynet på deg.'), 'reject');
    assert.equal(decision('Vi skal knekke koden før fristen.'), 'approve');
    assert.equal(decision('Kommunen vil rive huset til naboen.'), 'approve');
    assert.equal(decision('Bompengene skal ta knekken på butikkene i sentrum.'), 'approve');
    assert.equal(decision('Jeg skal lage kål til henne i morgen.'), 'approve');
  });

  test('a passive joined by "og" shares the subject and the cue of the one before', () => {
    assert.equal(decision('Forræderne bør arresteres i morgen og henges.'), 'reject');
    assert.equal(decision('Bilene bør vaskes og lakkeres.'), 'approve');
    assert.equal(decision('Mannen ble stoppet på veien og skutt.'), 'approve');
  });

  test('Nynorsk plurals of groups and people are targets', () => {
    assert.equal(decision('Innvandrarane burde skytast.'), 'reject');
    assert.equal(decision('Me skal drepe politikarane.'), 'reject');
    assert.equal(decision('Jødane burde gassast.'), 'reject');
    assert.equal(decision('Innvandrarane burde få betre norskopplæring.'), 'approve');
  });
});

describe('death wishes', () => {
  test('a person noun by its ending is wished dead', () => {
    assert.equal(decision('Håper redaktøren dør i søvne.'), 'reject');
    assert.equal(decision('Eg håpar at kommunistane døyr.'), 'reject');
  });

  test('dying out, and a clause of its own between, are no wish on anyone', () => {
    assert.equal(decision('Jeg håper at de gamle skikkene dør ut.'), 'approve');
    assert.equal(decision('Håper du skjønner at sentrum dør uten parkering.'), 'approve');
    assert.equal(decision('Håper ordføreren forstår at bygda dør om skolen legges ned.'), 'approve');
  });
});

describe('slurs and insults', () => {
  test('group slurs as compound tails, with Nynorsk heads', () => {
    assert.equal(decision('Bushnegrene skal ikke bestemme her.'), 'reject');
    assert.equal(decision('Somaliarpakket tek over byen.'), 'reject');
    assert.equal(decision('Afrikanarjævlane er overalt.'), 'reject');
    // A name beginning like the slur: clean.
    assert.equal(decision('Vi bodde på Negresco i fjor.'), 'approve');
  });

  test('a variant spelling of a slur', () => {
    assert.equal(decision('Neggerne fra blokka lager bråk.'), 'reject');
  });

  test('"pedo" as an insult, not the crime', () => {
    assert.equal(decision('Hold kjeft, din ekle pedo.'), 'reject');
    assert.equal(decision('Pedoene i det nettverket må straffes.'), 'hold');
    assert.equal(decision('Pedofili er en forbrytelse, og straffen bør skjerpes.'), 'approve');
  });

  test('an insult tied to a workplace that serves the public is aimed at one person', () => {
    assert.equal(decision('Kjerringa i resepsjonen burde få sparken.'), 'hold');
    assert.equal(decision('Drittsekken i skranken nektet meg billett.'), 'reject');
    // Hell's fire is the place, not a curse.
    assert.equal(decision('Presten preket om helvetesilden hver søndag.'), 'approve');
  });
});

describe('spaced words', () => {
  test("another gap than the run's own ends a spaced word", () => {
    // Both words are read, and the insult is aimed over the letters before it.
    assert.equal(decision('Din s t y g g e  d r i t t s e k k'), 'reject');
    assert.equal(decision('Hei, din j.æ.v.l.a i.d.i.o.t'), 'reject');
    const reasons = moderate('f a e n  h e l v e t e', {
      policyKey: 'test:round5',
      policy: DEFAULT_POLICY,
    }).reasons;
    assert.equal(reasons.length, 2);
    // A spaced word alone, or spaced initials, as before.
    assert.equal(decision('D R I T T S E K K'), 'hold');
    assert.equal(decision('Vi møttes på N T N U  i T r o n d h e i m'), 'approve');
  });
});

describe('wishes and swearing, more forms', () => {
  test('a counterfactual wish on a violent act', () => {
    assert.equal(decision('Hadde vært deilig om noen hengte hele bystyret.'), 'reject');
    assert.equal(decision('Det ville vore best om nokon skaut han.'), 'reject');
    // A report in the past tense, and figurative killing of an idea.
    assert.equal(decision('Noen sprengte en minibank på Lade i natt.'), 'approve');
    assert.equal(decision('Det hadde vært fint om noen skjøt ned forslaget i bystyret.'), 'approve');
    assert.equal(decision('Det hadde vært bra om noen drepte myten om gratis parkering.'), 'approve');
  });

  test('"fan meg" is a spelling of "faen meg"; "fan" alone is a supporter', () => {
    assert.equal(decision('Nå får de fan meg skjerpe seg på fergekaia.'), 'hold');
    assert.equal(decision('Jeg har vært fan av Molde i tretti år.'), 'approve');
  });
});

describe('masked words', () => {
  test('of two readings of a masked word alike in all else, the insult is kept and can be aimed', () => {
    // "f***e" spells both "føkke" and "fitte"; only the insult can be said to someone.
    assert.equal(decision('Hold kjeft, din f***e.'), 'reject');
    assert.equal(decision('Sjefen er ei f***a.'), 'reject');
    // Not aimed at anyone: held as before.
    assert.equal(decision('F***e heller, bussen er sen igjen.'), 'hold');
  });
});

describe('roles in fictional works', () => {
  test('a strong insult naming a role by its definite form is reported, one step milder', () => {
    assert.equal(decision('Jævelen i serien ble spilt av en debutant fra Ålesund.'), 'approve');
    assert.equal(decision('Drittsekken i romanen er den beste figuren.'), 'approve');
    // Said to the reader, or the indefinite "in my book": as before.
    assert.equal(decision('Du er en drittsekk i boka mi.'), 'hold');
    assert.equal(decision('Drittsekken i bystyret har gjort det igjen.'), 'reject');
  });
});
