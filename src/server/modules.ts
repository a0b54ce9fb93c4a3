import type { FastifyInstance } from 'fastify';
import type { Actor } from '../modules/org/org.policy.ts';
import { ledgerPolicy } from '../modules/ledger/ledger.policy.ts';
import { ledgerPlanRoutes } from '../modules/ledger/ledger.routes.ts';
import { ledgerTaskRoutes } from '../modules/ledger/ledger.tasks.routes.ts';
import { complexityRoutes } from '../modules/complexity/complexity.routes.ts';
import { complexityPolicy } from '../modules/complexity/complexity.policy.ts';

/**
 * Route plugins of the modules beyond org, in the order they are registered.
 * A module adds its `*.routes.ts` plugin here.
 */
export const moduleRoutes: ((app: FastifyInstance) => Promise<void>)[] = [ledgerPlanRoutes, ledgerTaskRoutes, complexityRoutes];

/** Flags of GET /api/auth/me `can` that come from modules beyond org (the UI shows or hides things by them). */
export function moduleCapabilities(actor: Actor): Record<string, boolean> {
  return { createPlans: ledgerPolicy.plan.create(actor), runAnalyses: complexityPolicy.analysis.create(actor) };
}
