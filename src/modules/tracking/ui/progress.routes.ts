import { LineChartOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { progressMessages } from './progress.messages.ts';

/** The progress dashboard of a plan (进度看板): classes and warnings by part, lead leader and lead unit. */
export const routes: PageRoute[] = [
  { path: '/progress', menuKey: 'progress', order: 25, label: progressMessages['nav.progress'], icon: LineChartOutlined, lazy: () => import('./DashboardPage.tsx') },
];
