/**
 * Issue 15, eighth round, threats only: the forms found in the threat misses of
 * the holdout5 batch (read in this round, so seen since), each written as a
 * piece of the threat grammar (a violent act × a target × an intent, a veiled
 * form, a death wish) and probed with sentences invented for it, in Bokmål,
 * Nynorsk and English, with the look-alikes that must stay clean. None is an
 * item of the set; every table was seen failing against the engine before the
 * round.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from './index.js';

const decision = (text: string) =>
  moderate(text, { policyKey: 'test:round8-threats', policy: DEFAULT_POLICY }).decision;

const expect = (want: 'approve' | 'hold' | 'reject', texts: string[]) => {
  for (const text of texts) assert.equal(decision(text), want, text);
};

describe('threats, eighth round: forms from holdout5', () => {
  test('death wishes: more ways to die, and the wish spans the words after the person', () => {
    expect('reject', [
      'Eg håpar ordføraren brenn inne i natt.',
      'Håper du havner under toget på vei hjem.',
      'Håper redaktøren og hele slekta hans havner under bussen.',
      'I hope you end up under a train.',
      'Jeg håper at du og hele familien din en dag ligger i en grøft og råtner.',
    ]);
    expect('approve', [
      'Håper du havner under budsjettet i år.',
      'Jeg håper bålet brenn godt på sankthans.',
      'Håper bussen kommer i rute i morgen, toget var forsinket.',
      'Jeg håper at du og hele familien din en dag ligger i en hengekøye og slapper av.',
      'Håper ungene dine kommer trygt fram med bussen.',
    ]);
  });

  test('a violent act in the counterfactual past, said by the writer, with a target after it', () => {
    expect('reject', [
      'Hadde du vært sønnen min, hadde jeg drept deg.',
      'Jeg hadde skutt ham på flekken om jeg var der.',
      'Om eg var naboen, hadde eg drept deg.',
      'If I had the chance I would have killed you.',
    ]);
    expect('approve', [
      'Jeg hadde skutt en elg i fjor, men i år ble det ingenting.',
      'Han hadde drept henne før politiet kom, ifølge tiltalen.',
      'Hadde jeg drept tiden på en bedre måte, hadde jeg lest mer.',
      'Vi hadde skutt bilder av hele familien på bryllupet.',
    ]);
  });

  test('arson ordered with "sett fyr på"', () => {
    expect('reject', [
      'Sett fyr på moskeen, det er det eneste som hjelper.',
      'Setj fyr på huset hans i natt.',
    ]);
    expect('approve', [
      'Sett fyr på bålet før gjestene kommer.',
      'Han satte fyr på huset sitt for å få forsikringspengene, skriver avisa.',
      'Sett fyr på grillen klokka fem.',
    ]);
  });

  test("hurting and harming: only the writer's own act against the addressee", () => {
    expect('reject', [
      'I swear I will hurt you, you little rat.',
      "We're gonna hurt you badly.",
      'Jeg skal skade deg, det lover jeg.',
      'Eg skal skade deg.',
    ]);
    expect('approve', [
      'This will hurt you more than the tax did.',
      'I would never hurt you.',
      'We will hurt you at the ballot box in September.',
      'Jeg vil ikke skade deg.',
      'Røyking vil skade deg.',
      'Den nye bompengesatsen kommer til å skade deg økonomisk.',
    ]);
  });

  test('bones broken and beaten senseless, in Nynorsk too', () => {
    expect('reject', [
      'Eg skal knekkje kvar einaste knokkel i kroppen hans.',
      'Jeg skal brekke hver knokkel i kroppen din.',
      'Vi slår deg helseløs neste gang.',
      'Eg slår deg helselaus.',
    ]);
    expect('approve', [
      'Eg skal knekkje nøtta i kveld.',
      'Han brakk en knokkel i hånda på trening.',
      'Du kan slå deg ned her.',
      'Slå deg løs på festen!',
    ]);
  });

  test('people named by more endings: a manager (-øren), friends of something (-vennene), cyclists (-ister)', () => {
    expect('reject', [
      'Skyt ulvevennene i styret.',
      'Bilvennene burde skytes.',
      'Syklister burde skytes.',
      'Jeg skal drepe direktøren.',
    ]);
    expect('approve', [
      'Skyt inn et spørsmål til direktøren.',
      'Ulvevennene i styret burde skrive et nytt brev.',
      'Syklister burde skjermes bedre i krysset.',
      'Døren burde males.',
    ]);
  });

  test('"sørge for at" a person comes to harm: never safe again, does not leave alive, regrets it', () => {
    expect('reject', [
      'Jeg skal personlig sørge for at rådmannen aldri får sove trygt igjen.',
      'Eg skal sørgje for at du ikkje går herifrå.',
      'Vi skal sørge for at dere ikke kommer derfra levende.',
      'Jeg skal sørge for at du angrer.',
      'Eg skal sørgje for at redaktøren angrar resten av livet.',
    ]);
    expect('approve', [
      'Jeg skal sørge for at dette aldri skjer igjen.',
      'Vi skal sørge for at dere ikke går herfra sultne.',
      'Jeg skal sørge for at du ikke angrer på at du kom.',
      'Kommunen må sørge for at ingen går derfra uten skyss.',
    ]);
  });

  test("harm to the addressee's own house or family, said as a pity or as what one will see", () => {
    expect('reject', [
      'Ville vært synd om huset ditt brant, sånn helt tilfeldig.',
      'Det hadde vært leit om bilen din eksploderte.',
      'Skriv mer sånt, så får du se hva som skjer med ungene dine.',
      'Du skal få se kva som skjer med kona di.',
    ]);
    expect('approve', [
      'Det var synd at hytta di brant ned i fjor, vi tenker på dere.',
      'Det hadde vært synd om bilen din ble stående ute i vinter.',
      'Så får du se hva som skjer med bilen din hvis du ikke skifter olje.',
      'Du får se hva som skjer med ungene dine når skolen legges ned.',
      'Vi får se hva som skjer med saken.',
    ]);
  });

  test('a bullet put in a head, and a bullet said first and deserved after', () => {
    expect('reject', [
      'Somebody should put a bullet in his head.',
      "I'm going to put a bullet through your skull.",
      'Ei kule i panna er det einaste han fortener.',
      'En kule i nakken er det de fortjener.',
    ]);
    expect('approve', [
      'He put a bullet in the chamber and went hunting.',
      'En kule i nakken fortjener ingen, heller ikke en morder.',
      'Han fikk en kule i pannen da han falt på isen.',
    ]);
  });

  test('knowing where the addressee parks, said after something else the writer has', () => {
    expect('reject', [
      'Jeg har kniven klar og vet hvor du parkerer.',
      'Vi har bilnummeret ditt og veit kor du søv.',
    ]);
    expect('approve', ['Vet du hvor du parkerer i sentrum nå?', 'Jeg har kart og vet hvor du jobber.']);
  });

  test('run over, wished in the passive, the particle ending its clause', () => {
    expect('reject', ['Alle bilistene burde kjøres ned.', 'Syklistane bør køyrast over med traktoren.']);
    expect('approve', [
      'Ungene burde kjøres ned til skolen når det er glatt.',
      'Temperaturen bør kjøres ned om natta.',
      'Bilen bør kjøres over til verkstedet.',
    ]);
  });

  test("an act on the addressee's own, named by the Nynorsk and feminine 'di'", () => {
    expect('reject', ['Eg skal drepe katten di.', 'Jeg skal kvele bikkja di.']);
    expect('approve', ['Eg skal passe katten di i helga.', 'Skyt eit bilete av hytta di.']);
  });

  test('a killing foretold: "bare et spørsmål om tid før noen …"', () => {
    expect('reject', [
      'Det er bare et spørsmål om tid før noen dreper den rektoren.',
      'Det er berre eit spørsmål om tid før nokon stikk ned lensmannen.',
      "It's only a matter of time before someone shoots him.",
    ]);
    expect('approve', [
      'Det er bare et spørsmål om tid før noen skyter ned forslaget.',
      'Det er et spørsmål om tid før noen slår ned på dette.',
      'Det er bare et spørsmål om tid før noen dør i det krysset.',
    ]);
  });

  test('a punishment promised: "skal få merke det", "svi for dette"', () => {
    expect('reject', [
      'De som skrev under skal få svi for dette.',
      'Du skal få merke det.',
      'Politikarane skal få merke det.',
    ]);
    expect('approve', [
      'Dere skal få kjenne det på kroppen i morgen, det blir kaldt.',
      'Innbyggerne vil få merke det på strømregningen.',
      'Du skal få merke det på lønna i januar.',
    ]);
  });

  test('peace denied to the addressee: "ingen rolig natt for deg"', () => {
    expect('reject', [
      'Det blir ikke en rolig natt for deg etter dette.',
      'Det blir ingen fredelig jul for dere og ungene.',
    ]);
    expect('approve', [
      'Det blir ingen rolig vinter for deg som brøyter veiene.',
      'Det blir ikke god tid for deg til å lese saken.',
      'Ingen rolig dag for dere på legevakta i dag.',
    ]);
  });

  test('a death wish with its dying verb masked', () => {
    expect('reject', [
      'Håper du d*r i en ulykke på vei hjem.',
      'Jeg håper ordføreren d#r snart.',
      'I hope you d*e.',
    ]);
    expect('approve', [
      'Håper du h*r det fint i ferien.',
      'Håper du f*r en fin jul.',
      'Håper dere d*r av latter.',
    ]);
  });
});
