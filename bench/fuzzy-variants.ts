/**
 * The fuzzy lexicon lookup on spellings nobody wrote: every item of the seen
 * splits (dev, test, holdout2…holdout10; never the unread blind batches) with
 * each word of six letters or more misspelt the way the lookup is meant to
 * read, seeded and the same for every build: two neighbouring letters inside
 * the word swapped ("--edit=swap"), or one inside letter dropped
 * ("--edit=drop"), or a double letter undoubled ("--edit=undouble"). Prints,
 * per category, reject recall and clean false positives of the engine on the
 * variants: run it in a build without the lookup and in one with it.
 *
 *   npx tsx bench/fuzzy-variants.ts [--edit=swap|drop|undouble]
 */
import { type ModerationContext, moderate } from '../src/moderation/engine/index.js';
import {
  EVAL_SITE_POLICY,
  HOLDOUT_BATCHES,
  UNREAD_HOLDOUTS,
  loadEvalSet,
  loadHoldouts,
} from './support/eval-set.js';

const edit = process.argv.find((a) => a.startsWith('--edit='))?.slice(7) ?? 'swap';
const context: ModerationContext = { policyKey: 'bench:fuzzy-variants', policy: EVAL_SITE_POLICY };
const seen = HOLDOUT_BATCHES.filter((b) => !UNREAD_HOLDOUTS.includes(b));
const items = [...loadEvalSet(), ...loadHoldouts(seen)];

let seed = 15;
const random = (n: number): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};

function misspell(word: string): string {
  if (edit === 'undouble') return word.replace(/(\p{L})\1/u, '$1');
  const at = 1 + random(word.length - 3);
  if (edit === 'drop') return word.slice(0, at) + word.slice(at + 1);
  return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
}

const variant = (text: string): string => text.replace(/\p{L}{6,}/gu, (w) => misspell(w));

const rows = new Map<string, { reject: number; rejected: number; clean: number; flagged: number }>();
for (const item of items) {
  const text = variant(item.text);
  const decision = moderate(text, context).decision;
  for (const key of [item.category, 'all']) {
    const row = rows.get(key) ?? { reject: 0, rejected: 0, clean: 0, flagged: 0 };
    if (item.label === 'reject') {
      row.reject++;
      if (decision === 'reject') row.rejected++;
    }
    if (item.label === 'approve') {
      row.clean++;
      if (decision !== 'approve') row.flagged++;
    }
    rows.set(key, row);
  }
}
console.log(`${items.length} items of the seen splits, every word of 6+ letters misspelt (--edit=${edit})`);
console.log('category        reject rec %  clean FP %');
const pct = (a: number, b: number) => (b === 0 ? '     –' : ((100 * a) / b).toFixed(1).padStart(6));
for (const [key, r] of [...rows].sort((a, b) =>
  a[0] === 'all' ? 1 : b[0] === 'all' ? -1 : a[0] < b[0] ? -1 : 1,
))
  console.log(
    `${key.padEnd(16)}${pct(r.rejected, r.reject).padStart(12)}${pct(r.flagged, r.clean).padStart(12)}`,
  );
