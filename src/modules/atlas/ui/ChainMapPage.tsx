import { lazy, Suspense, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, AutoComplete, Button, Card, Col, Empty, List, Row, Segmented, Space, Spin, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../../web/api.ts';
import { useBusyAction } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { PageHeader } from '../../../web/components/PageHeader.tsx';
import { atlasApi, type Coverage, type Segment } from './atlas.api.ts';
import { atlasMessages } from './atlas.messages.ts';
import { takePrefetched } from './chain-map.prefetch.ts';
import { chiefMessages } from './chiefs.messages.ts';
import { ancestors, buildMap, initialCollapsed, segmentTree, type SegmentFigures } from './chain-map.ts';
import { DECISION_COLOUR, EnterpriseDrawer, EVIDENCE_COLOUR } from './EnterpriseDrawer.tsx';
import { RegionPicker } from './RegionPicker.tsx';
import { ChainEditorModal, EdgeTag, SegmentEditBar, type EditorMode } from './ChainEditor.tsx';
import { DEFAULT_GAP_REGION, SegmentGaps } from './SegmentGaps.tsx';
import { SegmentProposals } from './SegmentProposals.tsx';
import { ChainAdaptation } from './ChainAdaptation.tsx';
import { ChainVersionsButton } from './ChainVersions.tsx';
import { useMe } from '../../../web/session.tsx';
import { ActionLink } from '../../../web/components/ActionLink.tsx';

const loadGraph = () => import('./ChainGraph.tsx');
const ChainGraph = lazy(loadGraph);
// The graph's code (G6, the largest chunk) loads while the chain is fetched, not after it arrives.
void loadGraph().catch(() => undefined);

/** The strength of each segment for the region, where the coverage API answers (else none: the map colours by count). */
function strengths(coverage: Coverage | undefined, region: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of coverage?.segments ?? []) {
    const cell = s.cells.find((c) => c.region === region);
    if (cell) out.set(s.key, cell.score);
  }
  return out;
}

interface TreeRow extends Segment {
  children?: TreeRow[];
}

