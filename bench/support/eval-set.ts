/**
 * The labelled evaluation set in test/fixtures/moderation-eval/ (see its
 * README): one TSV per category, `label<TAB>lang<TAB>text`. Each item's split
 * (dev or test) follows from a hash of its text, so adding items never moves
 * old ones between splits and nobody picks which sentences are held out. The
 * later held-out batches (`holdout2/` … `holdout17/`) are splits of their own;
 * a newer batch may wait on disk, unregistered, as PENDING_HOLDOUT.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type Label = 'approve' | 'hold' | 'reject';
export type EvalCategory =
  | 'general'
  | 'masked'
  | 'missing'
  | 'site_terms'
  | 'threat'
  | 'false_positive'
  | 'implicit';

export interface EvalItem {
  /** `category:line`, stable while a file only grows at its end. */
  id: string;
  category: EvalCategory;
  label: Label;
  lang: 'nb' | 'nn' | 'en';
  text: string;
  /** `holdout2` … `holdout13`: batches written later (see the README), never hashed into dev/test. */
  split: 'dev' | 'test' | HoldoutBatch;
}

const DIR = new URL('../../test/fixtures/moderation-eval/', import.meta.url);

/**
 * The site policy the set is labelled under: the `site_terms` items use these
 * suspect terms (a site's own words, which must inflect like Norwegian nouns).
 */
export const EVAL_SITE_POLICY = {
  bannedTerms: [] as string[],
  suspectTerms: ['løgner', 'sosialist', 'klimahysteriker', 'bompengemafia', 'vindmøllebaron'],
  allowedTerms: [] as string[],
  maxLinks: 1,
};

/** FNV-1a over the UTF-16 code units: the split is about 30 % test. */
function splitOf(text: string): 'dev' | 'test' {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 10 < 3 ? 'test' : 'dev';
}

const LABELS = new Set<string>(['approve', 'hold', 'reject']);
const LANGS = new Set<string>(['nb', 'nn', 'en']);

/** The labelled set of dev and test items (the benchmarks' and the replay test's corpus). */
export function loadEvalSet(): EvalItem[] {
  return loadDir(DIR, splitOf);
}

/**
 * The held-out batches, oldest first, each in its own folder (same format and
 * categories) and written before the rules of the round that followed it.
 * The newest is the honest held-out figure; an older one counts as seen once
 * a rule round has read its misses (see the README).
 */
export const HOLDOUT_BATCHES = [
  'holdout2',
  'holdout3',
  'holdout4',
  'holdout5',
  'holdout6',
  'holdout7',
  'holdout8',
  'holdout9',
  'holdout10',
  'holdout11',
  'holdout12',
  'holdout13',
  'holdout14',
  'holdout15',
  'holdout16',
  'holdout17',
] as const;
export type HoldoutBatch = (typeof HOLDOUT_BATCHES)[number];
/** The newest batch, nobody has written rules from: the honest held-out figure. */
export const FRESH_HOLDOUT: HoldoutBatch = 'holdout17';
/**
 * The batches written blind whose misses no rules round has read (the fresh one
 * last): `bench:quality --misses` leaves them out unless one is asked for by name,
 * so a round reading misses never sees them. holdout11 and holdout12 were read
 * by the rounds of the stop that registered holdout13; holdout13 itself was read
 * by the fifteenth rules rounds (words and threats, 7 Dec 2026), holdout14 by the
 * sixteenth (7 Dec 2026, 16:18–17:30 UTC), holdout15, registered after those, by the
 * seventeenth (18:00–18:40 UTC); holdout16, written blind during the seventeenth
 * rounds and registered after them (7 Dec 2026, 20:00 UTC), measured the
 * eighteenth rounds blind (written from inventories, not misses) and stays unread;
 * holdout17, written blind during the eighteenth rounds and registered before the
 * twentieth (7 Dec 2026, 23:15 UTC), is the fresh one.
 */
export const UNREAD_HOLDOUTS: readonly HoldoutBatch[] = ['holdout16', FRESH_HOLDOUT];

/**
 * A batch written blind and landed but not registered yet: its folder is on
 * disk, but no benchmark, model or `--misses` run loads it, only the shape
 * test (test/moderation/eval-set.test.ts, for its shape and for repeats), so
 * nobody sees its items or misses before the round that measures it. The lead
 * registers it by adding it to HOLDOUT_BATCHES, making it FRESH_HOLDOUT and
 * setting this to undefined.
 */
export const PENDING_HOLDOUT: string | undefined = 'holdout18';

/** An item of the pending batch: its split is the batch's folder name. */
export type PendingItem = Omit<EvalItem, 'split'> & { split: string };

/** The pending batch's items (none when no batch is pending): for the shape test only. */
export function loadPendingHoldout(): PendingItem[] {
  const batch = PENDING_HOLDOUT;
  if (!batch) return [];
  return loadDir(new URL(`${batch}/`, DIR), () => 'dev').map((item) => ({ ...item, split: batch }));
}

/** The held-out batches' items (every batch unless named), each in the split named after its folder. */
export function loadHoldouts(batches: readonly HoldoutBatch[] = HOLDOUT_BATCHES): EvalItem[] {
  return batches.flatMap((batch) => loadDir(new URL(`${batch}/`, DIR), () => batch));
}

function loadDir(dir: URL, split: (text: string) => EvalItem['split']): EvalItem[] {
  const items: EvalItem[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()) {
    const category = file.replace(/\.tsv$/, '').replace(/-/g, '_') as EvalCategory;
    const lines = readFileSync(new URL(file, dir), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const [label, lang, text, ...rest] = line.split('\t');
      if (!LABELS.has(label!) || !LANGS.has(lang!) || !text || rest.length > 0) {
        throw new Error(`${file}:${index + 1}: expected label<TAB>lang<TAB>text`);
      }
      items.push({
        id: `${category}:${index + 1}`,
        category,
        label: label as Label,
        lang: lang as EvalItem['lang'],
        text,
        split: split(text),
      });
    });
  }
  return items;
}

/**
 * Varied comments of exactly `length` characters: consecutive comments of one
 * file of the labelled set joined until long enough, so every category (clean,
 * masked, threats, slurs, implicit abuse…) is there and no two texts are the same.
 */
export function joinedComments(count: number, length: number): string[] {
  const items = loadEvalSet();
  const out: string[] = [];
  for (let i = 0; out.length < count; i = (i + 7) % items.length) {
    let text = '';
    for (let k = i; text.length < length; k = (k + 1) % items.length) text += `${items[k]!.text} `;
    out.push(text.slice(0, length));
  }
  return out;
}
