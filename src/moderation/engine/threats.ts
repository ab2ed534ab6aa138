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
  secondPersonOnly: boolean;
  /** The target must end its clause, or be followed by one of these. */
  clauseEnd: WordSet | null;
}

/** The threat lexicon as word sets read in place from a text's forms (see word-table.ts). */
export interface CompiledThreats {
  /** Every reading of a verb form ("banke deg"; "banke opp" anyone). */
  verbs: WordTable<VerbInfo[]>;
  secondPerson: WordSet;
  personEndings: string[];
  personMinLength: number;
  personExcept: Set<string>;
  wishCues: WordSet;
  dyingVerbs: WordSet;
  wishTargets: WordSet;
  negations: WordSet;
  vermin: WordSet;
  copulas: WordSet;
  groupPronouns: WordSet;
  targets: WordSet;
  intent: WordSet;
  firstPerson: WordSet;
  passiveCues: WordSet;
  breakers: WordSet;
}

const AFTER = 3;
const BEFORE = 4;

export function compileThreats(lexicon: ThreatLexicon): CompiledThreats {
  const verbs = new Map<string, VerbInfo[]>();
  const reading = (form: string, info: VerbInfo) => {
    const list = verbs.get(form) ?? [];
    list.push(info);
    verbs.set(form, list);
  };
  for (const verb of lexicon.verbs) {
    const requires = verb.requires !== undefined ? new WordSet(verb.requires) : null;
    const clauseEnd = verb.clauseEnd !== undefined ? new WordSet(verb.clauseEnd) : null;
    const secondPersonOnly = verb.secondPersonOnly === true;
    for (const form of verb.forms) reading(form, { active: true, requires, secondPersonOnly, clauseEnd });
    for (const form of verb.passive ?? [])
      if (!verbs.get(form)?.some((v) => !v.active))
        reading(form, { active: false, requires: null, secondPersonOnly: false, clauseEnd: null });
  }
  const wishes = lexicon.deathWishes;
  return {
    verbs: new WordTable(verbs),
    secondPerson: new WordSet(['deg', 'dæ', 'dere', 'dykk', 'dokker', 'dokk', 'you', 'u', 'ya']),
    personEndings: lexicon.personSuffixes.endings,
    personMinLength: lexicon.personSuffixes.minLength,
    personExcept: new Set(lexicon.personSuffixes.except),
    wishCues: new WordSet(wishes.cues),
    dyingVerbs: new WordSet(wishes.verbs),
    wishTargets: new WordSet(wishes.targets),
    negations: new WordSet(wishes.negations),
    vermin: new WordSet(lexicon.dehumanising.nouns),
    copulas: new WordSet(lexicon.dehumanising.copulas),
    groupPronouns: new WordSet(lexicon.dehumanising.subjects),
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
    const infos = threats.verbs.get(chars, formStarts[i]!, formEnds[i]!);
    if (infos !== undefined) {
      for (const info of infos) {
        if (info.requires !== null && !followedBy(text, i, info.requires, AFTER + 2)) continue;
        const hit = info.active ? activeThreat(text, i, threats, info) : passiveThreat(text, i, threats);
        if (hit !== null) {
          hits.push(hit);
          break;
        }
      }
    }
    if (threats.wishCues.has(chars, formStarts[i]!, formEnds[i]!)) {
      const wish = deathWish(text, i, threats);
      if (wish !== null) hits.push(wish);
    }
  }
  return hits;
}

export interface DehumanisingHit {
  group: string;
  noun: string;
  start: number;
  end: number;
}

/**
 * A group called vermin, disease or animals: a group (a threat target, a person
 * noun, or "de"/"disse") within two words before a copula, then within three
 * words the noun ("innvandrerne er parasitter", "jøder er som rotter", "de er
 * ikke mennesker, de er dyr"); "ikke" between cancels it. "Rottene på kaia" has
 * no group and no copula.
 */
