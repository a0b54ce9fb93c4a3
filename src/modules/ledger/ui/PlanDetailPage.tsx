import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Button, Card, Dropdown, Flex, Popconfirm, Result, Skeleton, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, BranchesOutlined, DashboardOutlined, DeleteOutlined, DownOutlined, DownloadOutlined, FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { ApiError, detailText, errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages, useT } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useIsPhone } from '../../../web/layout/useIsPhone.ts';
import { planMessages } from './plans.messages.ts';
import { plansApi, type PlanAbility, type PlanDetail, type PlanStatus } from './plans.api.ts';
import { planQueries, useInvalidatePlan, useInvalidatePlans } from './plans.queries.ts';
import { downloadFile } from '../../../web/files.ts';
import { STATUS_COLOR } from './plans.format.ts';
import { idMaker, toEditorTree } from './plan-tree.ts';
import { usePlanDirectory } from './usePlanDirectory.ts';
import { DeriveModal } from './DeriveModal.tsx';
import { ConsultModal } from './ConsultModal.tsx';
import { PlanTextTab } from './PlanTextTab.tsx';
import { PlanVersionsTab } from './PlanVersionsTab.tsx';
import { PlanCommentsTab } from './PlanCommentsTab.tsx';
import { PlanTasksTab } from './PlanTasksTab.tsx';
import { PlanLinksTab } from './PlanLinksTab.tsx';
import { PlanSchedule } from './PlanSchedule.tsx';

const TABS = ['text', 'versions', 'comments', 'tasks', 'links'] as const;
type TabKey = (typeof TABS)[number];

/**
 * One plan: its header with what the user may do (status, exports, derive, delete — from the plan's abilities),
 * and tabs for the text, versions, consultation comments, tasks and links. The tab and the version viewed live in
 * the address (?tab=tasks&version=2), so they survive a reload and can be linked to.
 */
