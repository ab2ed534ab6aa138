/**
 * Issue 15, eighth round, negation: a violent act taken back by a negator before it in its
 * clause ("ikke", "ikkje", "itj", "aldri", "ingen", "never", "not", "n't", "nobody", "no one")
 * is no threat, asked who said it neither; an act put off (a time after it), a contrast that
 * names another act, and the negations that strengthen a threat ("ikke tro at …", "ingen kan
 * stoppe meg …", "ikke bare …", "du fortjener ikke å leve") stay threats, and a hesitation the
 * writer denies ("jeg nøler ikke med å skyte deg", "I can't wait to kill you") is intent.
 * Every sentence is invented for the form; none is an item of the evaluation set. The clean
 * table was seen failing against main `84acd48` before the change, the hesitation table
 * against `e497d98`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_POLICY, moderate } from './index.js';

const decision = (text: string) =>
  moderate(text, { policyKey: 'test:round8-negation', policy: DEFAULT_POLICY }).decision;

const expect = (want: 'approve' | 'hold' | 'reject', texts: string[]) => {
  for (const text of texts) assert.equal(decision(text), want, text);
};

describe('threats, eighth round: negation', () => {
  test('a violent act taken back by a negator in its clause, or asked about, is clean', () => {
    expect('approve', [
      // Bokmål
      'Jeg skal ikke skyte deg, jeg lover.',
      'Vi kommer aldri til å drepe noen av dere, vi er en fredelig forening.',
      'Ingen ønsker at ordføreren skal dø, vi vil bare ha ny vei.',
      'Ingen fortjener å dø på den måten.',
      'Han skal ikke henges for dette.',
      'Rådmannen burde ikke skytes for en skrivefeil.',
      'Jeg har aldri sagt at jeg vil drepe deg.',
      'Ingen kommer til å kvele deg i denne debatten.',
      'Hvem har sagt at noen vil skyte deg?',
      // Nynorsk and dialect
      'Eg skal ikkje drepe deg, eg skal berre vinne kortspelet.',
      'Ingen her kjem til å skyte dykk.',
      'Æ ska itj drep dæ, slapp av.',
      // English
      "I'm not going to shoot you over a parking space.",
      "We won't kill them, we will outvote them.",
      'Nobody is going to kill you over a football match.',
    ]);
  });

  test('an act put off, a contrast with another act, and strengthening negations stay threats', () => {
    expect('reject', [
      // a time after the act puts it off
      'Jeg skal ikke drepe deg i dag, men i morgen.',
      'Jeg skal ikke skyte deg ennå.',
      'Eg skal ikkje drepe deg i kveld, men neste gong.',
      'Jeg skal ikke drepe deg før du har betalt.',
      "I'm not going to kill you yet.",
      "I won't kill you today, but tomorrow.",
      // a contrast names another act, a body part or a weapon
      'Jeg skal ikke drepe deg, bare knuse knærne dine.',
      "I won't kill you, just break your legs.",
      'Jeg skal ikke skyte deg, men jeg har en kniv.',
      // the negation strengthens
      'Jeg skal ikke bare drepe deg, jeg skal drepe hele familien din.',
      'Not only will I kill you, I will kill your family.',
      'Ikke tro at jeg ikke kommer til å drepe deg.',
      "Don't think I won't kill you.",
      'Du fortjener ikke å leve.',
      'Du fortener ikkje å leve.',
      'Jeg sier ikke at jeg skal drepe deg, men tenk over det.',
      'Hvem sa at jeg ikke skal drepe deg?',
      'Burde vi ikke henge dem alle',
      // the negator stands in another clause
      'Hvis du ikke flytter skal jeg drepe deg.',
      'Når du ikke svarer kommer jeg til å drepe deg.',
      'Ingen vil savne deg når jeg dreper deg.',
      'Jeg er ikke redd og jeg skal drepe deg.',
    ]);
  });

  test('a hesitation, fear or wait the writer denies before an infinitive is intent', () => {
    expect('reject', [
      'Jeg nøler ikke med å skyte deg.',
      'Eg er ikkje redd for å drepe deg.',
      "I won't hesitate to kill you.",
      "I can't wait to kill you.",
      'Jeg vil ikke vente med å drepe deg.',
    ]);
    expect('approve', [
      'Han nøler ikke med å skyte deg, sier politiet om skytteren i filmen.',
      'Jeg nøler ikke med å si det: forslaget er dårlig.',
      "I can't wait to see you at the match.",
      'Jeg er ikke redd for å skyte ned forslaget.',
    ]);
  });
});
