import { useMemo, useState } from 'react';
import { Button, Empty, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { clip, formatDateTime } from '../../../web/format.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { escalationMessages } from './escalations.messages.ts';
import { escalationsApi, type Escalation, type EscalationStatus, type Suggestion } from './escalations.api.ts';
import { EscalationDrawer, STATUS_COLOR } from './EscalationDrawer.tsx';
import { WithQueryClient } from './query.tsx';
import { DateField } from '../../../web/components/DateField.tsx';

/** 督办管理: the office's notices with filters, the suggestions of the rules, issuing (one, several, by hand), return and close. */
export default function EscalationsPage() {
  return (
    <WithQueryClient>
      <Escalations />
    </WithQueryClient>
  );
}

/** Today in China, YYYY-MM-DD, plus some days: the default reply deadline. */
const dayFromNow = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

type IssueTarget = { kind: 'rules'; suggestions: Suggestion[] } | { kind: 'manual' };
interface IssueForm {
  planId?: string;
  taskId?: string;
  reason?: string;
  requirements: string;
  replyDue: string;
}

function Escalations() {
  const t = useMessages(escalationMessages);
  const locale = useLocale();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [status, setStatus] = useState<EscalationStatus | 'open' | undefined>('open');
  const [unitId, setUnitId] = useState<string | undefined>();
  const [openId, setOpenId] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [target, setTarget] = useState<IssueTarget | null>(null);
  const [form] = Form.useForm<IssueForm>();
  const list = useQuery({ queryKey: ['escalations', 'list', status, unitId], queryFn: () => escalationsApi.list({ status, unitId }) });
  const all = useQuery({ queryKey: ['escalations', 'list', 'all-units'], queryFn: () => escalationsApi.list() });
  const suggested = useQuery({ queryKey: ['escalations', 'suggestions'], queryFn: escalationsApi.suggestions });
  const planId = Form.useWatch('planId', form);
  const plans = useQuery({ queryKey: ['escalations', 'plans'], queryFn: escalationsApi.issuedPlans, enabled: target?.kind === 'manual' });
  const tasks = useQuery({ queryKey: ['escalations', 'plan-tasks', planId], queryFn: () => escalationsApi.tasksOf(planId!), enabled: target?.kind === 'manual' && Boolean(planId) });
  const units = useMemo(() => {
    const seen = new Map<string, string>();
    for (const e of all.data?.escalations ?? []) if (e.unitId) seen.set(e.unitId, e.unitShortName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [all.data]);

  const issue = useMutation({
    mutationFn: async (v: IssueForm): Promise<Escalation[]> => {
      if (target?.kind === 'rules') return (await escalationsApi.issueMany({ taskIds: target.suggestions.map((s) => s.taskId), requirements: v.requirements, replyDue: v.replyDue })).escalations;
      return [await escalationsApi.issue(v.taskId!, { reason: v.reason ?? '', requirements: v.requirements, replyDue: v.replyDue, from: 'manual' })];
    },
    onSuccess: async (made) => {
      const repeated = made.filter((e) => e.repeated);
      const fresh = made.filter((e) => !e.repeated);
      if (fresh.length) void feedback.message.success(t('msg.issued', { numbers: fresh.map((e) => e.numberText).join('、') }));
      for (const e of repeated) void feedback.message.info(t('msg.repeated', { number: e.numberText }));
      setTarget(null);
      setSelected([]);
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['escalations'] });
    },
    onError: (err: unknown) => feedback.error(err, form),
  });

  const columns: TableColumnsType<Escalation> = [
    { title: t('col.number'), dataIndex: 'numberText', width: 150, render: (v: string, e) => <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(e.id)}>{v}</Button> },
    { title: t('col.task'), key: 'task', render: (_, e) => `${e.taskSeq ? `${e.taskSeq}. ` : ''}${clip(e.taskTitle, 50)}` },
    { title: t('col.unit'), dataIndex: 'unitShortName', width: 140 },
    { title: t('col.leader'), dataIndex: 'leaderName', width: 90, responsive: ['lg'] },
    { title: t('col.source'), dataIndex: 'source', width: 110, render: (s: Escalation['source']) => <Tag>{t(`source.${s}`)}</Tag> },
    { title: t('col.replyDue'), dataIndex: 'replyDue', width: 110 },
    { title: t('col.status'), dataIndex: 'status', width: 90, render: (s: EscalationStatus) => <Tag color={STATUS_COLOR[s]}>{t(`status.${s}`)}</Tag> },
    { title: t('col.issued'), dataIndex: 'issuedAt', width: 170, responsive: ['xl'], render: (v: string) => formatDateTime(v, locale) },
  ];
  const suggestionColumns: TableColumnsType<Suggestion> = [
    { title: t('col.task'), key: 'task', render: (_, s) => `${s.taskSeq ? `${s.taskSeq}. ` : ''}${clip(s.taskTitle, 50)}` },
    { title: t('col.plan'), dataIndex: 'planTitle', ellipsis: true, responsive: ['xl'] },
    { title: t('col.unit'), dataIndex: 'unitName', width: 140 },
    { title: t('col.source'), dataIndex: 'source', width: 120, render: (s: Suggestion['source']) => <Tag color="red">{t(`source.${s}`)}</Tag> },
    { title: t('col.reason'), key: 'reason', render: (_, s) => (locale === 'zh-CN' ? s.reasonZh : s.reasonEn) },
    { key: 'act', width: 80, render: (_, s) => <Button type="link" onClick={() => openIssue({ kind: 'rules', suggestions: [s] })}>{t('action.issue')}</Button> },
  ];
  const openIssue = (next: IssueTarget) => {
    form.setFieldsValue({ requirements: '', replyDue: dayFromNow(7), reason: undefined, planId: undefined, taskId: undefined });
    setTarget(next);
  };
  const byTask = new Map((suggested.data?.suggestions ?? []).map((s) => [s.taskId, s]));

  return (
    <>
      <PageHeader title={t('nav.escalations')} extra={<Button onClick={() => openIssue({ kind: 'manual' })}>{t('action.issueManual')}</Button>} />
      <Typography.Paragraph type="secondary">{t('page.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          {
            key: 'list',
            label: t('tab.list'),
            children: (
              <>
                <Space wrap style={{ marginBottom: 12 }}>
                  <Select
                    style={{ width: 140 }}
                    aria-label={t('filter.status')}
                    value={status ?? 'all'}
                    onChange={(v: string) => setStatus(v === 'all' ? undefined : (v as EscalationStatus | 'open'))}
                    options={[
                      { value: 'open', label: t('filter.open') },
                      { value: 'all', label: t('filter.all') },
                      ...(['issued', 'answered', 'returned', 'closed'] as const).map((s) => ({ value: s, label: t(`status.${s}`) })),
                    ]}
                  />
                  <Select style={{ width: 200 }} allowClear aria-label={t('filter.unit')} placeholder={t('filter.unit')} value={unitId} onChange={setUnitId} options={units} />
                </Space>
                <Table<Escalation>
                  rowKey="id"
                  size="middle"
                  loading={list.isLoading}
                  dataSource={list.data?.escalations ?? []}
                  columns={columns}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  locale={{ emptyText: <Empty description={list.error ? errorText(list.error) : t('empty.list')} /> }}
                />
              </>
            ),
          },
          {
            key: 'suggested',
            label: <span data-testid="tab-suggested">{t('tab.suggested')}{suggested.data ? ` (${suggested.data.suggestions.length})` : ''}</span>,
            children: (
              <>
                <Button type="primary" disabled={selected.length === 0} style={{ marginBottom: 12 }} onClick={() => openIssue({ kind: 'rules', suggestions: selected.map((id) => byTask.get(id)!).filter(Boolean) })}>
                  {t('action.issueSelected', { count: selected.length })}
                </Button>
                <Table<Suggestion>
                  rowKey="taskId"
                  size="middle"
                  loading={suggested.isLoading}
                  dataSource={suggested.data?.suggestions ?? []}
                  columns={suggestionColumns}
                  rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  locale={{ emptyText: <Empty description={suggested.error ? errorText(suggested.error) : t('empty.suggested')} /> }}
                />
              </>
            ),
          },
        ]}
      />
      <Modal
        open={target !== null}
        title={t('form.issueTitle')}
        okText={t('action.submit')}
        confirmLoading={issue.isPending}
        onCancel={() => setTarget(null)}
        onOk={() => form.validateFields().then((v) => issue.mutate(v), () => undefined)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {target?.kind === 'rules' && (
            <Typography.Paragraph>
              {target.suggestions.length === 1 ? `${target.suggestions[0].taskSeq}. ${clip(target.suggestions[0].taskTitle, 60)} · ${target.suggestions[0].unitName}` : t('form.issueCount', { count: target.suggestions.length })}
              <br />
              <Typography.Text type="secondary">{`${t('form.reason')}：${target.suggestions.length === 1 ? (locale === 'zh-CN' ? target.suggestions[0].reasonZh : target.suggestions[0].reasonEn) : t('form.reasonFromRules')}`}</Typography.Text>
            </Typography.Paragraph>
          )}
          {target?.kind === 'manual' && (
            <>
              <Form.Item name="planId" label={t('form.plan')} rules={[{ required: true, message: t('form.required') }]}>
                <Select showSearch optionFilterProp="label" loading={plans.isLoading} options={(plans.data ?? []).map((p) => ({ value: p.id, label: p.title }))} onChange={() => form.setFieldValue('taskId', undefined)} />
              </Form.Item>
              <Form.Item name="taskId" label={t('form.task')} rules={[{ required: true, message: t('form.required') }]}>
                <Select showSearch optionFilterProp="label" loading={tasks.isLoading} options={(tasks.data?.tasks ?? []).map((x) => ({ value: x.id, label: `${x.seq}. ${clip(x.title, 60)}` }))} />
              </Form.Item>
              <Form.Item name="reason" label={t('form.reason')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
                <Input.TextArea rows={3} maxLength={5000} />
              </Form.Item>
            </>
          )}
          <Form.Item name="requirements" label={t('form.requirements')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Form.Item name="replyDue" label={t('form.replyDue')} rules={[{ required: true, message: t('form.required') }]}>
            <DateField />
          </Form.Item>
        </Form>
      </Modal>
      {openId && <EscalationDrawer id={openId} onClose={() => setOpenId(null)} />}
    </>
  );
}
