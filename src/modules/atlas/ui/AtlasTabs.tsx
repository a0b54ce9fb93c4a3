import { Segmented } from 'antd';
import { useNavigate } from 'react-router';
import { useMessages } from '../../../web/i18n.ts';
import { useMe } from '../../../web/session.tsx';
import { atlasMessages } from './atlas.messages.ts';
import { intermediaryMessages } from './intermediaries.messages.ts';

/** The atlas's own sections: chains, enterprises, clusters, intermediaries, import (the last for those who may import). */
export function AtlasTabs({ current }: { current: '/atlas' | '/atlas/enterprises' | '/atlas/clusters' | '/atlas/intermediaries' | '/atlas/import' }) {
  const t = useMessages(atlasMessages);
  const ti = useMessages(intermediaryMessages);
  const me = useMe();
  const navigate = useNavigate();
  const options = [
    { value: '/atlas', label: t('tab.chains') },
    { value: '/atlas/enterprises', label: t('tab.enterprises') },
    { value: '/atlas/clusters', label: t('tab.clusters') },
    { value: '/atlas/intermediaries', label: ti('nav.intermediaries') },
    ...(me.can.importAtlas ? [{ value: '/atlas/import', label: t('tab.import') }] : []),
  ];
  return <Segmented options={options} value={current} onChange={(v) => navigate(String(v))} style={{ marginBottom: 16 }} />;
}
