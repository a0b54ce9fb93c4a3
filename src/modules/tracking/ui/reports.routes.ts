import { FormOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { reportMessages } from './reports.messages.ts';

/** A unit's reporting page (我的填报) with the report form and, for reviewers, the review queue. */
export const routes: PageRoute[] = [
  { path: '/reporting', menuKey: 'reporting', order: 31, label: reportMessages['nav.reporting'], icon: FormOutlined, lazy: () => import('./ReportsPage.tsx') },
];
