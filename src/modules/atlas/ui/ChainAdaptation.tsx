import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Popconfirm, Space } from 'antd';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { atlasApi, type ChainDetail } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { ChainChangesList, hasChanges } from './ChainChanges.tsx';

/**
 * Where the chain page stands on adaptation: on a shared chain, the offer to adapt it for the region (采用并调整) or
 * the way to the region's adaptation; on an adaptation, the shared chain it follows and that chain's changes since.
 */
export function ChainAdaptation({ chain: c, canImport }: { chain: ChainDetail; canImport: boolean }) {
  const t = useMessages(atlasMessages);
  const feedback = useFeedback();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      feedback.error(error);
    } finally {
      setBusy(false);
    }
  };
  const adapt = () =>
    act(async () => {
      const r = await atlasApi.adaptChain(c.id);
      void feedback.message.success(t('adapt.done'));
      await queries.invalidateQueries({ queryKey: ['atlas'] });
      void navigate(`/atlas/chains/${r.chainId}`);
    });
  const review = (version: number) =>
    act(async () => {
      await atlasApi.reviewSource(c.id, version);
      void feedback.message.success(t('adapt.reviewed', { version }));
      await queries.invalidateQueries({ queryKey: ['atlas'] });
    });

  const style = { marginBottom: 12 };
  if (c.adaptation) {
    return (
      <Alert
        type="info"
        showIcon
        style={style}
        data-testid="chain-adaptation"
        message={t('adapt.have', { version: c.adaptation.version })}
        action={
          <Link to={`/atlas/chains/${c.adaptation.id}`}>
            <Button size="small">{t('adapt.open')}</Button>
          </Link>
        }
      />
    );
  }
  if (c.canAdapt) {
    return (
      <Alert
        type="info"
        showIcon
        style={style}
        message={t('adapt.offer')}
        action={
          <Popconfirm title={t('adapt.confirm', { name: c.name, version: c.version })} onConfirm={() => void adapt()} okText={t('adapt.button')} cancelText={t('edit.cancel')}>
            <Button type="primary" size="small" loading={busy} data-testid="chain-adapt">
              {t('adapt.button')}
            </Button>
          </Popconfirm>
        }
      />
    );
  }
  if (!c.canEdit && c.regionCode === '000000' && canImport) return <Alert type="info" showIcon style={style} message={t('edit.sharedNote')} />;
  const from = c.adaptedFrom;
  if (!from) return null;
  const shared = (
    <Link to={`/atlas/chains/${from.chainId}`}>
      <Button size="small">{t('adapt.openShared')}</Button>
    </Link>
  );
  if (from.currentVersion === from.version || !hasChanges(from.changes)) {
    return <Alert type="info" showIcon style={style} data-testid="chain-adapted-from" message={t('adapt.from', { name: from.name, version: from.version })} action={shared} />;
  }
  return (
    <Alert
      type="warning"
      showIcon
      style={style}
      data-testid="chain-source-changed"
      message={t('adapt.changed', { name: from.name, current: from.currentVersion, version: from.version })}
      description={<ChainChangesList changes={from.changes} />}
      action={
        <Space direction="vertical">
          {shared}
          {c.canEdit ? (
            <Button size="small" loading={busy} onClick={() => void review(from.currentVersion)} data-testid="chain-review-source">
              {t('adapt.review', { version: from.currentVersion })}
            </Button>
          ) : null}
        </Space>
      }
    />
  );
}
