import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import { shownStanding } from './tracking.progress.domain.ts';
import { knownOn, shownDay } from './tracking.progress.repo.ts';

type Q = Db | Tx;
const NO_ID = ['00000000-0000-0000-0000-000000000000'];
const ids = (list: string[]) => (list.length ? list : NO_ID);

const REPORT_FIELDS = ['r.id', 'r.task_id', 'r.period', 'r.period_end', 'r.percent', 'r.done_text', 'r.problems', 'r.help_needed', 'r.next_steps'] as const;

/**
 * The lead unit's accepted reports known by asOf (accepted by then, or for a period ended by then), latest first within
 * a task (the latest period, then the latest review): the first of a task's is its latest accepted report.
 */
function acceptedKnown(db: Q, regionCode: string, asOf: string) {
  return db
    .selectFrom('task_reports as r')
    .select([...REPORT_FIELDS])
    .where('r.region_code', '=', regionCode)
    .where('r.role', '=', 'lead')
    .where('r.status', '=', 'accepted')
    .where(knownOn('r'), '<=', asOf)
    .orderBy('r.period_end', 'desc')
    .orderBy('r.reviewed_at', 'desc');
}

/** Each task's latest accepted report (the lead unit's) known by asOf (see {@link acceptedKnown}). */
function latestAcceptedReports(db: Q, regionCode: string, asOf: string) {
  return acceptedKnown(db, regionCode, asOf).distinctOn('r.task_id').clearOrderBy().orderBy('r.task_id').orderBy('r.period_end', 'desc').orderBy('r.reviewed_at', 'desc');
}

/**
 * What the 台账 adds to some tasks (one query for all of them): each task's stored standing, in numbers for the day it
 * is shown for (class, warning, expected and actual percent; `class` null without one), and its latest accepted report
 * known by asOf (`report_id` null without one), looked up task by task through the reports' index (the task's ~10
 * reports, not a sort of every report of the batch).
 */
export async function ledgerFacts(db: Q, regionCode: string, taskIds: string[], asOf: string) {
  const rows = await db
    .selectFrom('tasks as t')
    .leftJoin('task_progress as p', (j) => j.onRef('p.region_code', '=', 't.region_code').onRef('p.task_id', '=', 't.id'))
    .leftJoinLateral(acceptedKnown(db, regionCode, asOf).where('r.region_code', '=', sql.ref<string>('t.region_code')).where('r.task_id', '=', sql.ref<string>('t.id')).limit(1).as('r'), (j) => j.onTrue())
    .select([
      't.id as task_id',
      shownDay<string | null>('p').as('as_of'),
      'p.expected',
      'p.expected_line',
      'p.actual',
      'p.class',
      'p.warning',
      sql<null>`null`.as('reason_zh'),
      sql<null>`null`.as('reason_en'),
      'r.id as report_id',
      'r.period',
      'r.done_text',
      'r.problems',
      'r.help_needed',
      'r.next_steps',
    ])
    .where('t.region_code', '=', regionCode)
    .where('t.id', '=', (eb) => eb.fn.any(sql<string[]>`${sql.val(taskIds)}::uuid[]`))
    .execute();
  // The reasons are not shown in the 台账: selected as null, they are not put in words.
  return rows.map(shownStanding);
}

/**
 * The latest accepted report of each task of a plan whose 存在问题 or 需协调事项 is not empty, in the plan's order
 * (at most `limit`).
 */
export async function planProblems(db: Q, regionCode: string, planId: string, asOf: string, limit: number) {
  const latest = latestAcceptedReports(db, regionCode, asOf).where('r.plan_id', '=', planId).as('x');
  return db
    .selectFrom(latest)
    .innerJoin('tasks as t', (j) => j.onRef('t.id', '=', 'x.task_id').on('t.region_code', '=', regionCode))
    .select(['x.id', 'x.task_id', 'x.period', 'x.problems', 'x.help_needed', 't.seq', 't.position', 't.title'])
    .where((eb) => eb.or([eb('x.problems', '<>', ''), eb('x.help_needed', '<>', '')]))
    .orderBy('t.position')
    .limit(limit)
    .execute();
}

/** Each part (the first level of the tasks' group path, '' for none) with the position of its first task: the plan's order. */
export async function planPartOrder(db: Q, regionCode: string, planId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('tasks as t')
    .select([sql<string>`coalesce(t.group_path[1], '')`.as('part'), sql<number>`min(t.position)::int`.as('first')])
    .where('t.region_code', '=', regionCode)
    .where('t.plan_id', '=', planId)
    .groupBy(sql`coalesce(t.group_path[1], '')`)
    .execute();
  return new Map(rows.map((r) => [r.part, Number(r.first)]));
}

