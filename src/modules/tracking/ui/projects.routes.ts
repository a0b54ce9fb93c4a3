import { ProjectOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { projectMessages } from './projects.messages.ts';

/** A plan's projects (项目清单): totals by stage, filters, Excel export and import. */
export const routes: PageRoute[] = [
  { path: '/projects', menuKey: 'projects', order: 27, label: projectMessages['nav.projects'], icon: ProjectOutlined, lazy: () => import('./ProjectsPage.tsx') },
];
