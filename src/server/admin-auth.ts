/**
 * The admin API's bearer token. The site owner sets it (at least 32 characters, random); the
 * server keeps only its SHA-256 digest and compares the digest of what a request presents with
 * `timingSafeEqual`: equal-length buffers whatever the token's length, so neither the content nor
 * the length of the secret leaks through the time an answer takes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The shortest token accepted. */
export const MIN_TOKEN_LENGTH = 32;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** What a request presented: a right token, none at all, or a wrong one. */
export type TokenCheck = 'ok' | 'missing' | 'invalid';

/** Throws a clear error unless `token` is usable: visible ASCII (it travels in a header), at least 32 characters. */
export function assertToken(token: unknown): asserts token is string {
  if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token))
    throw new Error(
      `candor/server: admin.token must be a secret of at least ${MIN_TOKEN_LENGTH} visible ASCII characters without spaces (make one with \`openssl rand -base64 32\`)`,
    );
}

/** Checks requests against `token` (`Authorization: Bearer <token>`). */
export function createTokenCheck(token: string): (request: Request) => TokenCheck {
  assertToken(token);
  const expected = digest(token);
  return (request) => {
    const match = /^Bearer +(\S+)$/i.exec(request.headers.get('authorization') ?? '');
    if (!match) return 'missing';
    return timingSafeEqual(digest(match[1]!), expected) ? 'ok' : 'invalid';
  };
}
