/**
 * A plan's life cycle, shared by the server (which enforces it) and the plan page (which offers the next steps).
 * Pure: the UI may import it (a *.domain.ts file does no I/O).
 */
import type { PlanStatus } from './ledger.tables.ts';

/**
 * The status changes a drafting office may make: forward through the life cycle, or back one step before issue.
 * An issued plan is final: it is not sent back to 审议通过; what changes after issue is a new plan.
 */
export const STATUS_FLOW: Record<PlanStatus, PlanStatus[]> = {
  draft: ['consultation', 'adopted'],
  consultation: ['draft', 'adopted'],
  adopted: ['consultation', 'issued'],
  issued: [],
};
