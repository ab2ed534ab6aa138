import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedCache } from './bounded-cache.js';

describe('BoundedCache', () => {
  it('never holds more than its bound and evicts the least recently used', () => {
    const cache = new BoundedCache<string, number>(3, 10_000);
    for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set(key, i, 0);
    assert.equal(cache.get('a', 1), 0); // a is now the most recent
    cache.set('d', 3, 2);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('b', 3), undefined, 'b was the least recently used');
    assert.equal(cache.get('a', 3), 0);
    for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i, 4);
    assert.equal(cache.size, 3);
  });

  it('expires entries after the TTL', () => {
    const cache = new BoundedCache<string, boolean>(10, 100);
    cache.set('x', true, 0);
    assert.equal(cache.has('x', 99), true);
    assert.equal(cache.has('x', 100), false);
    assert.equal(cache.get('x', 100), undefined);
    assert.equal(cache.size, 0, 'an expired entry is dropped when read');
  });
});
