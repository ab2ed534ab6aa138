import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKey, clientAddress } from './client-address.js';

describe('client addresses', () => {
  it('takes the address trustProxy hops back, as Express does', () => {
    assert.equal(clientAddress('127.0.0.1', '1.1.1.1, 2.2.2.2', 0), '127.0.0.1');
    assert.equal(clientAddress('127.0.0.1', '1.1.1.1, 2.2.2.2', 1), '2.2.2.2');
    assert.equal(clientAddress('127.0.0.1', '1.1.1.1, 2.2.2.2', 2), '1.1.1.1');
    assert.equal(clientAddress('127.0.0.1', '1.1.1.1', 5), '1.1.1.1', 'no further than the chain');
    assert.equal(clientAddress('127.0.0.1', undefined, 1), '127.0.0.1');
    assert.equal(clientAddress('127.0.0.1', ['1.1.1.1', '2.2.2.2'], 1), '2.2.2.2');
  });

  it('gives every spelling of one address one key, and one key per IPv6 /64', () => {
    assert.equal(addressKey('::ffff:10.0.0.1'), '10.0.0.1');
    assert.equal(addressKey('::FFFF:10.0.0.1'), '10.0.0.1');
    assert.equal(addressKey('0:0:0:0:0:ffff:10.0.0.1'), '10.0.0.1');
    assert.equal(addressKey('10.0.0.1'), '10.0.0.1');
    const key = addressKey('2001:db8:1:2::1');
    assert.equal(key, '2001:db8:1:2:0:0:0:0/64');
    assert.equal(addressKey('2001:0DB8:0001:0002:ffff:1:2:3'), key);
    assert.equal(addressKey('[2001:db8:1:2::abcd]'), key);
    assert.equal(addressKey('2001:db8:1:2::1%eth0'), key);
    assert.notEqual(addressKey('2001:db8:1:3::1'), key);
    assert.equal(addressKey('2001:db8:1:2::1', 128), '2001:db8:1:2:0:0:0:1/128');
    assert.equal(addressKey('2001:db8:1:2::1', 48), '2001:db8:1:0:0:0:0:0/48');
    assert.equal(addressKey('2001:db8:1:2::1', 56), '2001:db8:1:0:0:0:0:0/56');
    assert.equal(addressKey('2001:db8:1:2ff::1', 56), '2001:db8:1:200:0:0:0:0/56');
    assert.equal(addressKey('::1'), '0:0:0:0:0:0:0:0/64');
    assert.equal(addressKey('not an address'), 'not an address');
  });
});
