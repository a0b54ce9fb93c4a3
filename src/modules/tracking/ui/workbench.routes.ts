import { DashboardOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { messages } from '../../../web/i18n.ts';

/** The workbench (工作台), where everyone lands: what the user's side owes and must decide, notifications, plans. */
export const routes: PageRoute[] = [
  { path: '/dashboard', menuKey: 'dashboard', order: 10, label: messages['nav.dashboard'], icon: DashboardOutlined, lazy: () => import('./WorkbenchPage.tsx') },
];
