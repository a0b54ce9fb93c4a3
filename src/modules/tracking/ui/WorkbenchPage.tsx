import { Alert, Badge, Card, Col, Empty, List, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../../web/api.ts';
import { formatDateTime, todayInChina } from '../../../web/format.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { useMe } from '../../../web/session.tsx';
import { workbenchMessages } from './workbench.messages.ts';
import { reportsApi, type OwedLine } from './reports.api.ts';
import { periodText } from './reports.form.ts';
import { remindersApi, reminderKeys } from './reminders.api.ts';
import { progressApi } from './progress.api.ts';
import { openEscalationsQuery } from './UnitEscalations.tsx';
import { WithQueryClient } from './query.tsx';

/** At most this many lines in each list; the figures above count them all. */
const LISTED = 8;
/** At most this many issued plans get their figures on the workbench. */
const PLANS = 6;

/**
 * The workbench (工作台), where every user lands: what the user's side owes (待报, 逾期, 退回), what waits for the user's
 * decision (reports to review, deadline changes, escalation notices), the latest notifications, and the issued plans'
 * figures; every figure leads to the page where it is handled. Each part is asked only of those the server allows it.
 */
export default function WorkbenchPage() {
  return (
    <WithQueryClient>
      <Workbench />
    </WithQueryClient>
  );
}

type Todo = { key: string; tag: 'overdue' | 'returned' | 'owed' | 'review' | 'deadline'; title: string; detail: string; to: string };

function Workbench() {
  const t = useMessages(workbenchMessages);
  const locale = useLocale();
  const me = useMe();
  const navigate = useNavigate();
  const hasUnit = me.can.unitReporting === true;
  const mayReview = me.can.reviewReports === true;
  const mine = useQuery({ queryKey: ['reporting', 'mine'], queryFn: reportsApi.mine, enabled: hasUnit });
  const queue = useQuery({ queryKey: ['reporting', 'queue'], queryFn: reportsApi.queue, enabled: mayReview });
  const escalations = useQuery({ ...openEscalationsQuery, enabled: hasUnit || me.can.superviseEscalations === true });
  const notes = useQuery({ queryKey: reminderKeys.notifications, queryFn: remindersApi.notifications });
  const plans = useQuery({ queryKey: ['plans', 'issued'], queryFn: () => progressApi.issuedPlans() });
  const shown = (plans.data ?? []).slice(0, PLANS);
  const dashboards = useQueries({
    queries: shown.map((p) => ({ queryKey: ['progress', 'workbench', p.id], queryFn: () => progressApi.dashboard(p.id, {}) })),
  });

  const line = (l: OwedLine, tag: Todo['tag']): Todo => ({
    key: `${tag}|${l.taskId}|${l.unitId}|${l.period}`,
    tag,
    title: `${l.seq ? `${l.seq}. ` : ''}${l.title}`,
    detail: `${l.planTitle} · ${l.period} · ${t('todo.due', { due: l.due })}`,
    to: `/reporting?tab=${tag}`,
  });
  const todos: Todo[] = [
    ...(mine.data?.overdue ?? []).map((l) => line(l, 'overdue')),
    ...(mine.data?.returned ?? []).map((l) => line(l, 'returned')),
    ...(queue.data?.reports ?? []).map((r) => ({
      key: `review|${r.id}`,
      tag: 'review' as const,
      title: `${r.seq ? `${r.seq}. ` : ''}${r.title}`,
      detail: `${periodText(r, locale)} · ${t('todo.from', { unit: r.unit_short_name || r.unit_name })}`,
      to: '/reporting?tab=review',
    })),
    // A deadline change waits for the office's decision as a report waits for its review: the figure above counts it.
    ...(me.can.superviseEscalations === true ? (queue.data?.deadlineChanges ?? []) : []).map((c) => ({
      key: `deadline|${c.id}`,
      tag: 'deadline' as const,
      title: `${c.seq ? `${c.seq}. ` : ''}${c.title}`,
      detail: t('todo.deadlineDetail', { from: c.old_due_date ?? '—', to: c.new_due_date, unit: c.unit_short_name || c.unit_name || '' }),
      to: '/reporting?tab=deadlines',
    })),
    ...(mine.data?.owed ?? []).map((l) => line(l, 'owed')),
  ];
  const TAG_COLOR = { overdue: 'red', returned: 'orange', owed: 'blue', review: 'purple', deadline: 'geekblue' } as const;
  const pick = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);

  const stats: { key: string; title: string; value: number | undefined; to: string; color?: string; show: boolean }[] = [
    { key: 'owed', title: t('stat.owed'), value: mine.data?.owed.length, to: '/reporting?tab=owed', show: hasUnit },
    { key: 'overdue', title: t('stat.overdue'), value: mine.data?.overdue.length, to: '/reporting?tab=overdue', color: '#cf1322', show: hasUnit },
    { key: 'returned', title: t('stat.returned'), value: mine.data?.returned.length, to: '/reporting?tab=returned', color: '#d46b08', show: hasUnit },
    { key: 'review', title: t('stat.review'), value: queue.data?.reports.length, to: '/reporting?tab=review', show: mayReview },
    { key: 'deadlines', title: t('stat.deadlines'), value: queue.data?.deadlineChanges.length, to: '/reporting?tab=deadlines', show: mayReview && me.can.superviseEscalations === true },
    {
      key: 'escalations',
      title: t('stat.escalations'),
      value: escalations.data?.escalations.length,
      to: me.can.superviseEscalations ? '/escalations' : '/reporting?tab=escalations',
      color: '#d4380d',
      show: hasUnit || me.can.superviseEscalations === true,
    },
    { key: 'unread', title: t('stat.unread'), value: notes.data?.unread, to: '/reporting', show: true },
  ];
  const failed = [mine, queue, escalations, notes, plans].find((q) => q.error)?.error;

  return (
    <div data-testid="workbench">
      <PageHeader title={t('page.title')} />
      <Typography.Paragraph type="secondary">{t('page.greeting', { name: me.display_name, date: todayInChina() })}</Typography.Paragraph>
      {failed ? <Alert type="error" showIcon message={errorText(failed)} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        {stats
          .filter((s) => s.show)
          .map((s) => (
            <Col key={s.key} xs={12} md={8} xl={Math.max(3, Math.floor(24 / stats.filter((x) => x.show).length))}>
              <Card size="small" hoverable onClick={() => navigate(s.to)} data-testid={`stat-${s.key}`}>
                <Statistic title={s.title} value={s.value ?? '—'} valueStyle={s.color && s.value ? { color: s.color } : undefined} />
              </Card>
            </Col>
          ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('todo.title')} data-testid="workbench-todo">
            {mine.isLoading || queue.isLoading ? (
              <Spin />
            ) : todos.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('todo.empty')} />
            ) : (
              <List<Todo>
                size="small"
                dataSource={todos.slice(0, LISTED)}
                renderItem={(item) => (
                  <List.Item actions={[<Link key="go" to={item.to}>{'›'}</Link>]} data-testid="todo-item">
                    <List.Item.Meta
                      title={
                        <Space size={6}>
                          <Tag color={TAG_COLOR[item.tag]}>{t(`todo.${item.tag}`)}</Tag>
                          <Link to={item.to}>{item.title.length > 60 ? `${item.title.slice(0, 60)}…` : item.title}</Link>
                        </Space>
                      }
                      description={item.detail}
                    />
                  </List.Item>
                )}
                footer={todos.length > LISTED ? <Link to={todos[LISTED].to}>{t('todo.more', { n: todos.length })}</Link> : undefined}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('plans.title')} data-testid="workbench-plans">
              {plans.data && plans.data.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plans.empty')} /> : null}
              <List
                size="small"
                loading={plans.isLoading}
                dataSource={shown.map((p, i) => ({ plan: p, dashboard: dashboards[i] }))}
                renderItem={({ plan, dashboard }) => {
                  const totals = dashboard.data?.totals;
                  return (
                    <List.Item data-testid="workbench-plan">
                      <List.Item.Meta
                        title={<Link to={`/progress?plan=${plan.id}`}>{plan.title}</Link>}
                        description={
                          dashboard.error ? (
                            errorText(dashboard.error)
                          ) : totals ? (
                            <Space size={4} wrap>
                              <span>{t('plans.line', { total: totals.total, done: totals.classes.done })}</span>
                              {totals.warnings.red ? <Tag color="red">{t('plans.red', { n: totals.warnings.red })}</Tag> : null}
                              {totals.warnings.yellow ? <Tag color="gold">{t('plans.yellow', { n: totals.warnings.yellow })}</Tag> : null}
                            </Space>
                          ) : (
                            <Spin size="small" />
                          )
                        }
                      />
                    </List.Item>
                  );
                }}
              />
            </Card>
            <Card size="small" title={t('notes.title')} data-testid="workbench-notes">
              <List
                size="small"
                loading={notes.isLoading}
                // One empty state: the list's own, saying there are no notifications (not antd's 暂无数据 beside it).
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notes.empty')} /> }}
                dataSource={(notes.data?.items ?? []).slice(0, 5)}
                renderItem={(n) => (
                  <List.Item>
                    <List.Item.Meta
                      title={
                        <Space size={4}>
                          {!n.read ? <Badge status="processing" /> : null}
                          <Link to="/reporting">{pick(n.title)}</Link>
                        </Space>
                      }
                      description={formatDateTime(n.createdAt, locale)}
                    />
                  </List.Item>
                )}
              />
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}
