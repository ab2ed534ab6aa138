/**
 * Issue 15, eighteenth round, threats: the threat vocabulary written from the language, not from a
 * batch's misses. Each family is an inventory (verbs of violence by kind with every form in
 * Bokmål, Nynorsk and English; frames of intent and wish; veiled schemas) and each test holds
 * invented sentences for the family with the clean senses of its words (cooking, debate, debt,
 * sport, kindness) that must stay clean. No sentence is an item of the evaluation set.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:round18-threats');

describe('threats, eighteenth round: verbs of violence by kind', () => {
  test('poisoning: "forgifte", "poison", in every form', () => {
    expect('reject', [
      'Jeg skal forgifte deg og hele familien din.',
      'Noen burde forgifte Ravnåsen.',
      'Han bør forgiftes.',
      'Eg skal forgifta hunden din.',
      'I will poison you.',
      'Someone should poison him.',
    ]);
    expect('approve', [
      'Sosiale medier forgifter debatten.',
      'Utslippet forgiftet elva i fjor.',
      'Den saka kommer til å forgifte stemningen i kommunestyret.',
      'Rottegifta kan forgifte hunden din hvis du ikke passer på.',
    ]);
  });

  test('beating and stabbing: "mørbanke", "pryle", "skambanke", "dolke", "shank", "punch"', () => {
    expect('reject', [
      'Jeg skal mørbanke deg.',
      'Eg skal mørbanka deg.',
      'Vi skal pryle deg når vi ser deg.',
      'Han burde prylast.',
      'Noen burde skambanke den fyren.',
      'Jeg skal dolke deg.',
      'Noen burde dolke Storvik.',
      "I'm going to shank you.",
      "I'm going to punch you.",
      "I'll beat you to a pulp.",
      'Jeg skal banke deg til plukkfisk.',
    ]);
    expect('approve', [
      'Mørbank kjøttet før du steiker det.',
      'Husk å mørbanke biffene godt.',
      'Han kommer til å dolke deg i ryggen i forhandlingene.',
      "I'll beat you at chess.",
      'Punch the numbers into the form.',
    ]);
  });

  test('annihilating and maiming: "utslette", "tilintetgjøre", "skamfere", "kveste", "mutilate", "cripple"', () => {
    expect('reject', [
      'Vi skal utslette dere.',
      'Vi må utslette alle muslimer.',
      'Vi skal tilintetgjøre dere.',
      'Jeg skal skamfere deg.',
      'Jeg skal invalidisere deg.',
      'Jeg skal kveste deg.',
      'Vi skal pine deg.',
      'Jeg skal nakke deg.',
      'I will mutilate you.',
      'I will decapitate you.',
      "I'll cripple you.",
      'We should annihilate them.',
      "I'm going to gut you.",
      'I will suffocate you in your sleep.',
      "I'll smother you with a pillow.",
      "I'll torch your house.",
      'We should nuke them.',
      'Someone should blow up his house.',
      "I'm going to snap your neck.",
      "I'm going to finish you off.",
    ]);
    expect('approve', [
      'Vi skal utslette gjelda innen 2030.',
      'Målet er å utslette forskjellene mellom skolene.',
      'Jeg har vondt i nakken.',
      'Vi må pine oss gjennom en lang vinter.',
      "I'll smother you with kisses.",
      "Don't choke on the bones.",
      'We will wipe out the debt.',
      'We should nuke the leftovers in the microwave.',
      "Let's blow up the balloons before the party.",
      "I'll finish off the report tonight.",
      'We will cripple the competition with lower prices.',
    ]);
  });

  test('torn, cut or hacked to pieces: the pieces make it harm', () => {
    expect('reject', [
      'Jeg skal rive deg i filler.',
      'Vi skal kutte deg i småbiter.',
      'Eg skal hakke deg i småbitar.',
      'Noen burde sage ham i stykker.',
      "I'll tear you apart.",
      "I'll rip you to pieces.",
    ]);
    expect('approve', [
      'Anmelderne kommer til å rive boka i filler.',
      'Kutt løken i småbiter.',
      'Vi skal rive den gamle låven i stykker til våren.',
      "I'll tear the old posters to pieces.",
    ]);
  });

  test('laid in the grave, sent to it, cleared out of the way', () => {
    expect('reject', [
      'Jeg skal legge deg i jorda.',
      'Eg skal senda deg i grava.',
      'Vi skal rydde ham av veien.',
      "I'll put you in the ground.",
      'Vi burde meie ned alle sammen.',
    ]);
    expect('approve', [
      'Jeg sender deg et bilde av graven til bestefar.',
      'Vi skal legge ham i graven på fredag, sa presten.',
      'Bestefar skal legges i jorda på lørdag.',
      'Vi skal legge blomster på graven hans.',
      'Vi må rydde snøen av veien.',
      'Bonden skal meie ned kornet i morgen.',
      "I'll put you in touch with the ground staff.",
    ]);
  });
});

describe("threats, eighteenth round: the inventory's second pass", () => {
  test('dialect and compound forms: "kvæle", "smadre", "overfalle", "skamskyte", "elektrokutere"', () => {
    expect('reject', [
      'Jeg skal kvæle deg.',
      'Jeg skal smadre deg.',
      'Noen burde overfalle Ravndal.',
      'Du fortjener å bli overfalt.',
      'Noen burde skamskyte Ravndal.',
      'Han burde elektrokuteres.',
      'Ho burde bli brend.',
    ]);
    expect('approve', [
      'Vi smadret dem 5–0 i går.',
      'Vi skal smadre rekorden i år.',
      'En mann ble overfalt i sentrum i natt, melder politiet.',
      'Elgen ble skamskutt under jakta.',
      'Hunden ble elektrokutert av et strømgjerde.',
    ]);
  });

  test('knocked down, burnt down, peppered with shot', () => {
    expect('reject', [
      'Jeg skal hogge deg ned.',
      'Jeg skal sparke deg ned.',
      'Noen burde skalle ned ham.',
      'Vi skal svi av huset ditt.',
      'Jeg skal pepre deg med hagl.',
      "I'll riddle you with bullets.",
    ]);
    expect('approve', [
      'Bonden skal hogge ned trærne langs vegen.',
      'Treneren burde sparkes ned i divisjonene.',
      'Jeg svidde av hele lønna på ferie.',
      'Vi skal pepre deg med spørsmål etter foredraget.',
      "We'll pepper you with questions after the talk.",
    ]);
  });

  test('English by kind: "kneecap", "electrocute", "impale", "waterboard", "incinerate", "hunt down", "bash", "smash"', () => {
    expect('reject', [
      "I'm going to kneecap you.",
      'Someone should electrocute him.',
      "I'm going to impale you.",
      'Someone should waterboard him.',
      "I'm going to incinerate you.",
      'Someone should firebomb his house.',
      "We'll hunt you down.",
      "I'll bash your head in.",
      "I'll smash your face.",
    ]);
    expect('approve', [
      "We'll hunt down the bug before release.",
      'We will smash the record this year.',
      'They smashed us 4-0.',
      'The lamp will electrocute you if you touch the wires.',
      "I'm going to kneecap the budget proposal.",
    ]);
  });
});

describe('threats, eighteenth round: frames', () => {
  test('decided, tempted, looking forward to; the best would be if; wishes by "gid", "hopefully"', () => {
    expect('reject', [
      'Jeg har bestemt meg for å drepe deg.',
      'Jeg ser frem til å drepe deg.',
      'Jeg er fristet til å kvele deg.',
      'Det beste hadde vært om noen skjøt ham.',
      'Gid du drukner.',
      'Hopefully he dies soon.',
      'Forhåpentligvis vil han dø snart.',
    ]);
    expect('approve', [
      'Jeg har bestemt meg for å slutte å røyke.',
      'Jeg ser frem til å møte deg.',
      'Det beste hadde vært om noen hjalp ham.',
      'Gid det blir sol i morgen.',
      'Hopefully he wins the race.',
      'Forhåpentligvis dør ikke flere i trafikken i år.',
      'Hopefully nobody dies on that road again.',
    ]);
  });
});

describe('threats, eighteenth round: veiled schemas', () => {
  test('nobody will miss, find or hear the addressee; the body never found', () => {
    expect('reject', [
      'Ingen kommer til å savne deg.',
      'Nobody would miss you.',
      'Ingen vil noen gang finne deg igjen.',
      'Nobody will find you.',
      'Ingen kommer til å høre deg skrike.',
      'No one will hear you scream.',
      'De finner aldri liket ditt.',
      'They will never find your body.',
    ]);
    expect('approve', [
      'Ingen vil savne den gamle brua.',
      'Alle vil savne deg når du flytter!',
      'Ingen vil savne deg mer enn meg.',
      'Ingen vil finne deg kjedelig.',
      'Nobody will miss the old system.',
      'Politiet fant aldri liket hans, skriver avisa.',
      'Ingen kommer til å høre deg synge i kjelleren.',
      'In space no one can hear you scream.',
    ]);
  });

  test('what is to come: not seen coming, days numbered, paying for it, what the writer is capable of', () => {
    expect('reject', [
      'Du kommer ikke til å se det komme.',
      "You won't see it coming.",
      "You'll never see it coming.",
      'Your days are numbered.',
      "You'll pay for this.",
      'Du aner ikke hva jeg er i stand til.',
      "You have no idea what I'm capable of.",
      "You know what I'm capable of.",
      'Stay away from her, or else.',
    ]);
    expect('approve', [
      "You'll pay for this with your card at the desk.",
      "I know what I'm capable of.",
      'Jeg vet ikke hva jeg er i stand til.',
      'Du vet ikke hva jeg er i stand til å lage på kjøkkenet.',
      'Or else what?',
      'We could take the train, or else the bus.',
      'The bank says your days of free transfers are numbered.',
    ]);
  });

  test("an object of harm with the addressee's name on it", () => {
    expect('reject', [
      'Jeg har en spade med navnet ditt på.',
      'Det ligger et tau med navnet ditt på i bilen.',
      "There's a bullet with your name on it.",
      "I've got a shovel and a tarp with your name on it.",
    ]);
    expect('approve', [
      'Det er en kake med navnet ditt på i kjøleskapet.',
      "There's a cake with your name on it.",
      'There is a mug with your name on it in the kitchen.',
    ]);
  });
});
