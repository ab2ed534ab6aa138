import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalText, normalise } from './normalise.js';

const forms = (text: string) => normalise(text).tokens.map((t) => t.form);
const joined = (text: string) => normalise(text).joined.map((t) => t.form);

test('case folding, NFKC and accents (but not æ/ø/å)', () => {
  assert.deepEqual(forms('ÆRLIG Ｆａｅｎ fück café Blåbær'), ['ærlig', 'faen', 'fuck', 'cafe', 'blåbær']);
  assert.deepEqual(forms('jävla'), ['jævla']);
  assert.deepEqual(forms('bla\u030Abær'), ['blåbær']);
});

test('format characters are removed, Cyrillic and Greek look-alikes mapped', () => {
  assert.deepEqual(forms('fa\u200Ben f\u00ADaen'), ['faen', 'faen']);
  assert.deepEqual(forms('fаеn κυκ'), ['faen', 'kuk']);
});

test('leet inside words only; numbers stay numbers', () => {
  assert.deepEqual(forms('sh1t h0re @$$ 5h!t b!+ch 2024 faen!'), [
    'shit',
    'hore',
    'ass',
    'shit',
    'bitch',
    '2024',
    'faen',
  ]);
  const [token] = normalise('he11').tokens;
  assert.equal(token?.form, 'heii');
  assert.equal(token?.alt, 'hell');
});

test('split letters and glued words are offered joined', () => {
  assert.ok(joined('f a e n').includes('faen'));
  assert.ok(joined('d.r.i.t.t').includes('dritt'));
  assert.ok(joined('i f_a_e_n').includes('faen'));
  assert.ok(joined('fa-en').includes('faen'));
  assert.deepEqual(joined('i og å'), []);
});

test('spans point into the original text', () => {
  const raw = 'Hei, ＦＡ\u200BEN!';
  const [, token] = normalise(raw).tokens;
  assert.equal(raw.slice(token!.start, token!.end), 'ＦＡ\u200BEN');
});

test('counters for the shouting and length rules', () => {
  const n = normalise('ABC def 12');
  assert.equal(n.letters, 6);
  assert.equal(n.upperLetters, 3);
  assert.equal(n.codePoints, 10);
  assert.equal(n.nonSpace, 8);
  assert.equal(n.digits, 2);
  assert.equal(canonicalText(n), 'abc def 12');
});
