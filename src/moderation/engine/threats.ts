/**
 * Threat rule: a violent verb aimed at a person or group within a few words.
 *
 * Active verbs ("drepe", "skyt", "kill") need a target after them ("deg",
 * "dem", "muslimene", "you", or a name: a capitalised word inside the clause,
 * "jeg skal drepe Ola", "I will kill John") and an intent cue before them: a modal ("skal",
 * "kommer til å", "will"), a first-person subject ("jeg dreper deg"), or the
 * verb opening its clause as an imperative ("skyt dem"). Passive forms
 * ("skytes", "drept", "shot") need a target and a wish or demand before them
 * ("de burde skytes", "he should be shot"). So "to ble drept i ulykken" and
 * "røyking dreper deg" are not threats, "jeg skal drepe deg" is.
 */
import type { ThreatLexicon } from './lexicon.js';
import type { NormalisedText } from './normalise.js';
import { WordSet, WordTable } from './word-table.js';

export interface ThreatHit {
  verb: string;
  target: string;
  start: number;
  end: number;
}

interface VerbInfo {
  active: boolean;
  requires: WordSet | null;
}

/** The threat lexicon as word sets read in place from a text's forms (see word-table.ts). */
export interface CompiledThreats {
  verbs: WordTable<VerbInfo>;
  targets: WordSet;
  intent: WordSet;
  firstPerson: WordSet;
  passiveCues: WordSet;
  breakers: WordSet;
}

const AFTER = 3;
const BEFORE = 4;

export function compileThreats(lexicon: ThreatLexicon): CompiledThreats {
  const verbs = new Map<string, VerbInfo>();
  for (const verb of lexicon.verbs) {
    const requires = verb.requires !== undefined ? new WordSet(verb.requires) : null;
    for (const form of verb.forms) verbs.set(form, { active: true, requires });
    for (const form of verb.passive ?? [])
      if (!verbs.has(form)) verbs.set(form, { active: false, requires: null });
  }
  return {
    verbs: new WordTable(verbs),
    targets: new WordSet(lexicon.targets),
    intent: new WordSet(lexicon.intent),
    firstPerson: new WordSet(lexicon.firstPerson),
    passiveCues: new WordSet(lexicon.passiveCues),
    breakers: new WordSet(lexicon.breakers),
  };
}

/** Finds threats in the tokens of one text; at most one hit per verb. */
export function findThreats(text: NormalisedText, threats: CompiledThreats): ThreatHit[] {
  const hits: ThreatHit[] = [];
  const { chars, formStarts, formEnds } = text;
  for (let i = 0; i < text.count; i++) {
    const info = threats.verbs.get(chars, formStarts[i]!, formEnds[i]!);
    if (info === undefined) continue;
    if (info.requires !== null && !followedBy(text, i, info.requires, AFTER + 2)) continue;
    const hit = info.active ? activeThreat(text, i, threats) : passiveThreat(text, i, threats);
    if (hit !== null) hits.push(hit);
  }
  return hits;
}

/** Whether the separator before token t ends a clause: `/[.,!?;:\n]/.test(sep)`. */
function clauseBreakBefore(text: NormalisedText, t: number): boolean {
  const sep = text.seps[t]!;
  for (let k = 0; k < sep.length; k++) {
    const c = sep.charCodeAt(k);
    // . , ! ? ; : and a line feed
    if (c === 46 || c === 44 || c === 33 || c === 63 || c === 59 || c === 58 || c === 10) return true;
  }
  return false;
}

/** Whether token t's form is one of `words`. */
const isOneOf = (words: WordSet, text: NormalisedText, t: number): boolean =>
  words.has(text.chars, text.formStarts[t]!, text.formEnds[t]!);

function followedBy(text: NormalisedText, i: number, words: WordSet, window: number): boolean {
  for (let k = i + 1; k < text.count && k <= i + window; k++) {
    if (clauseBreakBefore(text, k)) return false;
    if (isOneOf(words, text, k)) return true;
  }
  return false;
}

/**
 * A name: the word as written starts with a capital and has a lower-case letter
 * after it ("Ola", "McDonald"; not "I", "NATO" or shouted text). Only asked for
 * words after the verb in the same clause, so never for a sentence's first word.
 */
function isName(text: NormalisedText, t: number): boolean {
  if (!text.isWord(t)) return false;
  const word = text.raw.slice(text.starts[t], text.ends[t]);
  const first = word.codePointAt(0)!;
  const head = String.fromCodePoint(first);
  if (head === head.toLowerCase()) return false;
  const rest = word.slice(head.length);
  return rest !== rest.toUpperCase();
}

function activeThreat(text: NormalisedText, i: number, threats: CompiledThreats): ThreatHit | null {
  // Intent before the verb, or the verb opening its clause (an imperative).
  let intent = i === 0 || clauseBreakBefore(text, i);
  for (let k = i - 1; !intent && k >= 0 && k >= i - BEFORE; k--) {
    if (isOneOf(threats.intent, text, k) || isOneOf(threats.firstPerson, text, k)) intent = true;
    if (clauseBreakBefore(text, k)) break;
  }
  if (!intent) return null;
  for (let k = i + 1; k < text.count && k <= i + AFTER; k++) {
    if (clauseBreakBefore(text, k)) return null;
    if (isOneOf(threats.breakers, text, k)) return null;
    if (isOneOf(threats.targets, text, k)) {
      return { verb: text.form(i), target: text.form(k), start: text.starts[i]!, end: text.ends[k]! };
    }
    if (isName(text, k)) {
      return {
        verb: text.form(i),
        target: text.raw.slice(text.starts[k], text.ends[k]),
        start: text.starts[i]!,
        end: text.ends[k]!,
      };
    }
  }
  return null;
}

function passiveThreat(text: NormalisedText, i: number, threats: CompiledThreats): ThreatHit | null {
  let cue = false;
  for (let k = i - 1; k >= 0 && k >= i - BEFORE; k--) {
    if (isOneOf(threats.passiveCues, text, k)) cue = true;
    else if (isOneOf(threats.targets, text, k)) {
      return cue
        ? { verb: text.form(i), target: text.form(k), start: text.starts[k]!, end: text.ends[i]! }
        : null;
    }
    if (clauseBreakBefore(text, k)) break;
  }
  return null;
}