/** The keys of a plan's tasks' extra columns (任务分解, 工作目标 …), sorted. */
export async function planExtraKeys(db: Q, regionCode: string, planId: string): Promise<string[]> {
  const r = await sql<{ key: string }>`select distinct jsonb_object_keys(extra) as key from tasks where region_code = ${regionCode} and plan_id = ${planId} order by 1`.execute(db);
  return r.rows.map((x) => x.key);
}

/** The highlights picked for a plan's briefing of a day, in their order, with their tasks and reports. */
export function highlights(db: Q, regionCode: string, planId: string, day: string) {
  return db
    .selectFrom('briefing_highlights as h')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'h.region_code').onRef('t.id', '=', 'h.task_id'))
    .leftJoin('task_reports as r', (j) => j.onRef('r.region_code', '=', 'h.region_code').onRef('r.id', '=', 'h.report_id'))
    .select(['h.task_id', 'h.report_id', 'h.note', 'h.position', 't.seq', 't.title', 'r.period', 'r.done_text'])
    .where('h.region_code', '=', regionCode)
    .where('h.plan_id', '=', planId)
    .where('h.briefing_date', '=', day)
    .orderBy('h.position')
    .execute();
}

/** Replaces the highlights of a plan's briefing of a day. */
export async function replaceHighlights(
  trx: Tx,
  regionCode: string,
  planId: string,
  day: string,
  rows: { taskId: string; reportId: string | null; note: string }[],
  userId: string | null,
): Promise<void> {
  await trx.deleteFrom('briefing_highlights').where('region_code', '=', regionCode).where('plan_id', '=', planId).where('briefing_date', '=', day).execute();
  if (rows.length === 0) return;
  await trx
    .insertInto('briefing_highlights')
    .values(rows.map((r, i) => ({ region_code: regionCode, plan_id: planId, briefing_date: day, task_id: r.taskId, report_id: r.reportId, note: r.note, position: i, created_by: userId })))
    .execute();
}

/** Which of these tasks belong to the plan, and which of these reports belong to those tasks (for checking a choice). */
export async function checkHighlightRefs(db: Q, regionCode: string, planId: string, taskIds: string[], reportIds: string[]) {
  const [tasks, reports] = await Promise.all([
    db.selectFrom('tasks').select('id').where('region_code', '=', regionCode).where('plan_id', '=', planId).where('id', 'in', ids(taskIds)).execute(),
    db.selectFrom('task_reports').select(['id', 'task_id', 'status']).where('region_code', '=', regionCode).where('plan_id', '=', planId).where('id', 'in', ids(reportIds)).execute(),
  ]);
  return { tasks: new Set(tasks.map((t) => t.id)), reports: new Map(reports.map((r) => [r.id, r])) };
}

/** A person (for a leader's page) or a unit (for a unit's page), with its region. */
export function findPerson(db: Q, id: string) {
  return db.selectFrom('people').select(['id', 'region_code', 'name', 'title', 'unit_id']).where('id', '=', id).executeTakeFirst();
}
export function findUnit(db: Q, id: string) {
  return db.selectFrom('units').select(['id', 'region_code', 'name', 'short_name']).where('id', '=', id).executeTakeFirst();
}

/**
 * The tasks of a region a leader leads (牵头, named as the task's leader) or oversees (分管, its lead unit is in the
 * leader's portfolio), as a subquery of task ids: read through the leaders' index by person (migration 0036) and the
 * portfolio's units, not by walking every task of the region.
 */
const leaderTaskIds = (regionCode: string, personId: string) =>
  sql<{ task_id: string; leads: boolean }>`(select task_id, bool_or(leads) as leads from (
    select l.task_id, true as leads from task_leaders l where l.region_code = ${regionCode} and l.person_id = ${personId}
    union all select u.task_id, false from task_units u join leader_portfolios lp on lp.unit_id = u.unit_id and lp.person_id = ${personId}
    where u.region_code = ${regionCode} and u.role = 'lead') x group by task_id)`;

/** A leader's tasks of issued plans, each with its stored standing (left joined: null when it has none). */
function leaderTasksFrom(db: Q, regionCode: string, personId: string) {
  return db
    .selectFrom(leaderTaskIds(regionCode, personId).as('m'))
    .innerJoin('tasks as t', (j) => j.on('t.region_code', '=', regionCode).onRef('t.id', '=', 'm.task_id'))
    .innerJoin('plans as pl', (j) => j.onRef('pl.region_code', '=', 't.region_code').onRef('pl.id', '=', 't.plan_id'))
    .leftJoin('task_progress as p', (j) => j.onRef('p.region_code', '=', 't.region_code').onRef('p.task_id', '=', 't.id'))
    .where('pl.status', '=', 'issued');
}

