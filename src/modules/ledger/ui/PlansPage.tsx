import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Empty, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { errorText } from '../../../web/api.ts';
import { formatDateTime } from '../../../web/format.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { useMe } from '../../../web/session.tsx';
import { planMessages } from './plans.messages.ts';
import { planQueries } from './plans.queries.ts';
import { PLAN_STATUSES, PLAN_TYPES, type PlanListItem, type PlanStatus, type PlanType } from './plans.api.ts';
import { STATUS_COLOR } from './plans.format.ts';
import { mayCreatePlans } from './plans.routes.ts';

/** Decisions, opinions, plans and task lists with their status, task and comment counts; filters and the two imports. */
export default function PlansPage() {
  const t = useMessages(planMessages);
  const locale = useLocale();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const me = useMe();
  const [status, setStatus] = useState<PlanStatus | undefined>();
  const [planType, setPlanType] = useState<PlanType | undefined>();
  const [query, setQuery] = useState('');
  const list = useQuery({ ...planQueries.list({ q: query || undefined, status, planType }), placeholderData: keepPreviousData });
  const plans = list.data ?? [];
  const filtered = Boolean(query || status || planType);

  // Every plan carries the caller's abilities, 'create' among them when they may create plans.
  const canCreate = mayCreatePlans(me) && (plans.length === 0 || plans.some((p) => p.abilities.includes('create')));

  const statusTag = (s: PlanStatus) => (
    <Tag color={STATUS_COLOR[s]} style={{ marginInlineEnd: 0 }}>
      {t(`status.${s}`)}
    </Tag>
  );

  const columns: TableColumnsType<PlanListItem> = [
    {
      title: t('col.title'),
      dataIndex: 'title',
      render: (title: string, plan) => (
        <Flex vertical gap={2}>
          <Link to={`/plans/${plan.id}`} data-testid="plan-link">
            {title}
          </Link>
          {isPhone ? (
            <Flex gap={6} wrap align="center">
              {statusTag(plan.status)}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[t(`type.${plan.plan_type}`), t('list.meta', { tasks: plan.task_count, comments: plan.comment_count })].join(' · ')}
              </Typography.Text>
            </Flex>
          ) : plan.doc_number ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {plan.doc_number}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    ...(isPhone
      ? []
      : ([
          { title: t('col.type'), dataIndex: 'plan_type', width: 100, render: (type: PlanType) => t(`type.${type}`) },
          { title: t('col.status'), dataIndex: 'status', width: 100, render: statusTag },
          { title: t('col.tasks'), dataIndex: 'task_count', width: 80, align: 'right' },
          { title: t('col.comments'), dataIndex: 'comment_count', width: 80, align: 'right' },
          { title: t('col.updated'), dataIndex: 'updated_at', width: 180, render: (v: string) => formatDateTime(v, locale) },
        ] satisfies TableColumnsType<PlanListItem>)),
  ];

  return (
    <>
      <PageHeader
        title={t('nav.plans')}
        extra={
          canCreate ? (
            <>
              <Button type="primary" icon={<FileTextOutlined />} onClick={() => navigate('/plans/new')}>
                {t('list.importDocument')}
              </Button>
              <Button icon={<FileExcelOutlined />} onClick={() => navigate('/plans/import-table')}>
                {t('list.importTable')}
              </Button>
            </>
          ) : null
        }
      />
      <Card size="small">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <Input.Search allowClear enterButton placeholder={t('list.search')} onSearch={(v) => setQuery(v.trim())} style={{ width: isPhone ? '100%' : 300 }} data-testid="plan-search" />
          <Select
            allowClear
            placeholder={t('list.anyStatus')}
            value={status}
            onChange={setStatus}
            options={PLAN_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            style={{ width: isPhone ? 'calc(50% - 6px)' : 140 }}
            data-testid="plan-status-filter"
          />
          <Select
            allowClear
            placeholder={t('list.anyType')}
            value={planType}
            onChange={setPlanType}
            options={PLAN_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))}
            style={{ width: isPhone ? 'calc(50% - 6px)' : 140 }}
            data-testid="plan-type-filter"
          />
          <Typography.Text type="secondary">{t('list.count', { count: plans.length })}</Typography.Text>
        </Flex>
        {list.error ? <Typography.Text type="danger">{errorText(list.error)}</Typography.Text> : null}
        <Table<PlanListItem>
          rowKey="id"
          size={isPhone ? 'small' : 'middle'}
          columns={columns}
          dataSource={plans}
          loading={list.isFetching}
          pagination={plans.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(filtered ? 'list.emptyFiltered' : 'list.empty')} /> }}
          data-testid="plan-table"
        />
      </Card>
    </>
  );
}