/** One chain: its map (stages, collapsible sub-trees, supply edges), a segment table as the accessible view, and a segment's panel. */
export default function ChainMapPage() {
  const { id = '' } = useParams();
  const t = useMessages(atlasMessages);
  const chiefT = useMessages(chiefMessages);
  const locale = useLocale();
  /** A segment's name as the page shows it: its English name in English, where the chain has one. */
  const segName = (s: Segment) => (locale === 'en-US' && s.nameEn ? s.nameEn : s.name);
  const [region, setRegion] = useState<string | undefined>();
  const [view, setView] = useState<'graph' | 'table'>('graph');
  const [selected, setSelected] = useState<string | null>(null);
  const [focus, setFocus] = useState<{ key: string; seq: number } | null>(null);
  const [fitSeq, setFitSeq] = useState(0);
  const [search, setSearch] = useState('');
  const [collapsedState, setCollapsed] = useState<Set<string> | null>(null);
  const [drawer, setDrawer] = useState<{ regionCode: string; id: string } | null>(null);
  const [exporting, run] = useBusyAction();
  const [editor, setEditor] = useState<EditorMode | null>(null);
  /** A segment just saved, selected and centred once the refetched chain holds it. */
  const [pendingFocus, setPendingFocus] = useState<string | null>(null);
  const me = useMe();

  // The first answers may have been asked for as the app opened (chain-map.prefetch.ts).
  const chain = useQuery({ queryKey: ['atlas', 'chain', id], queryFn: () => takePrefetched(`chain:${id}`, () => atlasApi.chain(id)) });
  const counts = useQuery({ queryKey: ['atlas', 'counts', id, region], queryFn: () => (region ? atlasApi.counts(id, region) : takePrefetched(`counts:${id}`, () => atlasApi.counts(id))) });
  const coverage = useQuery({ queryKey: ['atlas', 'coverage', id, region], queryFn: () => atlasApi.coverage(id, region!), enabled: Boolean(region), retry: false });
  const segments = chain.data?.segments;
  const collapsed = useMemo(() => collapsedState ?? (segments ? initialCollapsed(segments) : new Set<string>()), [collapsedState, segments]);
  const tree = useMemo(() => segmentTree(segments ?? []), [segments]);
  const byKey = useMemo(() => new Map((segments ?? []).map((s) => [s.key, s])), [segments]);

  const figures = useMemo(() => {
    const strength = region ? strengths(coverage.data, region) : new Map<string, number>();
    const m = new Map<string, SegmentFigures>();
    for (const s of counts.data?.segments ?? []) m.set(s.key, { total: s.total, inRegion: s.inRegion, strength: strength.get(s.key) ?? null });
    return m;
  }, [counts.data, coverage.data, region]);
  const hasStrength = [...figures.values()].some((f) => f.strength !== null && f.strength !== undefined);
  const deferredFigures = useDeferredValue(figures);
  const mapData = useMemo(
    () =>
      segments
        ? buildMap(segments, chain.data!.edges, deferredFigures, collapsed, (s) => t(`stage.${s}`), (n) => t('map.hiddenChildren', { count: n }), segName)
        : null,
    [segments, chain.data, deferredFigures, collapsed, t, locale],
  );

  const toggle = (key: string) => {
    if (!tree.children.has(key)) return;
    const next = new Set(collapsed);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setCollapsed(next);
  };
  const goTo = (key: string) => {
    const hiding = ancestors(key, tree.parent).filter((a) => collapsed.has(a));
    if (hiding.length) {
      const next = new Set(collapsed);
      for (const a of hiding) next.delete(a);
      setCollapsed(next);
    }
    setSelected(key);
    setFocus((f) => ({ key, seq: (f?.seq ?? 0) + 1 }));
  };
  useEffect(() => {
    if (pendingFocus && byKey.has(pendingFocus)) {
      setPendingFocus(null);
      goTo(pendingFocus);
    }
    // Runs when the refetched segments arrive.
  }, [pendingFocus, byKey]);
  const options = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (!q || !segments) return [];
    return segments
      .filter((s) => s.name.toLowerCase().includes(q) || s.key.toLowerCase().includes(q) || (s.nameEn ?? '').toLowerCase().includes(q) || s.products.some((p) => p.includes(q)))
      .slice(0, 30)
      .map((s) => ({ value: s.key, label: `${segName(s)}（${t(`stage.${s.stage}`)}）` }));
  }, [search, segments, t, locale]);

  const rows = useMemo(() => {
    const make = (s: Segment): TreeRow => {
      const kids = (tree.children.get(s.key) ?? []).map((k) => make(byKey.get(k)!));
      return kids.length ? { ...s, children: kids } : { ...s };
    };
    return (segments ?? []).filter((s) => !s.parent).map(make);
  }, [segments, tree, byKey]);
  const columns: TableColumnsType<TreeRow> = [
    { title: t('col.name'), dataIndex: 'name', render: (_: string, s) => <ActionLink onClick={() => setSelected(s.key)}>{segName(s)}</ActionLink> },
    { title: t('col.stage'), dataIndex: 'stage', render: (s: Segment['stage']) => t(`stage.${s}`) },
    { title: t('panel.enterprises'), key: 'n', align: 'right', render: (_, s) => `${figures.get(s.key)?.inRegion ?? 0} / ${figures.get(s.key)?.total ?? 0}` },
    { title: t('panel.products'), dataIndex: 'products', render: (p: string[]) => p.join('、'), responsive: ['lg'] },
  ];

  const seg = selected ? byKey.get(selected) : undefined;
  const segCounts = selected ? counts.data?.segments.find((s) => s.key === selected) : undefined;
  // A region's adaptation is held back from removing a segment by its own region's enterprises only (the server's rule).
  const adaptedRegion = chain.data?.adaptedFrom ? chain.data.regionCode : undefined;
  const ownCounts = useQuery({ queryKey: ['atlas', 'counts', id, adaptedRegion], queryFn: () => atlasApi.counts(id, adaptedRegion), enabled: Boolean(adaptedRegion && chain.data?.canEdit) });
  const linkedHere = adaptedRegion ? (ownCounts.data?.segments.find((s) => s.key === selected)?.inRegion ?? 0) : (segCounts?.total ?? 0);
  const enterprises = useQuery({
    queryKey: ['atlas', 'segment-enterprises', id, selected, region],
    queryFn: () => atlasApi.segmentEnterprises(id, selected!, region),
    enabled: Boolean(selected),
  });
  const supplies = selected ? chain.data!.edges.filter((e) => e.from === selected).map((e) => ({ ...e, label: byKey.get(e.to)?.name ?? e.to })) : [];
  const suppliedBy = selected ? chain.data!.edges.filter((e) => e.to === selected).map((e) => ({ ...e, label: byKey.get(e.from)?.name ?? e.from })) : [];

  if (chain.error) return <Alert type="error" message={errorText(chain.error)} />;
  if (!chain.data || !mapData) return <Spin />;
  const c = chain.data;
  return (
    <>
      <PageHeader
        title={
          <Space>
            <Link to="/atlas">{t('nav.atlas')}</Link>/<span>{locale === 'en-US' && c.nameEn ? c.nameEn : c.name}</span>
          </Space>
        }
        extra={
          <Space>
            {c.canEdit ? (
              <Button icon={<PlusOutlined />} onClick={() => setEditor({ kind: 'add', parent: null })} data-testid="chain-add-segment">
                {t('edit.add')}
              </Button>
            ) : null}
            <ChainVersionsButton chainId={c.id} current={c.version} />
            <Link to={`/atlas/chains/${c.id}/analysis`} data-testid="chain-analysis-link">
              <Button>{t('an.open')}</Button>
            </Link>
            <Link to={`/atlas/chains/${c.id}/chief`} data-testid="chain-chief-link">
              <Button>{chiefT('chief.open')}</Button>
            </Link>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void run(() => atlasApi.exportChain(c))} data-testid="chain-export-json">
              {t('map.export')}
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void run(() => atlasApi.exportChain(c, 'xlsx'))} data-testid="chain-export-xlsx">
              {t('map.exportXlsx')}
            </Button>
          </Space>
        }
      />
      <ChainAdaptation chain={c} canImport={me.can.importAtlas} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('map.segmentsEdges', { segments: c.segmentCount, edges: c.edgeCount, version: c.version })}</Typography.Text>
        <RegionPicker value={region} onChange={setRegion} placeholder={t('map.allRegions')} />
        <AutoComplete
          aria-label={t('map.search')}
          placeholder={t('map.search')}
          style={{ width: 260 }}
          options={options}
          value={search}
          onChange={setSearch}
          onSelect={(key: string) => {
            setSearch(byKey.get(key)?.name ?? key);
            goTo(key);
          }}
        />
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'graph' | 'table')}
          options={[
            { value: 'graph', label: t('map.view.graph') },
            { value: 'table', label: t('map.view.table') },
          ]}
        />
        {view === 'graph' ? (
          <>
            <Button onClick={() => setCollapsed(new Set())}>{t('map.expandAll')}</Button>
            <Button onClick={() => setCollapsed(new Set(segments!.filter((s) => !s.parent && tree.children.has(s.key)).map((s) => s.key)))}>{t('map.collapseAll')}</Button>
            <Button onClick={() => setFitSeq((n) => n + 1)}>{t('map.fit')}</Button>
          </>
        ) : null}
      </Space>
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          {view === 'graph' ? (
            <Suspense fallback={<Spin tip={t('map.loading')} />}>
              <ChainGraph data={mapData} selected={selected} focus={focus} onSelect={setSelected} onToggle={toggle} fitSeq={fitSeq} height={640} />
            </Suspense>
          ) : (
            <Table<TreeRow> rowKey="key" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ y: 600 }} rowClassName={(r) => (r.key === selected ? 'ant-table-row-selected' : '')} />
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="map-legend">
            {hasStrength ? t('map.legendStrength') : t('map.legendCount')} {t('map.legend', { counted: counts.data ? (locale === 'en-US' ? counts.data.counted.en : counts.data.counted.zh) : t('map.countedPending') })}{' '}
            {counts.data?.asOf ? t('map.asOf', { date: counts.data.asOf }) : ''}
          </Typography.Paragraph>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={seg ? segName(seg) : t('panel.title')} size="small" data-testid="segment-panel">
            {!seg ? (
              <Empty description={t('panel.pick')} />
            ) : (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Tag>{t(`stage.${seg.stage}`)}</Tag>
                  {seg.industryCodes.map((code) => (
                    <Tooltip key={code} title={t('panel.industryCode')}>
                      <Tag color="purple" aria-label={`${t('panel.industryCode')} ${code}`}>
                        {code}
                      </Tag>
                    </Tooltip>
                  ))}
                </Space>
                {seg.description ? <Typography.Paragraph>{seg.description}</Typography.Paragraph> : null}
                {seg.products.length ? <div>{t('panel.products')}：{seg.products.join('、')}</div> : null}
                {seg.technologies.length ? <div>{t('panel.technologies')}：{seg.technologies.join('、')}</div> : null}
                {c.canEdit ? (
                  <SegmentEditBar
                    chain={c}
                    seg={seg}
                    linked={linkedHere}
                    onOpen={setEditor}
                    onRemoved={() => setSelected(seg.parent)}
                  />
                ) : null}
                {suppliedBy.length ? (
                  <div data-testid="segment-supplied-by">
                    {t('panel.suppliedBy')}：
                    {suppliedBy.map((e, i) => (
                      <EdgeTag key={e.from} first={i === 0} chain={c} from={e.from} to={e.to} label={e.label} editable={c.canEdit} />
                    ))}
                  </div>
                ) : null}
                {supplies.length ? (
                  <div data-testid="segment-supplies">
                    {t('panel.supplies')}：
                    {supplies.map((e, i) => (
                      <EdgeTag key={e.to} first={i === 0} chain={c} from={e.from} to={e.to} label={e.label} editable={c.canEdit} />
                    ))}
                  </div>
                ) : null}
                <Typography.Title level={5} style={{ marginBottom: 0 }}>
                  {t('panel.enterprises')}
                </Typography.Title>
                <Typography.Text type="secondary">
                  {t(region ? 'panel.count' : 'panel.countAll', { total: segCounts?.total ?? 0, inRegion: segCounts?.inRegion ?? 0, confirmed: segCounts?.confirmed ?? 0 })}
                  {counts.data?.asOf ? ` · ${t('map.asOf', { date: counts.data.asOf })}` : ''}
                </Typography.Text>
                {/* A segment can have hundreds of enterprises: the list scrolls within the panel, beside the map. */}
                <List
                  size="small"
                  style={{ maxHeight: 480, overflowY: 'auto' }}
                  data-testid="segment-enterprises"
                  loading={enterprises.isLoading}
                  dataSource={enterprises.data?.items ?? []}
                  locale={{ emptyText: t('panel.noEnterprises') }}
                  renderItem={(e) => (
                    <List.Item>
                      <Space direction="vertical" size={0}>
                        <ActionLink onClick={() => setDrawer({ regionCode: e.regionCode, id: e.id })}>{e.name}</ActionLink>
                        <Space size={4} wrap>
                          <Typography.Text type="secondary">{e.regionName}</Typography.Text>
                          <Tag color={EVIDENCE_COLOUR[e.evidence]}>
                            {t('evidence.label')} {t(`evidence.${e.evidence}`)}
                          </Tag>
                          <Tag color={DECISION_COLOUR[e.decision]}>{t(`decision.${e.decision}`)}</Tag>
                          <Typography.Text type="secondary">
                            {e.source} · {e.asOf}
                          </Typography.Text>
                        </Space>
                      </Space>
                    </List.Item>
                  )}
                />
                <Link to={`/atlas/enterprises?chain=${id}&segment=${encodeURIComponent(seg.key)}${region ? `&region=${region}` : ''}`}>{t('panel.more')}</Link>
                <Typography.Title level={5} style={{ marginBottom: 0 }}>
                  {t('prop.title')}
                </Typography.Title>
                <SegmentProposals key={`${seg.key}/${region ?? ''}`} chainId={c.id} segmentKey={seg.key} region={region} onOpen={setDrawer} />
                <Typography.Title level={5} style={{ marginBottom: 0 }}>
                  {t('panel.gaps')}
                </Typography.Title>
                <SegmentGaps chainId={c.id} segmentKey={seg.key} region={region ?? DEFAULT_GAP_REGION} />
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      <EnterpriseDrawer target={drawer} onClose={() => setDrawer(null)} />
      {c.canEdit ? (
        <ChainEditorModal
          chain={c}
          mode={editor}
          onClose={() => setEditor(null)}
          onSaved={(_, focus) => {
            setEditor(null);
            if (focus) setPendingFocus(focus);
          }}
        />
      ) : null}
    </>
  );
}
