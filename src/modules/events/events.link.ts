import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secret of a participant's personal link (个人链接): 24 random bytes (192 bits) as 32 base64url characters, safe
 * in a URL path. Only its SHA-256 is stored (event_participants.token_hash, migration 0023).
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: linkTokenHash(token) };
}

/** The stored form of a link token: SHA-256, hex. */
export const linkTokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Whether a string has a link token's shape (checked before any lookup, so junk costs no query). */
export const isLinkTokenShape = (token: string): boolean => /^[A-Za-z0-9_-]{32}$/.test(token);

/** Compares a stored hash with the hash of a shown token in constant time. */
export function sameLinkHash(stored: string, shown: string): boolean {
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(shown, 'hex');
  return a.length === 32 && a.length === b.length && timingSafeEqual(a, b);
}
