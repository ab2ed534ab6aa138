import assert from 'node:assert/strict';
import { DEFAULT_POLICY, type ModerationPolicy, moderate } from '../../src/moderation/engine/index.js';

type Decision = 'approve' | 'hold' | 'reject';

/**
 * The rules rounds' tables: every text of a table judged under the default policy (or a
 * site's, for its terms), and the failures listed together, not only the first.
 */
export function decisionTable(
  policyKey: string,
  policy: ModerationPolicy = DEFAULT_POLICY,
): (want: Decision, texts: string[]) => void {
  const decision = (text: string) => moderate(text, { policyKey, policy }).decision;
  return (want, texts) => {
    const wrong = texts.filter((text) => decision(text) !== want).map((text) => `${decision(text)}: ${text}`);
    assert.deepEqual(wrong, [], `want ${want}`);
  };
}
