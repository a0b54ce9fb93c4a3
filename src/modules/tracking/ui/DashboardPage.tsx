import { useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Flex, Input, Row, Segmented, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CloseOutlined, DownloadOutlined, FileWordOutlined } from '@ant-design/icons';
import { useBusyAction } from '../../../web/feedback.ts';
import { viewMessages } from './views.messages.ts';
import { isRecordId, viewsApi } from './views.api.ts';
import { errorText } from '../../../web/api.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { progressMessages } from './progress.messages.ts';
import {
  CLASSES,
  progressApi,
  WARNINGS,
  type DashboardFilter,
  type DashboardGroup,
  type DashboardTask,
  type DashboardUnits,
  type Drill,
  type PlanDashboard,
  type PlanTrend,
  type ProgressClass,
  type RankBy,
  type UnitRanking,
  type UnitSort,
  type WarningLevel,
} from './progress.api.ts';
import { EChart, type ChartOption } from '../../../web/components/EChart.tsx';
import { DateField } from '../../../web/components/DateField.tsx';

const WARNING_COLOR: Record<WarningLevel | 'none', string> = { red: '#cf1322', yellow: '#faad14', blue: '#1677ff', none: '#d9d9d9' };
const CLASS_COLOR: Record<ProgressClass, string> = { overdue: '#a8071a', behind: '#fa8c16', on_track: '#52c41a', ahead: '#13c2c2', done: '#8c8c8c' };
const TAG_COLOR: Record<WarningLevel, string> = { red: 'red', yellow: 'gold', blue: 'blue' };
const PAGE = 50;
const UNIT_PAGE = 20;
const FILTER_KEYS = ['region', 'unit', 'leader', 'part', 'kind', 'dueFrom', 'dueTo'] as const;

/** The plan dashboard (进度看板): tasks by class and warning, by part, lead leader and lead unit; every number opens its tasks. */
export default function DashboardPage() {
  const t = useMessages(progressMessages);
  const [params, setParams] = useSearchParams();
  const plans = useQuery({ queryKey: ['plans', 'issued'], queryFn: () => progressApi.issuedPlans() });
  const planId = params.get('plan') ?? plans.data?.[0]?.id ?? null;
  const filter: DashboardFilter = useMemo(() => {
    const f: Record<string, string> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v !== null && v !== '') f[k] = v;
    }
    return f as DashboardFilter;
  }, [params]);
  const [drill, setDrill] = useState<Drill | null>(null);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
    if (key === 'plan') for (const k of FILTER_KEYS) next.delete(k);
    setParams(next, { replace: true });
    setDrill(null);
  };

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
      {plans.error ? <Alert type="error" showIcon message={errorText(plans.error)} /> : null}
      {plans.data && plans.data.length === 0 ? <Empty description={t('page.noPlans')} /> : null}
      {planId ? <PlanBoard planId={planId} filter={filter} setParam={setParam} drill={drill} setDrill={setDrill} /> : null}
    </div>
  );
}

