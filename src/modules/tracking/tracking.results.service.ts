import { requireAbility } from '../../lib/abilities.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { isSupervising, type Actor } from '../org/index.ts';
import { visiblePlanOr404 } from '../ledger/index.ts';
import { progressPolicy } from './tracking.progress.policy.ts';
import { checkDay } from './tracking.progress.service.ts';
import { issuedPlans } from './tracking.progress.repo.ts';
import { planResultFacts } from './tracking.results.repo.ts';
import { projectResults } from './tracking.projects.service.ts';
import { countEscalationsReceived } from './tracking.escalations.service.ts';

type Period = { from: string; to: string };
type PlanKey = { id: string; region_code: string };
/** What adds projects or escalations to the record of one plan, by unit or leader key (an id, or the name as written). */
type ResultExtrasSource = (ctx: ServiceContext, plan: PlanKey, by: ResultsBy, period: Period) => Promise<Map<string, Partial<ResultExtras> & { name?: string }>>;

/** Projects signed (签约 in the period) and landed (投产 in the period), with their amounts. */
const projectExtras: ResultExtrasSource = async (ctx, plan, by, period) => {
  const r = await projectResults(ctx, { regionCode: plan.region_code, planIds: [plan.id], ...period });
  return new Map(
    (by === 'unit' ? r.byUnit : r.byLeader).map((l) => [
      l.id ?? l.name,
      { name: l.name, projectsSigned: l.signed.count, amountSigned: l.signed.amount, projectsLanded: l.landed.count, amountLanded: l.landed.amount },
    ]),
  );
};

/** Escalation notices (督办单) received in the period, by the unit and the lead leader they were sent to. */
const escalationExtras: ResultExtrasSource = async (ctx, plan, by, period) => {
  const r = await countEscalationsReceived(ctx, period, plan);
  return by === 'unit'
    ? new Map(r.byUnit.map((u) => [u.unitId, { name: u.unitName, escalations: u.count }]))
    : new Map(r.byLeader.map((l) => [l.personId ?? l.name, { name: l.name, escalations: l.count }]));
};

/** Where projects and escalations come from. */
const EXTRAS: ResultExtrasSource[] = [projectExtras, escalationExtras];
import { resultsRecord, type Party, type ResultExtras, type ResultRow, type ResultsBy, type ResultTask } from './tracking.results.domain.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

export type { ResultRow, ResultsBy } from './tracking.results.domain.ts';

/** The results record of a period, for one plan or every issued plan the caller may read. */
export interface ResultsRecord {
  by: ResultsBy;
  from: string;
  to: string;
  /** The plans counted. */
  plans: { id: string; title: string }[];
  rows: ResultRow[];
  /** Whether the caller sees every row (the supervision office) or only his or her own unit's or portfolio's. */
  scope: 'all' | 'own';
}

/** Checks the period, naming the field at fault: days, in order, at most ten years. */
function checkPeriod(from: string | undefined, to: string | undefined): { from: string; to: string } {
  const today = chinaDay();
  const period = { from: checkDay(from ?? `${today.slice(0, 4)}-01-01`, 'from'), to: checkDay(to ?? today, 'to') };
  if (period.from > period.to) {
    throw new ValidationError(bilingual(`起始日期 ${period.from} 晚于截止日期 ${period.to}`, `the period starts (${period.from}) after it ends (${period.to})`), [
      { field: 'from', message: bilingual('起始日期应不晚于截止日期', 'must be on or before the end of the period') },
    ]);
  }
  return period;
}

/** Whether the caller may see a row: the supervision office sees all; a leader his or her own; a unit its own. */
function rowVisible(actor: Actor, by: ResultsBy, key: string): boolean {
  if (isSupervising(actor)) return true;
  if (by === 'leader') return actor.personId === key;
  return actor.viewableUnitIds.has(key) || actor.portfolioUnitIds.has(key);
}

/**
 * The results record (实绩档案) per unit or per leader over a period: tasks led, closed on time or late, overdue,
 * deadline changes, projects signed and landed with amounts, escalations received. For one plan, or every issued
 * plan the caller may read (rows of the same unit or leader summed). The supervision office sees every row; anyone
 * else sees the rows of his or her own units or person.
 * @example (await planResults(ctx, { by: 'unit', from: '2026-01-01', to: '2026-06-30' })).rows[0].closedOnTime
 */
export async function planResults(ctx: ServiceContext, opts: { by?: ResultsBy; from?: string; to?: string; planId?: string }): Promise<ResultsRecord> {
  requireAbility(progressPolicy.progress.read, ctx.actor, undefined, 'read the results record');
  const by = opts.by ?? 'unit';
  const period = checkPeriod(opts.from, opts.to);
  const plans: { id: string; region_code: string; title: string; issued_date: string | null; issued_on: string | null }[] = [];
  for (const p of opts.planId ? [{ id: opts.planId }] : await issuedPlans(ctx.db)) {
    try {
      plans.push(await visiblePlanOr404(ctx, p.id));
    } catch (error) {
      if (opts.planId || !(error instanceof NotFoundError)) throw error;
    }
  }
  const tasks: ResultTask[] = [];
  const extras = new Map<string, Partial<ResultExtras> & { name?: string }>();
  for (const plan of plans) {
    const facts = await planResultFacts(ctx.db, plan.region_code, plan.id);
    const startOn = plan.issued_date ?? plan.issued_on ?? null;
    const byTask = new Map<string, ResultTask>();
    for (const t of facts.tasks) {
      const task: ResultTask = {
        id: t.id,
        startOn,
        dueDate: t.due_date,
        closedOn: t.closed_at ? chinaDay(new Date(t.closed_at)) : null,
        leadUnits: [],
        supportUnits: [],
        leaders: [],
        deadlineChangesOn: [],
      };
      byTask.set(t.id, task);
      tasks.push(task);
    }
    for (const u of facts.units) byTask.get(u.task_id)?.[u.role === 'lead' ? 'leadUnits' : 'supportUnits'].push({ key: u.key, name: u.name } satisfies Party);
    for (const l of facts.leaders) byTask.get(l.task_id)?.leaders.push({ key: l.key, name: l.name });
    for (const c of facts.changes) if (c.decided_at) byTask.get(c.task_id)?.deadlineChangesOn.push(chinaDay(new Date(c.decided_at)));
    for (const source of EXTRAS) {
      for (const [key, add] of await source(ctx, plan, by, period)) {
        const sum = extras.get(key) ?? { name: add.name };
        for (const field of ['projectsSigned', 'amountSigned', 'projectsLanded', 'amountLanded', 'escalations'] as const) sum[field] = (sum[field] ?? 0) + (add[field] ?? 0);
        extras.set(key, sum);
      }
    }
  }
  const rows = resultsRecord(tasks, period, by, extras).filter((r) => rowVisible(ctx.actor, by, r.key));
  return { by, ...period, plans: plans.map((p) => ({ id: p.id, title: p.title })), rows, scope: isSupervising(ctx.actor) ? 'all' : 'own' };
}
