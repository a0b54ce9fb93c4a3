import { definePolicy } from '../../lib/abilities.ts';
import { canSeeUnitData, hasRole, isAdministrator, isSupervising, type Actor } from '../org/index.ts';
import type { PlanStatus } from './ledger.tables.ts';

/** A plan as the policy needs to see it. */
export interface PlanRef {
  ownerUnitId: string | null;
  status: PlanStatus;
  /** The units the plan is sent to for consultation (征求意见); only they, besides the owner's side, read it then. */
  consultedUnitIds: readonly string[];
}

const signedIn = (a: Actor) => a.kind !== 'public';
const ownsPlan = (a: Actor, p: PlanRef) => isSupervising(a) || (p.ownerUnitId !== null && a.editableUnitIds.has(p.ownerUnitId));
const isUnitEditor = (a: Actor) => hasRole(a, 'unit_editor');
/** An account that speaks for one of the units consulted (placed in it, or a unit role over it or its parent unit). */
const speaksForConsulted = (a: Actor, p: PlanRef) => a.kind === 'user' && p.consultedUnitIds.some((u) => a.unitId === u || canSeeUnitData(a, u));
/** The owning unit's side: its viewers and editors, the leaders whose portfolio holds it, supervisors, administrators. */
const ownerSide = (a: Actor, p: PlanRef) => isSupervising(a) || (p.ownerUnitId !== null && canSeeUnitData(a, p.ownerUnitId));
const readsPlan = (a: Actor, p: PlanRef) => signedIn(a) && (p.status === 'issued' || ownerSide(a, p) || (p.status === 'consultation' && speaksForConsulted(a, p)));

/**
 * Every access rule of plans, one line each: the drafting office (supervisors, administrators, or editors of the
 * plan's owner unit) edits; units comment while a plan is out for consultation. An issued plan and its tasks are
 * read by everyone signed in; before that, by the owning unit's side, and while out for consultation also by the
 * units consulted on it (`consultedUnitIds`). Others are told the plan does not exist.
 */
export const ledgerPolicy = {
  plan: definePolicy('plan', {
    list: (a: Actor) => signedIn(a),
    read: (a: Actor, p: PlanRef) => readsPlan(a, p),
    create: (a: Actor) => isSupervising(a) || isUnitEditor(a),
    edit: (a: Actor, p: PlanRef) => ownsPlan(a, p) && p.status !== 'issued',
    setStatus: (a: Actor, p: PlanRef) => ownsPlan(a, p),
    comment: (a: Actor, p: PlanRef) => p.status === 'consultation' && readsPlan(a, p) && a.kind === 'user' && a.unitId !== null && (isUnitEditor(a) || isSupervising(a)),
    decideComments: (a: Actor, p: PlanRef) => ownsPlan(a, p),
    assignTasks: (a: Actor, p: PlanRef) => ownsPlan(a, p),
    derive: (a: Actor) => isSupervising(a) || isUnitEditor(a),
    delete: (a: Actor, p: PlanRef) => isAdministrator(a) || (ownsPlan(a, p) && p.status === 'draft'),
    export: (a: Actor, p: PlanRef) => readsPlan(a, p),
  }),
};

/** The status changes a drafting office may make (the UI reads the same table). */
export { STATUS_FLOW } from './ledger.status.domain.ts';

declare module '../../lib/abilities.ts' {
  interface Policies {
    ledger: typeof ledgerPolicy;
  }
}
