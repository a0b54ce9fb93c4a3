import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Progress, Select, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { pickLanguage } from '../../../web/i18n.ts';
import { useMe } from '../../../web/session.tsx';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { atlasApi, type FilePreview, type ImportJob } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { AtlasTabs } from './AtlasTabs.tsx';

const POLL_MS = 500;

/**
 * Enterprise import: upload a CSV or xlsx, see its first rows and which column holds which field (map the ones the
 * header was not recognised for), check it (a dry run listing every problem by row and field), then import it with
 * a progress bar. A file with any problem writes nothing.
 */
export default function ImportPage() {
  const t = useMessages(atlasMessages);
  const locale = useLocale();
  const me = useMe();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [sent, setSent] = useState<{ name: string; share: number } | null>(null);
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, number | undefined>>({});
  const [jobId, setJobId] = useState<string | null>(null);
  const [checked, setChecked] = useState<ImportJob | null>(null);
  // Propose links from main products for rows that name no segment (uncertain, for staff to decide).
  const [propose, setPropose] = useState(true);

  const job = useQuery({
    queryKey: ['atlas', 'import-job', jobId],
    queryFn: () => atlasApi.job(jobId!),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? POLL_MS : false),
  });
  const current = job.data;
  useEffect(() => {
    if (current && current.status !== 'running') {
      if (current.dryRun) setChecked(current);
      else if (current.status === 'done') void client.invalidateQueries({ queryKey: ['atlas'] });
    }
  }, [current, client]);

  const upload = async (file: File) => {
    setPreview(null);
    setJobId(null);
    setChecked(null);
    setSent({ name: file.name, share: 0 });
    try {
      const p = await atlasApi.upload(file, me.csrfToken, (share) => setSent({ name: file.name, share }));
      setPreview(p);
      setMapping({ ...p.mapping });
    } catch (error) {
      feedback.error(error);
    } finally {
      setSent(null);
    }
  };
  const mapped = (f: { key: string }) => mapping[f.key] !== undefined;
  // The required fields, and a column the region can be read from (its own, or the USCC or the address).
  const placed = preview?.fields.some((f) => f.place && mapped(f)) ?? false;
  const required = (preview?.fields.filter((f) => f.required).every(mapped) ?? false) && placed;
  const start = async (dryRun: boolean) => {
    if (!preview) return;
    try {
      const cleaned = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== undefined)) as Record<string, number>;
      const j = await atlasApi.startImport({ upload: preview.upload, dryRun, headerRow: preview.headerRow, mapping: cleaned, proposeLinks: propose });
      if (dryRun) setChecked(null);
      setJobId(j.id);
    } catch (error) {
      feedback.error(error);
    }
  };
  const running = current?.status === 'running';
  // This upload is imported (the server keeps it no longer): checking or importing it again needs the file again.
  const imported = Boolean(current && !current.dryRun && current.status === 'done');
  const percent = current ? Math.round((100 * current.bytes) / Math.max(1, current.totalBytes)) : 0;
  const failed = current?.status === 'failed' ? current : checked?.status === 'failed' ? checked : null;
  // The last check's or import's result: how the rows' regions were found (where not from a listed region in their
  // own columns), and the links proposed from products.
  const lastDone = (current?.status === 'done' ? current : checked?.status === 'done' ? checked : null)?.result;
  const tally = lastDone?.regions;
  const placesNote = tally
    ? [
        tally.fromUscc ? t('up.regionsFromUscc', { n: tally.fromUscc }) : null,
        tally.fromAddress ? t('up.regionsFromAddress', { n: tally.fromAddress }) : null,
        tally.within ? t('up.regionsWithin', { n: tally.within }) : null,
      ].filter(Boolean).join(locale === 'en-US' ? ' ' : '')
    : '';
  const proposed = lastDone?.proposed;
  const columnOptions = (preview?.header ?? []).map((h, i) => ({ value: i, label: `${i + 1}. ${h || '—'}` }));

  return (
    <>
      <PageHeader title={t('nav.import')} />
      <AtlasTabs current="/atlas/import" />
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Upload.Dragger accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => (void upload(file), false)} disabled={running || sent !== null}>
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{preview ? t('up.another') : t('up.title')}</p>
          <p className="ant-upload-hint">{t('up.hint')}</p>
          <p className="ant-upload-hint">{t('up.linkHint')}</p>
        </Upload.Dragger>
        {sent ? <Progress percent={Math.round(sent.share * 100)} format={() => t('up.sending', { name: sent.name, percent: Math.round(sent.share * 100) })} /> : null}
        {preview ? (
          <Card size="small" title={t('up.file', { name: preview.fileName, encoding: preview.encoding ?? 'xlsx', row: preview.headerRow })}>
            <Typography.Title level={5}>{t('up.mapping')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('up.mappingHint')}</Typography.Paragraph>
            <Space wrap style={{ marginBottom: 16 }}>
              {preview.fields.map((f) => (
                <Space key={f.key} direction="vertical" size={2}>
                  <Typography.Text strong={f.required}>
                    {locale === 'en-US' ? f.en : f.zh}
                    {f.required ? ` (${t('up.required')})` : ''}
                  </Typography.Text>
                  <Select
                    aria-label={locale === 'en-US' ? f.en : f.zh}
                    style={{ width: 200 }}
                    allowClear
                    placeholder={t('up.none')}
                    status={(f.required && !mapped(f)) || (f.key === 'region' && !placed) ? 'error' : undefined}
                    value={mapping[f.key]}
                    onChange={(v: number | undefined) => setMapping((m) => ({ ...m, [f.key]: v }))}
                    options={columnOptions}
                  />
                </Space>
              ))}
            </Space>
            <Typography.Title level={5}>{t('up.preview')}</Typography.Title>
            <Table
              size="small"
              scroll={{ x: true }}
              pagination={false}
              rowKey={(_, i) => String(i)}
              dataSource={preview.rows.map((r) => Object.fromEntries(preview.header.map((_, i) => [String(i), r[i] ?? ''])))}
              columns={preview.header.map((h, i) => ({ title: h || `${i + 1}`, dataIndex: String(i), ellipsis: true }))}
            />
            <Checkbox
              style={{ marginTop: 16 }}
              checked={propose}
              disabled={running}
              onChange={(e) => {
                setPropose(e.target.checked);
                // The import runs as it was checked: a changed choice is checked again.
                setChecked(null);
              }}
            >
              {t('up.propose')}
            </Checkbox>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('up.proposeHint')}
            </Typography.Paragraph>
            <Space style={{ marginTop: 16 }}>
              <Button onClick={() => void start(true)} disabled={!required || running || imported} loading={running && current?.dryRun}>
                {t('up.dryRun')}
              </Button>
              <Button type="primary" onClick={() => void start(false)} disabled={!required || running || imported || checked?.status !== 'done'} loading={running && !current?.dryRun}>
                {t('up.import')}
              </Button>
              {!required ? <Typography.Text type="danger">{t('up.needRequired')}</Typography.Text> : null}
              {imported ? <Typography.Text type="secondary">{t('up.importedOnce')}</Typography.Text> : null}
            </Space>
          </Card>
        ) : null}
        {current && running ? (
          <Progress percent={percent} status="active" format={() => t(current.dryRun ? 'up.checking' : 'up.importing', { rows: current.rows })} aria-label="progress" />
        ) : null}
        {checked?.status === 'done' && !(current && !current.dryRun) ? (
          <Alert type="success" message={t(checked.result!.links ? 'up.dryOkLinks' : 'up.dryOk', { rows: checked.result!.rows, imported: checked.result!.imported, links: checked.result!.links ?? 0 })} />
        ) : null}
        {current && !current.dryRun && current.status === 'done' ? <Alert type="success" message={t(current.result!.links ? 'up.doneLinks' : 'up.done', { imported: current.result!.imported, links: current.result!.links ?? 0, rows: current.result!.rows })} /> : null}
        {placesNote ? <Alert type="info" showIcon message={placesNote} /> : null}
        {proposed?.links ? <Alert type="info" showIcon message={t('up.proposed', { links: proposed.links, rows: proposed.rows })} /> : null}
        {failed ? (
          <Card size="small" title={<Typography.Text type="danger">{t('up.failed')}</Typography.Text>}>
            <Typography.Paragraph>{pickLanguage(failed.error!.message, locale)}</Typography.Paragraph>
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              dataSource={failed.error!.issues}
              pagination={{ pageSize: 20, showSizeChanger: false }}
              columns={[
                { title: t('up.col.row'), dataIndex: 'row', width: 80 },
                { title: t('up.col.field'), dataIndex: 'field', width: 160 },
                { title: t('up.col.message'), dataIndex: 'message', render: (m: string) => pickLanguage(m, locale) },
              ]}
            />
          </Card>
        ) : null}
      </Space>
    </>
  );
}
