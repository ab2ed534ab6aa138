import { lookup } from 'node:dns';
import { promises as dnsPromises } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses a webhook must not reach unless an admin allows private targets
 * for the site (an on-premise CMS): loopback, private, link-local (cloud
 * metadata at 169.254.169.254), carrier-grade NAT, unspecified, multicast and
 * reserved ranges. Otherwise anyone who can configure a site's webhook could
 * make the service call into its own network (issue 12 item 17).
 */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

/** Whether `address` (an IP literal) is loopback, private, link-local or otherwise not public. */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return NOT_PUBLIC.check(bare, 'ipv4');
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1, or its hex form) is judged as IPv4.
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(bare);
  if (mapped) {
    if (mapped[1]) return isNonPublicAddress(mapped[1]);
    const hi = Number.parseInt(mapped[2]!, 16);
    const lo = Number.parseInt(mapped[3]!, 16);
    return isNonPublicAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return NOT_PUBLIC.check(bare, 'ipv6');
}

export const PRIVATE_TARGET_MESSAGE =
  'points at a loopback, private or link-local address; set webhookAllowPrivateTargets for an on-premise CMS';

/**
 * Checks a webhook URL when an admin configures it: an IP literal or a name that
 * resolves to a non-public address is refused (null when fine). A name that does
 * not resolve yet is accepted: delivery checks again, on the address it connects to.
 */
export async function webhookTargetProblem(url: string, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return 'is not a valid URL';
  }
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return isNonPublicAddress(bare) ? PRIVATE_TARGET_MESSAGE : null;
  const addresses = await dnsPromises.lookup(bare, { all: true }).catch(() => []);
  return addresses.some((a) => isNonPublicAddress(a.address)) ? PRIVATE_TARGET_MESSAGE : null;
}

/** A DNS lookup for the request itself, refusing non-public answers: no gap between check and connect. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const usable = addresses.filter((a) => !isNonPublicAddress(a.address));
    if (usable.length < addresses.length || usable.length === 0) {
      return callback(
        Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: 'EPRIVATETARGET' }),
        '',
        0,
      );
    }
    if (options.all) return (callback as unknown as (e: null, a: typeof usable) => void)(null, usable);
    const first = usable[0]!;
    callback(null, first.address, first.family);
  });
};

/** A POST to a webhook target; the address actually connected to is checked unless private targets are allowed. */
export function postToWebhook(
  url: string,
  init: { headers: Record<string, string>; body: string; signal: AbortSignal; allowPrivate: boolean },
): Promise<number> {
  const target = new URL(url);
  const bare = target.hostname.replace(/^\[|\]$/g, '');
  if (!init.allowPrivate && isIP(bare) && isNonPublicAddress(bare)) {
    return Promise.reject(new Error(`${bare} is not a public address`));
  }
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
    signal: init.signal,
    ...(init.allowPrivate ? {} : { lookup: publicOnlyLookup }),
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((ok, fail) => {
    const req = send(target, options, (res: IncomingMessage) => {
      res.resume();
      res.once('end', () => ok(res.statusCode ?? 0));
      res.once('error', fail);
    });
    req.once('error', fail);
    req.end(init.body);
  });
}
