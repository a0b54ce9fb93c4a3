import { isAdministrator, type Actor } from '../org/org.policy.ts';

/** An analysis as the policy needs to see it. */
export interface AnalysisRef {
  createdBy: string | null;
}

const signedIn = (a: Actor) => a.kind !== 'public';
const isCreator = (a: Actor, r: AnalysisRef) => a.userId !== null && r.createdBy === a.userId;

/**
 * Every access rule of complexity analyses, one line each: anyone signed in runs analyses and reads them all (the
 * tables are statistics, not unit data); an analysis is deleted by whoever ran it or by an administrator.
 */
export const complexityPolicy = {
  analysis: {
    read: (a: Actor) => signedIn(a),
    create: (a: Actor) => signedIn(a),
    export: (a: Actor) => signedIn(a),
    delete: (a: Actor, r: AnalysisRef) => isAdministrator(a) || isCreator(a, r),
  },
} as const;