export function findDehumanising(text: NormalisedText, threats: CompiledThreats): DehumanisingHit[] {
  const hits: DehumanisingHit[] = [];
  for (let c = 1; c < text.count; c++) {
    if (!isOneOf(threats.copulas, text, c)) continue;
    let noun = -1;
    for (let k = c + 1; k < text.count && k <= c + 3; k++) {
      if (clauseBreakBefore(text, k) || isOneOf(threats.negations, text, k)) break;
      if (isOneOf(threats.vermin, text, k)) {
        noun = k;
        break;
      }
    }
    if (noun < 0) continue;
    for (let g = c - 1; g >= 0 && g >= c - 2; g--) {
      if (isTarget(text, g, threats) || isOneOf(threats.groupPronouns, text, g)) {
        hits.push({
          group: text.form(g),
          noun: text.form(noun),
          start: text.starts[g]!,
          end: text.ends[noun]!,
        });
        break;
      }
      if (clauseBreakBefore(text, g)) break;
    }
  }
  return hits;
}

/** Words a death wish may span: "jeg håper at du og hele familien din dør i en brann". */
const WISH_WINDOW = 9;

/** Whether the separator before token t ends a sentence (a comma does not end a wish). */
function sentenceBreakBefore(text: NormalisedText, t: number): boolean {
  const sep = text.seps[t]!;
  for (let k = 0; k < sep.length; k++) {
    const c = sep.charCodeAt(k);
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 10) return true;
  }
  return false;
}

/** A wish at token i, a person after it and a dying verb after that, in one sentence, not negated. */
function deathWish(text: NormalisedText, i: number, threats: CompiledThreats): ThreatHit | null {
  let target = -1;
  for (let k = i + 1; k < text.count && k <= i + WISH_WINDOW; k++) {
    if (sentenceBreakBefore(text, k)) return null;
    if (isOneOf(threats.negations, text, k)) return null;
    if (target < 0) {
      if (isOneOf(threats.wishTargets, text, k)) target = k;
    } else if (isOneOf(threats.dyingVerbs, text, k)) {
      return { verb: text.form(k), target: text.form(target), start: text.starts[i]!, end: text.ends[k]! };
    }
  }
  return null;
}

/** A target: a listed word, or a person noun by its ending ("politikerne", "sosialistene", "forræderen"). */
function isTarget(text: NormalisedText, t: number, threats: CompiledThreats): boolean {
  if (isOneOf(threats.targets, text, t)) return true;
  const start = text.formStarts[t]!;
  const end = text.formEnds[t]!;
  if (end - start < threats.personMinLength) return false;
  for (const ending of threats.personEndings) {
    if (end - start > ending.length && endsWith(text.chars, start, end, ending))
      return !threats.personExcept.has(text.form(t));
  }
  return false;
}

function endsWith(chars: Uint16Array, start: number, end: number, ending: string): boolean {
  const from = end - ending.length;
  if (from < start) return false;
  for (let k = 0; k < ending.length; k++) if (chars[from + k] !== ending.charCodeAt(k)) return false;
  return true;
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

function activeThreat(
  text: NormalisedText,
  i: number,
  threats: CompiledThreats,
  info: VerbInfo,
): ThreatHit | null {
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
    if (info.secondPersonOnly) {
      if (k !== i + 1 || !isOneOf(threats.secondPerson, text, k)) return null;
      if (info.clauseEnd !== null && !endsClause(text, k, info.clauseEnd)) return null;
      return { verb: text.form(i), target: text.form(k), start: text.starts[i]!, end: text.ends[k]! };
    }
    if (isTarget(text, k, threats)) {
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

/** Whether token t ends its clause, or the next word is one of `allowed`. */
function endsClause(text: NormalisedText, t: number, allowed: WordSet): boolean {
  const next = t + 1;
  return next >= text.count || clauseBreakBefore(text, next) || isOneOf(allowed, text, next);
}

function passiveThreat(text: NormalisedText, i: number, threats: CompiledThreats): ThreatHit | null {
  let cue = false;
  for (let k = i - 1; k >= 0 && k >= i - BEFORE; k--) {
    if (isOneOf(threats.passiveCues, text, k)) cue = true;
    else if (isTarget(text, k, threats)) {
      return cue
        ? { verb: text.form(i), target: text.form(k), start: text.starts[k]!, end: text.ends[i]! }
        : null;
    }
    if (clauseBreakBefore(text, k)) break;
  }
  return null;
}
