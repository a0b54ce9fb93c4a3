import { FileTextOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import type { Me } from '../../../web/session.tsx';
import { planMessages } from './plans.messages.ts';

/**
 * Whether the user may create plans. GET /api/auth/me has no such flag yet (its `can` covers the org module only);
 * when it gains `can.createPlans` (ledgerPolicy.plan.create) this reads it, and until then the server's 403 answers.
 */
export function mayCreatePlans(me: Me): boolean {
  return (me.can as Partial<Record<string, boolean>>).createPlans ?? true;
}

/** The plans pages: the list (menu 规划), importing a document or a task table, and one plan. */
export const routes: PageRoute[] = [
  { path: '/plans', menuKey: 'plans', order: 20, label: planMessages['nav.plans'], icon: FileTextOutlined, lazy: () => import('./PlansPage.tsx') },
  { path: '/plans/new', label: planMessages['nav.planNew'], lazy: () => import('./PlanImportPage.tsx'), visible: mayCreatePlans },
  { path: '/plans/import-table', label: planMessages['nav.planImportTable'], lazy: () => import('./TaskTableImportPage.tsx'), visible: mayCreatePlans },
  { path: '/plans/:id', label: planMessages['nav.planDetail'], lazy: () => import('./PlanDetailPage.tsx') },
];
