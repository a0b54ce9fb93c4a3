import { definePolicy } from '../../lib/abilities.ts';
import { canSeeUnitData, isAdministrator, isSupervising, type Actor } from '../org/index.ts';
import type { ReportKind, ReportRole, ReportStatus } from './tracking.tables.ts';

/** A task as the tracking rules see it: who leads it, who supports it, whether its plan may be read, whether it is closed. */
export interface TaskRef {
  leadUnitId: string | null;
  coUnitIds: string[];
  /** The caller may read the task's plan (ledger's `plan.read`). */
  planReadable: boolean;
  closed: boolean;
}

/** A report as the rules see it. */
export interface ReportRef {
  task: TaskRef;
  unitId: string;
  role: ReportRole;
  kind: ReportKind;
  status: ReportStatus;
}

const signedIn = (a: Actor) => a.kind !== 'public';
const onUnitSide = (a: Actor, unitId: string | null) => unitId !== null && canSeeUnitData(a, unitId);
const involved = (a: Actor, t: TaskRef) => isSupervising(a) || onUnitSide(a, t.leadUnitId) || t.coUnitIds.some((u) => onUnitSide(a, u));
/** Editors of a unit the task names (lead or supporting) write that unit's reports. */
const writesFor = (a: Actor, t: TaskRef, unitId: string) => a.kind === 'user' && a.editableUnitIds.has(unitId) && (t.leadUnitId === unitId || t.coUnitIds.includes(unitId));
const editable = (r: ReportRef) => r.status === 'draft' || r.status === 'returned';

/**
 * Every rule of reporting, one line each. A draft is seen by its own unit's side only (a supporting unit does not see
 * the lead unit's draft, nor the reverse); once submitted, a supporting unit's report is seen by the lead unit (which
 * merges it) and the supervisors, and the task's report by everyone involved in the task; accepted reports by everyone
 * who may read the plan. A unit's editors write, submit and merge; the lead unit receives its supporters' reports;
 * a supervisor (督查室) accepts or returns the task's report, never one of its own unit.
 */
export const trackingPolicy = {
  report: definePolicy('report', {
    read: (a: Actor, r: ReportRef) =>
      r.task.planReadable &&
      (onUnitSide(a, r.unitId) ||
        (r.status !== 'draft' && (isSupervising(a) || (r.role === 'co' ? onUnitSide(a, r.task.leadUnitId) : involved(a, r.task)))) ||
        (r.status === 'accepted' && signedIn(a))),
    write: (a: Actor, r: ReportRef) => r.task.planReadable && writesFor(a, r.task, r.unitId) && editable(r) && (!r.task.closed || r.kind === 'closing'),
    submit: (a: Actor, r: ReportRef) => r.task.planReadable && writesFor(a, r.task, r.unitId) && editable(r),
    review: (a: Actor, r: ReportRef) =>
      r.status === 'submitted' &&
      !a.editableUnitIds.has(r.unitId) &&
      (r.role === 'co' ? r.task.leadUnitId !== null && (isAdministrator(a) || a.editableUnitIds.has(r.task.leadUnitId)) : isSupervising(a)),
  }),
  trackedTask: definePolicy('trackedTask', {
    /** The task's reports and timeline (each report still by `report.read`). */
    read: (a: Actor, t: TaskRef) => t.planReadable && signedIn(a),
    /** The lead unit's editors consolidate and write the task's report; a supporting unit's editors write theirs. */
    report: (a: Actor, t: TaskRef) => t.planReadable && a.kind === 'user' && [t.leadUnitId, ...t.coUnitIds].some((u) => u !== null && a.editableUnitIds.has(u)),
    requestDeadline: (a: Actor, t: TaskRef) => t.planReadable && t.leadUnitId !== null && a.kind === 'user' && a.editableUnitIds.has(t.leadUnitId) && !t.closed,
    decideDeadline: (a: Actor, t: TaskRef) => t.planReadable && isSupervising(a) && !(t.leadUnitId !== null && a.editableUnitIds.has(t.leadUnitId)),
    reopen: (a: Actor, t: TaskRef) => t.planReadable && isSupervising(a) && t.closed,
    /** Importing hand-kept progress tables as accepted history: supervisors. */
    importReports: (a: Actor, t: TaskRef) => t.planReadable && isSupervising(a),
  }),
  /**
   * Projects (项目化) of a task: seen by whoever may see the task; created, edited, moved and reported on by the lead
   * unit's editors and by supervisors; a plan's project table imported by supervisors and by units' editors (each row
   * still only for a task the caller may edit).
   */
  project: definePolicy('project', {
    read: (a: Actor, t: TaskRef) => t.planReadable && signedIn(a),
    write: (a: Actor, t: TaskRef) => t.planReadable && (isSupervising(a) || (t.leadUnitId !== null && a.kind === 'user' && a.editableUnitIds.has(t.leadUnitId))),
    import: (a: Actor, t: TaskRef) => t.planReadable && (isSupervising(a) || (a.kind === 'user' && a.editableUnitIds.size > 0)),
  }),
  /**
   * Activities (专题学习、调研、协调会) of a task: seen by whoever may see the task; recorded by the editors of the task's
   * lead or a supporting unit, and by supervisors; removed by the one who recorded it (`activity.remove` checks that)
   * or a supervisor.
   */
  activity: definePolicy('activity', {
    read: (a: Actor, t: TaskRef) => t.planReadable && signedIn(a),
    write: (a: Actor, t: TaskRef) => t.planReadable && (isSupervising(a) || (a.kind === 'user' && [t.leadUnitId, ...t.coUnitIds].some((u) => u !== null && a.editableUnitIds.has(u)))),
    remove: (a: Actor, x: { task: TaskRef; createdBy: string | null }) => x.task.planReadable && (isSupervising(a) || (a.kind === 'user' && x.createdBy !== null && x.createdBy === a.userId)),
  }),
  reporting: definePolicy('reporting', {
    /** A unit's page (我的填报): its own side, and supervisors. */
    unitPage: (a: Actor, unitId: string | null) => onUnitSide(a, unitId),
    /** A leader's page (portfolio, decisions, what is late): the leader, and supervisors. */
    leaderPage: (a: Actor, personId: string) => isSupervising(a) || (a.kind === 'user' && a.personId === personId),
    /** A unit's record (what it leads and supports, its reporting record): its own side, its leaders, and supervisors. */
    unitRecord: (a: Actor, unitId: string) => onUnitSide(a, unitId),
    /** The review queue: supervisors (the tasks' reports) and units' editors (their supporters' reports). */
    reviewQueue: (a: Actor) => isSupervising(a) || (a.kind === 'user' && a.editableUnitIds.size > 0),
  }),
};

declare module '../../lib/abilities.ts' {
  interface Policies {
    tracking: typeof trackingPolicy;
  }
}
