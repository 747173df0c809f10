/**
 * The client's address, for the rate limit and (only when the site turns it on) for storage. Kept
 * only truncated: an IPv4 address to its /24 network, an IPv6 address to its /48, which is
 * enough to see where a flood came from and not enough to name a household (the same truncation
 * Google Analytics and Matomo use for "IP anonymisation").
 */
import { isIP } from 'node:net';

/** IPv4 seen through an IPv6 socket as itself. */
const plain = (address: string): string => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/** An IPv6 address's first `n` groups: `2001:db8:85a3::`. */
function prefix(v6: string, n: number): string {
  const [head = '', tail] = v6.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, n)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::`;
}

/** The address with the host part zeroed: `203.0.113.0`, `2001:db8:85a3::`; null when it is not an IP address. */
export function truncateAddress(address: string): string | null {
  const ip = plain(address);
  const kind = isIP(ip);
  return kind === 4 ? ip.replace(/\.\d+$/, '.0') : kind === 6 ? prefix(ip, 3) : null;
}

/** The rate limit's client: an IPv6 address by its /64 (one subscriber's, any address of it), IPv4 whole. */
export function limitKey(address: string): string {
  const ip = plain(address);
  return isIP(ip) === 6 ? `${prefix(ip, 4)}/64` : ip;
}

/** Without the port some proxies add (`203.0.113.5:50001`, `[2001:db8::1]:443`), or each port is a client. */
const withoutPort = (entry: string): string =>
  /^\[(.*)\](?::\d+)?$/.exec(entry)?.[1] ?? entry.replace(/^([\d.]+):\d+$/, '$1');

/**
 * Who sent the request: `info.clientAddress` (the node:http adapter passes the socket's address),
 * or with `trustProxy` the last address in `X-Forwarded-For` (the one your own proxy appended;
 * earlier ones can be forged by the client), without a port. `null` when unknown.
 */
export function clientAddressOf(request: Request, info: unknown, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for');
    const last = forwarded?.split(',').pop()?.trim();
    if (last) return withoutPort(last);
  }
  const given = typeof info === 'object' && info !== null ? (info as { clientAddress?: unknown }).clientAddress : null;
  return typeof given === 'string' && given ? given : null;
}
