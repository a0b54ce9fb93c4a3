import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import { queryTokens } from '../../lib/search-tokens.ts';

type Q = Db | Tx;

/** All regions, ordered for display. */
export function listRegions(db: Q) {
  return db.selectFrom('regions').selectAll().orderBy('sort_order').orderBy('code').execute();
}

const unitColumns = [
  'id',
  'region_code',
  'parent_id',
  'name',
  'short_name',
  'aliases',
  'kind',
  'sort_order',
  'active',
  'version',
  'updated_at',
] as const;

/** Units, optionally filtered by a Chinese or Latin query (two-character queries hit the token index). */
export async function listUnits(db: Q, opts: { q?: string; includeInactive?: boolean } = {}) {
  let q = db.selectFrom('units').select(unitColumns);
  if (!opts.includeInactive) q = q.where('active', '=', true);
  const query = opts.q?.trim();
  if (query) {
    const tokens = queryTokens(query);
    const like = `%${query.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) => {
      const text = eb.or([
        eb('name', 'ilike', like),
        eb('short_name', 'ilike', like),
        eb(sql<string>`array_to_string(aliases, ' ')`, 'ilike', like),
      ]);
      return tokens.length > 0 && query.length > 1
        ? eb.and([eb(sql`search_tokens`, '@>', sql`${sql.val(tokens)}::text[]`), text])
        : text;
    });
  }
  return q.orderBy('sort_order').orderBy('name').execute();
}

/** One unit by id, or undefined. */
export function findUnit(db: Q, id: string) {
  return db.selectFrom('units').select(unitColumns).where('id', '=', id).executeTakeFirst();
}

/** Ids of a unit and all its descendants. */
export async function unitSubtreeIds(db: Q, rootIds: string[]): Promise<string[]> {
  if (rootIds.length === 0) return [];
  const rows = await sql<{ id: string }>`
    with recursive t(id) as (
      select id from units where id = any(${sql.val(rootIds)}::uuid[])
      union select u.id from units u join t on u.parent_id = t.id)
    select id from t`.execute(db);
  return rows.rows.map((r) => r.id);
}

const personColumns = ['id', 'region_code', 'name', 'title', 'unit_id', 'is_leader', 'phone', 'email', 'sort_order', 'active', 'version'] as const;

/** People, optionally only leaders or only those of one unit. */
export async function listPeople(db: Q, opts: { unitId?: string; leadersOnly?: boolean } = {}) {
  let q = db.selectFrom('people').select(personColumns).where('active', '=', true);
  if (opts.unitId) q = q.where('unit_id', '=', opts.unitId);
  if (opts.leadersOnly) q = q.where('is_leader', '=', true);
  const people = await q.orderBy('sort_order').orderBy('name').execute();
  const portfolios = await db.selectFrom('leader_portfolios').selectAll().execute();
  const byPerson = new Map<string, string[]>();
  for (const p of portfolios) byPerson.set(p.person_id, [...(byPerson.get(p.person_id) ?? []), p.unit_id]);
  return people.map((p) => ({ ...p, portfolio_unit_ids: byPerson.get(p.id) ?? [] }));
}

/** One person by id with the leader's portfolio, or undefined. */
export async function findPerson(db: Q, id: string) {
  const person = await db.selectFrom('people').select(personColumns).where('id', '=', id).executeTakeFirst();
  if (!person) return undefined;
  const portfolio = await db.selectFrom('leader_portfolios').select('unit_id').where('person_id', '=', id).execute();
  return { ...person, portfolio_unit_ids: portfolio.map((r) => r.unit_id) };
}

const userColumns = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.person_id',
  'users.unit_id',
  'users.locale',
  'users.active',
  'users.must_change_password',
  'users.version',
  'users.created_at',
] as const;

/** User accounts with their roles (never the password hash). */
export async function listUsers(db: Q, opts: { id?: string; username?: string } = {}) {
  let q = db.selectFrom('users').select(userColumns);
  if (opts.id) q = q.where('users.id', '=', opts.id);
  if (opts.username) q = q.where('users.username', '=', opts.username);
  const users = await q.orderBy('users.username').execute();
  if (users.length === 0) return [];
  const roles = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role', 'unit_id'])
    .where(
      'user_id',
      'in',
      users.map((u) => u.id),
    )
    .execute();
  return users.map((u) => ({
    ...u,
    roles: roles.filter((r) => r.user_id === u.id).map((r) => ({ role: r.role, unitId: r.unit_id })),
  }));
}

/** Org's rows for `luoshi status`: regions, units, people, accounts (users) and audit entries. */
export async function countOrgRows(db: Q): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`select (select count(*)::int from regions) as regions, (select count(*)::int from units) as units,
    (select count(*)::int from people) as people, (select count(*)::int from users) as users, (select count(*)::int from audit_log) as audit_log`.execute(db);
  return { ...rows[0] };
}
