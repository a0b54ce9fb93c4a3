import type { FastifyInstance } from 'fastify';
import { isSupervising, type Actor } from '../modules/org/org.policy.ts';
import { ledgerPolicy } from '../modules/ledger/ledger.policy.ts';
import { ledgerPlanRoutes } from '../modules/ledger/ledger.routes.ts';
import { ledgerTaskRoutes } from '../modules/ledger/ledger.tasks.routes.ts';
import { complexityRoutes } from '../modules/complexity/complexity.routes.ts';
import { trackingReportRoutes } from '../modules/tracking/tracking.reports.routes.ts';
import { trackingPolicy } from '../modules/tracking/tracking.policy.ts';
import { complexityPolicy } from '../modules/complexity/complexity.policy.ts';
import { trackingProgressRoutes } from '../modules/tracking/tracking.progress.routes.ts';
import type { Db } from './db.ts';
import { countOrgRows } from '../modules/org/org.repo.ts';
import { countLedgerRows } from '../modules/ledger/ledger.plans.repo.ts';
import { countComplexityRows } from '../modules/complexity/complexity.repo.ts';

/**
 * Route plugins of the modules beyond org, in the order they are registered.
 * A module adds its `*.routes.ts` plugin here.
 */
export const moduleRoutes: ((app: FastifyInstance) => Promise<void>)[] = [ledgerPlanRoutes, ledgerTaskRoutes, complexityRoutes, trackingReportRoutes, trackingProgressRoutes];

/** Flags of GET /api/auth/me `can` that come from modules beyond org (the UI shows or hides things by them). */
export function moduleCapabilities(actor: Actor): Record<string, boolean> {
  return {
    createPlans: ledgerPolicy.plan.create(actor),
    runAnalyses: complexityPolicy.analysis.create(actor),
    reviewReports: trackingPolicy.reporting.reviewQueue(actor),
    superviseReports: isSupervising(actor),
  };
}

/** Each module's row counts for `luoshi status` (name → rows), org first; a module adds its own counter here. */
export const moduleStatusCounts: ((db: Db) => Promise<Record<string, number>>)[] = [countOrgRows, countLedgerRows, countComplexityRows];
