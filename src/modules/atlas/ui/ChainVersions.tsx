import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Drawer, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import { api, errorText } from '../../../web/api.ts';
import { formatDateTime } from '../../../web/format.ts';
import { getLocale, useLocale, useMessages } from '../../../web/i18n.ts';
import type { ChainVersionChanges, ChainVersionSummary } from '../atlas.chain-versions.schema.ts';
import { atlasMessages } from './atlas.messages.ts';
import { ChainChangesList, hasChanges } from './ChainChanges.tsx';

const versionsApi = {
  list: (id: string) => api.get<ChainVersionSummary[]>(`/api/atlas/chains/${id}/versions`),
  changes: (id: string, version: number) => api.get<ChainVersionChanges>(`/api/atlas/chains/${id}/versions/${version}/changes`),
};

/** The chain page's 版本 button and drawer: every version of the chain, newest first; one chosen shows its changes against the one before. */
export function ChainVersionsButton({ chainId, current }: { chainId: string; current: number }) {
  const t = useMessages(atlasMessages);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<HistoryOutlined />} onClick={() => setOpen(true)} data-testid="chain-versions">
        {t('versions.open', { version: current })}
      </Button>
      <Drawer open={open} onClose={() => setOpen(false)} width={640} title={t('versions.title')} destroyOnClose>
        {open ? <VersionList chainId={chainId} current={current} /> : null}
      </Drawer>
    </>
  );
}

function VersionList({ chainId, current }: { chainId: string; current: number }) {
  const t = useMessages(atlasMessages);
  const locale = useLocale();
  // Keyed by the current version: a save on the map shows here when the drawer opens again.
  const versions = useQuery({ queryKey: ['atlas', 'chain-versions', chainId, current], queryFn: () => versionsApi.list(chainId) });
  const [chosen, setChosen] = useState<number | null>(null);
  if (versions.isLoading) return <Spin />;
  if (versions.error) return <Alert type="error" showIcon message={errorText(versions.error)} />;
  const list = versions.data ?? [];
  const shown = chosen ?? list[0]?.version ?? null;
  const summary = (v: ChainVersionSummary) => {
    if (!v.changeCounts) return t('versions.first', { segments: v.segmentCount, edges: v.edgeCount });
    const parts = Object.entries(v.changeCounts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${t(`change.${k}` as 'change.segmentsAdded')} ${n}`);
    return parts.length ? parts.join(getLocale() === 'zh-CN' ? '，' : ', ') : t('versions.noChanges');
  };
  return (
    <List
      data-testid="chain-version-list"
      dataSource={list}
      renderItem={(v) => (
        <List.Item
          key={v.version}
          data-testid={`chain-version-${v.version}`}
          style={{ display: 'block', cursor: 'pointer', background: v.version === shown ? 'rgba(22,119,255,0.06)' : undefined, padding: '8px 12px' }}
          onClick={() => setChosen(v.version)}
        >
          <Space wrap>
            <Typography.Text strong>{t('versions.version', { version: v.version })}</Typography.Text>
            {v.version === current ? <Tag color="blue">{t('versions.current')}</Tag> : null}
            {v.origin ? <Tag>{t(`versions.origin.${v.origin}`)}</Tag> : null}
            {v.label ? <Tag>{v.label}</Tag> : null}
            <Typography.Text type="secondary">
              {formatDateTime(v.madeAt, locale)}
              {v.madeBy ? ` · ${v.madeBy}` : ''}
            </Typography.Text>
          </Space>
          <div>
            <Typography.Text type="secondary">{summary(v)}</Typography.Text>
          </div>
          {v.version === shown && v.changeCounts ? <VersionChanges chainId={chainId} version={v.version} /> : null}
        </List.Item>
      )}
    />
  );
}

function VersionChanges({ chainId, version }: { chainId: string; version: number }) {
  const t = useMessages(atlasMessages);
  const changes = useQuery({ queryKey: ['atlas', 'chain-version-changes', chainId, version], queryFn: () => versionsApi.changes(chainId, version) });
  if (changes.isLoading) return <Spin size="small" />;
  if (changes.error) return <Alert type="error" showIcon message={errorText(changes.error)} />;
  const c = changes.data!;
  return (
    <div style={{ marginTop: 8 }} data-testid="chain-version-changes">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('versions.against', { version: c.version, against: c.against ?? 0 })}
      </Typography.Paragraph>
      {hasChanges(c.changes) ? <ChainChangesList changes={c.changes} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('versions.noChanges')} />}
    </div>
  );
}
