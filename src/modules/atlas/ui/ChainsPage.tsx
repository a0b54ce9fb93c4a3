import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Upload, type TableColumnsType } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, detailText, errorText } from '../../../web/api.ts';
import { useBusyAction, useFeedback } from '../../../web/feedback.ts';
import { formatDateTime } from '../../../web/format.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { useMe } from '../../../web/session.tsx';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { atlasApi, type ChainImportResult, type ChainSummary } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { useRegionName } from './RegionPicker.tsx';
import { AtlasTabs } from './AtlasTabs.tsx';
import { ChainChangesList } from './ChainChanges.tsx';
import { distinctLabels } from '../../../web/distinct-labels.ts';

/** The chains (产业链图谱): each with its version and size; import a chain file (previewed, then confirmed), export. */
export default function ChainsPage() {
  const t = useMessages(atlasMessages);
  const locale = useLocale();
  const me = useMe();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [exporting, run] = useBusyAction();
  const chains = useQuery({ queryKey: ['atlas', 'chains'], queryFn: atlasApi.chains });
  const [pending, setPending] = useState<{ file: File; preview: ChainImportResult } | null>(null);
  const [busy, setBusy] = useState(false);
  // A refused chain file stays on the page with every problem (edge, segment) the server named, not only a toast.
  const [refused, setRefused] = useState<{ name: string; error: unknown } | null>(null);
  const regionName = useRegionName();

  const preview = async (file: File) => {
    setBusy(true);
    setRefused(null);
    try {
      setPending({ file, preview: await atlasApi.importChain(file, true, me.csrfToken) });
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) setRefused({ name: file.name, error });
      else feedback.error(error);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const r = await atlasApi.importChain(pending.file, false, me.csrfToken);
      void feedback.message.success(t('import.done', { name: r.chain.name, version: r.version }));
      setPending(null);
      await client.invalidateQueries({ queryKey: ['atlas'] });
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        setRefused({ name: pending.file.name, error });
        setPending(null);
      } else feedback.error(error);
    } finally {
      setBusy(false);
    }
  };

  // A region's adapted copy beside the shared chain of the same name: each named with its region (or 共享定义).
  const rows = chains.data ?? [];
  const shownName = (c: ChainSummary) => (locale === 'en-US' && c.nameEn ? c.nameEn : c.name);
  const labels = new Map(distinctLabels(rows, shownName, (c) => (c.regionCode === '000000' ? t('region.shared') : (c.regionName ?? regionName(c.regionCode)))).map((label, i) => [rows[i]!.id, label]));
  const columns: TableColumnsType<ChainSummary> = [
    { title: t('col.name'), dataIndex: 'name', render: (_: string, c) => <Link to={`/atlas/chains/${c.id}`}>{labels.get(c.id) ?? shownName(c)}</Link> },
    { title: t('col.key'), dataIndex: 'key', responsive: ['md'] },
    { title: t('col.region'), dataIndex: 'regionCode', render: (r: string) => (r === '000000' ? t('region.shared') : regionName(r)), responsive: ['md'] },
    { title: t('col.version'), dataIndex: 'version', align: 'right' },
    { title: t('col.segments'), dataIndex: 'segmentCount', align: 'right' },
    { title: t('col.edges'), dataIndex: 'edgeCount', align: 'right' },
    { title: t('col.updated'), dataIndex: 'updatedAt', render: (d: string) => formatDateTime(d, locale), responsive: ['lg'] },
    {
      title: t('col.actions'),
      key: 'actions',
      render: (_, c) => (
        <Space size="small">
          <Button size="small" icon={<DownloadOutlined />} loading={exporting} onClick={() => void run(() => atlasApi.exportChain(c))}>
            {t('chains.export')}
          </Button>
          <Button size="small" icon={<DownloadOutlined />} loading={exporting} onClick={() => void run(() => atlasApi.exportChain(c, 'xlsx'))}>
            {t('chains.exportXlsx')}
          </Button>
        </Space>
      ),
    },
  ];

  const p = pending?.preview;
  return (
    <>
      <PageHeader
        title={t('chains.title')}
        extra={
          me.can.importAtlas ? (
            <Upload accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" showUploadList={false} beforeUpload={(file) => (void preview(file), false)}>
              <Button icon={<UploadOutlined />} loading={busy && !pending}>
                {t('chains.import')}
              </Button>
            </Upload>
          ) : null
        }
      />
      <AtlasTabs current="/atlas" />
      {chains.error ? <Alert type="error" message={errorText(chains.error)} /> : null}
      {refused ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setRefused(null)}
          style={{ marginBottom: 16 }}
          title={errorText(refused.error)}
          description={refused.error instanceof ApiError ? refused.error.details.map((d, i) => <div key={i}>{`${d.field}：${detailText(d, refused.error as ApiError)}`}</div>) : undefined}
          data-testid="chain-import-refused"
        />
      ) : null}
      <Table<ChainSummary> rowKey="id" loading={chains.isLoading} columns={columns} dataSource={chains.data ?? []} pagination={false} locale={{ emptyText: t('chains.empty') }} />
      <Modal
        open={pending !== null}
        title={p ? t('import.previewTitle', { name: pending!.file.name }) : ''}
        onCancel={() => setPending(null)}
        onOk={() => void confirm()}
        okText={t('import.confirm')}
        cancelText={t('import.cancel')}
        okButtonProps={{ disabled: !p || p.unchanged, loading: busy }}
        width={720}
      >
        {p ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert
              type={p.unchanged ? 'info' : 'success'}
              message={
                p.unchanged
                  ? t('import.unchanged', { version: p.version })
                  : p.created
                    ? t('import.new', { name: p.chain.name, key: p.chain.key, segments: p.segments, edges: p.edges })
                    : t('import.next', { name: p.chain.name, version: p.version, segments: p.segments, edges: p.edges })
              }
            />
            {p.changes && !p.unchanged ? <ChainChangesList changes={p.changes} /> : null}
          </Space>
        ) : null}
      </Modal>
    </>
  );
}
