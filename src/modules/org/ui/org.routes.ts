import { AuditOutlined, BankOutlined, IdcardOutlined, UserOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { orgMessages } from './org.messages.ts';

/** The org module's pages, under 系统管理 in the menu. */
export const routes: PageRoute[] = [
  { path: '/units', menuKey: 'units', group: 'system', order: 10, label: orgMessages['nav.units'], icon: BankOutlined, lazy: () => import('./UnitsPage.tsx') },
  { path: '/people', menuKey: 'people', group: 'system', order: 20, label: orgMessages['nav.people'], icon: UserOutlined, lazy: () => import('./PeoplePage.tsx') },
  {
    path: '/accounts',
    menuKey: 'accounts',
    group: 'system',
    order: 30,
    label: orgMessages['nav.accounts'],
    icon: IdcardOutlined,
    lazy: () => import('./AccountsPage.tsx'),
    visible: (me) => me.can.manageUsers,
  },
  {
    path: '/audit',
    menuKey: 'audit',
    group: 'system',
    order: 40,
    label: orgMessages['nav.audit'],
    icon: AuditOutlined,
    lazy: () => import('./AuditPage.tsx'),
    visible: (me) => me.can.readAudit,
  },
];
