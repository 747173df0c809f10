/**
 * The client's address, for the rate limit and (only when the site turns it on) for storage. Kept
 * only truncated: an IPv4 address to its /24 network, an IPv6 address to its /48, which is
 * enough to see where a flood came from and not enough to name a household (the same truncation
 * Google Analytics and Matomo use for "IP anonymisation").
 */
import { isIP } from 'node:net';

/** The address with the host part zeroed: `203.0.113.0`, `2001:db8:85a3::`; null when it is not an IP address. */
export function truncateAddress(address: string): string | null {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, ''); // IPv4 seen through an IPv6 socket
  const kind = isIP(plain);
  if (kind === 4) return plain.replace(/\.\d+$/, '.0');
  if (kind !== 6) return null;
  const [head = '', tail] = plain.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 3)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::`;
}

/**
 * Who sent the request: `info.clientAddress` (the node:http adapter passes the socket's address),
 * or with `trustProxy` the last address in `X-Forwarded-For` (the one your own proxy appended;
 * earlier ones can be forged by the client). `null` when unknown.
 */
export function clientAddressOf(request: Request, info: unknown, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for');
    const last = forwarded?.split(',').pop()?.trim();
    if (last) return last;
  }
  const given = typeof info === 'object' && info !== null ? (info as { clientAddress?: unknown }).clientAddress : null;
  return typeof given === 'string' && given ? given : null;
}
