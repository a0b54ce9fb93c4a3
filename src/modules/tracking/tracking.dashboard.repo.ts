import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../server/database.ts';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import { shownStanding, type ProgressClass, type WarningLevel } from './tracking.progress.domain.ts';
import { shownDay } from './tracking.progress.repo.ts';

type Q = Db | Tx;

/** What the dashboard and its task list may be narrowed to; every field is optional. */
export interface DashboardFilter {
  /** 部分: the first heading a task sits under. */
  part?: string;
  /** A lead leader: a person id, or the name as written when not matched to a person. */
  leader?: string;
  /** A lead unit: a unit id, or the name as written when not matched to a unit. */
  unit?: string;
  /** The lead unit's region (its region code, e.g. 120116 for a district's own units). */
  region?: string;
  kind?: 'one_off' | 'phased' | 'ongoing';
  /** Deadline on or after / on or before (tasks without a deadline drop out when either is given). */
  dueFrom?: string;
  dueTo?: string;
  class?: ProgressClass;
  /** A warning, or 'none' for tasks without one. */
  warning?: WarningLevel | 'none';
}

type From = Database & { t: Database['tasks']; p: Database['task_progress'] };
type Base = SelectQueryBuilder<From, 't' | 'p', object>;

const partOf = sql<string>`coalesce(t.group_path[1], '')`;

/** A plan's tracked tasks joined with their stored standing, narrowed by the filter. */
function base(db: Q, regionCode: string, planId: string, f: DashboardFilter): Base {
  let q = (db as unknown as Db)
    .selectFrom('tasks as t')
    .innerJoin('task_progress as p', (j) => j.onRef('p.region_code', '=', 't.region_code').onRef('p.task_id', '=', 't.id'))
    .where('t.region_code', '=', regionCode)
    .where('t.plan_id', '=', planId) as unknown as Base;
  if (f.part !== undefined) q = q.where(partOf, '=', f.part);
  if (f.kind) q = q.where('t.task_kind', '=', f.kind);
  if (f.dueFrom) q = q.where('t.due_date', '>=', f.dueFrom);
  if (f.dueTo) q = q.where('t.due_date', '<=', f.dueTo);
  if (f.class) q = q.where('p.class', '=', f.class);
  if (f.warning) q = f.warning === 'none' ? q.where('p.warning', 'is', null) : q.where('p.warning', '=', f.warning);
  if (f.unit !== undefined) {
    const unit = f.unit;
    q = q.where((eb: ExpressionBuilder<From, 't' | 'p'>) =>
      eb.exists(
        eb
          .selectFrom('task_units as u')
          .select(sql`1`.as('one'))
          .whereRef('u.region_code', '=', 't.region_code')
          .whereRef('u.task_id', '=', 't.id')
          .where('u.role', '=', 'lead')
          .where(sql<string>`coalesce(u.unit_id::text, u.raw_name)`, '=', unit),
      ),
    );
  }
  if (f.region !== undefined) {
    const region = f.region;
    q = q.where((eb: ExpressionBuilder<From, 't' | 'p'>) =>
      eb.exists(
        eb
          .selectFrom('task_units as u')
          .innerJoin('units as un', 'un.id', 'u.unit_id')
          .select(sql`1`.as('one'))
          .whereRef('u.region_code', '=', 't.region_code')
          .whereRef('u.task_id', '=', 't.id')
          .where('u.role', '=', 'lead')
          .where('un.region_code', '=', region),
      ),
    );
  }
  if (f.leader !== undefined) {
    const leader = f.leader;
    q = q.where((eb: ExpressionBuilder<From, 't' | 'p'>) =>
      eb.exists(
        eb
          .selectFrom('task_leaders as l')
          .select(sql`1`.as('one'))
          .whereRef('l.region_code', '=', 't.region_code')
          .whereRef('l.task_id', '=', 't.id')
          .where(sql<string>`coalesce(l.person_id::text, l.raw_name)`, '=', leader),
      ),
    );
  }
  return q;
}

/** A count of tasks of one class and warning within one group. */
export interface GroupCount {
  key: string;
  label: string;
  class: ProgressClass;
  warning: WarningLevel | null;
  n: number;
}

