import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { type RunningService, startService } from '../../src/service.js';
import { articlePath, TestDatabase, testConfig, uniqueDbName } from '../support/harness.js';

/**
 * Issue 12 item 11: a compressed body that does not decompress is the client's
 * mistake: 400 bad_request in the contract's shape, and no stack in the log.
 */
describe('compressed request bodies', () => {
  let db: TestDatabase;
  let service: RunningService;
  const logLines: string[] = [];

  before(async () => {
    db = await TestDatabase.start();
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    service = await startService(testConfig(db.uri), pino({ level: 'info' }, stream), {
      dbName: uniqueDbName(),
    });
  });
  after(async () => {
    await service?.close();
    await db?.stop();
  });

  const post = (encoding: string, body: Buffer) =>
    fetch(service.url + articlePath('demo', 'compressed'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      body: new Uint8Array(body),
    });

  const json = Buffer.from(JSON.stringify({ body: 'Et komprimert innlegg', authorName: 'Kari' }));

  it('takes well-formed gzip, deflate and br bodies', async () => {
    for (const [encoding, body] of [
      ['gzip', gzipSync(json)],
      ['deflate', deflateSync(json)],
      ['br', brotliCompressSync(json)],
    ] as const) {
      const res = await post(encoding, body);
      assert.equal(res.status, 201, `${encoding}: ${await res.text()}`);
    }
  });

  it('answers 400 bad_request for a malformed gzip, deflate or br body, without a stack in the log', async () => {
    const truncatedGzip = gzipSync(json).subarray(0, 12);
    const cases: [string, Buffer][] = [
      ['gzip', Buffer.from('this is not gzip at all')],
      ['gzip', truncatedGzip],
      ['deflate', Buffer.from('not deflate either, just bytes')],
      ['br', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x02])],
    ];
    for (const [encoding, body] of cases) {
      const before = logLines.length;
      const res = await post(encoding, body);
      const text = await res.text();
      assert.equal(res.status, 400, `${encoding}: ${text}`);
      const parsed = JSON.parse(text) as { error: { code: string; message: string; details: unknown[] } };
      assert.equal(parsed.error.code, 'bad_request');
      assert.equal(typeof parsed.error.message, 'string');
      assert.deepEqual(parsed.error.details, []);
      assert.equal(text.includes('    at '), false, 'no stack in the answer');
      const logged = logLines.slice(before).join('\n');
      assert.equal(logged.includes('    at '), false, `no stack in the log: ${logged}`);
      assert.equal(/"level":50/.test(logged), false, `not logged as an error: ${logged}`);
    }
  });
});
