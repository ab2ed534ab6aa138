import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highlightSegments } from './highlight.js';

const render = (body: string, spans: Parameters<typeof highlightSegments>[1]) =>
  highlightSegments(body, spans)
    .map((s) => (s.reasons.length ? `[${s.text}:${s.reasons.join('+')}]` : s.text))
    .join('');

test('marks each span and keeps the text around it', () => {
  assert.equal(render('du er en idiot ja', [{ start: 9, end: 14 }]), 'du er en [idiot:0] ja');
});

test('overlapping spans split into segments that name every covering reason', () => {
  assert.equal(
    render('abcdef', [
      { start: 1, end: 4 },
      { start: 3, end: 5 },
    ]),
    'a[bc:0][d:0+1][e:1]f',
  );
});

test('reasons without a span, empty, reversed or out-of-range spans never break the text', () => {
  const body = 'hei på deg';
  assert.equal(
    render(body, [
      undefined,
      { start: 4, end: 4 },
      { start: 6, end: 2 },
      { start: -5, end: 3 },
      { start: 7, end: 99 },
    ]),
    '[hei:3] på [deg:4]',
  );
  assert.equal(highlightSegments('', [{ start: 0, end: 3 }]).length, 0);
});

test('the segments always join back to the body', () => {
  const body = 'Ring meg på 412 34 567 😀 eller skriv';
  const spans = [
    { start: 12, end: 22 },
    { start: 20, end: 25 },
    { start: 0, end: 4 },
  ];
  assert.equal(
    highlightSegments(body, spans)
      .map((s) => s.text)
      .join(''),
    body,
  );
});
