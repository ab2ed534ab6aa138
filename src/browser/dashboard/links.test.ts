import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeHttpUrl } from './links.js';

test('an article link is kept only when it is http or https', () => {
  assert.equal(safeHttpUrl('https://avisa.no/sak/bussruta'), 'https://avisa.no/sak/bussruta');
  assert.equal(safeHttpUrl('http://avisa.no/sak?id=1#kommentarer'), 'http://avisa.no/sak?id=1#kommentarer');
  for (const bad of [
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ftp://avisa.no/fil',
    '/sak/bussruta',
    'avisa.no/sak',
    '',
    null,
    undefined,
  ]) {
    assert.equal(safeHttpUrl(bad), null, String(bad));
  }
});