function PlanBoard({
  planId,
  filter,
  setParam,
  drill,
  setDrill,
}: {
  planId: string;
  filter: DashboardFilter;
  setParam: (key: string, value: string | undefined) => void;
  drill: Drill | null;
  setDrill: (d: Drill | null) => void;
}) {
  const t = useMessages(progressMessages);
  const dashboard = useQuery({ queryKey: ['progress', 'dashboard', planId, filter], queryFn: () => progressApi.dashboard(planId, filter), placeholderData: keepPreviousData });
  // The filter choices come from the whole plan, so narrowing by one never hides the others.
  const whole = useQuery({ queryKey: ['progress', 'dashboard', planId, {}], queryFn: () => progressApi.dashboard(planId, {}) });
  const d = dashboard.data;
  const [allUnits, setAllUnits] = useState(false);

  if (dashboard.error) return <Alert type="error" showIcon message={errorText(dashboard.error)} />;
  if (!d) return <Spin />;

  const open = (next: Drill) => setDrill(next);
  const groupName = (g: DashboardGroup, dim: 'part') => (dim === 'part' && g.label === '' ? t('chart.noPart') : g.label);
  const options = (groups: DashboardGroup[] | undefined, dim?: 'part') => (groups ?? []).map((g) => ({ value: g.key, label: dim ? groupName(g, dim) : g.label }));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex wrap gap={8} align="center" justify="space-between">
        <Typography.Text type="secondary" data-testid="as-of">
          {d.plan.issuedDate ? `${t('page.effective', { date: d.plan.issuedDate })} · ` : ''}
          {t('page.asOf', { date: d.asOf })}
          {' · '}
          <Link to={`/plans/${d.plan.id}`} data-testid="open-plan">
            {t('page.openPlan')}
          </Link>
        </Typography.Text>
        <Exports planId={planId} asOf={d.asOf} />
      </Flex>
      <Alert
        type="info"
        showIcon
        message={t('page.rule', { ahead: d.rule.aheadPoints, behind: d.rule.behindPoints, blue: d.rule.blueDays, red: d.rule.redLateReports })}
        data-testid="rule"
      />
      <Flex wrap gap={8} align="center">
        <Select allowClear style={{ minWidth: 140 }} placeholder={t('filter.region')} value={filter.region} onChange={(v) => setParam('region', v)} options={options(whole.data?.byRegion)} aria-label={t('filter.region')} data-testid="filter-region" />
        <UnitSelect planId={planId} value={filter.unit} current={d.byUnit} onChange={(v) => setParam('unit', v)} />
        <Select allowClear style={{ minWidth: 140 }} placeholder={t('filter.leader')} value={filter.leader} onChange={(v) => setParam('leader', v)} options={options(whole.data?.byLeader)} aria-label={t('filter.leader')} />
        <Select allowClear style={{ minWidth: 180 }} placeholder={t('filter.part')} value={filter.part} onChange={(v) => setParam('part', v)} options={options(whole.data?.byPart, 'part')} aria-label={t('filter.part')} />
        <Select
          allowClear
          style={{ minWidth: 120 }}
          placeholder={t('filter.kind')}
          value={filter.kind}
          onChange={(v) => setParam('kind', v)}
          options={(['one_off', 'phased', 'ongoing'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          aria-label={t('filter.kind')}
        />
        <Space size={4}>
          <span>{t('filter.dueFrom')}</span>
          <DateField style={{ width: 150 }} value={filter.dueFrom} onChange={(v) => setParam('dueFrom', v)} aria-label={t('filter.dueFrom')} />
          <span>{t('filter.dueTo')}</span>
          <DateField style={{ width: 150 }} value={filter.dueTo} onChange={(v) => setParam('dueTo', v)} aria-label={t('filter.dueTo')} />
        </Space>
        {Object.keys(filter).length ? (
          <Button onClick={() => FILTER_KEYS.forEach((k) => setParam(k, undefined))} icon={<CloseOutlined />}>
            {t('filter.clear')}
          </Button>
        ) : null}
      </Flex>
      <Totals d={d} open={open} />
      <Typography.Text type="secondary">{t('chart.hint')}</Typography.Text>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <GroupChart title={t('chart.byPart')} groups={d.byPart.map((g) => ({ ...g, label: groupName(g, 'part') }))} dim="part" open={open} />
        </Col>
        <Col xs={24} lg={8}>
          <GroupChart title={t('chart.byLeader')} groups={d.byLeader} dim="leader" open={open} />
        </Col>
        <Col xs={24} lg={8}>
          <GroupChart
            title={d.unitCount > d.byUnit.length ? t('chart.byUnitTop', { n: d.byUnit.length, total: d.unitCount }) : t('chart.byUnit')}
            groups={d.byUnit}
            dim="unit"
            open={open}
            extra={
              <Button type="link" size="small" onClick={() => setAllUnits(!allUnits)} data-testid="all-units-toggle">
                {allUnits ? t('units.hide') : t('units.all', { n: d.unitCount })}
              </Button>
            }
          />
        </Col>
      </Row>
      {allUnits ? <AllUnits planId={planId} filter={filter} open={open} /> : null}
      <Trend planId={planId} filter={filter} />
      <Rankings planId={planId} open={open} />
      <TaskList planId={planId} filter={filter} drill={drill} clear={() => setDrill(null)} />
    </Space>
  );
}

/** The 台账 (Excel) download and the way to the progress briefing. */
function Exports({ planId, asOf }: { planId: string; asOf: string }) {
  const t = useMessages(viewMessages);
  const [busy, run] = useBusyAction();
  const ledger = () => run(() => viewsApi.downloadLedger(planId, asOf), t('ledger.exporting'));
  return (
    <Space wrap>
      <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void ledger()} data-testid="ledger-export">
        {t('ledger.export')}
      </Button>
      <Link to={`/progress/briefing?plan=${planId}&asOf=${asOf}`} data-testid="briefing-link">
        <Button icon={<FileWordOutlined />}>{t('briefing.open')}</Button>
      </Link>
    </Space>
  );
}

/** A leader's or unit's name, linked to its page when it is a record of the directory. */
function NameLink({ kind, id, name }: { kind: 'leaders' | 'units'; id: string; name: string }) {
  return isRecordId(id) ? <Link to={`/progress/${kind}/${id}`}>{name}</Link> : <>{name}</>;
}

/** The totals: how many tasks of each class and each warning, each a button that opens its tasks. */
function Totals({ d, open }: { d: PlanDashboard; open: (drill: Drill) => void }) {
  const t = useMessages(progressMessages);
  const pie: ChartOption = {
    tooltip: { trigger: 'item' },
    series: [
      {
        id: 'classes',
        type: 'pie',
        radius: ['45%', '75%'],
        label: { formatter: '{b} {c}' },
        data: CLASSES.filter((c) => d.totals.classes[c] > 0).map((c) => ({ name: t(`class.${c}`), value: d.totals.classes[c], itemStyle: { color: CLASS_COLOR[c] }, cls: c })),
      },
    ],
  };
  const shownClasses = CLASSES.filter((c) => d.totals.classes[c] > 0);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10}>
        <Card size="small" title={`${t('card.byClass')} · ${t('card.total')} ${d.totals.total}`}>
          <EChart option={pie} height={200} onClick={(c) => shownClasses[c.dataIndex] && open({ class: shownClasses[c.dataIndex], label: t(`class.${shownClasses[c.dataIndex]}`) })} testId="class-pie" />
          <Flex wrap gap={8} data-testid="class-counts">
            {CLASSES.map((c) => (
              <Button key={c} size="small" onClick={() => open({ class: c, label: t(`class.${c}`) })} data-testid={`class-${c}`}>
                <span style={{ color: CLASS_COLOR[c] }}>●</span> {t(`class.${c}`)} {d.totals.classes[c]}
              </Button>
            ))}
          </Flex>
        </Card>
      </Col>
      <Col xs={24} md={14}>
        <Card size="small" title={t('card.byWarning')}>
          <Flex wrap gap={16} data-testid="warning-counts">
            {WARNINGS.map((w) => (
              <Button
                key={w}
                type="text"
                style={{ height: 'auto', padding: '8px 16px', borderLeft: `4px solid ${WARNING_COLOR[w]}` }}
                onClick={() => open({ warning: w, label: t(w === 'none' ? 'warning.none' : `warning.${w}Long`) })}
                data-testid={`warning-${w}`}
              >
                <Flex vertical align="start">
                  <Typography.Text type="secondary">{t(w === 'none' ? 'warning.none' : `warning.${w}Long`)}</Typography.Text>
                  <Typography.Title level={3} style={{ margin: 0 }}>
                    {d.totals.warnings[w]}
                  </Typography.Title>
                </Flex>
              </Button>
            ))}
          </Flex>
        </Card>
      </Col>
    </Row>
  );
}

