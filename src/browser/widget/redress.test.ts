import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redressWithOwnLabel } from './redress.js';

// The redress texts as statements stored before stop 33 hold them (statement-text.ts at 5505705^).
const storedNb =
  'Du kan klage på avgjørelsen, gratis, fram til 7. januar 2027 kl. 12:00: bruk «Klag på avgjørelsen» ved kommentaren. Et menneske behandler klagen.';
const storedEn =
  'You can appeal the decision, free of charge, until 7 January 2027 at 12:00: use "Appeal the decision" next to the comment. A person handles the appeal.';

test('an old Bokmål statement read in a Nynorsk or English widget quotes the button that widget draws', () => {
  assert.equal(
    redressWithOwnLabel(storedNb, 'Klag på avgjerda', 'nb'),
    storedNb.replace('«Klag på avgjørelsen»', '«Klag på avgjerda»'),
  );
  assert.equal(
    redressWithOwnLabel(storedNb, 'Appeal the decision', 'nb'),
    storedNb.replace('«Klag på avgjørelsen»', '«Appeal the decision»'),
  );
  assert.equal(
    redressWithOwnLabel(storedEn, 'Klag på avgjerda', 'en'),
    storedEn.replace('"Appeal the decision"', '"Klag på avgjerda"'),
  );
});

test('a statement in the widget’s own language, or one that quotes no label, is shown as stored', () => {
  assert.equal(redressWithOwnLabel(storedNb, 'Klag på avgjørelsen', 'nb'), storedNb);
  const current =
    'Du kan klage på avgjørelsen, gratis, fram til 7. januar 2027: bruk klageknappen ved kommentaren.';
  assert.equal(redressWithOwnLabel(current, 'Appeal the decision', 'nb'), current);
});
