import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NormalisedText, normalise } from './normalise.js';
import { wordHash } from './word-cache.js';

// The normaliser copies a text's code units into a buffer it keeps (`NormalisedText.readRaw`): every
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

// A word of plain letters has its form in place, at its own span of the copied text (`readRaw`),
// upper-case letters lowered there; every other form is written after the text, and may move
// the buffer while the text is read. What the matcher and the rules read is the buffer itself.
test("every token's form in the buffer is its form, and its word hash is the buffer's", () => {
  const texts = [
    'Du er en IDIOT, DRITTSEKK og Ærlig talt: ØYNENE dine. Ѣ Бабушка ΣΊΣΥΦΟΣ',
    // Leet words (two spellings each) and ligatures fill the buffer after the text: the
    // buffer grows mid-text and the upper-case words after them are lowered in the new one.
    `${'h3ll0 ﬁne l1ke '.repeat(30)}STOR Bokstav, MIDT-I ord og f.a.e.n Slutt`,
    'ÅPEN dør\u00adLÅS og o\u0308l og KAFÉ og j🤬vla og ǝɹoɥ',
  ];
  for (const text of texts) {
    const reused = new NormalisedText(8);
    for (const n of [normalise(text), normalise(text, reused)]) {
      for (let t = 0; t < n.count + n.joinedCount; t++) {
        let inBuffer = '';
        for (let i = n.formStarts[t]!; i < n.formEnds[t]!; i++) inBuffer += String.fromCharCode(n.chars[i]!);
        assert.equal(inBuffer, n.form(t), `${text}: entry ${t}`);
        if (t < n.count && n.isWord(t))
          assert.equal(
            n.hashes[t],
            wordHash(n.chars, n.formStarts[t]!, n.formEnds[t]!),
            `${text}: hash ${t}`,
          );
      }
    }
  }
});