export default function PlanDetailPage() {
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const t = useMessages(planMessages);
  const tc = useT();
  const feedback = useFeedback();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const directory = usePlanDirectory();
  const tab: TabKey = TABS.includes(search.get('tab') as TabKey) ? (search.get('tab') as TabKey) : 'text';
  const versionParam = Number(search.get('version')) || undefined;
  const detail = useQuery(planQueries.detail(id, versionParam));
  const invalidatePlan = useInvalidatePlan(id);
  const invalidatePlans = useInvalidatePlans();
  const statusChange = useMutation({
    mutationFn: ({ to, confirm, consultedUnitIds }: { to: PlanStatus; confirm?: boolean; consultedUnitIds?: string[] }) => plansApi.setStatus(id, to, confirm, consultedUnitIds),
    onSuccess: (_, { to }) => {
      void feedback.message.success(t('detail.statusChanged', { status: t(`status.${to}`) }));
      return invalidatePlan();
    },
  });
  const [deriveFrom, setDeriveFrom] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState<string | null>(null);
  const [consulting, setConsulting] = useState(false);

  const data: PlanDetail | undefined = detail.data?.plan.id === id ? detail.data : undefined;
  const tree = useMemo(() => (data ? toEditorTree(data.tree, idMaker('v')) : []), [data]);

  const setParams = (changes: Record<string, string | null>) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );

  if (detail.error && !data) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('detail.notFound') : errorText(detail.error)}
        extra={
          <Button onClick={() => navigate('/plans')} icon={<ArrowLeftOutlined />}>
            {t('detail.back')}
          </Button>
        }
      />
    );
  }
  if (!data) return <Skeleton active />;

  const { plan } = data;
  const can = (ability: PlanAbility) => plan.abilities.includes(ability);

  const changeStatus = (to: PlanStatus) =>
    // Sending out for consultation names the units asked (a modal of its own); other changes are a plain yes.
    to === 'consultation' ? setConsulting(true) : confirmStatus(to);

  const confirmStatus = (to: PlanStatus) =>
    feedback.modal.confirm({
      title: t('detail.changeStatus'),
      content: t('detail.statusConfirm', { title: plan.title, from: t(`status.${plan.status}`), to: t(`status.${to}`) }),
      onOk: async () => {
        try {
          await statusChange.mutateAsync({ to });
        } catch (error) {
          if (error instanceof ApiError && error.code === 'undecided_comments') confirmUndecided(to, error);
          else feedback.error(error);
        }
      },
    });

  // The server lists the comments the consultation left undecided; adopting anyway takes an explicit second yes.
  const confirmUndecided = (to: PlanStatus, error: ApiError) =>
    feedback.modal.confirm({
      title: t('detail.undecidedTitle'),
      width: 560,
      content: (
        <Flex vertical gap={8}>
          <Typography.Text>{errorText(error)}</Typography.Text>
          <ul data-testid="undecided-comments" style={{ margin: 0, paddingInlineStart: 20, maxHeight: 320, overflowY: 'auto' }}>
            {error.details.map((d) => (
              <li key={d.field}>{detailText(d, error)}</li>
            ))}
          </ul>
        </Flex>
      ),
      okText: t('detail.adoptAnyway'),
      onOk: async () => {
        try {
          await statusChange.mutateAsync({ to, confirm: true });
        } catch (e) {
          feedback.error(e);
        }
      },
    });

  const download = async (kind: 'xlsx' | 'docx') => {
    setBusy(kind);
    try {
      const name = await downloadFile(kind === 'xlsx' ? `/api/plans/${plan.id}/tasks.xlsx` : `/api/plans/${plan.id}/plan.docx`, `${plan.title}.${kind}`);
      void feedback.message.success(t('detail.exported', { name }));
    } catch (error) {
      feedback.error(error);
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    try {
      await plansApi.remove(plan.id);
      void invalidatePlans();
      void feedback.message.success(tc('common.deleted'));
      navigate('/plans');
    } catch (error) {
      feedback.error(error);
    }
  };

  const actions = (
    <>
      {plan.next_statuses.length ? (
        <Dropdown
          trigger={['click']}
          menu={{ items: plan.next_statuses.map((s) => ({ key: s, label: t('detail.statusTo', { status: t(`status.${s}`) }) })), onClick: ({ key }) => changeStatus(key as PlanStatus) }}
        >
          <Button data-testid="plan-status-menu">
            {t('detail.changeStatus')} <DownOutlined />
          </Button>
        </Dropdown>
      ) : null}
      {plan.status === 'issued' ? (
        <Link to={`/progress?plan=${plan.id}`} data-testid="plan-dashboard">
          <Button icon={<DashboardOutlined />}>{isPhone ? null : t('detail.dashboard')}</Button>
        </Link>
      ) : null}
      {can('export') ? (
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'xlsx', icon: <FileExcelOutlined />, label: t('detail.exportTasks') },
              { key: 'docx', icon: <FileWordOutlined />, label: t('detail.exportWord') },
            ],
            onClick: ({ key }) => void download(key as 'xlsx' | 'docx'),
          }}
        >
          <Button icon={<DownloadOutlined />} loading={busy !== null} data-testid="plan-export">
            {t('detail.export')}
          </Button>
        </Dropdown>
      ) : null}
      {can('derive') ? (
        <Button icon={<BranchesOutlined />} onClick={() => setDeriveFrom(null)}>
          {t('detail.derive')}
        </Button>
      ) : null}
      {can('delete') ? (
        <Popconfirm title={t('detail.deleteConfirm', { title: plan.title })} okButtonProps={{ danger: true }} onConfirm={() => void remove()}>
          <Button danger icon={<DeleteOutlined />} data-testid="plan-delete">
            {isPhone ? null : t('detail.delete')}
          </Button>
        </Popconfirm>
      ) : null}
    </>
  );

  const facts = [
    plan.doc_number,
    plan.issuer,
    plan.issued_on,
    directory.unitName(plan.owner_unit_id) ? t('detail.owner', { name: directory.unitName(plan.owner_unit_id) }) : null,
    t('versions.label', { n: plan.current_version }),
  ].filter(Boolean);

  return (
    <>
      <Link to="/plans" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {t('detail.back')}
      </Link>
      <PageHeader title={<span data-testid="plan-title">{plan.title}</span>} extra={actions} />
      <Flex gap={8} wrap align="center" style={{ marginTop: -8, marginBottom: 12 }}>
        <Tag>{t(`type.${plan.plan_type}`)}</Tag>
        <Tag color={STATUS_COLOR[plan.status]} data-testid="plan-status">
          {t(`status.${plan.status}`)}
        </Tag>
        <Typography.Text type="secondary">{facts.join(' · ')}</Typography.Text>
        <PlanSchedule plan={plan} onChanged={() => void invalidatePlan()} />
      </Flex>
      {plan.status === 'consultation' && data.consulted_units.length ? (
        <Typography.Paragraph type="secondary" data-testid="plan-consulted" style={{ marginTop: -4 }}>
          {t('detail.consulted', { names: data.consulted_units.map((u) => directory.unitName(u.id) || u.name).join('、') })}
        </Typography.Paragraph>
      ) : null}
      <ConsultModal
        key={consulting ? 'open' : 'closed'}
        open={consulting}
        title={plan.title}
        initial={data.consulted_units.map((u) => u.id)}
        onCancel={() => setConsulting(false)}
        onSend={async (consultedUnitIds) => {
          try {
            await statusChange.mutateAsync({ to: 'consultation', consultedUnitIds });
            setConsulting(false);
          } catch (error) {
            feedback.error(error);
          }
        }}
      />
      <Card size="small" key={plan.id}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key === 'text' ? null : key })}
          items={[
            {
              key: 'text',
              label: t('detail.tab.text'),
              children: (
                <PlanTextTab
                  detail={data}
                  tree={tree}
                  viewing={versionParam}
                  onBackToCurrent={() => setParams({ version: null })}
                  onSaved={() => {
                    setParams({ version: null });
                    void invalidatePlan();
                  }}
                  onReload={() => void detail.refetch()}
                  onDerive={(key) => setDeriveFrom(key)}
                />
              ),
            },
            {
              key: 'versions',
              label: t('detail.tab.versions'),
              children: <PlanVersionsTab key={plan.current_version} detail={data} onView={(n) => setParams({ tab: null, version: n === plan.current_version ? null : String(n) })} />,
            },
            { key: 'comments', label: t('detail.tab.comments'), children: <PlanCommentsTab detail={data} tree={tree} /> },
            { key: 'tasks', label: t('detail.tab.tasks'), children: <PlanTasksTab detail={data} tree={tree} /> },
            { key: 'links', label: t('detail.tab.links'), children: <PlanLinksTab detail={data} tree={tree} /> },
          ]}
        />
      </Card>
      <DeriveModal
        open={deriveFrom !== undefined}
        plan={plan}
        tree={tree}
        nodeKey={deriveFrom ?? null}
        onClose={() => setDeriveFrom(undefined)}
        onDerived={(created) => {
          setDeriveFrom(undefined);
          // The parent lists the new plan among its derived ones, and so do the lists of plans.
          void invalidatePlans();
          navigate(`/plans/${created.id}`);
        }}
      />
    </>
  );
}
