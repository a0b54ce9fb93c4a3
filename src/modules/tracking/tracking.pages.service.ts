import { unitActivities } from './tracking.activities.service.ts';
import { requireAbility } from '../../lib/abilities.ts';
import { bilingualNotFound } from '../../lib/bilingual.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { tally, type Tally } from './tracking.dashboard.domain.ts';
import { readyPlan } from './tracking.dashboard.service.ts';
import type { ProgressClass, WarningLevel } from './tracking.progress.domain.ts';
import { checkDay, taskReportDues } from './tracking.progress.service.ts';
import { listEscalations } from './tracking.escalations.service.ts';
import { trackingPolicy } from './tracking.policy.ts';
import * as repo from './tracking.views.repo.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

/** At most this many tasks are listed on a page (the tallies count them all). */
const MAX_LISTED = 500;

/** One task as a leader's or unit's page lists it. */
export interface PageTask {
  id: string;
  planId: string;
  planTitle: string;
  number: string;
  title: string;
  dueDate: string | null;
  expected: number | null;
  actual: number | null;
  class: ProgressClass;
  warning: WarningLevel | null;
  reason: { zh: string; en: string };
}

type Row = {
  id: string;
  plan_id: string;
  plan_title: string;
  seq: string | null;
  position: number;
  title: string;
  due_date: string | null;
  expected: number | string | null;
  actual: number | string | null;
  class: ProgressClass | null;
  warning: WarningLevel | null;
  reason_zh: string | null;
  reason_en: string | null;
};
type Stored = Row & { class: ProgressClass };

const pageTask = (t: Stored): PageTask => ({
  id: t.id,
  planId: t.plan_id,
  planTitle: t.plan_title,
  number: t.seq || String(t.position + 1),
  title: t.title,
  dueDate: t.due_date,
  expected: t.expected === null ? null : Number(t.expected),
  actual: t.actual === null ? null : Number(t.actual),
  class: t.class,
  warning: t.warning,
  reason: { zh: t.reason_zh ?? '', en: t.reason_en ?? '' },
});
const count = (rows: Stored[]): Tally => tally(rows.map((r) => ({ class: r.class, warning: r.warning, n: 1 })));
/** Counts read by class and warning, as a tally. */
const tally_ = (rows: { class: ProgressClass; warning: WarningLevel | null; n: number }[]): Tally => tally(rows);
const RANK: Record<string, number> = { red: 0, yellow: 1, blue: 2 };
/**
 * Loads rows twice when needed: first to learn which plans they are in, then, once each plan's standings are of today
 * (the dashboard's own refresh), with those standings.
 */
async function withFreshStandings<T extends Row>(ctx: ServiceContext, load: () => Promise<T[]>, asOf?: string): Promise<{ asOf: string; rows: (T & Stored)[] }> {
  const first = await load();
  const today = asOf ? checkDay(asOf, 'asOf') : chinaDay();
  const plans = [...new Set(first.map((r) => r.plan_id))];
  const stale = first.some((r) => r.class === null || (r as { as_of?: string | null }).as_of !== today);
  if (stale) for (const id of plans) await readyPlan(ctx, id, today);
  const rows = stale ? await load() : first;
  return { asOf: today, rows: rows.filter((r): r is T & Stored => r.class !== null) };
}

/** A report's period as stored (`closing` for a closing report), its kind and when it was submitted (the UI words it: reportPeriodLabel). */
interface ReportPeriod {
  period: string;
  kind: 'progress' | 'closing';
  submittedAt: string | null;
}
const reportPeriod = (r: { period: string; kind: 'progress' | 'closing'; submitted_at: Date | string | null }): ReportPeriod => ({
  period: r.period,
  kind: r.kind,
  submittedAt: r.submitted_at === null ? null : new Date(r.submitted_at).toISOString(),
});

/** A leader's page: the portfolio, what needs a decision, what is late. */
export interface LeaderPage {
  person: { id: string; name: string; title: string | null };
  asOf: string;
  /** Every task led (牵头) or overseen (分管), by class and warning. */
  totals: Tally;
  leads: number;
  oversees: number;
  byPlan: ({ planId: string; planTitle: string } & Tally)[];
  decisions: {
    deadlineChanges: { id: string; taskId: string; number: string; title: string; oldDueDate: string | null; newDueDate: string; reason: string }[];
    reports: ({ id: string; taskId: string; number: string; title: string; role: 'lead' | 'co'; unitName: string } & ReportPeriod)[];
    coordination: ({ reportId: string; taskId: string; number: string; title: string; helpNeeded: string } & ReportPeriod)[];
  };
  late: (PageTask & { leadUnit: { id: string | null; name: string } | null; leads: boolean })[];
}

