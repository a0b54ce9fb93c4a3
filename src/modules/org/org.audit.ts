import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { Actor } from './org.policy.ts';
import { forgetIdentities, IDENTITY_ENTITIES } from './org.session-cache.ts';

/** One change to record: what entity, which one, what happened, and the values before and after. */
export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string;
  summary?: string;
  before?: unknown;
  after?: unknown;
  regionCode?: string;
}

const SECRET_FIELDS = new Set(['password', 'password_hash', 'passwordHash', 'token_hash', 'csrf_token']);

function redact(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_FIELDS.has(k) ? '[redacted]' : redact(v);
    }
    return out;
  }
  return value;
}

/**
 * The region an actor works in: that of its unit (or its person's unit), or '000000' for the system and accounts
 * without a unit. Entries and analyses that concern no one region carry it, so they spread over the regions' shards
 * instead of all landing on '000000's (decisions/0003).
 */
export async function actorRegion(db: Tx | Db, actor: Actor): Promise<string> {
  if (!actor.unitId && !actor.personId) return '000000';
  const row = await db
    .selectFrom('units')
    .select('region_code')
    .where('id', '=', actor.unitId ?? sql<string>`(select unit_id from people where id = ${actor.personId})`)
    .executeTakeFirst();
  return row?.region_code ?? '000000';
}

/**
 * Appends an audit entry inside the caller's transaction, so the change and its record land together.
 * Secrets (password hashes, tokens) are redacted. Without `regionCode`, the entry carries the actor's region.
 */
export async function recordAudit(trx: Tx | Db, actor: Actor, entry: AuditEntry): Promise<void> {
  // A failed sign-in changes nobody's identity: guessing passwords must not empty every session's cache.
  if (IDENTITY_ENTITIES.has(entry.entity) && entry.action !== 'login_failed') forgetIdentities();
  await trx
    .insertInto('audit_log')
    .values({
      region_code: entry.regionCode ?? (await actorRegion(trx, actor)),
      actor_user_id: actor.userId,
      actor_name: actor.name,
      via: actor.via,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      summary: entry.summary ?? '',
      before: entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
      after: entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
      request_id: actor.requestId ?? null,
    })
    .execute();
}

/** Filters for browsing the audit log. */
export interface AuditQuery {
  entity?: string;
  entityId?: string;
  actorUserId?: string;
  action?: string;
  from?: string;
  to?: string;
  q?: string;
  limit?: number;
  /** Keyset cursor: the id of the last entry of the previous page. */
  before?: number;
}

/** Reads audit entries, newest first, with filters and keyset paging. */
export async function queryAudit(db: Db | Tx, query: AuditQuery) {
  let q = db.selectFrom('audit_log').selectAll();
  if (query.entity) q = q.where('entity', '=', query.entity);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  if (query.actorUserId) q = q.where('actor_user_id', '=', query.actorUserId);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.from) q = q.where('at', '>=', new Date(query.from));
  if (query.to) q = q.where('at', '<', new Date(query.to));
  if (query.before) q = q.where('id', '<', query.before);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) =>
      eb.or([eb('summary', 'ilike', like), eb('actor_name', 'ilike', like), eb(sql<string>`coalesce(after::text, before::text, '')`, 'ilike', like)]),
    );
  }
  return q
    .orderBy('id', 'desc')
    .limit(Math.min(query.limit ?? 50, 500))
    .execute();
}
