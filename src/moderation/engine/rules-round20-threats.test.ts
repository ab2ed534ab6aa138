/**
 * Issue 15, twentieth rules round, threats: veiled and indirect threats, inverted death wishes and
 * the extermination of groups, written from inventories of how a threat is veiled (knowledge of
 * whereabouts, harm to relatives or property, an unnamed agent, the passive, accidents, conditions,
 * rhetorical questions, fate), not from a batch's misses. Every sentence is invented; each
 * rejected one was published before the round, and each family keeps its clean look-alikes.
 */
import { describe, test } from 'node:test';
import { decisionTable } from '../../../test/support/decision-table.js';

const expect = decisionTable('test:round20-threats');

describe('threats, twentieth round: veiled and indirect threats, death wishes, extermination', () => {
  test('knowledge of whereabouts and routines: "vi vet når du kommer hjem", "we have your address"', () => {
    expect('reject', [
      'Vi vet når du kommer hjem fra jobb.',
      'We know what car you drive.',
      'Vi vet hvem du er og hvor du bor.',
      'We have your address.',
    ]);
    expect('approve', [
      'Vet du hvor han bor?',
      'Jeg vet ikke hvor du bor.',
      'Vi vet hvor skoen trykker.',
      'We know where you stand on this.',
    ]);
  });

  test('harm to relatives and property as a pity: "synd om hytta di tok fyr", "be a shame if anything happened to them"', () => {
    expect('reject', [
      'Would be a pity if your car caught fire.',
      'Nice family you have there. Be a shame if anything happened to them.',
    ]);
    expect('approve', [
      'Pass godt på ungene dine i ferien, det er mye trafikk.',
      'Det hadde vært synd om noe skjedde med brua.',
      'Take good care of your kids this summer.',
      'Hope your house is insured against flooding.',
    ]);
  });

  test('warnings with no reason: "du bør passe deg.", "you\'d better watch yourself."', () => {
    expect('reject', [
      'Du bør passe deg.',
      'Du burde passe deg fra nå av.',
      'Du skal passe deg.',
      "You'd better watch yourself.",
    ]);
    expect('approve', [
      'Pass deg for glatta.',
      'Du bør passe deg for å love for mye.',
      'Watch your step.',
      'Lock your doors tonight, there have been break-ins.',
      'Hvis jeg var deg, ville jeg flyttet til Bergen.',
      "If I were you, I'd move to a cheaper flat.",
      'You better watch your back in that market.',
    ]);
  });

  test('the addressee next, foretold: "du blir den neste.", "det er din tur neste", "you\'re on our list."', () => {
    expect('reject', [
      'Du blir den neste.',
      'Du blir neste.',
      'You will be next.',
      'Det er din tur neste.',
      "You're on our list.",
      'Du står øverst på lista vår.',
    ]);
    expect('approve', [
      'Du er neste i køen.',
      "You're next in line.",
      'Du står på lista til valget.',
      'Du blir den neste ordføreren.',
      'Det er din tur neste gang vi spiller.',
    ]);
  });

  test('nobody would cry: "ingen ville grått om du døde", "no one will cry at your funeral"', () => {
    expect('reject', [
      'Ingen kommer til å gråte når du er borte.',
      'Ingen ville grått om du døde.',
      'Ingen kjem til å gråte når du er borte.',
      'Nobody would cry if you died.',
      'No one will cry at your funeral.',
      'Ingen kommer i begravelsen din.',
      'Ingen vil gråte i begravelsen din.',
    ]);
    expect('approve', [
      'Ingen vil gråte over at avgiften forsvinner.',
      'Ingen kommer i bursdagen din hvis du ikke sender invitasjon.',
    ]);
  });

  test('harm to others for less: "folk har forsvunnet for mindre", "people have been killed for less"', () => {
    expect('reject', [
      'Folk har forsvunnet for mindre.',
      'Folk har blitt drept for mindre.',
      'Folk har fått juling for mindre.',
      'People have been killed for less.',
      'People have disappeared for less.',
      'Folk har fått bank for mindre enn det.',
    ]);
    expect('approve', [
      'Folk har fått sparken for mindre.',
      'People have been fired for less.',
      'Folk har fått bot for mindre.',
    ]);
  });

  test('an agent unnamed, an end named: "ta seg av ham for godt", "besøke ham en mørk kveld"', () => {
    expect('reject', [
      'Someone should deal with her permanently.',
      'Noen burde ta seg av ham for godt.',
      'Noen burde besøke ham en mørk kveld.',
    ]);
    expect('approve', [
      'Noen burde gjøre noe med veien.',
      'Noen burde ta seg av den gamle mannen, han er ensom.',
      'Someone should take care of the garden.',
      'Someone should teach him how to cook.',
    ]);
  });

  test('the passive of a punishment: "you will be dealt with."', () => {
    expect('reject', ["He'll be dealt with.", 'You will be dealt with.']);
    expect('approve', [
      'Saken vil bli tatt hånd om av kommunen.',
      "You'll be taken care of by our staff.",
      'Han skal bli tatt i mot på flyplassen.',
    ]);
  });

  test('accidents: "shame if you had an accident", "håper bremsene dine virker."', () => {
    expect('reject', [
      "It'd be a shame if you had an accident.",
      'Hadde vært synd om du falt ned trappa.',
      'Håper bremsene dine virker.',
      'I hope your brakes work.',
    ]);
    expect('approve', [
      'Ulykker skjer på denne veien hver vinter.',
      'Håper bremsene dine virker etter verkstedbesøket.',
    ]);
  });

  test('conditionals: "skriv om meg igjen, så får du se hva som skjer"', () => {
    expect('reject', ['Write about me again and see what happens.']);
    expect('approve', [
      'Gjør det igjen, og du får se hva som skjer med deigen.',
      'Trykk på knappen og se hva som skjer.',
    ]);
  });

  test('rhetorical questions: "vet du hva som skjer med folk som deg?", "er du sikker på at du er trygg?"', () => {
    expect('reject', [
      'Vet du hva som skjer med folk som deg?',
      'Vet du hva som skjedde med forrige journalist som skrev om meg?',
      'Do you know what happens to people like you?',
      'Hvor trygg føler du deg egentlig?',
      'Er du sikker på at du er trygg?',
    ]);
    expect('approve', [
      'Vet du hva som skjer med prisen?',
      'Hvor trygg føler du deg i trafikken?',
      'Har du livsforsikring gjennom jobben?',
    ]);
  });

  test('inverted death wishes: "verden blir bedre uten deg", "skulle ønske du aldri våknet", "synd at du overlevde"', () => {
    expect('reject', [
      'Verden blir bedre uten deg.',
      'Verden hadde vært et bedre sted uten deg.',
      'Verda hadde vore ein betre stad utan deg.',
      'The world would be a better place without you.',
      'The world is better off without you.',
      'Verden er bedre uten folk som deg.',
      'Skulle ønske du aldri våknet.',
      'Skulle ønske du aldri ble født.',
      'Skulle ønske mora di hadde tatt abort.',
      'Your mother should have aborted you.',
      'I wish you were never born.',
      'Ingen ville grått om du døde.',
      'Ingen ville sakna deg om du døydde.',
      'Det hadde vært best for alle om du ikke fantes.',
      "It would be best for everyone if you didn't exist.",
      'Gjør oss alle en tjeneste og dø.',
      'Do us all a favour and die.',
      'Gjør verden en tjeneste og forsvinn for godt.',
      'Jeg gleder meg til du dør.',
      'Gleder meg til begravelsen din.',
      "Can't wait for your funeral.",
      "I can't wait until you die.",
      'Synd at du overlevde.',
      'Too bad you survived.',
      'Synd han ikke døde.',
      "Shame he didn't die.",
      'Det er synd du ikke døde i ulykka.',
      'Forhåpentligvis dør han snart.',
      'Folk som deg burde ikke få leve.',
      "People like you don't deserve to live.",
      'Ta deg en kule for hodet.',
    ]);
    expect('approve', [
      'Verden blir bedre uten plastposer.',
      'Verden hadde vært et bedre sted uten krig.',
      'Skulle ønske jeg aldri våknet så tidlig.',
      'Jeg håper du våkner uthvilt i morgen.',
      'Håper ungene ikke våkner i natt, de trenger søvnen.',
      "I hope you don't wake up at five again.",
      'Gleder meg til bursdagen din.',
      'Synd at du ikke vant.',
      'Forhåpentligvis kommer han snart.',
      'Jeg gleder meg til du kommer hjem.',
      'Gjør oss alle en tjeneste og stem i morgen.',
      'Ingen ville grått om avgiften forsvant.',
    ]);
  });

  test('extermination of groups: "landet må renses for somaliere", "send dem tilbake i likposer", "wipe them out"', () => {
    expect('reject', [
      'Landet må renses for somaliere.',
      'Norge må renses for innvandrere.',
      'Send dem tilbake i likposer.',
      'Send them all back in body bags.',
      'Wipe them out.',
      'Wipe them all out.',
      'La dem drukne i Middelhavet.',
      'Let them drown.',
      'Muslims should be wiped off the face of the earth.',
      'Jødene burde viskes ut fra jordens overflate.',
      'Vi trenger en endelig løsning på muslimproblemet.',
      'Final solution for the Muslims now.',
    ]);
    expect('approve', [
      'Vi må utrydde fattigdom.',
      'Kommunen vil utrydde mink på øya.',
      'Landet må renses for korrupsjon.',
      'Vi må rense elva for plast.',
      'Send dem hjem med en gave.',
      'Wipe them down with a cloth.',
      'Wipe out the debt.',
      'Vi må utrydde sjenanse i klasserommet.',
      'Bakteriene bør utryddes.',
      'Send them all back to school.',
      'Etnisk rensing i Bosnia var et folkemord.',
      'Senk skattene.',
      'Kast dem i søpla, de gamle avisene.',
      'Norge skal bli røykfritt.',
    ]);
  });

  test('left alone: fate and time said bare ("din tid kommer", "your time is up") read as encouragement as often', () => {
    expect('approve', [
      'Det kommer en dag da vi får ny skole.',
      'Din tid kommer, du er en god spiller.',
      'Your time will come, keep working.',
      'Det er bare et spørsmål om tid før prisen går opp.',
      'Tiden er ute for denne regjeringen.',
      'Your time is up, please hand in the papers.',
    ]);
  });
  test('clean look-alikes of every new schema: a queue, care, a report, a figure of speech, a rescue', () => {
    expect('approve', [
      'Hvem er neste i køen? Du er neste.',
      'Kom igjen, Ola, du er neste!',
      'Etter Hansen er det du som er neste.',
      'Du blir den neste som får prisen, tipper jeg.',
      'Det er din tur neste, sa læreren og smilte.',
      'Din tur kommer, bare vær tålmodig.',
      "You're next, said the nurse.",
      'Are you next?',
      'Du bør passe deg for glatta i kveld.',
      'Du skal passe deg for falske nettsider.',
      'Du bør passe deg, det er mye svindel nå.',
      'Du skal passe deg selv, ikke naboen.',
      "You'd better watch yourself on TV tonight.",
      'Verden blir bedre uten plast i havet.',
      'Laget ble bedre uten ham på banen.',
      'Verden ble bedre uten kolera.',
      'Byen er bedre uten biler i sentrum.',
      'Ingen vil gråte om bompengene forsvinner.',
      'Ingen kommer til å savne deg mer enn jeg når du flytter.',
      'Ingen kommer til å gråte når du vinner, de blir glade.',
      'Ingen kom i begravelsen hans, skrev avisa.',
      'Nobody came to his funeral.',
      'Folk har fått sparken for mindre.',
      'Folk har fått bot for mindre enn det.',
      'People have been fired for less.',
      'Folk har blitt drept for mindre, sa politiet om ranet i fjor.',
      'Han tok seg av henne for godt, og de giftet seg.',
      'Vi skal ta oss av hunden for godt nå.',
      'They will take care of her permanently, the nursing home said.',
      'Vi besøker bestemor en mørk kveld i desember.',
      'The complaint will be dealt with.',
      'You will be dealt with by the committee.',
      'Det er synd om du får en ulykke, så kjør forsiktig.',
      'Det hadde vært synd om du falt ned trappa, så hold i rekkverket.',
      'Håper bremsene dine virker etter verkstedbesøket.',
      'Accidents happen to people like you and me every day.',
      'Vet du hva som skjer med folk som deg i NAV-systemet?',
      'What happens to people like you after retirement?',
      'Hva skjedde med den forrige bussen som gikk her?',
      'Skriv om oss igjen neste år, så får du se hva som skjer med prosjektet.',
      'Er du sikker på at du er trygg på nettet?',
      "Are you sure you're safe to drive?",
      'Hvor trygg føler du deg egentlig i trafikken?',
      'Jeg håper du ikke våkner for tidlig i morgen.',
      'Håper ungen ikke våkner av fyrverkeriet.',
      "I hope you don't wake up the baby.",
      'I hope he never wakes up before noon again.',
      'Jeg skulle ønske jeg aldri ble født på åttitallet.',
      'Mora di tok abort i 1985, skrev du i boka.',
      'Det hadde vært bedre om du ikke eksisterte på Facebook.',
      'Gjør oss alle en tjeneste og stem i morgen.',
      'Do us a favour and die laughing at this joke.',
      'Jeg gleder meg til du kommer hjem.',
      'Gleder meg til begravelsen er over, det blir tungt.',
      'Synd at ikke flere overlevde ulykka.',
      'Det var synd at han døde så ung.',
      'Synd at han ikke døde hjemme, slik han ønsket.',
      'Forhåpentligvis dør ikke han ut av historien.',
      'Hopefully the hype dies down.',
      'Folk som deg burde ikke leve så usunt.',
      'Ta deg en kule is i varmen.',
      'Vi må rense landet for korrupsjon.',
      'Elva må renses for plast.',
      'Send dem med posten i kvite konvolutter.',
      'Wipe them down with a damp cloth.',
      'Wipe them out of the spreadsheet.',
      'The dinosaurs were wiped off the face of the earth.',
      'Vi kan ikke la dem drukne i Middelhavet.',
      "Don't let them drown.",
      'La dem dø ut, de gamle tradisjonene.',
      'La dem drukne i papirarbeid, så lærer de.',
      'En endelig løsning på bompengesaken kommer i vår.',
      'Final solution to the puzzle is on page 12.',
      "We know when you open, so we'll come early.",
      'Vi vet når du kommer hjem, så vi lager middag.',
      "I know which school your daughter goes to, she is in my son's class.",
      'We have your address on file.',
      'Synd om hytta di tok fyr, håper forsikringa dekker.',
      'Det var synd at bilen din tok fyr i går.',
      'Se hva som skjer med folk som deg når dere slutter å trene!',
      'Nobody would miss you if you left the group chat, kidding.',
    ]);
  });
});
