import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThreadCache } from './thread-cache.js';

describe('ThreadCache', () => {
  it('answers within the TTL and not after', () => {
    const cache = new ThreadCache<string>(1000);
    cache.set('s', 'a', 'q', 'page', 0);
    assert.equal(cache.get('s', 'a', 'q', 999), 'page');
    assert.equal(cache.get('s', 'a', 'q', 1000), undefined);
  });

  it('drops one article, or a whole site, on invalidation', () => {
    const cache = new ThreadCache<string>(1000);
    cache.set('s', 'a', 'q', 'A', 0);
    cache.set('s', 'b', 'q', 'B', 0);
    cache.set('t', 'a', 'q', 'T', 0);
    cache.invalidate('s', 'a');
    assert.equal(cache.get('s', 'a', 'q', 1), undefined);
    assert.equal(cache.get('s', 'b', 'q', 1), 'B');
    cache.invalidate('s');
    assert.equal(cache.get('s', 'b', 'q', 1), undefined);
    assert.equal(cache.get('t', 'a', 'q', 1), 'T');
  });

  it('keeps at most maxEntries, evicting the oldest article first', () => {
    const cache = new ThreadCache<number>(1000, 3);
    for (let i = 0; i < 5; i++) cache.set('s', `a${i}`, 'q', i, 0);
    assert.equal(cache.get('s', 'a0', 'q', 1), undefined);
    assert.equal(cache.get('s', 'a4', 'q', 1), 4);
  });

  it('caches nothing with a TTL of zero', () => {
    const cache = new ThreadCache<number>(0);
    cache.set('s', 'a', 'q', 1, 0);
    assert.equal(cache.get('s', 'a', 'q', 0), undefined);
  });
});
