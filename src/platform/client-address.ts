import { isIPv4, isIPv6 } from 'node:net';
import type { Express, Request } from 'express';

/**
 * The client's address as the service sees it: the peer's address, or the one
 * `trustProxy` hops back in X-Forwarded-For (the rule Express applies to
 * `req.ip` with `trust proxy` set to a hop count), for connections that do not
 * pass through Express (socket.io handshakes).
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: number,
): string {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  // Nearest first: the peer, then X-Forwarded-For from its right end.
  const chain = [peer ?? '', ...forwarded.reverse()];
  return chain[Math.min(trustProxy, chain.length - 1)] ?? '';
}

/**
 * One key per client for limits: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is the
 * IPv4 address, IPv6 is written one way (any spelling of an address is the same
 * key), and cut to its first `ipv6PrefixBits` bits, since one subscriber gets a
 * whole /64 and can use a fresh address for every request.
 */
export function addressKey(address: string, ipv6PrefixBits = 64): string {
  let ip = address.trim().toLowerCase();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  const mapped =
    /^(?:0{0,4}:){0,5}ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip;
  const groups = expandIPv6(ip);
  if (!groups) return ip;
  const bits = Math.max(0, Math.min(128, ipv6PrefixBits));
  const masked = groups.map((group, i) => {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    return keep === 0 ? 0 : group & (0xffff << (16 - keep)) & 0xffff;
  });
  return `${masked.map((g) => g.toString(16)).join(':')}/${bits}`;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail included). */
function expandIPv6(ip: string): number[] | null {
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = v4[1].split('.').map(Number);
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...Array<string>(fill).fill('0'), ...right];
  if (all.length !== 8) return null;
  return all.map((g) => Number.parseInt(g || '0', 16));
}

const CLIENT_KEY = Symbol('clientKey');

/**
 * Makes `req.ip` the client key ({@link addressKey}) for every request of `app`:
 * rate limits, report counts and stored IP hashes then count clients, not
 * spellings of their addresses. A getter on the app's request prototype, worked
 * out the first time a request reads it: a public GET never does, and paid for
 * it on every request as a middleware. Call after `trust proxy` is set (it is
 * read when the key is).
 */
export function clientKeys(app: Express, ipv6PrefixBits: number): void {
  let owner: object | null = app.request;
  while (owner && !Object.getOwnPropertyDescriptor(owner, 'ip')) owner = Object.getPrototypeOf(owner);
  const address = owner && Object.getOwnPropertyDescriptor(owner, 'ip')?.get;
  if (!address) throw new Error("express's request has no `ip` getter to wrap");
  Object.defineProperty(app.request, 'ip', {
    configurable: true,
    enumerable: true,
    get(this: Request & { [CLIENT_KEY]?: string }) {
      let key = this[CLIENT_KEY];
      if (key === undefined) {
        key = addressKey(address.call(this) ?? this.socket.remoteAddress ?? '', ipv6PrefixBits);
        this[CLIENT_KEY] = key;
      }
      return key;
    },
  });
}
