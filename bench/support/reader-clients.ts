/**
 * A worker process of bench/readers.ts: holds a share of the reader sockets.
 * Each is a bare WebSocket (the `ws` package) speaking the engine.io v4 /
 * socket.io v5 protocol just far enough to subscribe and receive, so a
 * client costs a few kilobytes and a few microseconds per message, and the
 * figures measure the server. One process holds at most the open-files
 * limit, so the parent spreads readers over several; each socket binds to
 * one of several loopback source addresses so ephemeral ports last.
 *
 * Coalesced readers (`comments.changed`) note, per message, their group
 * (the server's, from the socket id) and the message's `batch` number, and
 * its arrival time (the parent knows what each group's batch carried);
 * per-event readers (the bare socket.io baseline) read the post time the
 * payload carries and count a latency histogram here.
 */
import WebSocket from 'ws';
import { readerGroup } from '../../src/realtime/events.js';

export interface WorkerSpec {
  /** http://host:port of the server. */
  url: string;
  count: number;
  sources: string[];
  subscribe: Record<string, unknown>;
  mode: 'batched' | 'events';
  /** Handshakes in flight at once. */
  concurrency: number;
  /**
   * After the server drops them: 'widget' retries as the widget does (full
   * jitter, up to 1 s × 2^n, at most 30 s); 'at-once' retries at once, 100 ms
   * apart (the worst case).
   */
  reconnect?: 'widget' | 'at-once';
}

export const HISTOGRAM_MS = 120_000;
const now = () => performance.timeOrigin + performance.now();

interface Reader {
  ws: WebSocket | null;
  subscribed: boolean;
  /** The group the server put this connection's socket in (see readerGroup). */
  group: number;
  nextBatch: number;
  gaps: number;
  messages: number;
  bytes: number;
  source: string;
}

const PING = 0x32; // '2'
const BATCH_KEY = Buffer.from('"batch":');
const SENT_AT_KEY = Buffer.from('"sentAt":');
const EVENT_PREFIX = Buffer.from('42/live,[');

function readNumber(data: Buffer, from: number): number {
  let end = from;
  while (end < data.length && ((data[end]! >= 0x30 && data[end]! <= 0x39) || data[end] === 0x2e)) end++;
  return Number(data.toString('latin1', from, end));
}

class Readers {
  readers: Reader[] = [];
  /** `group:batch` → arrival times, one per reader that received it. */
  arrivals = new Map<string, number[]>();
  histogram = new Uint32Array(HISTOGRAM_MS + 1);
  events = 0;
  #spec!: WorkerSpec;
  #reconnecting = false;
  #resubscribed = 0;
  #onResubscribed: (() => void) | null = null;

