import { definePolicy } from '../../lib/abilities.ts';
import { canSeeUnitData, isSupervising, type Actor } from '../org/index.ts';
import type { TaskRef } from './tracking.policy.ts';
import type { EscalationStatus } from './tracking.escalations.domain.ts';

/** An escalation notice as the rules see it: the unit and leader it was sent to, where it is, whether its plan may be read. */
export interface EscalationRef {
  unitId: string | null;
  leaderPersonId: string | null;
  status: EscalationStatus;
  /** The caller may read the task's plan (ledger's `plan.read`). */
  planReadable: boolean;
}

const open = (e: EscalationRef) => e.status !== 'closed';

/**
 * Access rules of escalation notices (督办单), one line each. The supervision office (supervisors, administrators)
 * issues, returns and closes them; the lead unit's editors answer; the unit's side (its viewers and editors, leaders
 * whose portfolio holds it) and the task's lead leader see them; other units do not.
 */
export const escalationPolicy = {
  escalation: definePolicy('escalation', {
    /** The list of notices: every signed-in account, each seeing only the notices it may read. */
    list: (a: Actor) => a.kind !== 'public',
    /** Suggested notices (red tasks without an open one) and the office's page: supervisors. */
    supervise: (a: Actor) => isSupervising(a),
    issue: (a: Actor, t: TaskRef) => t.planReadable && isSupervising(a) && t.leadUnitId !== null && !t.closed,
    read: (a: Actor, e: EscalationRef) =>
      e.planReadable && (isSupervising(a) || (e.unitId !== null && canSeeUnitData(a, e.unitId)) || (a.personId !== null && a.personId === e.leaderPersonId)),
    answer: (a: Actor, e: EscalationRef) => e.planReadable && a.kind === 'user' && e.unitId !== null && a.editableUnitIds.has(e.unitId) && (e.status === 'issued' || e.status === 'returned'),
    /** Sending an answer back to the unit for a better one. */
    return: (a: Actor, e: EscalationRef) => e.planReadable && isSupervising(a) && e.status === 'answered',
    close: (a: Actor, e: EscalationRef) => e.planReadable && isSupervising(a) && open(e),
  }),
};

declare module '../../lib/abilities.ts' {
  interface Policies {
    escalations: typeof escalationPolicy;
  }
}
