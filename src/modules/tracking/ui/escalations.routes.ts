import { AlertOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { escalationMessages } from './escalations.messages.ts';

/** The supervision office's page of escalation notices (督办管理): the list, suggestions from the rules, issuing and closing. */
export const routes: PageRoute[] = [
  {
    path: '/escalations',
    menuKey: 'escalations',
    order: 32,
    label: escalationMessages['nav.escalations'],
    icon: AlertOutlined,
    lazy: () => import('./EscalationsPage.tsx'),
    visible: (me) => me.can.superviseEscalations === true,
  },
];