/**
 * A leader's page (/progress/leaders/:id): the tasks of issued plans the leader leads as 牵头领导 or oversees as 分管领导
 * (their lead unit is in the portfolio), by class and warning; deadline change requests and submitted reports
 * awaiting consolidation or acceptance on those tasks, and the 需协调事项 of their latest reports; what is late.
 * For the leader and supervisors.
 * @example (await leaderPage(ctx, personId)).totals.warnings.red
 */
export async function leaderPage(ctx: ServiceContext, personId: string, asOf?: string): Promise<LeaderPage> {
  const person = await repo.findPerson(ctx.db, personId);
  if (!person) throw bilingualNotFound(`人员 ${personId} 不存在`, `Person ${personId}`);
  requireAbility(trackingPolicy.reporting.leaderPage, ctx.actor, person.id, 'see a leader’s page');
  // Counted in the database (a province leader has ~5,000 tasks): tallies by plan, class, warning and role, then only
  // the late tasks listed and the decisions, each one query over the leader's tasks.
  const day = asOf ? checkDay(asOf, 'asOf') : chinaDay();
  let tally = await repo.leaderTally(ctx.db, person.region_code, person.id);
  if (tally.some((r) => r.class === null || r.oldest !== day || r.newest !== day)) {
    // Some standing is missing or of another day: every plan of the page brought up to the day (the dashboard's refresh).
    for (const id of [...new Set(tally.map((r) => r.plan_id))]) await readyPlan(ctx, id, day);
    tally = await repo.leaderTally(ctx.db, person.region_code, person.id);
  }
  const stood = tally.filter((r): r is typeof r & { class: ProgressClass } => r.class !== null);
  const [late, changes, reports, needs] = await Promise.all([
    repo.leaderLateTasks(ctx.db, person.region_code, person.id, MAX_LISTED),
    repo.pendingDeadlineChanges(ctx.db, person.region_code, person.id),
    repo.awaitingReports(ctx.db, person.region_code, person.id),
    repo.coordinationNeeds(ctx.db, person.region_code, person.id),
  ]);
  const ref = (t: { task_id: string; seq: string | null; position: number; title: string }) => ({ taskId: t.task_id, number: t.seq || String(t.position + 1), title: t.title });
  const plans = new Map<string, { planId: string; planTitle: string; rows: typeof stood }>();
  for (const r of stood) {
    let p = plans.get(r.plan_id);
    if (!p) plans.set(r.plan_id, (p = { planId: r.plan_id, planTitle: r.plan_title, rows: [] }));
    p.rows.push(r);
  }
  const sum = (rows: typeof stood) => rows.reduce((n, r) => n + r.n, 0);
  return {
    person: { id: person.id, name: person.name, title: person.title },
    asOf: day,
    totals: tally_(stood),
    leads: sum(stood.filter((r) => r.leads)),
    oversees: sum(stood.filter((r) => !r.leads)),
    byPlan: [...plans.values()].map((p) => ({ planId: p.planId, planTitle: p.planTitle, ...tally_(p.rows) })),
    decisions: {
      deadlineChanges: changes.map((c) => ({ id: c.id, ...ref(c), oldDueDate: c.old_due_date, newDueDate: c.new_due_date, reason: c.reason })),
      reports: reports.map((r) => ({ id: r.id, ...ref(r), role: r.role, unitName: r.unit_name, ...reportPeriod(r) })),
      coordination: needs.map((n) => ({ reportId: n.id, ...ref(n), ...reportPeriod(n), helpNeeded: n.help_needed })),
    },
    late: late.map((r) => ({
      ...pageTask(r as typeof r & Stored),
      leadUnit: r.lead_unit_name ? { id: r.lead_unit_id, name: r.lead_unit_name } : null,
      leads: r.leads,
    })),
  };
}

/**
 * One due date of a unit's reporting record, as lead unit (the task's report, to the supervision office) or as
 * supporting unit (its own report, to the lead unit): the reports owed, on time, late or still missing.
 */
export interface ReportingPeriod {
  dueDate: string;
  role: 'lead' | 'co';
  due: number;
  onTime: number;
  late: number;
  missing: number;
}

