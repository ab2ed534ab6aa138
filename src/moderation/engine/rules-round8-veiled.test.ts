/**
 * Issue 15, eighth round, veiled threats and intent: threats with no violent verb aimed at the
 * addressee (safety denied to them or their family, being watched or waited for, a warning about
 * the way home or the dark, regret promised), with the look-alikes that must stay clean (care,
 * advice, a welcome, sport, traffic). Every sentence is invented for the form; none is an item of
 * the evaluation set. Each positive table was seen failing against main before its change: the
 * veiled tables against `f38bc69`, the stated-intent table against `16dd926`.
 *
 * Intent the writer states about themself before a violent act (a pleasure, looking forward, no
 * problem, nothing stopping them, making sure) is intent as a modal is; an English gerund
 * ("killing") is read as its verb after such a statement only.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from './index.js';

const decision = (text: string) =>
  moderate(text, { policyKey: 'test:round8-veiled', policy: DEFAULT_POLICY }).decision;

const expect = (want: 'approve' | 'hold' | 'reject', texts: string[]) => {
  for (const text of texts) assert.equal(decision(text), want, text);
};

describe('threats, eighth round: veiled threats', () => {
  test('safety denied to the addressee or their family is a threat', () => {
    expect('reject', [
      'Ikke tro at du er trygg.',
      'Ikkje tru at du er trygg lenger, journalist.',
      'Tro ikke at du er trygg bare fordi du skriver anonymt.',
      'Du er ikke trygg lenger.',
      'Dere er ikke trygge noe sted.',
      'Du er ikke lenger trygg her.',
      'Familien din er ikke trygg lenger.',
      'Ungane dine er ikkje trygge.',
      "Don't think you're safe.",
      "You won't be safe.",
      'You will never be safe again.',
      "You're no longer safe here.",
    ]);
  });

  test('safety said of a place, a condition or a thing, and safety given, stay clean', () => {
    expect('approve', [
      'Du er trygg hos oss.',
      'Du er ikke trygg i trafikken uten refleks.',
      'Du er ikke trygg på sykkel uten hjelm.',
      'Ungene dine er ikke trygge i baksetet uten belte.',
      'Ikke tro at du er trygg på nettet bare fordi du har VPN.',
      'Barna er ikke trygge på skoleveien lenger.',
      'Keeperen er ikke trygg i lufta.',
      'Laget er ikke trygt på plass i eliteserien.',
      "You won't regret this!",
      "You won't be safe from criticism.",
      "You're not safe without a helmet.",
    ]);
  });

  test('being watched, followed or waited for by "vi", "noen", "mange" is a threat', () => {
    expect('reject', [
      'Vi er mange som venter på deg.',
      'Me er fleire som ventar på deg!',
      'Noen venter på deg.',
      'Det er nokon som står og ventar på dykk.',
      'Vi følger med på deg og familien din.',
      'Me fylgjer med på ungane dine.',
      'Vi holder øye med deg og familien din.',
      'We are watching you and your family.',
      'Someone is following your kids.',
    ]);
  });

  test('a welcome, a fan, a case followed and a place held stay clean', () => {
    expect('approve', [
      'Vi venter på svar fra kommunen.',
      'Vi følger med på saken.',
      'Vi er mange som venter på deg, kom heim snart!',
      'Vi er mange som venter på deg i Sogndal.',
      'Vi venter på deg ved inngangen.',
      'Noen venter på deg i resepsjonen.',
      'Vi følger med på deg i VM!',
      'Vi holder av plass til deg og familien din.',
      'Lykke til, vi holder øye med deg, Erling!',
      "We're following your family's trip on Instagram.",
    ]);
  });

  test('a warning about the way home, the dark or your back, with no reason given, is a threat', () => {
    expect('reject', [
      'Pass deg når du går hjem.',
      'Pass deg på vei hjem i kveld.',
      'Pass dykk på veg heim frå jobb i natt.',
      'Pass dere i mørket.',
      'Watch your back.',
      'Watch your back, journalist.',
    ]);
  });

  test('a warning with its reason, sport and traffic stay clean', () => {
    expect('approve', [
      'Pass deg for glatta.',
      'Pass deg på vei hjem, det er glatt.',
      'Pass dere i mørket, bruk refleks!',
      'Pass deg for elgen i mørket.',
      'Pass deg for syklistene når du går over brua.',
      'Watch your back when you lift heavy boxes.',
      'Vi gleder oss til å slå dere i finalen.',
    ]);
  });

  test('regret promised is a threat; regret as a tip or a review is not', () => {
    expect('reject', [
      'Du vil angre på dette.',
      'Du kommer til å angre på dette!',
      'Dette skal du få angre på.',
      'You will regret this.',
      "You're going to regret this.",
    ]);
    expect('approve', [
      'Du vil angre om du ikke ser filmen.',
      'Du vil ikke angre på dette!',
      'Ikke kjøp den bilen, du vil angre på det.',
      'Dere kommer til å angre på dette valget om fire år.',
      "You'll regret it if you miss the concert.",
    ]);
  });

  test('intent the writer states about themself before the act is intent', () => {
    expect('reject', [
      'Ingenting skal stoppe meg fra å knivstikke deg.',
      'Nothing will stop me from killing you.',
      "You can't stop me from stabbing you.",
      'I have no problem killing you.',
      "I'd have no problem shooting him.",
      'Jeg har ingen problemer med å skyte deg.',
      'Eg hadde ikkje hatt noko problem med å drepe deg.',
      'Det hadde vært en fryd å henge deg.',
      'Det blir en fornøyelse å kverke deg.',
      "It'd be my pleasure to kill you.",
      'Jeg gleder meg til å ta deg.',
      'Eg gler meg til å skyte dykk.',
      'Looking forward to killing you.',
      "I'm looking forward to stabbing you.",
      'Eg skal personleg sørgje for å drepe deg.',
    ]);
  });

  test("a stated intent with no violent act on a person, or another's, or taken back, stays clean", () => {
    expect('approve', [
      'Jeg gleder meg til å ta deg med på tur.',
      'Jeg gleder meg til å ta deg på ordet.',
      'Politiet gleder seg til å ta deg.',
      'Det var en glede å skyte bilder av deg.',
      'Det ville vært en glede å ta deg imot.',
      'Det ville ikke vært en glede å drepe deg, jeg er pasifist.',
      'Jeg har ingen problemer med å drepe tiden.',
      'Jeg har problemer med å skyte deg i fotballspillet.',
      'Ingenting kan stoppe meg fra å knuse dere i finalen.',
      'Nothing will stop me from killing it on stage tonight.',
      "I'd have no problem shooting you an email.",
      "I'm looking forward to beating you on Sunday.",
      'We are killing them in the polls.',
      'The killing of the journalist shocked the town.',
      'He has no problem killing you in the game.',
    ]);
  });
});
