import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { sendJson } from './cacheable.js';

describe('sendJson', () => {
  const body = { comment: { body: 'Blåbærsyltetøy på skiva, og «sitat» – æøå ÆØÅ', authorName: 'Åse' } };
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let url = '';

  before(async () => {
    const app = express();
    app.all('/answer', (_req, res) => sendJson(res, 201, body));
    server = app.listen(0, '127.0.0.1');
    await new Promise((ok) => server.once('listening', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/answer`;
  });
  after(() => new Promise((ok) => server.close(ok)));

  it('answers the status and the whole JSON, its length counted in bytes (Norwegian letters take two)', async () => {
    const res = await fetch(url, { method: 'POST' });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(Number(res.headers.get('content-length')), bytes.length);
    assert.deepEqual(JSON.parse(bytes.toString('utf8')), body);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetch(url, { method: 'HEAD' });
    assert.equal(res.status, 201);
    assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(JSON.stringify(body)));
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });
});
