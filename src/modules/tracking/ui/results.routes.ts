import { TrophyOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { resultsMessages } from './results.messages.ts';

/** The results record (实绩档案): per unit or leader over a period; everyone signed in sees his or her own rows. */
export const routes: PageRoute[] = [
  { path: '/progress/results', menuKey: 'results', order: 27, label: resultsMessages['nav.results'], icon: TrophyOutlined, lazy: () => import('./ResultsPage.tsx') },
];
