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

test('one-letter words before or after a dotted word leave it whole', () => {
  for (const [text, word] of [
    ['a a k.i.k.e a a', 'kike'],
    ['i i h.o.r.e', 'hore'],
    ['e e d-r-i-t-t', 'dritt'],
    ['f_a_e_n å å', 'faen'],
  ]) {
    assert.ok(joined(text!).includes(word!), `${text}: ${joined(text!)}`);
  }
  // When no run begins at that letter, the text is read on after it as before ("w.r" is glued nothing).
  assert.deepEqual(joined('w w w.r_a'), ['ww', 'www', 'ww', 'ra', 'r*a']);
});

test('chunks: words of one or two letters standing alone; odd ones are no ordinary short word', () => {
  const marks = (text: string) => {
    const n = normalise(text);
    return n.tokens.map((t, k) => `${t.form}${n.isOddChunk(k) ? '!' : n.isChunk(k) ? '~' : ''}`).join(' ');
  };
  assert.equal(marks('du er en jæ v la id i ot'), 'du~ er~ en~ jæ! v! la~ id~ i~ ot!');
  assert.equal(marks("isn't it, f.o.m. jf. K. A. Olsen"), 'isn t it~ f o m jf~ k! a~ olsen');
  assert.equal(marks('på 3 km i å e æ ka pa ar'), 'på~ 3 km~ i~ å~ e~ æ~ ka~ pa~ ar~');
  assert.equal(normalise('er du på vei ut i år').oddChunks, 0);
  assert.equal(normalise('f a en').oddChunks, 1);
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
