import { hasRole, isAdministrator, isSupervising, type Actor } from '../org/org.policy.ts';
import type { PlanStatus } from './ledger.tables.ts';

/** A plan as the policy needs to see it. */
export interface PlanRef {
  ownerUnitId: string | null;
  status: PlanStatus;
}

const signedIn = (a: Actor) => a.kind !== 'public';
const ownsPlan = (a: Actor, p: PlanRef) => isSupervising(a) || (p.ownerUnitId !== null && a.editableUnitIds.has(p.ownerUnitId));
const isUnitEditor = (a: Actor) => hasRole(a, 'unit_editor');

/**
 * Every access rule of plans, one line each: the drafting office (supervisors, administrators, or editors of the
 * plan's owner unit) edits; units comment while a plan is out for consultation; everyone signed in reads.
 */
export const ledgerPolicy = {
  plan: {
    read: (a: Actor) => signedIn(a),
    create: (a: Actor) => isSupervising(a) || isUnitEditor(a),
    edit: (a: Actor, p: PlanRef) => ownsPlan(a, p) && p.status !== 'issued',
    setStatus: (a: Actor, p: PlanRef) => ownsPlan(a, p),
    comment: (a: Actor, p: PlanRef) => p.status === 'consultation' && a.kind === 'user' && a.unitId !== null && (isUnitEditor(a) || isSupervising(a)),
    decideComments: (a: Actor, p: PlanRef) => ownsPlan(a, p),
    assignTasks: (a: Actor, p: PlanRef) => ownsPlan(a, p),
    derive: (a: Actor) => isSupervising(a) || isUnitEditor(a),
    delete: (a: Actor, p: PlanRef) => isAdministrator(a) || (ownsPlan(a, p) && p.status === 'draft'),
    export: (a: Actor) => signedIn(a),
  },
} as const;

/** The status changes a drafting office may make: forward through the life cycle, or back one step. */
export const STATUS_FLOW: Record<PlanStatus, PlanStatus[]> = {
  draft: ['consultation', 'adopted'],
  consultation: ['draft', 'adopted'],
  adopted: ['consultation', 'issued'],
  issued: ['adopted'],
};