/** Counts of tasks by class and warning: overall, by part, by lead leader and by lead unit. */
export async function dashboardCounts(db: Q, regionCode: string, planId: string, f: DashboardFilter) {
  const total = base(db, regionCode, planId, f)
    .select(['p.class', 'p.warning', sql<number>`count(*)::int`.as('n')])
    .groupBy(['p.class', 'p.warning'])
    .execute();
  const parts = base(db, regionCode, planId, f)
    .select([partOf.as('key'), 'p.class', 'p.warning', sql<number>`count(*)::int`.as('n')])
    .groupBy([partOf, 'p.class', 'p.warning'])
    .execute();
  const leaders = base(db, regionCode, planId, f)
    .innerJoin('task_leaders as l', (j) => j.onRef('l.region_code', '=', 't.region_code').onRef('l.task_id', '=', 't.id'))
    .leftJoin('people as pe', 'pe.id', 'l.person_id')
    .select([
      sql<string>`coalesce(l.person_id::text, l.raw_name)`.as('key'),
      sql<string>`coalesce(max(pe.name), max(l.raw_name))`.as('label'),
      'p.class',
      'p.warning',
      sql<number>`count(distinct t.id)::int`.as('n'),
    ])
    .groupBy([sql`coalesce(l.person_id::text, l.raw_name)`, 'p.class', 'p.warning'])
    .execute();
  const units = unitCounts(db, regionCode, planId, f);
  const regions = base(db, regionCode, planId, f)
    .innerJoin('task_units as u', (j) => j.onRef('u.region_code', '=', 't.region_code').onRef('u.task_id', '=', 't.id'))
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .innerJoin('regions as rg', 'rg.code', 'un.region_code')
    .where('u.role', '=', 'lead')
    .select(['un.region_code as key', sql<string>`max(rg.name)`.as('label'), 'p.class', 'p.warning', sql<number>`count(distinct t.id)::int`.as('n')])
    .groupBy(['un.region_code', 'p.class', 'p.warning'])
    .execute();
  const reports = base(db, regionCode, planId, f)
    .select([sql<number>`coalesce(sum(p.reports_due), 0)::int`.as('due'), sql<number>`coalesce(sum(p.reports_on_time), 0)::int`.as('onTime')])
    .executeTakeFirstOrThrow();
  const [a, b, c, d, e, r] = await Promise.all([total, parts, leaders, units, regions, reports]);
  return {
    reports: r,
    total: a as { class: ProgressClass; warning: WarningLevel | null; n: number }[],
    parts: b.map((r) => ({ ...r, label: r.key })) as GroupCount[],
    leaders: c as GroupCount[],
    units: d,
    regions: e as GroupCount[],
  };
}

/** Counts of tasks by lead unit, class and warning (the dashboard's unit list, counted from scratch). */
export async function unitCounts(db: Q, regionCode: string, planId: string, f: DashboardFilter): Promise<GroupCount[]> {
  return (await base(db, regionCode, planId, f)
    .innerJoin('task_units as u', (j) => j.onRef('u.region_code', '=', 't.region_code').onRef('u.task_id', '=', 't.id'))
    .leftJoin('units as un', 'un.id', 'u.unit_id')
    .where('u.role', '=', 'lead')
    .select([
      sql<string>`coalesce(u.unit_id::text, u.raw_name)`.as('key'),
      sql<string>`coalesce(max(coalesce(nullif(un.short_name, ''), un.name)), max(u.raw_name))`.as('label'),
      'p.class',
      'p.warning',
      sql<number>`count(*)::int`.as('n'),
    ])
    .groupBy([sql`coalesce(u.unit_id::text, u.raw_name)`, 'p.class', 'p.warning'])
    .execute()) as GroupCount[];
}

const WARNING_ORDER = sql<number>`case p.warning when 'red' then 0 when 'yellow' then 1 when 'blue' then 2 else 3 end`;

/**
 * The tasks behind a number, read with the page's columns, their leaders (`key` the person's id, or the name as written
 * while unmatched; `name` as the directory spells it) and lead unit (the same, its short name first) among them:
 * evaluated only for the page's rows (PostgreSQL computes such subqueries after the sort and limit), and one round
 * trip fewer than reading them by the page's ids. Joined on the region too, as Citus requires.
 */
const taskColumns = (q: Base) =>
  q.select([
    sql<{ key: string; name: string }[]>`coalesce((select json_agg(json_build_object('key', coalesce(l.person_id::text, l.raw_name), 'name', coalesce(pe.name, l.raw_name)) order by l.position)
      from task_leaders l left join people pe on pe.id = l.person_id where l.region_code = t.region_code and l.task_id = t.id), '[]'::json)`.as('leaders'),
    sql<{ key: string; name: string } | null>`(select json_build_object('key', coalesce(u.unit_id::text, u.raw_name), 'name', coalesce(nullif(un.short_name, ''), nullif(un.name, ''), u.raw_name))
      from task_units u left join units un on un.id = u.unit_id where u.region_code = t.region_code and u.task_id = t.id and u.role = 'lead')`.as('lead_unit'),
    't.id',
    't.seq',
    't.position',
    't.title',
    't.task_kind',
    't.deadline_text',
    't.due_date',
    't.original_due_date',
    partOf.as('part'),
    shownDay('p').as('as_of'),
    'p.expected',
    'p.expected_line',
    'p.actual',
    'p.class',
    'p.warning',
    'p.late_reports',
    'p.reason_zh',
    'p.reason_en',
  ]);

