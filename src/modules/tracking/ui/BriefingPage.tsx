import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Input, List, Select, Space, Spin, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined } from '@ant-design/icons';
import { errorText } from '../../../web/api.ts';
import { todayInChina } from '../../../web/format.ts';
import { useBusyAction, useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { progressMessages } from './progress.messages.ts';
import { progressApi } from './progress.api.ts';
import { viewMessages } from './views.messages.ts';
import { viewsApi } from './views.api.ts';
import { WithQueryClient } from './query.tsx';
import { DateField } from '../../../web/components/DateField.tsx';


interface Draft {
  taskId: string;
  reportId: string | null;
  number: string;
  title: string;
  note: string;
}

/** The progress briefing (进展情况通报): choose a plan and a day, pick the highlights (supervisors), download the Word file. */
export default function BriefingPage() {
  return (
    <WithQueryClient>
      <Briefing />
    </WithQueryClient>
  );
}

function Briefing() {
  const t = useMessages(viewMessages);
  const tp = useMessages(progressMessages);
  const [params, setParams] = useSearchParams();
  const plans = useQuery({ queryKey: ['plans', 'issued'], queryFn: () => progressApi.issuedPlans() });
  const planId = params.get('plan') ?? plans.data?.[0]?.id ?? null;
  const asOf = params.get('asOf') || todayInChina();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const [busy, run] = useBusyAction();
  const [issuer, setIssuer] = useState('');
  const download = async () => {
    if (planId) await run(() => viewsApi.downloadBriefing(planId, asOf, issuer), t('briefing.downloading'));
  };
  return (
    <div>
      <PageHeader
        title={t('briefing.title')}
        extra={
          <Space wrap>
            <Select
              style={{ minWidth: 320 }}
              placeholder={tp('page.choosePlan')}
              loading={plans.isLoading}
              value={planId ?? undefined}
              onChange={(v) => set('plan', v)}
              options={(plans.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
              aria-label={tp('page.plan')}
              data-testid="briefing-plan"
            />
            <DateField style={{ width: 160 }} value={asOf} allowClear={false} onChange={(v) => v && set('asOf', v)} aria-label={t('briefing.date')} data-testid="briefing-date" />
            <Input
              style={{ width: 200 }}
              maxLength={40}
              value={issuer}
              onChange={(e) => setIssuer(e.target.value)}
              placeholder={t('briefing.issuerPlaceholder')}
              aria-label={t('briefing.issuer')}
              data-testid="briefing-issuer"
            />
            <Button type="primary" icon={<DownloadOutlined />} loading={busy} disabled={!planId} onClick={() => void download()} data-testid="briefing-download">
              {t('briefing.download')}
            </Button>
          </Space>
        }
      />
      <Alert type="info" showIcon message={t('briefing.hint')} style={{ marginBottom: 16 }} />
      {plans.error ? <Alert type="error" showIcon message={errorText(plans.error)} /> : null}
      {plans.data && plans.data.length === 0 ? <Empty description={tp('page.noPlans')} /> : null}
      {planId ? <Highlights key={`${planId}:${asOf}`} planId={planId} asOf={asOf} /> : null}
    </div>
  );
}

function Highlights({ planId, asOf }: { planId: string; asOf: string }) {
  const t = useMessages(viewMessages);
  const feedback = useFeedback();
  const client = useQueryClient();
  const key = ['progress', 'briefing', planId, asOf];
  const current = useQuery({ queryKey: key, queryFn: () => viewsApi.highlights(planId, asOf) });
  const tasks = useQuery({ queryKey: ['progress', 'tasks', planId, { asOf }, 'all'], queryFn: () => progressApi.tasks(planId, { asOf }, { limit: 1000, offset: 0 }) });
  const [draft, setDraft] = useState<Draft[] | null>(null);
  useEffect(() => {
    if (current.data && draft === null) setDraft(current.data.highlights.map((h) => ({ taskId: h.taskId, reportId: h.reportId, number: h.number, title: h.title, note: h.note })));
  }, [current.data, draft]);
  const save = useMutation({
    mutationFn: (rows: Draft[]) => viewsApi.setHighlights(planId, asOf, rows.map((r) => ({ taskId: r.taskId, reportId: r.reportId, note: r.note }))),
    onSuccess: (data) => {
      client.setQueryData(key, data);
      void feedback.message.success(t('briefing.saved'));
    },
    onError: (e) => feedback.error(e),
  });
  if (current.error) return <Alert type="error" showIcon message={errorText(current.error)} />;
  if (!current.data || draft === null) return <Spin />;
  const mayChoose = current.data.abilities.includes('chooseHighlights');
  const chosen = new Set(draft.map((d) => d.taskId));
  return (
    <Card size="small" title={t('briefing.highlights')} data-testid="briefing-highlights">
      {!mayChoose ? <Alert type="warning" showIcon message={t('briefing.readOnly')} style={{ marginBottom: 8 }} /> : null}
      <List
        dataSource={draft}
        locale={{ emptyText: t('briefing.noHighlights') }}
        renderItem={(d, i) => (
          <List.Item
            actions={
              mayChoose
                ? [
                    <Button key="remove" type="text" danger icon={<DeleteOutlined />} onClick={() => setDraft(draft.filter((_, k) => k !== i))} aria-label={t('briefing.remove')}>
                      {t('briefing.remove')}
                    </Button>,
                  ]
                : []
            }
          >
            <Flex vertical style={{ width: '100%' }} gap={4}>
              <Typography.Text strong>{`${d.number}. ${d.title}`}</Typography.Text>
              {mayChoose ? (
                <Input.TextArea
                  autoSize
                  placeholder={t('briefing.note')}
                  value={d.note}
                  onChange={(e) => setDraft(draft.map((x, k) => (k === i ? { ...x, note: e.target.value } : x)))}
                  aria-label={t('briefing.note')}
                />
              ) : (
                <Typography.Text type="secondary">{current.data.highlights[i]?.text}</Typography.Text>
              )}
            </Flex>
          </List.Item>
        )}
      />
      {mayChoose ? (
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          <Select
            showSearch
            style={{ minWidth: 420 }}
            placeholder={t('briefing.addTask')}
            value={null}
            loading={tasks.isLoading}
            optionFilterProp="label"
            onChange={(taskId: string) => {
              const task = tasks.data?.tasks.find((x) => x.id === taskId);
              if (task) setDraft([...draft, { taskId, reportId: null, number: task.number, title: task.title, note: '' }]);
            }}
            options={(tasks.data?.tasks ?? []).filter((x) => !chosen.has(x.id)).map((x) => ({ value: x.id, label: `${x.number}. ${x.title}` }))}
            aria-label={t('briefing.addTask')}
            data-testid="briefing-add"
          />
          <Button type="primary" loading={save.isPending} onClick={() => save.mutate(draft)} data-testid="briefing-save">
            {t('briefing.save')}
          </Button>
        </Flex>
      ) : null}
    </Card>
  );
}
