import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import { addressKey, clientAddress } from '../platform/client-address.js';

/** How long a handshake may hold its slot before its connection opens (else it is given back). */
const HANDSHAKE_MS = 30_000;
const SLOT = Symbol('ordskifte.connectionSlot');

type SlottedRequest = IncomingMessage & { [SLOT]?: { key: string; timer: NodeJS.Timeout } };

/**
 * A cap on open socket.io connections per client address (one engine.io
 * connection carries every namespace of one client). The address is the one
 * HTTP sees (trustProxy hops back in X-Forwarded-For), keyed like rate limits
 * (IPv6 by prefix). The count is per instance. A handshake over the cap is
 * refused (HTTP 403; the client gets `connect_error`).
 */
export class ConnectionCap {
  readonly #open = new Map<string, number>();

  constructor(readonly options: { maxPerAddress: number; trustProxy: number; ipv6PrefixBits: number }) {}

  /** engine.io's `allowRequest`: takes a slot for the handshake, or refuses it. */
  readonly allowRequest = (req: IncomingMessage, callback: (err: string | null, ok: boolean) => void) => {
    const { trustProxy, ipv6PrefixBits, maxPerAddress } = this.options;
    const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustProxy);
    const key = addressKey(address, ipv6PrefixBits);
    const open = this.#open.get(key) ?? 0;
    if (open >= maxPerAddress) return callback('too many connections from this address', false);
    this.#open.set(key, open + 1);
    // Given back if the connection never opens (a failed upgrade); cleared when it does.
    const timer = setTimeout(() => this.#release(key), HANDSHAKE_MS);
    timer.unref();
    (req as SlottedRequest)[SLOT] = { key, timer };
    callback(null, true);
  };

  /** Ties each opened connection's slot to its life. */
  attach(io: Server): void {
    io.engine.on(
      'connection',
      (socket: { request: IncomingMessage; once: (e: 'close', f: () => void) => void }) => {
        const slot = (socket.request as SlottedRequest)[SLOT];
        if (!slot) return;
        clearTimeout(slot.timer);
        socket.once('close', () => this.#release(slot.key));
      },
    );
  }

  #release(key: string): void {
    const open = (this.#open.get(key) ?? 1) - 1;
    if (open <= 0) this.#open.delete(key);
    else this.#open.set(key, open);
  }
}
