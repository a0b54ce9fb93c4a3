import { CalculatorOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { complexityMessages } from './complexity.messages.ts';

/** The complexity pages: uploads and past analyses (menu 经济复杂度), and one analysis. Anyone signed in may use them. */
export const routes: PageRoute[] = [
  { path: '/complexity', menuKey: 'complexity', order: 50, label: complexityMessages['nav.complexity'], icon: CalculatorOutlined, lazy: () => import('./ComplexityPage.tsx') },
  { path: '/complexity/:id', label: complexityMessages['nav.analysis'], lazy: () => import('./AnalysisPage.tsx') },
];