/** Bars of one dimension (part, leader, unit), stacked by warning, red first; a bar opens that group's tasks of that warning. */
function GroupChart({
  title,
  groups,
  dim,
  open,
  extra,
}: {
  title: string;
  groups: DashboardGroup[];
  dim: 'part' | 'leader' | 'unit';
  open: (drill: Drill) => void;
  extra?: ReactNode;
}) {
  const t = useMessages(progressMessages);
  const shown = groups.slice(0, 30);
  const option: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: shown.map((g) => g.label), axisLabel: { width: 110, overflow: 'truncate' } },
    series: WARNINGS.map((w) => ({
      id: w,
      name: t(w === 'none' ? 'warning.none' : `warning.${w}`),
      type: 'bar',
      stack: 'warning',
      itemStyle: { color: WARNING_COLOR[w] },
      data: shown.map((g) => g.warnings[w]),
    })),
  };
  return (
    <Card size="small" title={title} extra={extra}>
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <EChart
          option={option}
          height={Math.max(160, 40 + shown.length * 26)}
          testId={`chart-${dim}`}
          onClick={(c) => {
            const g = shown[c.dataIndex];
            const w = c.seriesId as WarningLevel | 'none' | undefined;
            if (!g || !w) return;
            open({ [dim]: g.key, warning: w, label: `${g.label} · ${t(w === 'none' ? 'warning.none' : `warning.${w}Long`)}` });
          }}
        />
      )}
    </Card>
  );
}

