import type { FastifyInstance } from 'fastify';
import { ledgerPlanRoutes } from '../modules/ledger/ledger.routes.ts';
import { ledgerTaskRoutes } from '../modules/ledger/ledger.tasks.routes.ts';
import { complexityRoutes } from '../modules/complexity/complexity.routes.ts';

/**
 * Route plugins of the modules beyond org, in the order they are registered.
 * A module adds its `*.routes.ts` plugin here.
 */
export const moduleRoutes: ((app: FastifyInstance) => Promise<void>)[] = [ledgerPlanRoutes, ledgerTaskRoutes, complexityRoutes];