/** A unit's page: what it leads and supports, its reporting record, its open escalations. */
export interface UnitPage {
  unit: { id: string; name: string };
  asOf: string;
  leads: Tally;
  supports: Tally;
  tasks: (PageTask & { role: 'lead' | 'co' })[];
  reporting: ReportingPeriod[];
  /** Open escalation notices (督办单) sent to the unit (issued or returned to it, not yet closed). */
  escalations: { available: boolean; items: { id: string; number: string; title: string; status: string }[] };
  /** Activities (专题学习、调研、协调会) the unit held: how many, and the latest. */
  activities: Awaited<ReturnType<typeof unitActivities>>;
}

/**
 * A unit's page (/progress/units/:id): the tasks of issued plans it leads and supports, by class and warning (worst
 * first), its reporting record per due date as lead unit and as supporting unit (on time, late, missing), and its
 * open escalations. A supporting unit owes its report on the task's own due dates, and is on time when it submitted
 * it to the lead unit by then.
 * For the unit's side (viewers, editors, leaders of its portfolio) and supervisors.
 * @example (await unitPage(ctx, unitId)).reporting[0] // { dueDate: '2025-01-25', role: 'lead', due: 4, onTime: 3, late: 1, missing: 0 }
 */
export async function unitPage(ctx: ServiceContext, unitId: string, day?: string): Promise<UnitPage> {
  const unit = await repo.findUnit(ctx.db, unitId);
  if (!unit) throw bilingualNotFound(`单位 ${unitId} 不存在`, `Unit ${unitId}`);
  requireAbility(trackingPolicy.reporting.unitRecord, ctx.actor, unit.id, 'see a unit’s page');
  const { asOf, rows } = await withFreshStandings(ctx, () => repo.unitTasks(ctx.db, unit.region_code, unit.id), day);
  const lead = rows.filter((r) => r.role === 'lead');
  const support = rows.filter((r) => r.role === 'co');
  const record = new Map<string, ReportingPeriod>();
  const owe = (dueDate: string, role: 'lead' | 'co', submittedOn: string | null) => {
    const key = `${dueDate}:${role}`;
    let p = record.get(key);
    if (!p) record.set(key, (p = { dueDate, role, due: 0, onTime: 0, late: 0, missing: 0 }));
    p.due++;
    if (submittedOn === null) p.missing++;
    else if (submittedOn <= dueDate) p.onTime++;
    else p.late++;
  };
  // The supporting unit's own reports, by task and due date (the day it first submitted each, in China).
  const supportSent = new Map<string, string>();
  for (const r of await repo.supportReportsSubmitted(ctx.db, unit.region_code, unit.id, support.map((t) => t.id)))
    if (r.due_date && r.submitted_at) supportSent.set(`${r.task_id}:${r.due_date}`, chinaDay(new Date(r.submitted_at)));
  // Every plan's tasks at once (a busy unit works on tasks of twenty plans and more).
  const roleOf = new Map([...lead, ...support].map((t) => [t.id, t.role]));
  for (const { taskId, dues } of await taskReportDues(ctx.db, unit.region_code, asOf, [...roleOf.keys()])) {
    const role = roleOf.get(taskId)!;
    for (const d of dues) owe(d.dueDate, role, role === 'lead' ? d.submittedOn : (supportSent.get(`${taskId}:${d.dueDate}`) ?? null));
  }
  const order = (r: Stored) => (RANK[r.warning ?? ''] ?? 3) * 10 + (r.class === 'done' ? 5 : 0);
  return {
    unit: { id: unit.id, name: unit.short_name || unit.name },
    asOf,
    leads: count(lead),
    supports: count(rows.filter((r) => r.role === 'co')),
    tasks: [...rows]
      .sort((a, b) => order(a) - order(b) || a.plan_id.localeCompare(b.plan_id) || a.position - b.position)
      .slice(0, MAX_LISTED)
      .map((r) => ({ ...pageTask(r), role: r.role })),
    reporting: [...record.values()].sort((a, b) => (a.dueDate < b.dueDate ? 1 : a.dueDate > b.dueDate ? -1 : a.role === 'lead' ? -1 : 1)),
    escalations: {
      available: true,
      items: (await listEscalations(ctx, { status: 'open', unitId: unit.id })).escalations.map((e) => ({ id: e.id, number: e.numberText, title: e.taskTitle, status: e.status })),
    },
    activities: await unitActivities(ctx, unit),
  };
}
