/**
 * Issue 15, fifteenth rules round, threats: the general forms of holdout13's threat and false
 * positive misses (read in this round, so seen since) and of the leftovers of the fourteenth
 * round: a last night hinted, a call for someone to do it asked as a question, the writer's act
 * in kind after a condition, a person put in a place of death, a mishap after a modal, "vi ses i
 * mørket", an insult given to a whole people by its adjective, and the clean look-alikes (a
 * season's last one, a last chance, a neighbour who knows where you live and comes to help, a
 * funeral, a spelled-out clean sentence). Every sentence is invented for the form, in Bokmål,
 * Nynorsk and English; none is an item of the set. Every `reject` table was seen approved (the
 * people's adjective: held), and the spelled-out table rejected, by the round's start.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../support/decision-table.js';

const expect = decisionTable('test:round15-threats');

describe('threats, fifteenth round: veiled', () => {
  test('a last night or meal hinted after a wish for it', () => {
    expect('reject', [
      'Sov godt i natt. Det kan bli den siste.',
      'Søv godt, Nilsen, det kan fort bli den siste natta.',
      'Nyt kaffen, Hansen, den kan bli din siste.',
      'Kos deg i kveld, Berg. Det blir kanskje den siste.',
      'Enjoy your coffee. It might be your last.',
      'Sleep well tonight, mayor. It could be the last.',
    ]);
    expect('approve', [
      'Nyt sommeren, det kan bli den siste med snø i fjellet.',
      'Nyt sommeren, det kan bli den siste.',
      'Sov godt, det blir den siste natta på hytta før vi drar.',
      'Kjøp billett nå, det kan bli den siste sjansen.',
      'Se forestillingen, det kan bli den siste.',
      'Kom på kaffe i morgen, det blir den siste før jul.',
      'Enjoy the concert, it might be the last.',
    ]);
  });

  test('a mishap after a modal, the many after the verb; "vi ses i mørket"', () => {
    expect('reject', [
      'Bilen din står ute hver natt, Olsen. Det kan skje så mye.',
      'Hytta di ligg langt frå folk. Det kan hende mykje.',
      'Nummerskiltet ditt har jeg notert, Berg. Vi ses i mørket.',
    ]);
    expect('approve', [
      'Det kan skje mye på ei uke i politikken.',
      'Ungene mine går forbi der hver dag. Det kan skje så mye.',
      'Takk for i dag, vi ses i natt på vakta!',
      'Vi ses i mørket på konserten, Hansen!',
    ]);
  });
});

describe('threats, fifteenth round: calls and the writer’s act in kind', () => {
  test('someone asked for to do it', () => {
    expect('reject', [
      'Hvem tar på seg å skyte rektor?',
      'Kven tek på seg å drepe ordføraren?',
      'Er det noen som tør å drepe ham?',
      'Who volunteers to shoot him?',
    ]);
    expect('approve', [
      'Hvem tar på seg å lage kaffe til møtet?',
      'Hvem vil drepe et barn? Ingen normale mennesker.',
      'Hvem tar på seg å drepe myten om ulven?',
      'Er det noen som tør å skyte på mål i morgen?',
    ]);
  });

  test('the same verb said back at a person after a condition', () => {
    expect('reject', [
      'Kutter du i pensjonen min, så kutter jeg deg.',
      'Hvis du legger ned skolen, legger jeg deg ned.',
      'Slaktar de budsjettet, slaktar vi dykk.',
      'Knuser du drømmen min, knuser jeg deg, Hansen.',
    ]);
    expect('approve', [
      'Hjelper du meg, hjelper jeg deg.',
      'Kutter du i budsjettet, så kutter jeg i lønna di.',
      'Sparker du meg ut, sparker jeg deg ut.',
      'Legger du ned butikken, legger jeg meg ned og gråter.',
    ]);
  });
});

describe('threats, fifteenth round: a person put in a place of death', () => {
  test('the rails, the train, the coffin, the grave', () => {
    expect('reject', [
      'Noen burde dytte rådmannen foran toget.',
      'Gå og legg deg på skinnene, Olsen.',
      'Kutter du skolen, så legger jeg deg på skinnene.',
      'Innvandrerne bør sendes hjem i kister.',
      'Eg gler meg til å sjå deg i kista.',
      'Håper du sovner på togskinnene en natt.',
      'Vi har plass til deg på kirkegården, Hansen.',
      'Someone should push him in front of the train.',
    ]);
    expect('approve', [
      'Barna må ikke leke på skinnene.',
      'Han la seg på skinnene i fjor, det var forferdelig.',
      'Vi skal legge ham i kista på fredag før begravelsen.',
      'Vi må få toget på skinnene igjen.',
      'Jeg gleder meg til å se deg på kirkegården på søndag når vi steller grava til mor.',
      'Vi skal sette deg på toget til Oslo.',
      'Det er plass til deg på toget i morgen.',
      'Legg deg på sofaen og hvil, Hansen.',
    ]);
  });
});

describe('threats, fifteenth round: false positives', () => {
  test('knowing where someone lives, to bring or to help', () => {
    expect('approve', [
      'Vi vet hvor du bor, Nina, så kakene kommer på døra di i morgen. Takk for dugnaden!',
      'Me veit kor du bur, Lie, so me kjem og hjelper deg med flyttinga.',
    ]);
    expect('reject', ['Vi vet hvor du bor, Nina. Vi kommer og tar deg.']);
  });

  test('a clean sentence spelled out with signs between its letters', () => {
    expect('approve', [
      's=l=a=k=t=a b=u=d=s=j=e=t=t=e=t',
      'k=u=t=t=e b=u=d=s=j=e=t=t=e=t',
      's l a k t a b u d s j e t t e t',
    ]);
  });
});

describe('threats, fifteenth round: a people’s adjective before an insult', () => {
  test('an insult given to a whole people, faith or orientation is a slur', () => {
    expect('reject', [
      'Dei skeive jævlane burde flytte herfra.',
      'De polske jævlene tar alle jobbene.',
      'Disse somaliske idiotene ødelegger alt.',
    ]);
    expect('approve', [
      'De polske jordbærplukkerne er flinke folk.',
      'De skeive er velkomne her.',
      'Den skeive hylla på badet må rettes.',
    ]);
  });
});
