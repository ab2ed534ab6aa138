/**
 * Speed round 9: a veiled pattern's word step, and a word after a copula that may smear
 * a group, are turned away by the word's roles (ROLE_VEILED_STEP, ROLE_SMEAR: read once
 * per word by `classify`) before the word sets themselves are read. That is only the same
 * as reading the sets when every word of them has the bit: these tests fail if a pattern
 * or a smear (a new one in the threat lexicon included) has a word without it, or if the
 * threat and dehumanising scans with the bits decide otherwise than with the filters
 * switched off (the bits on every word).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadEvalSet } from '../../../bench/support/eval-set.js';
import { THREATS } from './lexicon.js';
import { normalise } from './normalise.js';
import {
  compileThreats,
  findDehumanising,
  findThreats,
  ROLE_SMEAR,
  ROLE_VEILED_STEP,
  wordRoles,
} from './threats.js';

const compiled = compileThreats(THREATS);
const isGap = (step: string) => step.startsWith('…');
const stepWords = (step: string) => step.split('|').filter((w) => w !== '@person' && w !== '@group');

/** Sentences made of each pattern's steps, the k-th word of every step in turn, gaps left empty. */
function patternSentences(): string[] {
  const out: string[] = [];
  for (const pattern of THREATS.veiled) {
    const widest = Math.max(...pattern.steps.map((s) => (isGap(s) ? 1 : s.split('|').length)));
    for (let k = 0; k < widest; k++) {
      const words = pattern.steps
        .filter((s) => !isGap(s))
        .map((s) => {
          const choices = s.split('|');
          const word = choices[k % choices.length]!;
          return word === '@person' ? 'deg' : word === '@group' ? 'muslimene' : word;
        });
      const sentence = `${words.join(' ')}.`;
      out.push(sentence, `Ungene dine, ${sentence}`, `Den dagen han dør, ${sentence}`);
    }
  }
  return out;
}

/** Each smear after a group and a copula, straight and with each word that may stand between. */
function smearSentences(): string[] {
  const { smears, between } = THREATS.dehumanising;
  const out: string[] = [];
  for (const [k, smear] of smears.entries())
    out.push(`Innvandrerne er ${smear}.`, `Muslimene er ${between[k % between.length]} ${smear}.`);
  return out;
}

describe('word sets turned away by the words roles', () => {
  test('every word of every veiled step has ROLE_VEILED_STEP', () => {
    let words = 0;
    for (const pattern of THREATS.veiled)
      for (const step of pattern.steps) {
        if (isGap(step)) continue;
        for (const word of stepWords(step)) {
          words++;
          assert.notEqual((compiled.roles.getWord(word) ?? 0) & ROLE_VEILED_STEP, 0, word);
        }
      }
    assert.ok(words > 100, `only ${words} step words`);
  });

  test('every smear and word between has ROLE_SMEAR', () => {
    const { smears, between } = THREATS.dehumanising;
    for (const word of [...smears, ...between])
      assert.notEqual((compiled.roles.getWord(word) ?? 0) & ROLE_SMEAR, 0, word);
  });

  test('the scans decide as with the filters off, over the labelled set, every pattern and smear', () => {
    const texts = [...loadEvalSet().map((item) => item.text), ...patternSentences(), ...smearSentences()];
    let veiled = 0;
    let smeared = 0;
    for (const text of texts) {
      const norm = normalise(text);
      const roles = wordRoles(norm, compiled);
      const open = roles.map((r) => r | ROLE_VEILED_STEP | ROLE_SMEAR);
      const hits = findThreats(norm, compiled, roles);
      assert.deepEqual(hits, findThreats(norm, compiled, open), text);
      const dehumanising = findDehumanising(norm, compiled, roles);
      assert.deepEqual(dehumanising, findDehumanising(norm, compiled, open), text);
      veiled += hits.filter((h) => h.veiled === true).length;
      smeared += dehumanising.length;
    }
    // The sentences do reach the veiled patterns and smears: the comparison is not of empty lists.
    assert.ok(veiled > 100, `only ${veiled} veiled hits`);
    assert.ok(smeared > 50, `only ${smeared} dehumanising hits`);
  });
});
