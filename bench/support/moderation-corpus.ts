import { Filter } from 'bad-words';
import naughtyWords from 'naughty-words';
import { moderate, normalise } from '../../src/moderation/engine/index.js';
import {
  extractFeatures,
  FeatureVector,
  ReasonFeatures,
  reasonFeatures,
} from '../../src/moderation/model/features.js';
import { FtrlModel } from '../../src/moderation/model/ftrl.js';
import { EVAL_SITE_POLICY, loadEvalSet } from './eval-set.js';

/**
 * Real term lists, not made-up syllables: bad-words' own list, then every list of
 * naughty-words (the List of Dirty, Naughty, Obscene and Otherwise Bad Words, 28
 * languages), deduplicated.
 */
export function realTerms(): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const term of [...new Filter().list, ...Object.values(naughtyWords).flat()]) {
    const t = String(term).toLowerCase().trim();
    if (t.length < 2 || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  return out;
}

/**
 * A risk model trained on the whole labelled set, with the rules' reasons for each
 * item (as the service learns them): the cost of a real model's scoring.
 */
export function trainedModel(): FtrlModel {
  const model = new FtrlModel();
  const features = new FeatureVector();
  const fired = new ReasonFeatures();
  const context = { policyKey: 'trained-model', policy: EVAL_SITE_POLICY };
  for (const item of loadEvalSet()) {
    const norm = normalise(item.text);
    const reasons = moderate(norm, context).reasons;
    model.update(
      extractFeatures(norm, features, reasonFeatures(reasons, fired)),
      item.label === 'approve' ? 0 : 1,
    );
  }
  return model;
}
