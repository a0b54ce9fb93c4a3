import { useEffect, useState } from 'react';
import { Badge, Button, Empty, Input, Popconfirm, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useFeedback } from '../../../web/feedback.ts';
import { errorText } from '../../../web/api.ts';
import { clip, formatDateTime } from '../../../web/format.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { useMe } from '../../../web/session.tsx';
import { reportMessages } from './reports.messages.ts';
import { reportsApi, type OwedLine, type PendingDeadlineChange, type QueueItem } from './reports.api.ts';
import { ReportDrawer } from './ReportDrawer.tsx';
import { hasDraft, periodText } from './reports.form.ts';
import { WithQueryClient } from './query.tsx';
import { escalationMessages } from './escalations.messages.ts';
import { openEscalationsQuery, UnitEscalations } from './UnitEscalations.tsx';

/** 我的填报: what the unit owes this cycle, what is overdue or returned, and (for reviewers) the review queue. */
export default function ReportsPage() {
  return (
    <WithQueryClient>
      <Reports />
    </WithQueryClient>
  );
}

function Reports() {
  const t = useMessages(reportMessages);
  const locale = useLocale();
  const me = useMe();
  const mayReview = me.can.reviewReports === true;
  // A leader belongs to no unit: the page holds only the escalation notices sent to him or her (and, for reviewers,
  // the queues), not a unit's owed lists that the server refuses ("没有权限执行此操作" where a list should be).
  const hasUnit = me.can.unitReporting === true;
  const mine = useQuery({ queryKey: ['reporting', 'mine'], queryFn: reportsApi.mine, enabled: hasUnit });
  const queue = useQuery({ queryKey: ['reporting', 'queue'], queryFn: reportsApi.queue, enabled: mayReview });
  const te = useMessages(escalationMessages);
  const escalations = useQuery(openEscalationsQuery);
  const [open, setOpen] = useState<{ taskId: string; period?: string; unitId?: string; reviewId?: string } | null>(null);
  // The tab to open can be named in the address (?tab=overdue), as the workbench's figures link to it.
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState(() => params.get('tab') ?? (hasUnit ? 'owed' : mayReview ? 'review' : 'escalations'));
  // A link to another tab followed while on this page (a notice under the bell) changes the address only: follow it.
  const asked = params.get('tab');
  useEffect(() => {
    if (asked) setTab(asked);
  }, [asked]);
  const client = useQueryClient();
  const feedback = useFeedback();
  // Why a request is refused: the unit reads it beside 未同意, so the office gives it before refusing.
  const [refusal, setRefusal] = useState('');
  const decide = useMutation({
    mutationFn: ({ id, approve, note }: { id: string; approve: boolean; note?: string }) => reportsApi.decideDeadline(id, approve, note),
    onSuccess: (_, v) => {
      void feedback.message.success(t(v.approve ? 'deadline.approved' : 'deadline.rejected'));
      setRefusal('');
      return Promise.all([client.invalidateQueries({ queryKey: ['reporting'] }), client.invalidateQueries({ queryKey: ['task-reports'] })]);
    },
    onError: (e) => feedback.error(e),
  });
  const pendingChanges = queue.data?.deadlineChanges ?? [];
  // The supervisors' tab of deadline requests shows while there are some (and stays while it is open).
  const showDeadlines = mayReview && (pendingChanges.length > 0 || tab === 'deadlines');

  const lineColumns = (withReason: boolean, withState = false): TableColumnsType<OwedLine> => [
    {
      title: t('col.task'),
      key: 'task',
      render: (_, l) => (
        <span>
          {l.seq ? `${l.seq}. ` : ''}
          {clip(l.title, 60)}
          {/* A draft saved and not yet submitted: the line is not untouched. */}
          {hasDraft(l) && (
            <Tag style={{ marginInlineStart: 8 }} data-testid="line-draft">
              {t('status.draft')}
            </Tag>
          )}
        </span>
      ),
    },
    { title: t('col.plan'), dataIndex: 'planTitle', ellipsis: true, responsive: ['lg'] },
    { title: t('col.role'), dataIndex: 'role', width: 80, render: (r: 'lead' | 'co') => <Tag color={r === 'lead' ? 'blue' : undefined}>{t(`role.${r}`)}</Tag> },
    { title: t('col.period'), dataIndex: 'period', width: 100 },
    { title: t('col.due'), dataIndex: 'due', width: 110 },
    ...(withReason ? [{ title: t('col.reason'), dataIndex: 'returnReason', ellipsis: true } as const] : []),
    // 已报送 holds reports waiting for review and reports accepted: the unit sees which.
    ...(withState
      ? [
          {
            title: t('col.status'),
            key: 'state',
            width: 100,
            render: (_: unknown, l: OwedLine) => (l.state === 'accepted' || l.state === 'submitted' ? <Tag color={l.state === 'accepted' ? 'green' : 'blue'} data-testid="line-state">{t(`status.${l.state}`)}</Tag> : null),
          },
        ]
      : []),
    {
      key: 'act',
      width: 90,
      render: (_, l) => (
        <Button type="link" onClick={() => setOpen({ taskId: l.taskId, period: l.period, unitId: l.unitId })}>
          {l.writable && l.state !== 'submitted' && l.state !== 'accepted' ? t('action.fill') : t('action.open')}
        </Button>
      ),
    },
  ];
  const queueColumns: TableColumnsType<QueueItem> = [
    { title: t('col.task'), key: 'task', render: (_, r) => `${r.seq ? `${r.seq}. ` : ''}${clip(r.title, 60)}` },
    { title: t('col.unit'), key: 'unit', render: (_, r) => r.unit_short_name ?? r.unit_name },
    { title: t('col.role'), dataIndex: 'role', width: 80, render: (r: 'lead' | 'co', row) => <Tag>{row.kind === 'closing' ? t('kind.closing') : t(`role.${r}`)}</Tag> },
    { title: t('col.period'), key: 'period', width: 130, render: (_, r) => periodText(r, locale) },
    { title: t('col.percent'), dataIndex: 'percent', width: 80, render: (p: number | null) => (p === null ? '—' : `${p}%`) },
    { title: t('col.submitted'), dataIndex: 'submitted_at', width: 170, render: (v: string | null) => formatDateTime(v, locale) },
    { key: 'act', width: 90, render: (_, r) => <Button type="link" onClick={() => setOpen({ taskId: r.task_id, period: r.period, reviewId: r.id })}>{t('action.open')}</Button> },
  ];
  const deadlineColumns: TableColumnsType<PendingDeadlineChange> = [
    { title: t('col.task'), key: 'task', render: (_, c) => `${c.seq ? `${c.seq}. ` : ''}${clip(c.title, 60)}` },
    { title: t('col.unit'), key: 'unit', render: (_, c) => c.unit_short_name ?? c.unit_name ?? '—' },
    { title: t('col.oldDue'), dataIndex: 'old_due_date', width: 110, render: (v: string | null) => v ?? '—' },
    { title: t('col.newDue'), dataIndex: 'new_due_date', width: 110 },
    { title: t('deadline.reason'), dataIndex: 'reason', ellipsis: true },
    { title: t('col.requested'), dataIndex: 'requested_at', width: 170, responsive: ['lg'], render: (v: string) => formatDateTime(v, locale) },
    {
      key: 'act',
      width: 220,
      render: (_, c) => (
        <Space size={0}>
          <Button type="link" loading={decide.isPending && decide.variables?.id === c.id && decide.variables.approve} onClick={() => decide.mutate({ id: c.id, approve: true })}>
            {t('deadline.approve')}
          </Button>
          <Popconfirm
            title={t('deadline.rejectTitle')}
            description={
              <Input.TextArea
                rows={2}
                style={{ width: 280 }}
                aria-label={t('deadline.rejectReason')}
                placeholder={t('deadline.rejectReason')}
                value={refusal}
                onChange={(e) => setRefusal(e.target.value)}
              />
            }
            okText={t('deadline.reject')}
            okButtonProps={{ danger: true, disabled: refusal.trim() === '' }}
            onOpenChange={(open) => open && setRefusal('')}
            onConfirm={() => decide.mutate({ id: c.id, approve: false, note: refusal.trim() })}
          >
            <Button type="link" danger loading={decide.isPending && decide.variables?.id === c.id && !decide.variables.approve}>
              {t('deadline.reject')}
            </Button>
          </Popconfirm>
          <Button type="link" onClick={() => setOpen({ taskId: c.task_id })}>
            {t('action.open')}
          </Button>
        </Space>
      ),
    },
  ];
  const page = mine.data;
  const table = (rows: OwedLine[] | undefined, empty: 'owed' | 'overdue' | 'returned' | 'submitted') => (
    <Table<OwedLine>
      rowKey={(l) => `${l.taskId}|${l.unitId}|${l.period}`}
      size="middle"
      loading={mine.isLoading}
      dataSource={rows ?? []}
      columns={lineColumns(empty === 'returned', empty === 'submitted')}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={mine.error ? errorText(mine.error) : t(`empty.${empty}`)} /> }}
    />
  );
  const count = (n: number | undefined, color?: string) => (n ? <Badge count={n} color={color} style={{ marginInlineStart: 6 }} /> : null);
  return (
    <>
      <PageHeader title={t('nav.reporting')} />
      <Typography.Paragraph type="secondary">{t('page.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          setTab(key);
          // The address names the tab shown, so that a link to another tab (or back to this one) is followed.
          setParams(
            (p) => {
              p.set('tab', key);
              return p;
            },
            { replace: true },
          );
        }}
        items={[
          ...(hasUnit
            ? [
                { key: 'owed', label: <span data-testid="tab-owed">{t('tab.owed')}{count(page?.owed.length, 'blue')}</span>, children: table(page?.owed, 'owed') },
                { key: 'overdue', label: <span>{t('tab.overdue')}{count(page?.overdue.length, 'red')}</span>, children: table(page?.overdue, 'overdue') },
                { key: 'returned', label: <span>{t('tab.returned')}{count(page?.returned.length, 'orange')}</span>, children: table(page?.returned, 'returned') },
                { key: 'submitted', label: t('tab.submitted'), children: table(page?.submitted, 'submitted') },
              ]
            : []),
          {
            key: 'escalations',
            label: <span data-testid="tab-escalations">{te('unit.title')}{count(escalations.data?.escalations.length, 'volcano')}</span>,
            children: <UnitEscalations />,
          },
          ...(mayReview
            ? [
                {
                  key: 'review',
                  label: <span>{t('tab.review')}{count(queue.data?.reports.length, 'green')}</span>,
                  children: (
                    <Table<QueueItem>
                      rowKey="id"
                      size="middle"
                      loading={queue.isLoading}
                      dataSource={queue.data?.reports ?? []}
                      columns={queueColumns}
                      pagination={{ pageSize: 20, hideOnSinglePage: true }}
                      locale={{ emptyText: <Empty description={queue.error ? errorText(queue.error) : t('empty.review')} /> }}
                    />
                  ),
                },
              ]
            : []),
          ...(showDeadlines
            ? [
                {
                  key: 'deadlines',
                  label: <span>{t('tab.deadlines')}{count(pendingChanges.length, 'purple')}</span>,
                  children: (
                    <Table<PendingDeadlineChange>
                      rowKey="id"
                      size="middle"
                      data-testid="deadline-queue"
                      loading={queue.isLoading}
                      dataSource={pendingChanges}
                      columns={deadlineColumns}
                      pagination={{ pageSize: 20, hideOnSinglePage: true }}
                      locale={{ emptyText: <Empty description={t('deadline.none')} /> }}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {open && <ReportDrawer {...open} onClose={() => setOpen(null)} />}
    </>
  );
}
