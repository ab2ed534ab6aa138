import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NormalisedText, normalise } from './normalise.js';

// The normaliser copies a text's code units into a buffer it keeps (`readUnits`): every
// representation of a string reads alike, and a long text before a short one leaves nothing behind.
const snapshot = (n: NormalisedText) => ({
  tokens: n.tokens,
  joined: n.joined,
  fingerprint: n.fingerprint,
  counts: [n.letters, n.upperLetters, n.codePoints, n.nonSpace, n.digits],
});

test('a text reads alike as a flat, sliced, joined or two-byte string, after a longer one', () => {
  const text = 'Du er en f a e n  DRITTSEKK,\u00a0h*re og 5h!t \ud83d\ude00 bla\u030Abær \ud800 og l\u00f8gn';
  const fresh = snapshot(normalise(text));
  const reused = new NormalisedText();
  const long = `${'ord '.repeat(400)}${text}`; // longer than the buffer's first 512 units
  for (const variant of [
    long.slice(long.length - text.length),
    text.slice(0, 20) + text.slice(20),
    `${text}\u0100`.slice(0, text.length),
    JSON.parse(JSON.stringify(text)) as string,
  ]) {
    assert.equal(variant, text);
    normalise(long, reused);
    assert.deepEqual(snapshot(normalise(variant, reused)), fresh);
  }
});
