import { UserOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { viewMessages } from './views.messages.ts';

/** The progress briefing, a leader's page (and 我的分管, the leader's own) and a unit's page. */
export const routes: PageRoute[] = [
  { path: '/progress/briefing', label: viewMessages['nav.briefing'], lazy: () => import('./BriefingPage.tsx') },
  { path: '/progress/leaders/:id', label: viewMessages['nav.leader'], lazy: () => import('./LeaderPage.tsx') },
  { path: '/progress/units/:id', label: viewMessages['nav.unit'], lazy: () => import('./UnitPage.tsx') },
  {
    path: '/progress/my-portfolio',
    menuKey: 'my-portfolio',
    order: 26,
    label: viewMessages['nav.myPortfolio'],
    icon: UserOutlined,
    lazy: () => import('./LeaderPage.tsx'),
    visible: (me) => me.can.myPortfolio,
  },
];
