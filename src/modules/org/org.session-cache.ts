import type { Actor } from './org.policy.ts';
import type { listUsers } from './org.repo.ts';

/** A signed-in session as a request needs it: the session, the actor, and the account behind it. */
export interface SessionIdentity {
  session: { userId: string; csrfToken: string; tokenHash: string; expiresAt: number };
  actor: Actor;
  user: Awaited<ReturnType<typeof listUsers>>[number];
}

// Who a session is changes rarely, but is read on every request: keep it in memory for a short while.
// Any change to accounts, roles, units, people or sessions made in this process (each writes an audit entry)
// clears the cache at once; another process serving the same PostgreSQL sees such a change within TTL_MS.
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;
// Keyed by the cookie's token itself, which every request of the session carries anyway: hashing it (HMAC)
// on every request cost more than the rest of the lookup. Only the hash is ever stored in the database.
const entries = new Map<string, { identity: SessionIdentity; at: number }>();

/** The cached identity of a session token, if fresh and not expired. */
export function cachedIdentity(token: string, now = Date.now()): SessionIdentity | null {
  const hit = entries.get(token);
  if (!hit) return null;
  if (now - hit.at > TTL_MS || hit.identity.session.expiresAt < now) {
    entries.delete(token);
    return null;
  }
  return hit.identity;
}

/** Remembers a session's identity under its token. */
export function cacheIdentity(token: string, identity: SessionIdentity, now = Date.now()): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(token, { identity, at: now });
}

/** Forgets one session (logout, by its token) or, without an argument, every session (a change to who may do what). */
export function forgetIdentities(token?: string): void {
  if (token) entries.delete(token);
  else entries.clear();
}

/** Entities whose change can alter what a session may do. */
export const IDENTITY_ENTITIES = new Set(['user', 'unit', 'person', 'session', 'system']);
