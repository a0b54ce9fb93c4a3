import { Segmented } from 'antd';
import { useNavigate } from 'react-router';
import { useMessages } from '../../../web/i18n.ts';
import { useMe } from '../../../web/session.tsx';
import { atlasMessages } from './atlas.messages.ts';

/** The atlas's own sections: chains, enterprises, clusters, import (the last for those who may import). */
export function AtlasTabs({ current }: { current: '/atlas' | '/atlas/enterprises' | '/atlas/clusters' | '/atlas/import' }) {
  const t = useMessages(atlasMessages);
  const me = useMe();
  const navigate = useNavigate();
  const options = [
    { value: '/atlas', label: t('tab.chains') },
    { value: '/atlas/enterprises', label: t('tab.enterprises') },
    { value: '/atlas/clusters', label: t('tab.clusters') },
    ...(me.can.importAtlas ? [{ value: '/atlas/import', label: t('tab.import') }] : []),
  ];
  return <Segmented options={options} value={current} onChange={(v) => navigate(String(v))} style={{ marginBottom: 16 }} />;
}
