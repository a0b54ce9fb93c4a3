import { ApartmentOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../web/routes.ts';
import { atlasMessages } from './atlas.messages.ts';
import { prefetchChainMap } from './chain-map.prefetch.ts';
import { clusterMessages } from './clusters.messages.ts';
import { chiefMessages } from './chiefs.messages.ts';
import { intermediaryMessages } from './intermediaries.messages.ts';

/**
 * The atlas pages: the chains (menu 产业链图谱), one chain's map, the enterprise directory and the enterprise import;
 * for everyone signed in (me.can.atlas).
 */
export const routes: PageRoute[] = [
  { path: '/atlas', menuKey: 'atlas', order: 40, label: atlasMessages['nav.atlas'], icon: ApartmentOutlined, visible: (me) => Boolean(me.can.atlas), lazy: () => import('./ChainsPage.tsx') },
  { path: '/atlas/chains/:id/analysis', label: atlasMessages['nav.analysis'], visible: (me) => Boolean(me.can.atlas), lazy: () => import('./ChainAnalysisPage.tsx') },
  { path: '/atlas/chains/:id/chief', label: chiefMessages['nav.chief'], visible: (me) => Boolean(me.can.atlas), lazy: () => import('./ChainChiefPage.tsx') },
  {
    path: '/atlas/chains/:id',
    label: atlasMessages['nav.chain'],
    visible: (me) => Boolean(me.can.atlas),
    lazy: () => import('./ChainMapPage.tsx'),
    // The chain, its counts and the graph's chunk (G6) are asked for with the page's code, not after it has run.
    preload: ({ id }) => {
      if (id) prefetchChainMap(id);
      void import('./ChainGraph.tsx').catch(() => undefined);
    },
  },
  { path: '/atlas/enterprises', label: atlasMessages['nav.enterprises'], visible: (me) => Boolean(me.can.atlas), lazy: () => import('./EnterprisesPage.tsx') },
  { path: '/atlas/clusters', label: clusterMessages['nav.clusters'], visible: (me) => Boolean(me.can.atlas), lazy: () => import('./ClustersPage.tsx') },
  { path: '/atlas/clusters/:id', label: clusterMessages['nav.cluster'], visible: (me) => Boolean(me.can.atlas), lazy: () => import('./ClusterPage.tsx') },
  { path: '/atlas/intermediaries', label: intermediaryMessages['nav.intermediaries'], visible: (me) => Boolean(me.can.atlas), lazy: () => import('./IntermediariesPage.tsx') },
  { path: '/atlas/import', label: atlasMessages['nav.import'], visible: (me) => Boolean(me.can.importAtlas), lazy: () => import('./ImportPage.tsx') },
];
