import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Segmented, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { errorText } from '../../../web/api.ts';
import { todayInChina } from '../../../web/format.ts';
import { downloadFile } from '../../../web/files.ts';
import { useBusyAction, useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { resultsMessages } from './results.messages.ts';
import { resultsApi, type ResultRow, type ResultsQuery } from './results.api.ts';
import { progressApi } from './progress.api.ts';
import { DateField } from '../../../web/components/DateField.tsx';


/** The results record (实绩档案): per unit or leader over a period, in the address so it can be shared; exports to Excel. */
export default function ResultsPage() {
  const t = useMessages(resultsMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const [params, setParams] = useSearchParams();
  const query: ResultsQuery = {
    by: params.get('by') === 'leader' ? 'leader' : 'unit',
    from: params.get('from') || `${todayInChina().slice(0, 4)}-01-01`,
    to: params.get('to') || todayInChina(),
    ...(params.get('plan') ? { plan: params.get('plan')! } : {}),
  };
  // From the address as it is now, not as this render saw it, so that a change cannot drop one made since (under load
  // the browser test once exported the year's start after a date was typed and 按领导 clicked).
  const set = (key: string, value: string | undefined) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  };
  const plans = useQuery({ queryKey: ['plans', 'issued'], queryFn: () => progressApi.issuedPlans() });
  const record = useQuery({ queryKey: ['progress', 'results', query], queryFn: () => resultsApi.record(query), placeholderData: keepPreviousData });
  const [exporting, run] = useBusyAction();

  const exportXlsx = async () => {
    const name = await run(() => downloadFile(resultsApi.exportPath(query, locale), `${t('page.title')}.xlsx`));
    if (name) void feedback.message.success(t('exported', { name }));
  };

  const count = (key: 'led' | 'supported' | 'dueInPeriod' | 'closedOnTime' | 'closedLate' | 'overdue' | 'deadlineChanges' | 'projectsSigned' | 'projectsLanded' | 'escalations') => ({ title: t(`col.${key}`), dataIndex: key, width: 96, align: 'right' as const });
  const money = (key: 'amountSigned' | 'amountLanded') => ({
    title: t(`col.${key}`),
    dataIndex: key,
    width: 120,
    align: 'right' as const,
    render: (v: number) => v.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  });
  const columns: TableColumnsType<ResultRow> = [
    { title: t('col.rank'), key: 'rank', width: 60, render: (_, __, i) => i + 1 },
    { title: t(query.by === 'unit' ? 'col.unit' : 'col.leader'), dataIndex: 'name', width: 200, fixed: 'left' },
    count('led'),
    ...(query.by === 'unit' ? [count('supported')] : []),
    count('dueInPeriod'),
    count('closedOnTime'),
    count('closedLate'),
    { ...count('overdue'), width: 120 },
    {
      title: (
        <Tooltip title={t('col.onTimeRate.tip')}>
          <span data-testid="results-rate-head">
            {t('col.onTimeRate')} <QuestionCircleOutlined />
          </span>
        </Tooltip>
      ),
      dataIndex: 'onTimeRate',
      width: 130,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : `${v}%`),
    },
    count('deadlineChanges'),
    count('projectsSigned'),
    money('amountSigned'),
    count('projectsLanded'),
    money('amountLanded'),
    { ...count('escalations'), width: 110 },
  ];

  return (
    <div>
      <PageHeader
        title={t('page.title')}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()} disabled={!record.data} data-testid="results-export">
            {t('export')}
          </Button>
        }
      />
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('page.intro')}
        </Typography.Paragraph>
        <Flex wrap gap={8} align="center">
          <Segmented
            value={query.by}
            onChange={(v) => set('by', v)}
            options={[
              { value: 'unit', label: t('by.unit') },
              { value: 'leader', label: t('by.leader') },
            ]}
            aria-label={t('filter.by')}
            data-testid="results-by"
          />
          <Select
            style={{ minWidth: 280 }}
            value={query.plan ?? ''}
            onChange={(v) => set('plan', v || undefined)}
            loading={plans.isLoading}
            options={[{ value: '', label: t('filter.allPlans') }, ...(plans.data ?? []).map((p) => ({ value: p.id, label: p.title }))]}
            aria-label={t('filter.plan')}
          />
          <Space size={4}>
            <span>{t('filter.period')}</span>
            <DateField style={{ width: 150 }} value={query.from} allowClear={false} onChange={(v) => v && set('from', v)} aria-label={`${t('filter.period')} 1`} data-testid="results-from" />
            <span>—</span>
            <DateField style={{ width: 150 }} value={query.to} allowClear={false} onChange={(v) => v && set('to', v)} aria-label={`${t('filter.period')} 2`} data-testid="results-to" />
          </Space>
        </Flex>
        {record.error ? <Alert type="error" showIcon message={errorText(record.error)} /> : null}
        {record.data?.scope === 'own' ? <Alert type="info" showIcon message={t('page.own')} /> : null}
        {record.data ? (
          <Typography.Text type="secondary" data-testid="results-plans">
            {t('plans', { plans: record.data.plans.map((p) => `《${p.title}》`).join(locale === 'zh-CN' ? '、' : ', ') })}
          </Typography.Text>
        ) : null}
        <Table<ResultRow>
          rowKey="key"
          size="small"
          bordered
          loading={record.isFetching}
          columns={columns}
          dataSource={record.data?.rows ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 1500 }}
          locale={{ emptyText: t('empty') }}
          data-testid="results-table"
        />
      </Space>
    </div>
  );
}