  async connect(spec: WorkerSpec): Promise<{ ready: number; failed: number; ms: number }> {
    this.#spec = spec;
    const started = now();
    let failed = 0;
    let next = 0;
    const worker = async () => {
      while (next < spec.count) {
        const i = next++;
        const reader: Reader = {
          ws: null,
          subscribed: false,
          group: 0,
          nextBatch: 0,
          gaps: 0,
          messages: 0,
          bytes: 0,
          source: spec.sources[i % spec.sources.length]!,
        };
        this.readers.push(reader);
        if (!(await this.#open(reader))) failed++;
      }
    };
    await Promise.all(Array.from({ length: spec.concurrency }, worker));
    return { ready: this.readers.filter((r) => r.subscribed).length, failed, ms: now() - started };
  }

  /** Opens one socket and subscribes; resolves false if the server refuses or the handshake times out. */
  #open(reader: Reader): Promise<boolean> {
    const spec = this.#spec;
    const wsUrl = `${spec.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    return new Promise((done) => {
      let settled = false;
      const settle = (ok: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        done(ok);
      };
      const timer = setTimeout(() => {
        ws.terminate();
        settle(false);
      }, 30_000);
      const ws = new WebSocket(wsUrl, { localAddress: reader.source, perMessageDeflate: false });
      reader.ws = ws;
      ws.on('error', () => settle(false));
      ws.on('close', () => {
        const dropped = reader.subscribed;
        reader.subscribed = false;
        settle(false);
        // A live socket the server dropped comes back; a failed attempt is retried by #reopen's loop.
        if (this.#reconnecting && dropped) void this.#reopen(reader);
      });
      ws.on('message', (data: Buffer) => {
        if (data.length === 1 && data[0] === PING) return ws.send('3');
        if (reader.subscribed) return this.#receive(reader, data);
        const text = data.toString();
        if (text.startsWith('0')) ws.send('40/live,');
        else if (text.startsWith('40/live,')) {
          // A new connection: a new socket id, so maybe another group, and its numbering anew.
          reader.group = readerGroup((JSON.parse(text.slice('40/live,'.length)) as { sid: string }).sid);
          reader.nextBatch = 0;
          ws.send(`42/live,1${JSON.stringify(['subscribe', spec.subscribe])}`);
        } else if (text.startsWith('43/live,1')) {
          const ok = text.includes('"ok":true');
          reader.subscribed = ok;
          if (ok && this.#reconnecting) {
            this.#resubscribed++;
            if (this.#resubscribed === this.readers.length) this.#onResubscribed?.();
          }
          settle(ok);
        } else if (text.startsWith('44/live,')) settle(false);
      });
    });
  }

  #receive(reader: Reader, data: Buffer): void {
    if (data.indexOf(EVENT_PREFIX) !== 0) return;
    const t = now();
    reader.messages++;
    reader.bytes += data.length;
    if (this.#spec.mode === 'batched') {
      const at = data.indexOf(BATCH_KEY);
      if (at < 0) return;
      const batch = readNumber(data, at + BATCH_KEY.length);
      // Within a connection a jump is a missed message.
      if (reader.nextBatch !== 0 && batch !== reader.nextBatch) reader.gaps++;
      reader.nextBatch = batch + 1;
      const key = `${reader.group}:${batch}`;
      let list = this.arrivals.get(key);
      if (!list) {
        list = [];
        this.arrivals.set(key, list);
      }
      list.push(t);
    } else {
      const at = data.indexOf(SENT_AT_KEY);
      if (at < 0) return;
      const ms = Math.round(t - readNumber(data, at + SENT_AT_KEY.length));
      this.histogram[Math.max(0, Math.min(HISTOGRAM_MS, ms))]!++;
      this.events++;
    }
  }

  async #reopen(reader: Reader): Promise<void> {
    const widget = this.#spec.reconnect !== 'at-once';
    for (let attempt = 0; this.#reconnecting; attempt++) {
      const wait = widget ? Math.random() * Math.min(1000 * 2 ** attempt, 30_000) : attempt === 0 ? 0 : 100;
      await new Promise((r) => setTimeout(r, wait));
      if (await this.#open(reader)) return;
    }
  }

  /** Waits until every reader, dropped by the server, is subscribed again. */
  storm(timeoutMs: number): Promise<{ resubscribed: number; ms: number }> {
    const started = now();
    this.#resubscribed = 0;
    this.#reconnecting = true;
    return new Promise((done) => {
      const finish = () => {
        clearTimeout(timer);
        this.#onResubscribed = null;
        done({ resubscribed: this.#resubscribed, ms: now() - started });
      };
      const timer = setTimeout(finish, timeoutMs);
      this.#onResubscribed = finish;
    });
  }

  progress() {
    /** Per group, the lowest batch number its readers hold. */
    const lowest: Record<number, number> = {};
    for (const r of this.readers) lowest[r.group] = Math.min(lowest[r.group] ?? Infinity, r.nextBatch - 1);
    return {
      events: this.events,
      lowestBatch: lowest,
      subscribed: this.readers.filter((r) => r.subscribed).length,
    };
  }

  report() {
    const messages = this.readers.reduce((n, r) => n + r.messages, 0);
    const bytes = this.readers.reduce((n, r) => n + r.bytes, 0);
    const gaps = this.readers.reduce((n, r) => n + r.gaps, 0);
    return {
      readers: this.readers.length,
      messages,
      bytes,
      gaps,
      lastBatches: this.readers.map((r) => [r.group, r.nextBatch - 1] as [number, number]),
      arrivals: Object.fromEntries(this.arrivals),
      histogram: this.mode === 'events' ? Array.from(this.histogram) : [],
      events: this.events,
    };
  }

  get mode() {
    return this.#spec.mode;
  }

  close(): void {
    this.#reconnecting = false;
    for (const r of this.readers) r.ws?.terminate();
  }
}

const readers = new Readers();
process.on('message', async (message: { type: string; spec?: WorkerSpec; timeoutMs?: number }) => {
  const reply = (body: object) => process.send!({ type: message.type, ...body });
  if (message.type === 'connect') reply(await readers.connect(message.spec!));
  else if (message.type === 'progress') reply(readers.progress());
  else if (message.type === 'storm') reply(await readers.storm(message.timeoutMs ?? 60_000));
  else if (message.type === 'report') reply(readers.report());
  else if (message.type === 'close') {
    readers.close();
    reply({});
    setTimeout(() => process.exit(0), 50);
  }
});
// The bench is gone (ended, crashed or killed): so is this process.
process.on('disconnect', () => process.exit(0));