/**
 * A leader's tasks counted by plan, class, warning and whether the leader leads them (else oversees), with the oldest
 * and newest day their standings are shown for (class null, and no day, for tasks without a standing), in the plans'
 * order (by id): the page's tallies without shipping each task.
 */
export async function leaderTally(db: Q, regionCode: string, personId: string) {
  return leaderTasksFrom(db, regionCode, personId)
    .select([
      't.plan_id',
      'pl.title as plan_title',
      'p.class',
      'p.warning',
      'm.leads',
      sql<number>`count(*)::int`.as('n'),
      sql<string | null>`min(${shownDay('p')})::text`.as('oldest'),
      sql<string | null>`max(${shownDay('p')})::text`.as('newest'),
    ])
    .groupBy(['t.plan_id', 'pl.title', 'p.class', 'p.warning', 'm.leads'])
    .orderBy('t.plan_id')
    .execute();
}

const LATE_RANK = sql<number>`case p.warning when 'red' then 0 when 'yellow' then 1 when 'blue' then 2 else 3 end`;

/**
 * A leader's late tasks (overdue or behind, or under a red or yellow warning), the worst warning first, then by plan
 * and the plan's order; at most `limit`, with their stored standing and lead unit.
 */
export async function leaderLateTasks(db: Q, regionCode: string, personId: string, limit: number) {
  const rows = await leaderTasksFrom(db, regionCode, personId)
    .leftJoin('task_units as u', (j) => j.onRef('u.region_code', '=', 't.region_code').onRef('u.task_id', '=', 't.id').on('u.role', '=', 'lead'))
    .leftJoin('units as un', 'un.id', 'u.unit_id')
    .select([
      't.id',
      't.plan_id',
      'pl.title as plan_title',
      't.seq',
      't.position',
      't.title',
      't.due_date',
      'p.expected',
      'p.expected_line',
      'p.actual',
      'p.class',
      'p.warning',
      'p.reason_zh',
      'p.reason_en',
      shownDay<string | null>('p').as('as_of'),
      'u.unit_id as lead_unit_id',
      sql<string | null>`coalesce(nullif(un.short_name, ''), un.name, u.raw_name)`.as('lead_unit_name'),
      'm.leads',
    ])
    .where((eb) => eb.or([eb('p.class', 'in', ['overdue', 'behind']), eb('p.warning', 'in', ['red', 'yellow'])]))
    .orderBy(LATE_RANK)
    .orderBy('t.plan_id')
    .orderBy('t.position')
    .limit(limit)
    .execute();
  return rows.map(shownStanding);
}

/** The ids of a leader's tasks of issued plans that have a stored standing (what the page's decisions are about). */
const leaderStoodIds = (db: Q, regionCode: string, personId: string) =>
  db
    .selectFrom(leaderTaskIds(regionCode, personId).as('m'))
    .innerJoin('tasks as t', (j) => j.on('t.region_code', '=', regionCode).onRef('t.id', '=', 'm.task_id'))
    .innerJoin('plans as pl', (j) => j.onRef('pl.region_code', '=', 't.region_code').onRef('pl.id', '=', 't.plan_id'))
    .innerJoin('task_progress as p', (j) => j.onRef('p.region_code', '=', 't.region_code').onRef('p.task_id', '=', 't.id'))
    .where('pl.status', '=', 'issued')
    .select('t.id');

/** The tracked tasks (of issued plans) a unit leads or supports, with its role and the task's stored standing. */
export async function unitTasks(db: Q, regionCode: string, unitId: string) {
  const rows = await db
    .selectFrom('task_units as u')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'u.region_code').onRef('t.id', '=', 'u.task_id'))
    .innerJoin('plans as pl', (j) => j.onRef('pl.region_code', '=', 't.region_code').onRef('pl.id', '=', 't.plan_id'))
    .leftJoin('task_progress as p', (j) => j.onRef('p.region_code', '=', 't.region_code').onRef('p.task_id', '=', 't.id'))
    .select(['t.id', 't.plan_id', 'pl.title as plan_title', 't.seq', 't.position', 't.title', 't.due_date', 'u.role', shownDay<string | null>('p').as('as_of'), 'p.expected', 'p.expected_line', 'p.actual', 'p.class', 'p.warning', 'p.reason_zh', 'p.reason_en'])
    .where('u.region_code', '=', regionCode)
    .where('u.unit_id', '=', unitId)
    .where('pl.status', '=', 'issued')
    .orderBy('t.plan_id')
    .orderBy('t.position')
    .execute();
  return rows.map(shownStanding);
}

/**
 * When a supporting unit handed its own reports (role 'co') on some tasks to the lead unit: the first time each
 * report of a due date was submitted (a report sent back and sent again counts from the first time).
 */
