import { definePolicy } from '../../lib/abilities.ts';
import { isSupervising, type Actor } from '../org/index.ts';

/**
 * Access rules of progress (序时进度, class, warning), one line each. A plan's standing is read by whoever may read
 * the plan (checked by the ledger's plan.read first); recomputing every task and changing a plan's rule numbers are
 * the supervision office's (supervisors, administrators, the system's daily job).
 */
export const progressPolicy = {
  progress: definePolicy('progress', {
    read: (a: Actor) => a.kind !== 'public',
    recompute: (a: Actor) => isSupervising(a),
    setRule: (a: Actor) => isSupervising(a),
    /** Choosing the highlights of a progress briefing (进展情况通报): the supervision office. */
    brief: (a: Actor) => isSupervising(a),
  }),
};

declare module '../../lib/abilities.ts' {
  interface Policies {
    progress: typeof progressPolicy;
  }
}
