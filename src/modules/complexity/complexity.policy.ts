import { definePolicy } from '../../lib/abilities.ts';
import { hasRole, isAdministrator, isSupervising, type Actor } from '../org/index.ts';

/** An analysis as the policy needs to see it. */
export interface AnalysisRef {
  createdBy: string | null;
}

const signedIn = (a: Actor) => a.kind !== 'public';
/** Unit editors, leaders, supervisors and administrators run analyses; a unit viewer reads them. */
const editorOrAbove = (a: Actor) => isSupervising(a) || hasRole(a, 'leader') || hasRole(a, 'unit_editor');

/**
 * Every access rule of complexity analyses, one line each: unit editors and above run analyses; anyone signed in reads them
 * all (the tables are statistics, not unit data). Viewers only read: an analysis belongs to whoever may run analyses
 * in the region, so any of them (not only the one who ran it) may delete it, as may an administrator.
 */
export const complexityPolicy = {
  analysis: definePolicy('analysis', {
    read: (a: Actor) => signedIn(a),
    create: (a: Actor) => editorOrAbove(a),
    export: (a: Actor) => signedIn(a),
    // Whoever ran it, once only a viewer, reads it like any viewer.
    delete: (a: Actor, _r: AnalysisRef) => isAdministrator(a) || editorOrAbove(a),
  }),
} as const;

declare module '../../lib/abilities.ts' {
  interface Policies {
    complexity: typeof complexityPolicy;
  }
}
