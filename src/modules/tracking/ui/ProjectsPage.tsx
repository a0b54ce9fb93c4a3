import { clip } from '../../../web/format.ts';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Drawer, Empty, Input, Progress, Row, Select, Space, Statistic, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { errorText } from '../../../web/api.ts';
import { downloadFile, uploadFile } from '../../../web/files.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { useMe } from '../../../web/session.tsx';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { progressApi } from './progress.api.ts';
import { projectMessages } from './projects.messages.ts';
import { KINDS, projectsApi, STAGES, type PlanProjects, type ProjectFilter, type ProjectKind, type ProjectStage } from './projects.api.ts';
import { TaskProjects } from './TaskProjects.tsx';
import { WithQueryClient } from './query.tsx';

type Row = PlanProjects['projects'][number];
const FILTER_KEYS = ['stage', 'kind', 'unitId', 'regionCode'] as const;

/** A plan's projects (项目清单): filters by stage, kind, lead unit and region; count and amount by stage; Excel export and import. */
export default function ProjectsPage() {
  return (
    <WithQueryClient>
      <Projects />
    </WithQueryClient>
  );
}

function Projects() {
  const t = useMessages(projectMessages);
  const me = useMe();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [taskOpen, setTaskOpen] = useState<string | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const plans = useQuery({ queryKey: ['plans', 'issued'], queryFn: () => progressApi.issuedPlans() });
  const planId = params.get('plan') ?? plans.data?.[0]?.id ?? null;
  const filter: ProjectFilter = useMemo(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) || undefined]).filter(([, v]) => v)), [params]);
  const data = useQuery({ queryKey: ['plan-projects', planId, filter], queryFn: () => projectsApi.ofPlan(planId!, filter), enabled: planId !== null, placeholderData: keepPreviousData });
  // The unit filter offers the lead units of the plan's projects as listed without a unit filter.
  const units = useQuery({ queryKey: ['plan-projects', planId, {}], queryFn: () => projectsApi.ofPlan(planId!, {}), enabled: planId !== null });
  const unitOptions = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of units.data?.projects ?? []) if (p.lead_unit_id) m.set(p.lead_unit_id, p.lead_unit_name ?? '');
    return [...m].map(([value, label]) => ({ value, label }));
  }, [units.data]);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (!value) next.delete(key);
    else next.set(key, value);
    if (key === 'plan') for (const k of FILTER_KEYS) next.delete(k);
    setParams(next, { replace: true });
  };
  const query = new URLSearchParams(Object.entries(filter) as [string, string][]).toString();

  const columns: TableColumnsType<Row> = [
    { title: t('col.task'), key: 'task', width: 200, ellipsis: true, render: (_, p) => <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setTaskOpen(p.task_id)}>{`${p.task_seq ? `${p.task_seq}. ` : ''}${clip(p.task_title, 30)}`}</Button> },
    { title: t('col.name'), dataIndex: 'name' },
    { title: t('col.kind'), dataIndex: 'kind', width: 80, render: (k: ProjectKind) => t(`kind.${k}`) },
    { title: t('col.amount'), dataIndex: 'amount', width: 120, align: 'right', render: (a: number) => a.toLocaleString() },
    { title: t('col.stage'), dataIndex: 'stage', width: 80, render: (s: ProjectStage) => <Tag>{t(`stage.${s}`)}</Tag> },
    { title: t('col.unit'), dataIndex: 'lead_unit_name', width: 130, ellipsis: true },
    { title: t('col.region'), key: 'region', width: 100, render: (_, p) => p.site_region_name ?? p.site_region_code ?? '—' },
    { title: t('col.partner'), dataIndex: 'partner_name', ellipsis: true, responsive: ['lg'] },
    { title: t('col.segment'), dataIndex: 'chain_segment', width: 110, responsive: ['xl'] },
  ];
  const totals = data.data?.totals;

  return (
    <div>
      <PageHeader
        title={t('page.title')}
        extra={
          <Select
            style={{ minWidth: 320 }}
            placeholder={t('page.choosePlan')}
            loading={plans.isLoading}
            value={planId ?? undefined}
            onChange={(v) => setParam('plan', v)}
            options={(plans.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
            aria-label={t('page.plan')}
            data-testid="plan-select"
          />
        }
      />
      <Typography.Paragraph type="secondary">{t('page.intro')}</Typography.Paragraph>
      {plans.error ? <Alert type="error" showIcon message={errorText(plans.error)} /> : null}
      {plans.data && plans.data.length === 0 ? <Empty description={t('page.noPlans')} /> : null}
      {data.error ? <Alert type="error" showIcon message={errorText(data.error)} /> : null}
      {planId && (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="project-totals">
            <Col xs={12} md={8} lg={4}>
              <Card size="small">
                <Statistic title={t('total.all')} value={totals?.all.count ?? 0} suffix={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('total.amount', { amount: (totals?.all.amount ?? 0).toLocaleString() })}</Typography.Text>} />
              </Card>
            </Col>
            {STAGES.map((s) => {
              const x = totals?.byStage.find((b) => b.stage === s);
              return (
                <Col key={s} xs={12} md={8} lg={5}>
                  <Card size="small" hoverable onClick={() => setParam('stage', filter.stage === s ? undefined : s)} data-testid={`total-${s}`}>
                    <Statistic title={t(`stage.${s}`)} value={x?.count ?? 0} suffix={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('total.amount', { amount: (x?.amount ?? 0).toLocaleString() })}</Typography.Text>} />
                  </Card>
                </Col>
              );
            })}
          </Row>
          <Space wrap style={{ marginBottom: 12 }}>
            <Select allowClear style={{ width: 120 }} placeholder={t('filter.stage')} value={filter.stage} onChange={(v) => setParam('stage', v)} options={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} aria-label={t('filter.stage')} />
            <Select allowClear style={{ width: 120 }} placeholder={t('filter.kind')} value={filter.kind} onChange={(v) => setParam('kind', v)} options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} aria-label={t('filter.kind')} />
            <Select allowClear style={{ width: 180 }} placeholder={t('filter.unit')} value={filter.unitId} onChange={(v) => setParam('unitId', v)} options={unitOptions} aria-label={t('filter.unit')} />
            <Input.Search allowClear style={{ width: 180 }} placeholder={t('form.regionHint')} defaultValue={filter.regionCode} onSearch={(v) => setParam('regionCode', v.trim() || undefined)} aria-label={t('filter.region')} />
            <Button icon={<DownloadOutlined />} onClick={() => downloadFile(`/api/plans/${planId}/projects.xlsx${query ? `?${query}` : ''}`, 'projects.xlsx').catch((e: unknown) => feedback.error(e))}>
              {t('page.export')}
            </Button>
            {data.data?.canImport && (
              <Upload
                showUploadList={false}
                accept=".xlsx,.csv"
                customRequest={({ file, onSuccess, onError }) => {
                  setUploading(0);
                  uploadFile<{ projects: number }>(`/api/plans/${planId}/projects/import`, file as File, { csrfToken: me.csrfToken, onProgress: (s) => setUploading(Math.round(s * 100)) })
                    .then((r) => {
                      onSuccess?.(r);
                      void feedback.message.success(t('page.imported', { n: r.projects }));
                      return client.invalidateQueries({ queryKey: ['plan-projects'] });
                    })
                    .catch((e: unknown) => {
                      feedback.error(e);
                      onError?.(e as Error);
                    })
                    .finally(() => setUploading(null));
                }}
              >
                <Button icon={<UploadOutlined />} loading={uploading !== null}>
                  {t('page.import')}
                </Button>
              </Upload>
            )}
            {uploading !== null && <Progress percent={uploading} size="small" style={{ width: 160 }} format={(p) => (p === 100 ? t('page.importing') : `${p}%`)} />}
          </Space>
          <Table<Row> rowKey="id" size="middle" loading={data.isFetching} dataSource={data.data?.projects ?? []} columns={columns} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
        </>
      )}
      <Drawer open={taskOpen !== null} width={Math.min(900, window.innerWidth)} onClose={() => setTaskOpen(null)} title={t('page.openTask')} destroyOnHidden>
        {taskOpen && <TaskProjects taskId={taskOpen} />}
      </Drawer>
    </div>
  );
}