export function supportReportsSubmitted(db: Q, regionCode: string, unitId: string, taskIds: string[]) {
  return db
    .selectFrom('task_reports')
    .select(['task_id', sql<string | null>`due_date::text`.as('due_date'), (eb) => eb.fn.min('submitted_at').as('submitted_at')])
    .where('region_code', '=', regionCode)
    .where('unit_id', '=', unitId)
    .where('role', '=', 'co')
    .where('kind', '=', 'progress')
    .where('task_id', 'in', taskIds.length ? taskIds : ['00000000-0000-0000-0000-000000000000'])
    .where('submitted_at', 'is not', null)
    .groupBy(['task_id', 'due_date'])
    .execute();
}

/** A task's number and title, beside a row that names it (`x.task_id`). */
const taskRef = (x: string) =>
  [
    sql<string>`(select t.seq from tasks t where t.region_code = ${sql.ref(`${x}.region_code`)} and t.id = ${sql.ref(`${x}.task_id`)})`.as('seq'),
    sql<number>`(select t.position from tasks t where t.region_code = ${sql.ref(`${x}.region_code`)} and t.id = ${sql.ref(`${x}.task_id`)})`.as('position'),
    sql<string>`(select t.title from tasks t where t.region_code = ${sql.ref(`${x}.region_code`)} and t.id = ${sql.ref(`${x}.task_id`)})`.as('title'),
  ] as const;

/** Pending deadline changes of a leader's tasks, with each task's number and title. */
export function pendingDeadlineChanges(db: Q, regionCode: string, personId: string) {
  return db
    .selectFrom('deadline_changes as d')
    .select(['d.id', 'd.task_id', 'd.old_due_date', 'd.new_due_date', 'd.reason', 'd.requested_at', ...taskRef('d')])
    .where('d.region_code', '=', regionCode)
    .where('d.task_id', 'in', leaderStoodIds(db, regionCode, personId))
    .where('d.status', '=', 'pending')
    .orderBy('d.requested_at')
    .execute();
}

/**
 * Submitted reports of a leader's tasks awaiting a decision: the task's (acceptance) and the supporters' (consolidation). A
 * supporter's report no longer awaits once the lead unit's report of the same period is submitted or accepted: the
 * lead unit has consolidated that period. Read through the submitted reports' own index (migration 0036).
 */
export function awaitingReports(db: Q, regionCode: string, personId: string) {
  return db
    .selectFrom('task_reports as r')
    .leftJoin('units as un', 'un.id', 'r.unit_id')
    .select(['r.id', 'r.task_id', 'r.role', 'r.kind', 'r.period', 'r.submitted_at', sql<string>`coalesce(nullif(un.short_name, ''), un.name, '')`.as('unit_name'), ...taskRef('r')])
    .where('r.region_code', '=', regionCode)
    .where('r.task_id', 'in', leaderStoodIds(db, regionCode, personId))
    .where('r.status', '=', 'submitted')
    .where((eb) =>
      eb.or([
        eb('r.role', '=', 'lead'),
        eb.not(
          eb.exists(
            eb
              .selectFrom('task_reports as l')
              .select(sql`1`.as('one'))
              // Correlated on the region (the distribution column) as well: Citus refuses a correlation without it.
              .whereRef('l.region_code', '=', 'r.region_code')
              .whereRef('l.task_id', '=', 'r.task_id')
              .whereRef('l.kind', '=', 'r.kind')
              .whereRef('l.period', '=', 'r.period')
              .where('l.role', '=', 'lead')
              .where('l.status', 'in', ['submitted', 'accepted']),
          ),
        ),
      ]),
    )
    .orderBy('r.submitted_at')
    .execute();
}

/**
 * Each of a leader's tasks' latest submitted-or-accepted report of the task whose 需协调事项 is not empty, by task:
 * looked up task by task through the reports' (task_id, period_end) index, latest first (not a sort of every report).
 */
export async function coordinationNeeds(db: Q, regionCode: string, personId: string) {
  const r = await sql<{ id: string; task_id: string; kind: 'progress' | 'closing'; period: string; submitted_at: Date | null; help_needed: string; seq: string; position: number; title: string }>`
    select x.id, x.task_id, x.kind, x.period, x.submitted_at, x.help_needed, t.seq, t.position, t.title
    from (${leaderStoodIds(db, regionCode, personId)}) s
    join tasks t on t.region_code = ${regionCode} and t.id = s.id
    cross join lateral (
      select r.id, r.task_id, r.kind, r.period, r.submitted_at, r.help_needed from task_reports r
      where r.region_code = ${regionCode} and r.task_id = s.id and r.role = 'lead' and r.status in ('submitted', 'accepted')
      order by r.period_end desc, r.updated_at desc limit 1
    ) x
    where x.help_needed <> ''
    order by x.task_id`.execute(db);
  return r.rows;
}
