import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fingerprintTokens } from './fingerprint.js';
import { fingerprint } from './index.js';
import { normalise } from './normalise.js';

// The duplicate rule compares a new text's fingerprint with those stored beside earlier
// comments and opinion pieces: a release that computed other values would miss every
// duplicate of what was posted before it. These values are pinned for that reason.
describe('fingerprint', () => {
  test('known values stay the same from release to release', () => {
    assert.equal(fingerprint(''), '5db648b3f08c6105');
    assert.equal(fingerprint('Dette er min mening'), fingerprint('dette er min mening'));
    assert.deepEqual(
      ['Dette er min mening', 'Bompengene må bort!', 'Eg meiner ferja bør gå oftare.'].map(fingerprint),
      ['4227ddeec9c93740', '36f8d12dbf8267c3', 'a24422f783996c43'],
    );
  });

  test('sixteen lower-case hexadecimal characters', () => {
    for (const text of ['', 'a', 'Hei', 'Ferja er forsinka igjen i dag', 'ÆØÅ æøå 123']) {
      assert.match(fingerprint(text), /^[0-9a-f]{16}$/);
    }
  });

  test('what normalising makes equal is equal: case, spacing and punctuation', () => {
    const base = fingerprint('dette er min mening');
    for (const text of ['DETTE ER MIN MENING', 'Dette  er min   mening!', ' dette er min mening. ']) {
      assert.equal(fingerprint(text), base, text);
    }
  });

  test('other words, other order, one word more or less: another fingerprint', () => {
    const texts = [
      'dette er min mening',
      'dette er din mening',
      'mening min er dette',
      'dette er min mening nå',
      'dette er min',
      'detteer min mening',
      'dette er min meninga',
      'b',
      'c',
      'ba',
      'ab',
    ];
    const seen = new Set(texts.map(fingerprint));
    assert.equal(seen.size, texts.length);
  });

  test('the fingerprint normalise computes while reading equals the reference over its tokens', () => {
    const texts = [
      '',
      'Hei',
      'Dette er min mening',
      'Ferja  er forsinka, IGJEN!!! Kven har ansvaret?',
      'f**n ta deg, h*re',
      'Bompengene må bort – nå! 😡 https://example.no/sak',
      'Æ e så lei av dette tullet på kommunehuset i Tjønnvik',
      'a'.repeat(300),
    ];
    for (const text of texts) {
      const norm = normalise(text);
      assert.equal(norm.fingerprint, fingerprintTokens(norm.tokens), text);
      assert.equal(fingerprint(text), norm.fingerprint, text);
    }
  });
});
