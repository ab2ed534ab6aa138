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
import type { Token } from './normalise.js';
import { WordFilter, WordTable } from './word-filter.js';

export interface ThreatHit {
  verb: string;
  target: string;
  start: number;
  end: number;
}

interface VerbInfo {
  active: boolean;
  requires: ReadonlySet<string> | null;
}

export interface CompiledThreats {
  verbs: Map<string, VerbInfo>;
  targets: ReadonlySet<string>;
  intent: ReadonlySet<string>;
  firstPerson: ReadonlySet<string>;
  passiveCues: ReadonlySet<string>;
  breakers: ReadonlySet<string>;
  /** Pre-check for `verbs`: most words are no verb form. */
  verbFilter: WordFilter;
  /** `verbs` again, looked up without hashing the word. */
  verbTable: WordTable<VerbInfo>;
}

const AFTER = 3;
const BEFORE = 4;
const CLAUSE_BREAK = /[.,!?;:\n]/;

export function compileThreats(lexicon: ThreatLexicon): CompiledThreats {
  const verbs = new Map<string, VerbInfo>();
  for (const verb of lexicon.verbs) {
    const requires = verb.requires !== undefined ? new Set(verb.requires) : null;
    for (const form of verb.forms) verbs.set(form, { active: true, requires });
    for (const form of verb.passive ?? [])
      if (!verbs.has(form)) verbs.set(form, { active: false, requires: null });
  }
  return {
    verbs,
    targets: new Set(lexicon.targets),
    intent: new Set(lexicon.intent),
    firstPerson: new Set(lexicon.firstPerson),
    passiveCues: new Set(lexicon.passiveCues),
    breakers: new Set(lexicon.breakers),
    verbFilter: new WordFilter(verbs.keys()),
    verbTable: new WordTable(verbs),
  };
}

/**
 * Finds threats in the tokens of one text; at most one hit per verb. `raw` (the
 * text the tokens come from) lets a capitalised name count as a target.
 */
export function findThreats(tokens: readonly Token[], threats: CompiledThreats, raw?: string): ThreatHit[] {
  const hits: ThreatHit[] = [];
  const verbFilter = threats.verbFilter;
  for (let i = 0; i < tokens.length; i++) {
    const verb = tokens[i]!;
    if (!verbFilter.mayHave(verb.form)) continue;
    const info = threats.verbTable.get(verb.form);
    if (info === undefined) continue;
    if (info.requires !== null && !followedBy(tokens, i, info.requires, AFTER + 2)) continue;
    const hit = info.active ? activeThreat(tokens, i, threats, raw) : passiveThreat(tokens, i, threats);
    if (hit !== null) hits.push(hit);
  }
  return hits;
}

function followedBy(
  tokens: readonly Token[],
  i: number,
  words: ReadonlySet<string>,
  window: number,
): boolean {
  for (let k = i + 1; k < tokens.length && k <= i + window; k++) {
    if (CLAUSE_BREAK.test(tokens[k]!.sep)) return false;
    if (words.has(tokens[k]!.form)) return true;
  }
  return false;
}

/**
 * A name: the word as written starts with a capital and has a lower-case letter
 * after it ("Ola", "McDonald"; not "I", "NATO" or shouted text). Only asked for
 * words after the verb in the same clause, so never for a sentence's first word.
 */
function isName(raw: string, token: Token): boolean {
  if (!token.word) return false;
  const word = raw.slice(token.start, token.end);
  const first = word.codePointAt(0)!;
  const head = String.fromCodePoint(first);
  if (head === head.toLowerCase()) return false;
  const rest = word.slice(head.length);
  return rest !== rest.toUpperCase();
}

function activeThreat(
  tokens: readonly Token[],
  i: number,
  threats: CompiledThreats,
  raw: string | undefined,
): ThreatHit | null {
  const verb = tokens[i]!;
  // Intent before the verb, or the verb opening its clause (an imperative).
  let intent = i === 0 || CLAUSE_BREAK.test(verb.sep);
  for (let k = i - 1; !intent && k >= 0 && k >= i - BEFORE; k--) {
    const form = tokens[k]!.form;
    if (threats.intent.has(form) || threats.firstPerson.has(form)) intent = true;
    if (CLAUSE_BREAK.test(tokens[k]!.sep)) break;
  }
  if (!intent) return null;
  for (let k = i + 1; k < tokens.length && k <= i + AFTER; k++) {
    const token = tokens[k]!;
    if (CLAUSE_BREAK.test(token.sep)) return null;
    if (threats.breakers.has(token.form)) return null;
    if (threats.targets.has(token.form)) {
      return { verb: verb.form, target: token.form, start: verb.start, end: token.end };
    }
    if (raw !== undefined && isName(raw, token)) {
      return {
        verb: verb.form,
        target: raw.slice(token.start, token.end),
        start: verb.start,
        end: token.end,
      };
    }
  }
  return null;
}

function passiveThreat(tokens: readonly Token[], i: number, threats: CompiledThreats): ThreatHit | null {
  const verb = tokens[i]!;
  let cue = false;
  for (let k = i - 1; k >= 0 && k >= i - BEFORE; k--) {
    const token = tokens[k]!;
    if (threats.passiveCues.has(token.form)) cue = true;
    else if (threats.targets.has(token.form)) {
      return cue ? { verb: verb.form, target: token.form, start: token.start, end: verb.end } : null;
    }
    if (CLAUSE_BREAK.test(token.sep)) break;
  }
  return null;
}
