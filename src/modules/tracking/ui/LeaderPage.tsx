import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, List, Row, Space, Spin, Typography } from 'antd';
import { errorText } from '../../../web/api.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { useMe } from '../../../web/session.tsx';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { viewMessages } from './views.messages.ts';
import { viewsApi, type LeaderPage as Page } from './views.api.ts';
import { SmallTable, TallyTags, useTaskColumns } from './views.parts.tsx';
import { WithQueryClient } from './query.tsx';
import { periodText } from './reports.form.ts';

type Late = Page['late'][number];

/** A leader's page (/progress/leaders/:id; 我的分管 is the signed-in leader's own): portfolio, decisions, what is late. */
export default function LeaderPageRoute() {
  return (
    <WithQueryClient>
      <LeaderPageView />
    </WithQueryClient>
  );
}

function LeaderPageView() {
  const t = useMessages(viewMessages);
  const locale = useLocale();
  const me = useMe();
  const { id } = useParams();
  const personId = id ?? me.person_id;
  const page = useQuery({ queryKey: ['progress', 'leader', personId], queryFn: () => viewsApi.leader(personId!), enabled: Boolean(personId) });
  const lateColumns = useTaskColumns<Late>([
    {
      title: t('col.unit'),
      key: 'unit',
      width: 140,
      render: (_, r) => (r.leadUnit ? r.leadUnit.id ? <Link to={`/progress/units/${r.leadUnit.id}`}>{r.leadUnit.name}</Link> : r.leadUnit.name : '—'),
    },
    { title: t('col.role'), key: 'role', width: 70, render: (_, r) => t(r.leads ? 'leader.roleLead' : 'leader.roleOversee') },
  ]);
  if (!personId) return <Empty description={t('leader.noPerson')} />;
  if (page.error) return <Alert type="error" showIcon message={errorText(page.error)} />;
  const d = page.data;
  if (!d) return <Spin />;
  const none = t('leader.none');
  const period = (r: { kind: string; period: string; submittedAt: string | null }) => periodText({ kind: r.kind, period: r.period, submitted_at: r.submittedAt }, locale);
  return (
    <div data-testid="leader-page">
      <PageHeader title={`${d.person.name}${d.person.title ? ` · ${d.person.title}` : ''}`} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('page.asOf', { date: d.asOf })} · {t('page.total', { n: d.totals.total })} · {t('leader.leads', { n: d.leads })} · {t('leader.oversees', { n: d.oversees })}
        </Typography.Text>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('page.total', { n: d.totals.total })}>
              <TallyTags tally={d.totals} testId="leader-totals" />
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card size="small" title={t('leader.byPlan')}>
              <List
                size="small"
                dataSource={d.byPlan}
                locale={{ emptyText: none }}
                renderItem={(p) => (
                  <List.Item>
                    <Space direction="vertical" size={2}>
                      <Link to={`/progress?plan=${p.planId}`}>{p.planTitle}</Link>
                      <TallyTags tally={p} />
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        </Row>
        <Card size="small" title={t('leader.decisions')} data-testid="leader-decisions">
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={8}>
              <Typography.Title level={5}>{t('leader.deadlineChanges')}</Typography.Title>
              <List size="small" dataSource={d.decisions.deadlineChanges} locale={{ emptyText: none }} renderItem={(c) => <List.Item>{`${c.number}. ${c.title} → ${c.newDueDate}（${c.reason}）`}</List.Item>} />
            </Col>
            <Col xs={24} lg={8}>
              <Typography.Title level={5}>{t('leader.reports')}</Typography.Title>
              <List
                size="small"
                dataSource={d.decisions.reports}
                locale={{ emptyText: none }}
                renderItem={(r) => <List.Item>{`${r.number}. ${r.title} · ${r.unitName} · ${period(r)} · ${t(r.role === 'lead' ? 'leader.reportLead' : 'leader.reportCo')}`}</List.Item>}
              />
            </Col>
            <Col xs={24} lg={8}>
              <Typography.Title level={5}>{t('leader.coordination')}</Typography.Title>
              <List size="small" dataSource={d.decisions.coordination} locale={{ emptyText: none }} renderItem={(c) => <List.Item>{`${c.number}. ${c.title}（${period(c)}）：${c.helpNeeded}`}</List.Item>} />
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('leader.late')}>
          <SmallTable<Late> rows={d.late} columns={lateColumns} rowKey="id" testId="leader-late" />
        </Card>
      </Space>
    </div>
  );
}
