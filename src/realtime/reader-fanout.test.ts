import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Namespace } from 'socket.io';
import { MAX_WAIT_MS, ReaderFanout, SlicedWriter } from './reader-fanout.js';

/** A namespace with what the fan-out touches: the adapter's rooms and encoder step, its sockets' clients. */
function fakeNamespace(readers: number) {
  const written: { id: string; encoded: unknown }[] = [];
  let encodings = 0;
  const room = new Set<string>();
  const sockets = new Map<string, { client: { writeToEngine: (encoded: unknown) => void } }>();
  for (let i = 0; i < readers; i++) {
    const id = `s${i}`;
    room.add(id);
    sockets.set(id, { client: { writeToEngine: (encoded) => written.push({ id, encoded }) } });
  }
  const nsp = {
    name: '/live',
    sockets,
    adapter: {
      rooms: new Map([['batched:avis:sak:0', room]]),
      _encode: (packet: { data: unknown[] }) => {
        encodings++;
        return [JSON.stringify(packet.data)];
      },
    },
  } as unknown as Namespace;
  return { nsp, written, room, encodings: () => encodings };
}

const untilIdle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ReaderFanout', () => {
  it('encodes a message once and writes it a slice of sockets at a time, letting waiting I/O in between', async () => {
    const { nsp, written, encodings } = fakeNamespace(1000);
    const fanout = new ReaderFanout(nsp, new SlicedWriter(256, setImmediate, undefined, () => 0));
    assert.equal(fanout.send('batched:avis:sak:0', 'comments.changed', { batch: 1 }), 1000);
    // A request's I/O that was waiting when the message went out.
    let writtenWhenIoRan = -1;
    setImmediate(() => {
      writtenWhenIoRan = written.length;
    });
    assert.equal(written.length, 256, 'the first slice at once, the rest after waiting I/O');
    await untilIdle();
    while (written.length < 1000) await untilIdle();
    assert.ok(
      writtenWhenIoRan >= 256 && writtenWhenIoRan < 1000,
      `I/O ran after ${writtenWhenIoRan} of 1000 writes`,
    );
    assert.equal(encodings(), 1, 'encoded once for 1000 sockets');
    assert.equal(new Set(written.map((w) => w.id)).size, 1000, 'every socket once');
    assert.ok(
      written.every((w) => w.encoded === written[0]!.encoded),
      'every socket gets the same buffers',
    );
  });

  it('writes the rest of a message that waited too long in one go (a loop that turns slowly)', async () => {
    const { nsp, written } = fakeNamespace(1000);
    let time = 0;
    const writer = new SlicedWriter(256, setImmediate, undefined, () => time);
    new ReaderFanout(nsp, writer).send('batched:avis:sak:0', 'comments.changed', { batch: 1 });
    assert.equal(written.length, 256);
    time = MAX_WAIT_MS;
    await untilIdle();
    assert.equal(written.length, 1000, 'the next turn wrote the rest');
  });

  it('writes messages in the order they were sent, skipping sockets that left before their slice', async () => {
    const { nsp, written, room } = fakeNamespace(600);
    const fanout = new ReaderFanout(nsp, new SlicedWriter(256, setImmediate, undefined, () => 0));
    fanout.send('batched:avis:sak:0', 'comments.changed', { batch: 1 });
    fanout.send('batched:avis:sak:0', 'comments.changed', { batch: 2 });
    room.delete('s599');
    while (written.length < 1198) await untilIdle();
    await untilIdle();
    assert.equal(written.length, 1198);
    const batches = new Map<string, number[]>();
    for (const w of written) {
      const n = JSON.parse((w.encoded as string[])[0]!)[1].batch as number;
      batches.set(w.id, [...(batches.get(w.id) ?? []), n]);
    }
    assert.deepEqual(batches.get('s0'), [1, 2]);
    assert.deepEqual(batches.get('s598'), [1, 2]);
    assert.equal(batches.get('s599'), undefined, 'it left before its slice');
  });
});
