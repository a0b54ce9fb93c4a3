import { defineModule, type ModuleManifest } from '../../server/module.ts';
import type { ComplexityTables } from './complexity.tables.ts';

/** The complexity module as the registry (src/server/registry.ts) sees it: the engine's command and stored analyses. */
export const complexityModule: ModuleManifest<ComplexityTables> = defineModule({
  name: 'complexity',
  title: { zh: '经济复杂度', en: 'Economic complexity' },
  routes: async () => [(await import('./complexity.routes.ts')).complexityRoutes],
  policy: async () => (await import('./complexity.policy.ts')).complexityPolicy,
  capabilities: (policy, actor) => ({ runAnalyses: policy.analysis.create(actor) }),
  cli: [
    {
      commands: {
        'complexity <file>': '经济复杂度 / economic complexity (RCA, proximity, density, ECI/PCI, COI/COG) from a location × product CSV',
      },
      load: async () => (await import('./complexity.cli.ts')).registerComplexityCommand,
    },
  ],
  statusCounts: async () => (await import('./complexity.repo.ts')).countComplexityRows,
  audit: {
    entities: { complexity_analysis: { zh: '复杂度分析', en: 'Complexity analysis' } },
    actions: { complete: { zh: '计算完成', en: 'Completed' }, fail: { zh: '计算失败', en: 'Failed' } },
  },
  citus: { distributed: ['complexity_analyses', 'complexity_results'] },
});