/** The lead-unit filter: units looked up by name on the server (a province plan has thousands), the chosen one kept. */
function UnitSelect({ planId, value, current, onChange }: { planId: string; value: string | undefined; current: DashboardGroup[]; onChange: (v: string | undefined) => void }) {
  const t = useMessages(progressMessages);
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['progress', 'units', planId, {}, q, 'name'], queryFn: () => progressApi.units(planId, {}, { q, sort: 'name', limit: 50, offset: 0 }), placeholderData: keepPreviousData });
  const opts = new Map<string, string>();
  for (const g of current) if (g.key === value) opts.set(g.key, g.label);
  for (const g of found.data?.units ?? []) opts.set(g.key, g.label);
  return (
    <Select
      allowClear
      showSearch
      filterOption={false}
      onSearch={setQ}
      loading={found.isFetching}
      style={{ minWidth: 180 }}
      placeholder={t('filter.unit')}
      value={value}
      onChange={(v: string | undefined) => {
        setQ('');
        onChange(v);
      }}
      options={[...opts].map(([key, label]) => ({ value: key, label }))}
      aria-label={t('filter.unit')}
      data-testid="filter-unit"
    />
  );
}

/** Every lead unit of the dashboard (全部单位), a page at a time from the server: found by name, sorted by any count; every number opens its tasks. */
function AllUnits({ planId, filter, open }: { planId: string; filter: DashboardFilter; open: (drill: Drill) => void }) {
  const t = useMessages(progressMessages);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<{ sort: UnitSort; order: 'asc' | 'desc' }>({ sort: 'attention', order: 'desc' });
  const list = useQuery({
    queryKey: ['progress', 'units', planId, filter, q, sort, page],
    queryFn: () => progressApi.units(planId, filter, { q: q || undefined, ...sort, limit: UNIT_PAGE, offset: (page - 1) * UNIT_PAGE }),
    placeholderData: keepPreviousData,
  });
  type Unit = DashboardUnits['units'][number];
  const count = (g: Unit, n: number, drill: Omit<Drill, 'label' | 'unit'>, what: string | null) =>
    n > 0 ? (
      <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open({ unit: g.key, ...drill, label: what === null ? t('rank.tasksOf', { unit: g.label }) : `${g.label} · ${what}` })}>
        {n}
      </Button>
    ) : (
      <Typography.Text type="secondary">0</Typography.Text>
    );
  const sortOrder = (key: UnitSort) => (sort.sort === key ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null);
  const columns: TableColumnsType<Unit> = [
    {
      title: t('units.col.unit'),
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (_, g) => (
        <Space size={4}>
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open({ unit: g.key, label: t('rank.tasksOf', { unit: g.label }) })}>
            {g.label}
          </Button>
          {isRecordId(g.key) ? (
            <Link to={`/progress/units/${g.key}`} aria-label={g.label}>
              ↗
            </Link>
          ) : null}
        </Space>
      ),
    },
    { title: t('units.col.total'), key: 'total', width: 90, align: 'right', sorter: true, sortOrder: sortOrder('total'), render: (_, g) => count(g, g.total, {}, null) },
    ...(['red', 'yellow', 'blue'] as const).map((w) => ({
      title: t(`warning.${w}`),
      key: w,
      width: 70,
      align: 'right' as const,
      sorter: true,
      sortOrder: sortOrder(w),
      render: (_: unknown, g: Unit) => count(g, g.warnings[w], { warning: w }, t(`warning.${w}Long`)),
    })),
    ...CLASSES.map((c) => ({
      title: t(`class.${c}`),
      key: c,
      width: 80,
      align: 'right' as const,
      sorter: true,
      sortOrder: sortOrder(c),
      render: (_: unknown, g: Unit) => count(g, g.classes[c], { class: c }, t(`class.${c}`)),
    })),
  ];
  return (
    <Card
      size="small"
      title={t('units.title')}
      extra={
        <Input.Search
          allowClear
          placeholder={t('units.search')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 240 }}
          aria-label={t('units.search')}
          data-testid="units-search"
        />
      }
    >
      {list.error ? <Alert type="error" showIcon message={errorText(list.error)} /> : null}
      <Table<Unit>
        rowKey="key"
        size="small"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.units ?? []}
        scroll={{ x: 900 }}
        pagination={{ current: page, pageSize: UNIT_PAGE, total: list.data?.total ?? 0, showSizeChanger: false }}
        onChange={(p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const next: { sort: UnitSort; order: 'asc' | 'desc' } = s?.order ? { sort: s.columnKey as UnitSort, order: s.order === 'ascend' ? 'asc' : 'desc' } : { sort: 'attention', order: 'desc' };
          if (next.sort !== sort.sort || next.order !== sort.order) {
            setSort(next);
            setPage(1);
          } else setPage(p.current ?? 1);
        }}
        data-testid="all-units"
      />
    </Card>
  );
}

