import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { errorText } from '../../../web/api.ts';
import { useBusyAction, useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { AtlasTabs } from './AtlasTabs.tsx';
import { ClusterFormModal, ZoneFormModal } from './ClusterForms.tsx';
import { clusterApi, type ClusterFile, type ClusterSummary, type Zone } from './clusters.api.ts';
import { clusterMessages } from './clusters.messages.ts';

/**
 * The clusters tab of the atlas (/atlas/clusters): every cluster with its figures (enterprises, 链主 and 专精特新,
 * segments covered, targets, as-of date) and every carrier zone; the chain office creates, edits, imports and exports.
 */
export default function ClustersPage() {
  const t = useMessages(clusterMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const navigate = useNavigate();
  const feedback = useFeedback();
  const client = useQueryClient();
  const clusters = useQuery({ queryKey: ['atlas', 'clusters'], queryFn: clusterApi.clusters });
  const zones = useQuery({ queryKey: ['atlas', 'zones'], queryFn: clusterApi.zones });
  const [creating, setCreating] = useState(false);
  const [zoneForm, setZoneForm] = useState<{ zone: Zone | null } | null>(null);
  const [exporting, run] = useBusyAction();
  const canEdit = Boolean(clusters.data?.[0]?.canEdit ?? zones.data?.[0]?.canEdit);
  const refresh = () => client.invalidateQueries({ queryKey: ['atlas'] });

  const importFile = async (file: File) => {
    try {
      const parsed = JSON.parse(await file.text()) as ClusterFile;
      const dry = await clusterApi.importFile(parsed, true);
      const params = { zc: dry.zones.created, zu: dry.zones.updated, cc: dry.clusters.created, cu: dry.clusters.updated };
      Modal.confirm({
        title: file.name,
        content: t('cl.imported', params),
        onOk: async () => {
          await clusterApi.importFile(parsed, false).catch((e: unknown) => feedback.error(e));
          await refresh();
        },
      });
    } catch (error) {
      feedback.error(error);
    }
  };

  const columns: TableColumnsType<ClusterSummary> = [
    { title: t('cl.name'), key: 'name', render: (_, c) => <Link to={`/atlas/clusters/${c.id}`}>{locale === 'en-US' && c.nameEn ? c.nameEn : c.name}</Link> },
    { title: t('cl.level'), key: 'level', width: 150, render: (_, c) => <Tag color={c.level.startsWith('national') ? 'gold' : undefined}>{bi(c.levelName)}</Tag> },
    { title: t('cl.zones'), key: 'zones', render: (_, c) => c.zones.map((z) => z.name).join('、') },
    { title: t('cl.enterprises'), key: 'n', render: (_, c) => t('cl.counts', { n: c.totals.enterprises, leading: c.totals.leading, specialised: c.totals.specialised, giants: c.totals.littleGiants }) },
    { title: t('cl.segments'), key: 'cov', render: (_, c) => c.chains.map((ch) => <div key={ch.id}>{`${ch.name}：${t('cl.coverage', { covered: ch.covered, total: ch.segments })}`}</div>) },
    { title: t('cl.targets'), key: 'targets', render: (_, c) => c.targets.map((x, i) => <div key={i}>{t('cl.target', { year: x.year, name: bi(x.name), value: x.value, unit: x.unit })}</div>) },
    { title: '', key: 'asOf', width: 150, render: (_, c) => <Typography.Text type="secondary">{t('cl.asOf', { date: c.asOf ?? t('cl.noData') })}</Typography.Text> },
  ];
  const zoneColumns: TableColumnsType<Zone> = [
    { title: t('cl.name'), dataIndex: 'name' },
    { title: t('cl.kind'), key: 'kind', width: 180, render: (_, z) => bi(z.kindName) },
    { title: t('cl.districts'), key: 'districts', render: (_, z) => z.districts.map((d) => d.name).join('、') },
    { title: t('cl.radius'), dataIndex: 'radiusKm', width: 100, render: (v: number | null) => v ?? '—' },
    { title: t('cl.zoneFocus'), key: 'focus', render: (_, z) => z.focus.map((f) => `${f.chainName}：${f.segments.map((s) => s.name).join('、') || '—'}`).join('；') },
    { title: t('cl.clustersOfZone'), key: 'clusters', render: (_, z) => z.clusters.map((c) => c.name).join('、') || '—' },
    ...(canEdit
      ? [
          {
            title: '',
            key: 'actions',
            width: 160,
            render: (_: unknown, z: Zone) => (
              <Space>
                <Button size="small" onClick={() => setZoneForm({ zone: z })}>
                  {t('cl.zoneEdit')}
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    Modal.confirm({
                      title: t('cl.zoneDeleteConfirm', { name: z.name }),
                      onOk: async () => {
                        await clusterApi.deleteZone(z.id).catch((e: unknown) => feedback.error(e));
                        await refresh();
                      },
                    })
                  }
                >
                  {t('cl.zoneDelete')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="clusters-page">
      <PageHeader
        title={t('cl.title')}
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void run(() => clusterApi.exportFile())}>
              {t('cl.export')}
            </Button>
            {canEdit ? (
              <>
                <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(f) => (void importFile(f), false)}>
                  <Button icon={<UploadOutlined />}>{t('cl.import')}</Button>
                </Upload>
                <Button icon={<PlusOutlined />} onClick={() => setZoneForm({ zone: null })}>
                  {t('cl.zoneNew')}
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t('cl.new')}
                </Button>
              </>
            ) : null}
          </Space>
        }
      />
      <AtlasTabs current="/atlas/clusters" />
      {clusters.error ? <Alert type="error" showIcon message={errorText(clusters.error)} /> : null}
      <Table rowKey="id" columns={columns} dataSource={clusters.data ?? []} loading={clusters.isLoading} pagination={false} locale={{ emptyText: t('cl.empty') }} data-testid="clusters-table" />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('cl.zones')}
      </Typography.Title>
      <Table rowKey="id" size="small" columns={zoneColumns} dataSource={zones.data ?? []} loading={zones.isLoading} pagination={false} data-testid="zones-table" />
      <ClusterFormModal
        open={creating}
        cluster={null}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false);
          void refresh();
          void navigate(`/atlas/clusters/${id}`);
        }}
      />
      <ZoneFormModal
        open={zoneForm !== null}
        zone={zoneForm?.zone ?? null}
        onClose={() => setZoneForm(null)}
        onSaved={() => {
          setZoneForm(null);
          void refresh();
        }}
      />
    </div>
  );
}
