import { defineModule, type ModuleManifest } from '../../server/module.ts';
import type { AtlasTables } from './atlas.tables.ts';
import type { AtlasClusterTables } from './atlas.clusters.tables.ts';
import type { AtlasChiefTables } from './atlas.chiefs.tables.ts';
import type { AtlasIntermediaryTables } from './atlas.intermediaries.tables.ts';

/**
 * The atlas module as the registry (src/server/registry.ts) sees it: versioned industry chains (segments by stage,
 * supply edges) and the enterprise directory with its segment links.
 */
export const atlasModule: ModuleManifest<AtlasTables & AtlasClusterTables & AtlasChiefTables & AtlasIntermediaryTables> = defineModule({
  name: 'atlas',
  title: { zh: '产业链图谱', en: 'Industry chain atlas' },
  routes: async () => [
    (await import('./atlas.routes.ts')).atlasRoutes,
    (await import('./atlas.analysis.routes.ts')).atlasAnalysisRoutes,
    (await import('./atlas.enterprises.routes.ts')).atlasEnterpriseRoutes,
    (await import('./atlas.clusters.routes.ts')).atlasClusterRoutes,
    (await import('./atlas.chiefs.routes.ts')).atlasChiefRoutes,
    (await import('./atlas.intermediaries.routes.ts')).atlasIntermediaryRoutes,
    (await import('./atlas.cluster-indicators.routes.ts')).atlasClusterIndicatorRoutes,
  ],
  policy: async () => (await import('./atlas.policy.ts')).atlasPolicy,
  capabilities: (policy, actor) => ({ atlas: policy.atlas.use(actor), importAtlas: policy.enterprise.import(actor) }),
  seedDemo: async () => (await import('./atlas.seed.ts')).seedDemoAtlas,
  cli: [
    {
      commands: { atlas: '产业链图谱 / industry chain atlas (chains, enterprises, clusters)' },
      load: async () => (await import('./atlas.cli.ts')).registerAtlasCommands,
    },
  ],
  statusCounts: async () => (await import('./atlas.chains.repo.ts')).countAtlasRows,
  // The chain map draws with G6 (a 1.5 MB chunk): opened from a link, the browser fetches it with the app's code.
  pagePreloads: [{ path: '/atlas/chains/:id', modules: ['src/modules/atlas/ui/ChainMapPage.tsx', 'src/modules/atlas/ui/ChainGraph.tsx'] }],
  audit: {
    entities: {
      chain: { zh: '产业链', en: 'Industry chain' },
      enterprise_import: { zh: '企业导入', en: 'Enterprise import' },
      chokepoint: { zh: '卡点', en: 'Chokepoint' },
      atlas_target: { zh: '招商目标', en: 'Investment target' },
      enterprise_link: { zh: '企业环节关联', en: 'Enterprise segment link' },
      carrier_zone: { zh: '载体', en: 'Carrier zone' },
      cluster: { zh: '产业集群', en: 'Industry cluster' },
      chain_chief: { zh: '链长制', en: 'Chain-chief record' },
      chain_chief_item: { zh: '链长制清单事项', en: 'Chain-chief list item' },
      intermediary: { zh: '中介组织', en: 'Intermediary' },
      cluster_indicators: { zh: '集群指标', en: 'Cluster indicators' },
      readiness_thresholds: { zh: '申报准备度阈值', en: 'Readiness thresholds' },
    },
    actions: {
      decide: { zh: '判定', en: 'Decide' },
      edit: { zh: '修改', en: 'Edit' },
      adapt: { zh: '采用并调整', en: 'Adapt for region' },
      add_member: { zh: '添加会员', en: 'Add member' },
      update_member: { zh: '修改会员', en: 'Change member' },
      remove_member: { zh: '移除会员', en: 'Remove member' },
      import_members: { zh: '导入会员', en: 'Import members' },
      set_values: { zh: '填报数值', en: 'Set values' },
    },
  },
  // Chain definitions are small and joined with every region's enterprises: reference tables. Enterprises and their
  // links are the large tables: distributed by the enterprise's region (db/migrations/0013_atlas.sql).
  citus: {
    // The readiness thresholds (0027) are a handful of rows read with every checklist.
    reference: ['atlas_chains', 'atlas_chain_versions', 'atlas_segments', 'atlas_segment_edges', 'atlas_chokepoints', 'atlas_readiness_thresholds'],
    // Clusters and carrier zones: by the region that keeps them (db/migrations/0019_atlas_clusters.sql), a cluster's
    // indicator values with it (0027); so are the chain-chief records and their lists (0024_atlas_chain_chiefs.sql);
    // intermediaries and their member rows by the intermediary's region (0025_atlas_intermediaries.sql).
    distributed: [
      'atlas_enterprises',
      'atlas_enterprise_segments',
      'atlas_enterprise_terms',
      'atlas_coverage_cells',
      'atlas_targets',
      'atlas_zones',
      'atlas_clusters',
      'atlas_cluster_indicators',
      'atlas_chain_chiefs',
      'atlas_chain_chief_items',
      'atlas_intermediaries',
      'atlas_intermediary_members',
    ],
    // The import page's uploads and runs (0018): the coordinator's own. The map's counts (0030) roll every region's
    // cells up into its ancestors' rows: a few rows per segment, summed across the regions' shards.
    local: ['atlas_import_uploads', 'atlas_import_upload_parts', 'atlas_import_jobs', 'atlas_map_counts'],
  },
});
