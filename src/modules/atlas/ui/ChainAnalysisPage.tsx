import { useState } from 'react';
import { Alert, Button, Descriptions, Empty, Select, Space, Spin, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, ApartmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { errorText } from '../../../web/api.ts';
import { useBusyAction } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { atlasMessages } from './atlas.messages.ts';
import { atlasApi, type Chokepoints, type Gaps } from './atlas.api.ts';
import { intermediaryApi } from './intermediaries.api.ts';
import { intermediaryMessages } from './intermediaries.messages.ts';
import { ChainCoverage } from './ChainCoverage.tsx';
import { GapTargetsButton, type ChosenCandidate } from './GapTargets.tsx';
import { GapTargetList } from './GapTargetList.tsx';
import { useMe } from '../../../web/session.tsx';
import { useRegionName } from './RegionPicker.tsx';

type Gap = Gaps['gaps'][number];
type Chokepoint = Chokepoints['chokepoints'][number];
type Candidate = Gap['candidates'][number];
/** The regions and groups a chain office compares (the API takes any region code too). */
const AREAS = ['jjj', '110000', '120000', '130000', 'yrd', 'gba'] as const;

/**
 * A chain's 堵点 and 卡点 (/atlas/chains/:id/analysis): the segments where the chosen region is absent or weak against a
 * benchmark or the national pattern, each with its candidates to attract and why, exported as a target list; and the
 * segments marked as chokepoints with their supplier concentration and the region's joint R&D leads. The rules and
 * formulas are the API's own, shown as they are applied.
 */
export default function ChainAnalysisPage() {
  const { id = '' } = useParams();
  const t = useMessages(atlasMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const [params] = useSearchParams();
  // The map's side panel opens this page on its region (any code, or a group).
  const [region, setRegion] = useState<string>(params.get('region') ?? 'jjj');
  const [benchmark, setBenchmark] = useState<string>('yrd');
  const gaps = useQuery({ queryKey: ['atlas', 'gaps', id, region, benchmark], queryFn: () => atlasApi.gaps(id, region, benchmark), enabled: Boolean(id) });
  // 对接渠道: the intermediaries through which each gap's candidates can be reached (the same gaps and candidates).
  const channels = useQuery({ queryKey: ['atlas', 'gap-channels', id, region, benchmark], queryFn: () => intermediaryApi.gapChannels(id, region, benchmark), enabled: Boolean(id) });
  const ti = useMessages(intermediaryMessages);
  const chokepoints = useQuery({ queryKey: ['atlas', 'chokepoints', id, region], queryFn: () => atlasApi.chokepoints(id, region), enabled: Boolean(id) });
  const [exporting, run] = useBusyAction();
  const me = useMe();
  const targets = useQuery({ queryKey: ['atlas', 'targets', id, region], queryFn: () => atlasApi.targets(id, region), enabled: Boolean(id) });
  const regionName = useRegionName();
  // The candidates ticked for 转为招商任务, by USCC and segment.
  const [chosen, setChosen] = useState<Map<string, ChosenCandidate>>(new Map());
  const candidateKey = (c: Candidate) => `${c.uscc ?? c.name}|${c.segment.key}`;
  const areaOptions: { value: string; label: string }[] = AREAS.map((a) => ({ value: a, label: t(`an.g.${a}`) }));
  if (!(AREAS as readonly string[]).includes(region)) areaOptions.push({ value: region, label: gaps.data?.region.key === region ? (locale === 'en-US' ? gaps.data.region.nameEn : gaps.data.region.name) : region });
  const cell = (c: { enterprises: number; score: number }) => t('an.cell', { n: c.enterprises, score: c.score });

  const gapColumns: TableColumnsType<Gap> = [
    // Fixed widths but the channels': at 1280 px the reasons column, the only one without a width, was squeezed to
    // one character a line.
    { title: t('an.segment'), key: 'segment', width: 150, render: (_, g) => (locale === 'en-US' && g.segment.nameEn ? g.segment.nameEn : g.segment.name) },
    { title: t('an.reasons'), key: 'reasons', width: 150, render: (_, g) => g.reasons.map((r) => <div key={r.code}>{bi(r)}</div>) },
    { title: t('an.local'), key: 'local', width: 110, render: (_, g) => cell(g.local) },
    { title: t('an.bench'), key: 'bench', width: 110, render: (_, g) => cell(g.benchmark) },
    { title: t('an.national'), key: 'national', width: 110, render: (_, g) => cell(g.national) },
    {
      title: t('an.progress'),
      key: 'progress',
      width: 130,
      render: (_, g) =>
        g.targets.lead + g.targets.contact + g.targets.signed + g.targets.landed > 0 ? (
          <span data-testid="gap-progress">{t('an.progressCell', g.targets)}</span>
        ) : (
          <Typography.Text type="secondary">{t('an.noProgress')}</Typography.Text>
        ),
    },
    {
      title: <Tooltip title={ti('im.channelsHint')}>{ti('im.channels')}</Tooltip>,
      key: 'channels',
      minWidth: 200,
      render: (_, g) => {
        const found = channels.data?.gaps.find((x) => x.segmentKey === g.segment.key)?.channels ?? [];
        if (!found.length) return ti('im.noChannels');
        return found.map((c) => (
          <div key={c.intermediary.id} data-testid="gap-channel">
            <Link to={`/atlas/intermediaries?open=${c.intermediary.id}`}>{c.intermediary.name}</Link>
            <Typography.Text type="secondary">{` · ${c.members.map((m) => `${m.name}（${bi(m.roleName)}）`).join('、')}`}</Typography.Text>
          </div>
        ));
      },
    },
  ];
  const candidateTable = (g: Gap) =>
    g.candidates.length ? (
      <Table
        size="small"
        rowKey={candidateKey}
        pagination={false}
        // Only those who make 招商 targets tick candidates; one already followed cannot be made a target twice.
        rowSelection={
          me.can.importAtlas
            ? {
          selectedRowKeys: g.candidates.map(candidateKey).filter((k) => chosen.has(k)),
          getCheckboxProps: (c) => ({ disabled: !c.uscc || Boolean(c.target), 'aria-label': c.name }),
          onChange: (_, rows) => {
            const next = new Map([...chosen].filter(([, c]) => c.segmentKey !== g.segment.key));
            for (const c of rows) if (c.uscc) next.set(candidateKey(c), { uscc: c.uscc, name: c.name, segmentKey: c.segment.key, segmentName: g.segment.name });
            setChosen(next);
          },
        }
            : undefined
        }
        dataSource={g.candidates}
        title={() => t('an.candidates')}
        columns={[
          { title: 'USCC', dataIndex: 'uscc', width: 190 },
          {
            title: t('an.enterprise'),
            key: 'name',
            render: (_, c) => (
              <Space size={4} wrap>
                {c.name}
                {c.target ? (
                  <Tag color="blue" data-testid="candidate-followed">
                    {t('tg.followed', { status: t(`tgs.${c.target}`) })}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
          { title: t('an.where'), dataIndex: 'regionCode', width: 90, render: (code: string) => regionName(code) },
          { title: t('an.tags'), key: 'tags', width: 170, render: (_, c) => c.tags.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('an.reasons'), key: 'why', width: 240, render: (_, c) => c.reasons.map((r) => bi(r)).join('；') },
          { title: t('an.score'), dataIndex: 'score', width: 90, render: (v: number) => v.toFixed(1) },
        ]}
      />
    ) : null;

  const chokeColumns: TableColumnsType<Chokepoint> = [
    { title: t('an.segment'), key: 'segment', width: 160, render: (_, c) => c.segment.name },
    { title: t('an.technology'), dataIndex: 'technology', render: (v: string | null) => v ?? '—' },
    { title: t('an.importDependency'), dataIndex: 'importDependency', width: 100, render: (v: number | null) => (v === null ? '—' : `${v}%`) },
    { title: t('an.domestic'), dataIndex: 'domesticSuppliers', width: 100, render: (v: number | null) => v ?? '—' },
    { title: t('an.suppliers'), key: 'suppliers', width: 130, render: (_, c) => `${c.suppliers}（${c.regionSuppliers}）` },
    {
      title: t('an.hhi'),
      key: 'hhi',
      width: 140,
      render: (_, c) => (
        <Space size={4}>
          {c.hhi}
          <Tag color={c.concentration === 'high' ? 'red' : c.concentration === 'moderate' ? 'orange' : undefined}>{t(`an.conc.${c.concentration}`)}</Tag>
          {c.singleSupplier ? <Tag color="red">{t('an.single')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('an.leads'), key: 'leads', render: (_, c) => c.leads.map((l) => l.name).join('、') || '—' },
  ];

  const failed = gaps.error ?? chokepoints.error;
  return (
    <div data-testid="chain-analysis">
      <PageHeader
        title={
          <Space>
            <Link to="/atlas">{t('nav.atlas')}</Link>/<Link to={`/atlas/chains/${id}`}>{gaps.data?.chain.name ?? '…'}</Link>/<span>{t('nav.analysis')}</span>
          </Space>
        }
        extra={
          <Space wrap>
            {me.can.importAtlas ? <GapTargetsButton chainId={id} chosen={[...chosen.values()]} onDone={() => setChosen(new Map())} /> : null}
            <Link to={`/complexity?fromChain=${encodeURIComponent(id)}`} data-testid="chain-complexity">
              <Button icon={<ApartmentOutlined />}>{t('an.complexity')}</Button>
            </Link>
            <Button icon={<DownloadOutlined />} loading={exporting} disabled={!gaps.data} onClick={() => void run(() => atlasApi.gapsWorkbook(id, region, benchmark), t('an.exporting'))} data-testid="gaps-export">
              {t('an.export')}
            </Button>
          </Space>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('an.region')}</span>
        <Select style={{ width: 180 }} value={region} onChange={(v) => (setRegion(v), setChosen(new Map()))} options={areaOptions} aria-label={t('an.region')} data-testid="analysis-region" />
        <span>{t('an.benchmark')}</span>
        <Select style={{ width: 180 }} value={benchmark} onChange={setBenchmark} options={areaOptions.filter((o) => o.value !== region)} aria-label={t('an.benchmark')} />
        {gaps.data?.asOf ? <Typography.Text type="secondary">{t('an.asOf', { date: gaps.data.asOf })}</Typography.Text> : null}
      </Space>
      {failed ? <Alert type="error" showIcon message={errorText(failed)} /> : null}
      {gaps.isLoading ? <Spin /> : null}
      {gaps.data ? (
        <Tabs
          items={[
            {
              key: 'gaps',
              label: t('an.tabGaps', { n: gaps.data.gaps.length }),
              children: (
                <>
                  <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
                    <Descriptions.Item label={t('an.rule')}>{bi(gaps.data.rule)}</Descriptions.Item>
                    <Descriptions.Item label={t('an.formula')}>{bi(gaps.data.formula)}</Descriptions.Item>
                    <Descriptions.Item label={t('an.candidateFormula')}>{bi(gaps.data.candidateFormula)}</Descriptions.Item>
                  </Descriptions>
                  <Table<Gap>
                    rowKey={(g) => g.segment.key}
                    size="middle"
                    dataSource={gaps.data.gaps}
                    columns={gapColumns}
                    scroll={{ x: 1000 }}
                    expandable={{ expandedRowRender: candidateTable, rowExpandable: (g) => g.candidates.length > 0 }}
                    pagination={{ pageSize: 20, hideOnSinglePage: true }}
                    locale={{ emptyText: <Empty description={t('an.noGaps')} /> }}
                    data-testid="gaps-table"
                  />
                </>
              ),
            },
            {
              key: 'targets',
              label: t('tt.tab', { n: targets.data?.targets.length ?? 0 }),
              children: <GapTargetList chainId={id} targets={targets} canMove={Boolean(me.can.importAtlas)} />,
            },
            {
              key: 'coverage',
              label: t('an.tabCoverage'),
              children: <ChainCoverage chainId={id} regions={AREAS} />,
            },
            {
              key: 'chokepoints',
              label: t('an.tabChoke', { n: chokepoints.data?.chokepoints.length ?? 0 }),
              children: (
                <>
                  {chokepoints.data ? (
                    <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
                      <Descriptions.Item label={t('an.hhi')}>{bi(chokepoints.data.concentration)}</Descriptions.Item>
                      <Descriptions.Item label={t('an.leads')}>{bi(chokepoints.data.leadFormula)}</Descriptions.Item>
                    </Descriptions>
                  ) : null}
                  <Table<Chokepoint>
                    rowKey="id"
                    size="middle"
                    loading={chokepoints.isLoading}
                    dataSource={chokepoints.data?.chokepoints ?? []}
                    columns={chokeColumns}
                    pagination={{ pageSize: 20, hideOnSinglePage: true }}
                    locale={{ emptyText: <Empty description={t('an.noChoke')} /> }}
                    data-testid="chokepoints-table"
                  />
                </>
              ),
            },
          ]}
        />
      ) : null}
    </div>
  );
}
