import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNonPublicAddress } from './webhook-target.js';

describe('isNonPublicAddress', () => {
  it('refuses loopback, private, link-local, CGNAT, unspecified, multicast and mapped forms', () => {
    for (const address of [
      '127.0.0.1',
      '127.255.0.9',
      '10.0.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fd12:3456::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '[::1]',
      'not-an-address',
    ]) {
      assert.equal(isNonPublicAddress(address), true, address);
    }
  });

  it('lets public addresses through', () => {
    for (const address of ['8.8.8.8', '172.32.0.1', '193.69.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) {
      assert.equal(isNonPublicAddress(address), false, address);
    }
  });
});
