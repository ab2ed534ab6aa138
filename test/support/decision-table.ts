import assert from 'node:assert/strict';
import { DEFAULT_POLICY, moderate } from '../../src/moderation/engine/index.js';

type Decision = 'approve' | 'hold' | 'reject';

/**
 * The rules rounds' tables: every text of a table judged under the default policy, and the
 * failures listed together, not only the first.
 */
export function decisionTable(policyKey: string): (want: Decision, texts: string[]) => void {
  const decision = (text: string) => moderate(text, { policyKey, policy: DEFAULT_POLICY }).decision;
  return (want, texts) => {
    const wrong = texts.filter((text) => decision(text) !== want).map((text) => `${decision(text)}: ${text}`);
    assert.deepEqual(wrong, [], `want ${want}`);
  };
}
