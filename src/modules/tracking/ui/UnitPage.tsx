import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Space, Spin, Typography, type TableColumnsType } from 'antd';
import { errorText } from '../../../web/api.ts';
import { useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { viewMessages } from './views.messages.ts';
import { viewsApi, type UnitPage as Page } from './views.api.ts';
import { SmallTable, TallyTags, useTaskColumns } from './views.parts.tsx';
import { WithQueryClient } from './query.tsx';
import { escalationMessages } from './escalations.messages.ts';
import type { EscalationStatus } from './escalations.api.ts';
import { activityMessages } from './activities.messages.ts';

type Task = Page['tasks'][number];
type Period = Page['reporting'][number];
type UnitActivity = Page['activities']['latest'][number];

/** A unit's page (/progress/units/:id): what it leads and supports, its reporting record, its open escalations. */
export default function UnitPageRoute() {
  return (
    <WithQueryClient>
      <UnitPageView />
    </WithQueryClient>
  );
}

function UnitPageView() {
  const t = useMessages(viewMessages);
  const te = useMessages(escalationMessages);
  const ta = useMessages(activityMessages);
  const { id } = useParams();
  const page = useQuery({ queryKey: ['progress', 'unit', id], queryFn: () => viewsApi.unit(id!), enabled: Boolean(id) });
  const taskColumns = useTaskColumns<Task>([{ title: t('col.role'), key: 'role', width: 70, render: (_, r) => t(r.role === 'lead' ? 'leader.roleLead' : 'unit.supports') }]);
  const periodColumns: TableColumnsType<Period> = [
    { title: t('col.dueDate'), dataIndex: 'dueDate', width: 120 },
    { title: t('col.role'), key: 'role', width: 70, render: (_, r) => t(r.role === 'lead' ? 'leader.roleLead' : 'unit.supports') },
    { title: t('col.due'), dataIndex: 'due', align: 'right' },
    { title: t('col.onTime'), dataIndex: 'onTime', align: 'right' },
    { title: t('col.late'), dataIndex: 'late', align: 'right' },
    { title: t('col.missing'), dataIndex: 'missing', align: 'right' },
  ];
  if (page.error) return <Alert type="error" showIcon message={errorText(page.error)} />;
  const d = page.data;
  if (!d) return <Spin />;
  return (
    <div data-testid="unit-page">
      <PageHeader title={d.unit.name} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('page.asOf', { date: d.asOf })}</Typography.Text>
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <Card size="small" title={`${t('unit.leads')} · ${d.leads.total}`}>
              <TallyTags tally={d.leads} testId="unit-leads" />
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card size="small" title={`${t('unit.supports')} · ${d.supports.total}`}>
              <TallyTags tally={d.supports} testId="unit-supports" />
            </Card>
          </Col>
        </Row>
        <Card size="small" title={t('unit.tasks')}>
          <SmallTable<Task> rows={d.tasks} columns={taskColumns} rowKey="id" testId="unit-tasks" />
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('unit.reporting')}>
              <SmallTable<Period> rows={d.reporting} columns={periodColumns} rowKey={(r) => `${r.dueDate}:${r.role}`} testId="unit-reporting" />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('unit.escalations')} data-testid="unit-escalations">
              {d.escalations.available ? (
                <SmallTable rows={d.escalations.items} rowKey="id" columns={[{ title: t('col.task'), key: 'x', render: (_, e) => `${e.number} ${e.title}` }, { title: t('col.status'), key: 's', render: (_, e) => te(`status.${e.status as EscalationStatus}`) }]} />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('unit.escalationsPending')} />
              )}
            </Card>
          </Col>
        </Row>
        <Card size="small" title={`${ta('unit.title')} · ${ta('unit.count', { n: d.activities.count })}`} data-testid="unit-activities">
          <SmallTable<UnitActivity>
            rows={d.activities.latest}
            rowKey="id"
            columns={[
              { title: ta('col.heldOn'), dataIndex: 'heldOn', width: 110 },
              { title: ta('col.kind'), key: 'kind', width: 100, render: (_, a) => ta(`kind.${a.kind}`) },
              { title: ta('col.title'), dataIndex: 'title' },
              { title: t('col.task'), key: 'task', render: (_, a) => `${a.taskSeq ? `${a.taskSeq}. ` : ''}${a.taskTitle}` },
              { title: ta('col.participants'), dataIndex: 'participants' },
              { title: ta('col.outcome'), dataIndex: 'outcome' },
            ]}
          />
        </Card>
      </Space>
    </div>
  );
}
