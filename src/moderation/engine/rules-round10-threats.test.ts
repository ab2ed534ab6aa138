/**
 * Issue 15, tenth round, threats: holdout7's threat misses and threat false positives (read
 * in this round, so seen since) read by construction, and the general piece of the grammar
 * each lacked widened: the people a threat names, the word order after a fronted clause,
 * the modal with a bare participle, people left inside a place set on fire, a weapon given
 * into the body. Every sentence here is invented for the form, in other wordings than the
 * batch's, in Bokmål, Nynorsk and English, with look-alikes that must stay clean; none is an
 * item of the set. Every table was seen failing against main before its step.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:round10-threats');

describe('threats, tenth round: who is aimed at', () => {
  test('people by their role or office, "hun", and English plural person nouns are targets', () => {
    expect('reject', [
      'Sognepresten burde henges i tårnet.',
      'Hun burde skytes, den dama fra planetaten.',
      'Legen på akutten burde kverkes.',
      'Naboen burde skytes for det han har gjort.',
      'Håper styret drukner hele gjengen.',
      'Eg skal drepe kvar einaste ulvevenn i dalen.',
      'Someone should shoot the councillors.',
      'Hang the traitors from the bridge.',
    ]);
    expect('approve', [
      'Presten skal skyte opp raketter nyttårsaften.',
      'Naboen burde få ros for hagen sin.',
      'Han skal henge opp bildene for presten.',
      'Vi skal skyte mens hun ser på.',
      'I will shoot while she watches from the car.',
      'Vi skal skyte sementen inn i veggen.',
      'Sjefen kommer til å drepe meg når hun ser rapporten.',
    ]);
  });
});

describe('threats, tenth round: the word order and the mood', () => {
  test('a first-person subject after the verb, after a fronted clause or adverbial, states an intent', () => {
    expect('reject', [
      'Hvis du kommer hit igjen, skyter jeg deg.',
      'Dersom du kjem hit att, slår eg deg i hjel.',
      'Kommer du på møtet, dreper jeg deg.',
      'I morgen dreper vi dem.',
    ]);
    expect('approve', [
      'Hvis det regner, skyter vi bildene inne.',
      'Hvis vi vinner i morgen, knuser vi dere i finalen.',
      'Skyter jeg deg?',
      'Etter kampen, skyter vi dem da?',
      'Når vi er ferdige, henger vi opp bildene.',
    ]);
  });

  test('a wish\'s modal before a bare participle, said by the writer or of someone: "noen burde skutt ham"', () => {
    expect('reject', [
      'Noen burde skutt ham.',
      'Noen skulle knivstukket hele bystyret.',
      'Nokon skulle ha drepe dei alle.',
      'Someone should have shot him.',
      'Jeg burde skutt ham da jeg hadde sjansen.',
      // The Nynorsk -ast passive is no participle: it stays a passive.
      'Dei burde skytast alle saman.',
    ]);
    expect('approve', [
      'Han burde skutt straffen selv.',
      'Legen burde skutt inn en kommentar.',
      'Noen burde skutt ned forslaget.',
      'Noen kunne blitt drept i ulykken.',
      'Vi burde skutt elgen i fjor.',
    ]);
  });
});

describe('threats, tenth round: the act and its people', () => {
  test('people left inside a place set on fire or blown up, with intent', () => {
    expect('reject', [
      'Noen burde sette fyr på fabrikken med folka inni.',
      'Avisa burde bombes, med hele redaksjonen inne.',
      'Burn down the church and everyone in it.',
      'Hvis skolen stenger, tenner jeg på den og rektor med.',
      'Me skal sprengje bedehuset, og pastoren kan gjerne vere inne.',
    ]);
    expect('approve', [
      'Huset brant ned med to personer inne.',
      'Vi skal tenne lys i kirka med alle inne.',
      'Bålet brenner, og alle er inne.',
      'Vi skal brenne ned den gamle låven når ingen er inne.',
      'Brannvesenet sier huset brenner med folk inne.',
      'Jeg skal male huset med folka inne.',
      'The fire burned the house with everyone in it, police said.',
    ]);
  });

  test('a weapon given into the body, and "in" after a weapon aiming it at a person', () => {
    expect('reject', [
      'Someone should put a bullet in the mayor.',
      'Somebody should put a knife in that judge.',
      'Noen burde gi ham en kniv i ryggen.',
      'Nokon burde gje rektor ein kniv i ryggen.',
    ]);
    expect('approve', [
      'Kuttet var en kniv i ryggen på de ansatte.',
      'Regjeringen ga bøndene en kniv i ryggen med budsjettet.',
      'Han fikk en kniv i ryggen av sine egne partifeller.',
      'Put the knife in the drawer.',
      'We should put a bullet in the magazine.',
      'Jeg skal gi deg en kniv til jul.',
      'I will shoot in the woods tomorrow.',
    ]);
  });
});

describe('threats, tenth round: more of the act', () => {
  test('an optative opening the sentence wishes: "Måtte …", "May …"', () => {
    expect('reject', ['Måtte dere alle sammen, hver og en, dø i en ulykke.', 'May they all rot in hell.']);
    expect('approve', ['Han måtte dø for at vi skulle leve.', 'Vi måtte se de dø en etter en i filmen.']);
  });

  test('a place the verb needs, its owner after "til"; "bein" and pieces as body and result', () => {
    expect('reject', [
      'Jeg skal brenne ned huset til ordføreren.',
      'Eg skal knuse kvart bein i kroppen din.',
      'Jeg skal skjære deg i småbiter.',
    ]);
    expect('approve', [
      'Vi skal brenne ned huset til besteforeldrene mine, det er råttent.',
      'Han brakk et bein på trening.',
      'Jeg skal skjære brødet i småbiter.',
    ]);
  });

  test('a weapon felt or got: the subject through its relative clause, a word before "få"', () => {
    expect('reject', [
      'Russen som bråker i parken skal få kjenne jernstanga mi.',
      'Den som stjal sykkelen min skal sjølv få ei kule neste år.',
      'Du kommer til å få en kule i hodet.',
    ]);
    expect('approve', [
      'Kokken skal få kjenne på kniven.',
      'Du skal få en kniv til jul.',
      'Mannen ble funnet med en kule i hodet, opplyser politiet.',
      'Offeret fikk en kule i hodet og døde på stedet.',
      'Han risikerte å få en kule i hodet under krigen.',
    ]);
  });

  test('"ta livet av" needs a person; "alle" before a definite plural thing, "det dere" are no target', () => {
    expect('reject', ['Jeg skal ta livet av deg.', 'Vi skal ta livet av hele bystyret.']);
    expect('approve', [
      'Gamle Hansen sier han skal ta livet av alle sneglene i hagen.',
      'Kjemoen skal ta livet av kreftcellene.',
      'Til dere som skal på jakt: skyt bare det dere har lov til.',
      'Skyt alt du ser av kråker.',
    ]);
  });

  test('run over, chased or beaten with a weapon, thrown overboard, in a wish', () => {
    expect('reject', [
      'Skulle ønske noen kjørte ned hele bystyret.',
      'Jeg gleder meg til dagen ordføreren blir kjørt over av en buss.',
      'Tiggerne i sentrum burde jages ut med hagle.',
      'Jeg skal banke inn litt vett i skallen din med en slegge.',
      'Noen burde kaste dem over bord.',
    ]);
    expect('approve', [
      'Skulle ønske noen kjørte meg hjem.',
      'Syklisten ble kjørt over av en buss i går.',
      'Vi jaget elgen med hagle.',
      'Styret burde kaste prinsippene over bord.',
    ]);
  });

  test('knowing what a person drives; where they work, or a relation said after it, is no menace', () => {
    expect('reject', ['Vi veit kva bil kona di køyrer.', 'Vi vet hvilken bil mannen din kjører.']);
    expect('approve', [
      'Jeg vet hvor du jobber, vi gikk på samme skole.',
      'Vi vet hvor de bor, de er naboene våre.',
      'Jeg vet hvor hun jobber, hun er tanta mi.',
    ]);
  });

  test('"skyte" at a photo shoot takes pictures', () => {
    expect('approve', [
      'Fotografen skal skyte deg og kjæresten i solnedgang.',
      'Jeg skal skyte dere i morgen, husk pent antrekk.',
      'Vi skal skyte portretter av dere i morgen.',
    ]);
    expect('reject', ['Jeg skal skyte deg, din jævel.']);
  });
});
