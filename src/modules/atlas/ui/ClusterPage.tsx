import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Modal, Space, Spin, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { ClusterFormModal } from './ClusterForms.tsx';
import { IndicatorsTab, ReadinessTab } from './ClusterIndicators.tsx';
import { clusterApi, type ClusterDetail } from './clusters.api.ts';
import { clusterMessages } from './clusters.messages.ts';

type ChainFigure = ClusterDetail['chainFigures'][number];
type SegmentRow = ChainFigure['segments'][number];
type EnterpriseRow = ClusterDetail['enterprises']['items'][number];
const LEVEL_COLOURS = { absent: 'red', weak: 'orange', medium: 'blue', strong: 'green' } as const;

/**
 * One cluster (/atlas/clusters/:id). 概况: its zones with their counts, each chain's segments it covers and lacks (with
 * the coverage matrix's strength score), its enterprises, targets and 链主, all as of the latest link counted; 指标: its
 * values over time; 申报准备度: the checklist towards national status.
 */
export default function ClusterPage() {
  const { id = '' } = useParams();
  const t = useMessages(clusterMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const navigate = useNavigate();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [confirmedOnly, setConfirmedOnly] = useState(false);
  const [editing, setEditing] = useState(false);
  const [tab, setTab] = useState('overview');
  const q = useQuery({ queryKey: ['atlas', 'cluster', id, confirmedOnly], queryFn: () => clusterApi.cluster(id, confirmedOnly), enabled: Boolean(id) });
  const c = q.data;
  const counts = (x: { enterprises: number; leading: number; specialised: number; littleGiants: number }) =>
    t('cl.counts', { n: x.enterprises, leading: x.leading, specialised: x.specialised, giants: x.littleGiants });

  const segmentColumns: TableColumnsType<SegmentRow> = [
    { title: t('cl.segment'), key: 'name', render: (_, s) => (s.parent ? <span style={{ paddingLeft: 16 }}>{s.name}</span> : <strong>{s.name}</strong>) },
    { title: '', key: 'stage', width: 80, render: (_, s) => t(`cl.stage.${s.stage}`) },
    { title: t('cl.enterprises'), key: 'n', render: (_, s) => counts(s) },
    { title: t('cl.strength'), key: 'score', width: 110, render: (_, s) => <Tag color={LEVEL_COLOURS[s.level]}>{`${s.score} ${t(`cl.level.${s.level}`)}`}</Tag> },
    { title: t('cl.focus'), key: 'focus', width: 90, render: (_, s) => (s.focus ? <Tag color="purple">{t('cl.focus')}</Tag> : null) },
  ];
  const enterpriseColumns: TableColumnsType<EnterpriseRow> = [
    { title: t('cl.name'), dataIndex: 'name' },
    { title: 'USCC', dataIndex: 'uscc', width: 190 },
    { title: t('cl.zones'), key: 'zones', render: (_, e) => e.zones.join('、') },
    { title: t('cl.segment'), key: 'segments', render: (_, e) => e.segments.map((s) => s.name).join('、') },
    { title: t('cl.tags'), key: 'tags', render: (_, e) => e.tags.map((x) => <Tag key={x}>{x}</Tag>) },
    { title: t('cl.linkAsOf'), dataIndex: 'asOf', width: 110 },
  ];

  const remove = () =>
    Modal.confirm({
      title: t('cl.deleteConfirm', { name: c?.name ?? '' }),
      onOk: async () => {
        try {
          await clusterApi.deleteCluster(id);
          await client.invalidateQueries({ queryKey: ['atlas'] });
          void navigate('/atlas/clusters');
        } catch (error) {
          feedback.error(error);
        }
      },
    });

  const overview = () =>
    c ? (
      <>
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('cl.region')}>{c.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('cl.chains')}>{c.chains.map((ch) => ch.name).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('cl.enterprises')}>
            <span data-testid="cluster-totals">{counts(c.totals)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('cl.leading')}>{c.leading.map((l) => l.name).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cl.targets')}>
            {c.targets.map((x, i) => <div key={i}>{t('cl.target', { year: x.year, name: bi(x.name), value: x.value, unit: x.unit })}</div>)}
          </Descriptions.Item>
          <Descriptions.Item label={t('cl.promotionBody')}>{c.promotionBody ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cl.description')}>{c.description ?? '—'}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary">
          {t('cl.asOf', { date: c.asOf ?? t('cl.noData') })} · {bi(c.counted)} · {bi(c.formula)}
        </Typography.Paragraph>
        <Card size="small" title={t('cl.byZone')} style={{ marginBottom: 16 }}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={c.zoneFigures}
            data-testid="cluster-zones"
            columns={[
              { title: t('cl.name'), dataIndex: 'name' },
              { title: t('cl.region'), key: 'region', width: 120, render: (_, z) => <span title={z.regionCode}>{z.regionName}</span> },
              { title: t('cl.enterprises'), key: 'n', render: (_, z) => counts(z) },
            ]}
          />
        </Card>
        {c.chainFigures.map((ch) => (
          <Card key={ch.id} size="small" title={`${ch.name} · ${t('cl.coverage', { covered: ch.covered.length, total: ch.covered.length + ch.missing.length })}`} style={{ marginBottom: 16 }}>
            <div data-testid="covered-segments" style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t('cl.covered')}：</Typography.Text>
              {ch.covered.map((s) => (
                <Tag key={s.key} color="green">
                  {s.name}
                </Tag>
              ))}
            </div>
            <div data-testid="missing-segments" style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t('cl.missing')}：</Typography.Text>
              {ch.missing.map((s) => (
                <Tag key={s.key} color="red">
                  {s.name}
                </Tag>
              ))}
            </div>
            <Table size="small" rowKey="key" pagination={false} dataSource={ch.segments} columns={segmentColumns} />
          </Card>
        ))}
        <Card size="small" title={`${t('cl.enterprises')} (${c.enterprises.total})`}>
          <Table size="small" rowKey={(e) => e.uscc ?? e.name} dataSource={c.enterprises.items} columns={enterpriseColumns} pagination={{ pageSize: 20 }} data-testid="cluster-enterprises" />
          {c.enterprises.total > c.enterprises.items.length ? <Typography.Text type="secondary">{t('cl.more', { n: c.enterprises.total - c.enterprises.items.length })}</Typography.Text> : null}
        </Card>
      </>
    ) : null;

  return (
    <div data-testid="cluster-page">
      <PageHeader
        title={
          <Space>
            <Link to="/atlas/clusters">{t('nav.clusters')}</Link>/<span>{c?.name ?? '…'}</span>
            {c ? <Tag color={c.level.startsWith('national') ? 'gold' : undefined}>{bi(c.levelName)}</Tag> : null}
          </Space>
        }
        extra={
          <Space>
            <Checkbox checked={confirmedOnly} onChange={(e) => setConfirmedOnly(e.target.checked)}>
              {t('cl.confirmedOnly')}
            </Checkbox>
            {c?.canEdit ? (
              <>
                <Button onClick={() => setEditing(true)}>{t('cl.edit')}</Button>
                <Button danger onClick={remove}>
                  {t('cl.delete')}
                </Button>
              </>
            ) : null}
          </Space>
        }
      />
      {q.error ? <Alert type="error" showIcon message={errorText(q.error)} /> : null}
      {q.isLoading ? <Spin /> : null}
      {c ? (
        <>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: 'overview', label: t('tab.overview'), children: overview() },
              { key: 'indicators', label: t('tab.indicators'), children: <IndicatorsTab clusterId={c.id} /> },
              { key: 'readiness', label: t('tab.readiness'), children: <ReadinessTab clusterId={c.id} /> },
            ]}
          />
          <ClusterFormModal
            open={editing}
            cluster={c}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              void client.invalidateQueries({ queryKey: ['atlas'] });
            }}
          />
        </>
      ) : null}
    </div>
  );
}