/**
 * The tasks behind a number: red and yellow first, then in the plan's order; a page of them and how many in all.
 * `byWarning`, the filtered tasks counted by warning when known (a whole plan's stored counts), lets each warning's
 * tasks be read on their own in the plan's order (an index walk that stops at the page) instead of sorting them all.
 */
export async function dashboardTasks(
  db: Q,
  regionCode: string,
  planId: string,
  f: DashboardFilter,
  page: { limit: number; offset: number },
  byWarning?: Record<WarningLevel | 'none', number>,
) {
  let rows: Awaited<ReturnType<ReturnType<typeof taskColumns>['execute']>>;
  let count: { n: number };
  if (byWarning) {
    rows = [];
    let skip = page.offset;
    let want = page.limit;
    for (const w of ['red', 'yellow', 'blue', 'none'] as const) {
      const n = byWarning[w];
      if (want <= 0) break;
      if (skip >= n) {
        skip -= n;
        continue;
      }
      const q = base(db, regionCode, planId, f);
      const of = w === 'none' ? q.where('p.warning', 'is', null) : q.where('p.warning', '=', w);
      rows.push(...(await taskColumns(of).orderBy('t.position').limit(want).offset(skip).execute()));
      want = page.limit - rows.length;
      skip = 0;
    }
    count = { n: byWarning.red + byWarning.yellow + byWarning.blue + byWarning.none };
  } else {
    [rows, count] = await Promise.all([
      taskColumns(base(db, regionCode, planId, f)).orderBy(WARNING_ORDER).orderBy('t.position').limit(page.limit).offset(page.offset).execute(),
      base(db, regionCode, planId, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
  }
  return { total: count.n, rows: rows.map(shownStanding) };
}

/**
 * How many of a plan's tasks have a stored standing, and the oldest and newest days they are shown for (shownDay: a
 * row written by the plan's whole recompute keeps as_of null and is shown for the plan's progress day; reading the
 * bare as_of, every read that did not find the dashboard's counts holding recomputed the whole plan again).
 */
export async function storedState(db: Q, regionCode: string, planId: string) {
  const [tasks, stored] = await Promise.all([
    (db as Db).selectFrom('tasks').select(sql<number>`count(*)::int`.as('n')).where('region_code', '=', regionCode).where('plan_id', '=', planId).executeTakeFirstOrThrow(),
    (db as Db)
      .selectFrom('task_progress as p')
      .select([sql<number>`count(*)::int`.as('n'), sql<string | null>`min(${shownDay('p')})::text`.as('oldest'), sql<string | null>`max(${shownDay('p')})::text`.as('newest')])
      .where('p.region_code', '=', regionCode)
      .where('p.plan_id', '=', planId)
      .executeTakeFirstOrThrow(),
  ]);
  return { tasks: tasks.n, stored: stored.n, oldest: stored.oldest, newest: stored.newest };
}

/** The lead and supporting units of a plan's tasks, with their names (the name as written while unmatched). */
export async function planTaskUnits(db: Q, regionCode: string, planId: string) {
  return (db as Db)
    .selectFrom('task_units as u')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'u.region_code').onRef('t.id', '=', 'u.task_id'))
    .leftJoin('units as un', 'un.id', 'u.unit_id')
    .select(['u.task_id', 'u.role', sql<string>`coalesce(u.unit_id::text, u.raw_name)`.as('key'), sql<string>`coalesce(nullif(un.short_name, ''), un.name, u.raw_name)`.as('name')])
    .where('u.region_code', '=', regionCode)
    .where('t.plan_id', '=', planId)
    .execute();
}

/** The ids of a plan's tracked tasks that the filter keeps (the trend judges these). */
export async function filteredTaskIds(db: Q, regionCode: string, planId: string, f: DashboardFilter): Promise<string[]> {
  return (await base(db, regionCode, planId, f).select('t.id').execute()).map((r) => r.id);
}

/** What a plan's stored dashboard counts were taken at (migration 0015), or undefined before the first. */
export async function summaryState(db: Q, regionCode: string, planId: string) {
  return (db as Db)
    .selectFrom('plan_dashboard_state')
    .select([
      'stamp',
      'summary_stamp',
      'summary_plan_updated_at',
      sql<string | null>`summary_as_of::text`.as('summary_as_of'),
      'summary_org_stamp',
      'tasks',
      'reports_due',
      'reports_on_time',
    ])
    .where('region_code', '=', regionCode)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
}
export type SummaryState = NonNullable<Awaited<ReturnType<typeof summaryState>>>;

/** One stored row of counts: a group of a dimension (or the plan's total), its tasks by class and by warning. */
export interface SummaryRow {
  dim: 'total' | 'part' | 'leader' | 'unit' | 'region';
  key: string;
  label: string;
  total: number;
  ahead: number;
  on_track: number;
  behind: number;
  done: number;
  overdue: number;
  red: number;
  yellow: number;
  blue: number;
  no_warning: number;
}

/**
 * A plan's stored counts, with the current name of each matched person, unit and region (the stored label is the
 * name as written, for the unmatched).
 */
export async function summaryRows(db: Q, regionCode: string, planId: string, dims?: SummaryRow['dim'][]): Promise<SummaryRow[]> {
  let q = (db as Db)
    .selectFrom('plan_dashboard_counts')
    .select(['dim', 'key', 'ref_id', 'label', 'total', 'ahead', 'on_track', 'behind', 'done', 'overdue', 'red', 'yellow', 'blue', 'no_warning'])
    .where('region_code', '=', regionCode)
    .where('plan_id', '=', planId);
  if (dims) q = q.where('dim', 'in', dims);
  const rows = await q.execute();
  // The names are looked up by key, each kind in one indexed query (a join planned without statistics, as on PGlite,
  // walked every unit for every row).
  const ids = (d: SummaryRow['dim']) => [...new Set(rows.filter((r) => r.dim === d && r.ref_id !== null).map((r) => r.ref_id!))];
  const regionCodes = [...new Set(rows.filter((r) => r.dim === 'region').map((r) => r.key))];
  const [people, units, regions] = await Promise.all([
    ids('leader').length ? (db as Db).selectFrom('people').select(['id', 'name']).where('id', '=', sql<string>`any(${ids('leader')}::uuid[])`).execute() : [],
    ids('unit').length ? (db as Db).selectFrom('units').select(['id', 'name', 'short_name']).where('id', '=', sql<string>`any(${ids('unit')}::uuid[])`).execute() : [],
    regionCodes.length ? (db as Db).selectFrom('regions').select(['code', 'name']).where('code', 'in', regionCodes).execute() : [],
  ]);
  const personName = new Map(people.map((p) => [p.id, p.name]));
  const unitName = new Map(units.map((u) => [u.id, u.short_name || u.name]));
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  return rows.map(({ ref_id, ...r }) => ({
    ...r,
    label:
      (r.dim === 'leader' && ref_id !== null ? personName.get(ref_id) : r.dim === 'unit' && ref_id !== null ? unitName.get(ref_id) : r.dim === 'region' ? regionName.get(r.key) : undefined) ??
      r.label,
  }));
}

/**
 * Stores a plan's counts as taken at `stamp` (read before they were counted), replacing what was stored. The plan's
 * state row is locked first, so two readers storing at once write one after the other.
 */
export async function saveSummary(
  trx: Tx,
  regionCode: string,
  planId: string,
  at: { stamp: number; planUpdatedAt: Date | string; asOf: string; orgStamp: string; tasks: number; reportsDue: number; reportsOnTime: number },
  rows: SummaryRow[],
): Promise<void> {
  await trx.insertInto('plan_dashboard_state').values({ region_code: regionCode, plan_id: planId }).onConflict((oc) => oc.columns(['region_code', 'plan_id']).doNothing()).execute();
  await trx.selectFrom('plan_dashboard_state').select('stamp').where('region_code', '=', regionCode).where('plan_id', '=', planId).forUpdate().execute();
  await trx.deleteFrom('plan_dashboard_counts').where('region_code', '=', regionCode).where('plan_id', '=', planId).execute();
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  for (let i = 0; i < rows.length; i += 1000) {
    await trx
      .insertInto('plan_dashboard_counts')
      .values(rows.slice(i, i + 1000).map((r) => ({ region_code: regionCode, plan_id: planId, ...r, ref_id: (r.dim === 'leader' || r.dim === 'unit') && UUID.test(r.key) ? r.key : null })))
      .execute();
  }
  await trx
    .updateTable('plan_dashboard_state')
    .set({
      summary_stamp: at.stamp,
      summary_plan_updated_at: at.planUpdatedAt,
      summary_as_of: at.asOf,
      summary_org_stamp: at.orgStamp,
      tasks: at.tasks,
      reports_due: at.reportsDue,
      reports_on_time: at.reportsOnTime,
    })
    .where('region_code', '=', regionCode)
    .where('plan_id', '=', planId)
    .execute();
}

/**
 * What the stored counts depend on in the directory, as one string: the latest change to any unit (a unit moved to
 * another region changes the by-region counts) and the people there are and their latest change (a person deleted
 * changes the by-leader counts). Units and people are small tables; read with every whole-plan dashboard.
 */
export async function orgStamp(db: Q): Promise<string> {
  const r = await sql<{ stamp: string }>`select concat_ws('|',
      (select max(updated_at)::text from units), (select count(*)::text from units),
      (select max(updated_at)::text from people), (select count(*)::text from people)) as stamp`.execute(db);
  return r.rows[0].stamp;
}

/** How the dashboard's unit list may be sorted: 'attention' is most red, then yellow, then most tasks. */
export const UNIT_SORTS = ['attention', 'name', 'total', 'red', 'yellow', 'blue', 'overdue', 'behind', 'on_track', 'ahead', 'done'] as const;
export type UnitSort = (typeof UNIT_SORTS)[number];

/** A page of the unit list: which units (a name containing q), sorted how, from where. */
export interface UnitPage {
  q?: string;
  sort: UnitSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/**
 * A page of a plan's stored counts by lead unit, with each matched unit's current name, and how many units match; the
 * sort is done by the database (an ORDER BY … LIMIT over the plan's few thousand rows at most), ties broken by key
 * in code-point order, as {@link compareUnits} does.
 */
export async function summaryUnits(db: Q, regionCode: string, planId: string, page: UnitPage): Promise<{ total: number; rows: SummaryRow[] }> {
  const name = sql<string>`coalesce(nullif(un.short_name, ''), un.name, c.label)`;
  let q = (db as Db)
    .selectFrom('plan_dashboard_counts as c')
    .leftJoin('units as un', 'un.id', 'c.ref_id')
    .where('c.region_code', '=', regionCode)
    .where('c.plan_id', '=', planId)
    .where('c.dim', '=', 'unit');
  const needle = page.q?.trim().toLowerCase();
  if (needle) q = q.where(sql<boolean>`strpos(lower(${name}), ${needle}) > 0`);
  const dir = page.order === 'asc' ? sql`asc` : sql`desc`;
  const order =
    page.sort === 'attention'
      ? sql`c.red ${dir}, c.yellow ${dir}, c.total ${dir}`
      : page.sort === 'name'
        ? sql`${name} collate "C" ${dir}`
        : sql`${sql.ref(`c.${page.sort}`)} ${dir}`;
  const [rows, count] = await Promise.all([
    q
      .select([
        sql<SummaryRow['dim']>`c.dim`.as('dim'),
        'c.key',
        name.as('label'),
        'c.total',
        'c.ahead',
        'c.on_track',
        'c.behind',
        'c.done',
        'c.overdue',
        'c.red',
        'c.yellow',
        'c.blue',
        'c.no_warning',
      ])
      .orderBy(sql`${order}, c.key collate "C" asc`)
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: count.n, rows };
}

/** The sort of {@link summaryUnits} over groups counted in memory (a filtered dashboard's units). */
export function compareUnits(sort: UnitSort, order: 'asc' | 'desc') {
  const cp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const value = (g: { total: number; classes: Record<ProgressClass, number>; warnings: Record<WarningLevel | 'none', number> }, k: Exclude<UnitSort, 'attention' | 'name'>) =>
    k === 'total' ? g.total : k === 'red' || k === 'yellow' || k === 'blue' ? g.warnings[k] : g.classes[k];
  const sign = order === 'asc' ? 1 : -1;
  return (a: { key: string; label: string; total: number; classes: Record<ProgressClass, number>; warnings: Record<WarningLevel | 'none', number> }, b: typeof a) =>
    (sort === 'attention'
      ? sign * (a.warnings.red - b.warnings.red || a.warnings.yellow - b.warnings.yellow || a.total - b.total)
      : sort === 'name'
        ? sign * cp(a.label, b.label)
        : sign * (value(a, sort) - value(b, sort))) || cp(a.key, b.key);
}
