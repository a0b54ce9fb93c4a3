import { FileTextOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import type { Me } from '../../../web/session.tsx';
import { planMessages } from './plans.messages.ts';

/** Whether the user may create plans: GET /api/auth/me's `can.createPlans` (ledgerPolicy.plan.create, ledger.module.ts). */
export function mayCreatePlans(me: Me): boolean {
  return me.can.createPlans === true;
}

/** The plans pages: the list (menu 规划), importing a document or a task table, and one plan. */
export const routes: PageRoute[] = [
  { path: '/plans', menuKey: 'plans', order: 20, label: planMessages['nav.plans'], icon: FileTextOutlined, lazy: () => import('./PlansPage.tsx') },
  { path: '/plans/new', label: planMessages['nav.planNew'], lazy: () => import('./PlanImportPage.tsx'), visible: mayCreatePlans },
  { path: '/plans/import-table', label: planMessages['nav.planImportTable'], lazy: () => import('./TaskTableImportPage.tsx'), visible: mayCreatePlans },
  { path: '/plans/:id', label: planMessages['nav.planDetail'], lazy: () => import('./PlanDetailPage.tsx') },
];