/** The completion trend (完成趋势): per month, the share of tasks done or on track and the average accepted percent. */
function Trend({ planId, filter }: { planId: string; filter: DashboardFilter }) {
  const t = useMessages(progressMessages);
  const trend = useQuery({ queryKey: ['progress', 'trend', planId, filter], queryFn: () => progressApi.trend(planId, filter), placeholderData: keepPreviousData });
  const points: PlanTrend['points'] = trend.data?.points ?? [];
  const last = points.at(-1);
  const pct = (p: number | null) => (p === null ? '—' : `${p}%`);
  const option: ChartOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: points.map((p) => p.month) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { id: 'goodShare', name: t('trend.goodShare'), type: 'line', data: points.map((p) => p.goodShare), itemStyle: { color: CLASS_COLOR.on_track }, connectNulls: true },
      { id: 'averagePercent', name: t('trend.averagePercent'), type: 'line', data: points.map((p) => p.averagePercent), itemStyle: { color: '#1677ff' }, connectNulls: true },
    ],
  };
  return (
    <Card size="small" title={t('trend.title')} extra={<Typography.Text type="secondary">{t('trend.hint')}</Typography.Text>}>
      {trend.error ? <Alert type="error" showIcon message={errorText(trend.error)} /> : null}
      {trend.data && points.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : <EChart option={option} height={240} testId="trend-chart" />}
      {last ? (
        <Typography.Text type="secondary" data-testid="trend-latest">
          {t('trend.latest', { month: last.month, share: pct(last.goodShare), average: pct(last.averagePercent) })}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

/** The units ranked (通报) by on-time reporting, share on track or closures, weighted by workload, the weighting beside. */
function Rankings({ planId, open }: { planId: string; open: (drill: Drill) => void }) {
  const t = useMessages(progressMessages);
  const locale = useLocale();
  const [by, setBy] = useState<RankBy>('onTrack');
  const ranking = useQuery({ queryKey: ['progress', 'rankings', planId, by], queryFn: () => progressApi.rankings(planId, by), placeholderData: keepPreviousData });
  const rate = (p: number | null) => (p === null ? '—' : `${p}%`);
  const columns: TableColumnsType<UnitRanking> = [
    { title: t('rank.col.rank'), dataIndex: 'rank', width: 64 },
    {
      title: t('rank.col.unit'),
      key: 'unit',
      render: (_, r) => (
        <Space size={4}>
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open({ unit: r.unitKey, label: t('rank.tasksOf', { unit: r.unitName }) })}>
            {r.unitName}
          </Button>
          {isRecordId(r.unitKey) ? (
            <Link to={`/progress/units/${r.unitKey}`} aria-label={r.unitName}>
              ↗
            </Link>
          ) : null}
        </Space>
      ),
    },
    { title: t('rank.col.leads'), dataIndex: 'leads', width: 70, align: 'right' },
    { title: t('rank.col.supports'), dataIndex: 'supports', width: 70, align: 'right' },
    { title: t('rank.col.workload'), dataIndex: 'workload', width: 130, align: 'right' },
    { title: t('rank.col.onTime'), key: 'onTime', width: 110, align: 'right', render: (_, r) => rate(r.onTimeRate) },
    { title: t('rank.col.onTrack'), key: 'onTrack', width: 110, align: 'right', render: (_, r) => rate(r.onTrackRate) },
    { title: t('rank.col.closures'), key: 'closures', width: 120, align: 'right', render: (_, r) => `${r.closures} (${r.closureWeight})` },
  ];
  return (
    <Card
      size="small"
      title={t('rank.title')}
      extra={
        <Segmented<RankBy>
          value={by}
          onChange={setBy}
          options={(['onTime', 'onTrack', 'closures'] as const).map((k) => ({ value: k, label: t(`rank.by.${k}`) }))}
          data-testid="rank-by"
        />
      }
    >
      {ranking.error ? <Alert type="error" showIcon message={errorText(ranking.error)} /> : null}
      <Row gutter={16}>
        {/* The weighting sits beside the table only where the table still fits whole (it needs 800 px). */}
        <Col xs={24} xxl={17}>
          <Table<UnitRanking>
            rowKey="unitKey"
            size="small"
            loading={ranking.isFetching}
            columns={columns}
            dataSource={ranking.data?.units ?? []}
            pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
            scroll={{ x: 800 }}
            data-testid="rankings"
          />
        </Col>
        <Col xs={24} xxl={7}>
          <Alert type="info" message={t('rank.weighting')} description={ranking.data ? (locale === 'zh-CN' ? ranking.data.weighting.zh : ranking.data.weighting.en) : null} data-testid="weighting" />
        </Col>
      </Row>
    </Card>
  );
}

/** The tasks behind the number clicked (or all, red and yellow first), with their reason in words. */
function TaskList({ planId, filter, drill, clear }: { planId: string; filter: DashboardFilter; drill: Drill | null; clear: () => void }) {
  const t = useMessages(progressMessages);
  const locale = useLocale();
  const [page, setPage] = useState(1);
  const where = { ...filter, ...(drill ? { class: drill.class, warning: drill.warning, part: drill.part ?? filter.part, leader: drill.leader ?? filter.leader, unit: drill.unit ?? filter.unit } : {}) };
  const key = JSON.stringify(where);
  const [seenKey, setSeenKey] = useState(key);
  if (seenKey !== key) {
    setSeenKey(key);
    setPage(1);
  }
  const list = useQuery({
    queryKey: ['progress', 'tasks', planId, where, page],
    queryFn: () => progressApi.tasks(planId, where, { limit: PAGE, offset: (page - 1) * PAGE }),
    placeholderData: keepPreviousData,
  });
  const pct = (p: number | null) => (p === null ? '—' : `${p}%`);
  const columns: TableColumnsType<DashboardTask> = [
    { title: t('col.number'), dataIndex: 'number', width: 56 },
    { title: t('col.title'), dataIndex: 'title', ellipsis: true, width: 200 },
    { title: t('col.leadUnit'), key: 'unit', width: 120, render: (_, r) => (r.leadUnit ? <NameLink kind="units" id={r.leadUnit.key} name={r.leadUnit.name} /> : '—') },
    {
      title: t('col.leaders'),
      key: 'leaders',
      width: 90,
      render: (_, r) =>
        r.leaders.length
          ? r.leaders.map((l, i) => (
              <span key={l.key}>
                {i ? '、' : ''}
                <NameLink kind="leaders" id={l.key} name={l.name} />
              </span>
            ))
          : '—',
    },
    {
      title: t('col.deadline'),
      key: 'deadline',
      width: 120,
      // After an approved change (时限调整) the plan's wording is the old deadline: the new date, and what it was.
      render: (_, r) =>
        r.originalDueDate && r.dueDate ? (
          <span data-testid="deadline-changed">
            {r.dueDate}
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('col.deadlineChanged', { was: r.deadlineText || r.originalDueDate })}
            </Typography.Text>
          </span>
        ) : (
          r.deadlineText || r.dueDate || '—'
        ),
    },
    { title: t('col.expected'), key: 'expected', width: 76, align: 'right', render: (_, r) => pct(r.expected) },
    { title: t('col.actual'), key: 'actual', width: 76, align: 'right', render: (_, r) => pct(r.actual) },
    { title: t('col.class'), key: 'class', width: 76, render: (_, r) => <Tag color={CLASS_COLOR[r.class]}>{t(`class.${r.class}`)}</Tag> },
    { title: t('col.warning'), key: 'warning', width: 64, render: (_, r) => (r.warning ? <Tag color={TAG_COLOR[r.warning]}>{t(`warning.${r.warning}`)}</Tag> : '—') },
    // The explanation takes the width the others leave (about 260 px at 1440 px) and wraps, so it reads in full.
    { title: t('col.reason'), key: 'reason', render: (_, r) => <span style={{ whiteSpace: 'normal', wordBreak: 'break-word' }}>{locale === 'zh-CN' ? r.reason.zh : r.reason.en}</span> },
  ];
  return (
    <Card
      size="small"
      title={
        <Space>
          {t('list.title')}
          <Typography.Text type="secondary">{t('list.showing')}</Typography.Text>
          {drill ? (
            <Tag closable onClose={clear} data-testid="drill">
              {drill.label}
            </Tag>
          ) : (
            <Typography.Text>{t('list.all')}</Typography.Text>
          )}
          {list.data ? <Typography.Text type="secondary">({list.data.total})</Typography.Text> : null}
        </Space>
      }
    >
      {list.error ? <Alert type="error" showIcon message={errorText(list.error)} /> : null}
      <Table<DashboardTask>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.tasks ?? []}
        // Fits a 1440 px window; narrower, it scrolls sideways with its scrollbar kept in view (sticky) at the window's foot.
        scroll={{ x: 1100 }}
        sticky
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        data-testid="progress-tasks"
      />
    </Card>
  );
}
