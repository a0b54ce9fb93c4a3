import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Modal, Segmented, Select, Space, Spin, Table, Tag, Tooltip, Typography, Upload, type TableColumnsType } from 'antd';
import { ApiError, detailText, errorText } from '../../../web/api.ts';
import { EChart, type ChartOption } from '../../../web/components/EChart.tsx';
import { useBusyAction, useFeedback } from '../../../web/feedback.ts';
import { useLocale, useMessages } from '../../../web/i18n.ts';
import { useMe } from '../../../web/session.tsx';
import { draftChanges, yearFigure, type DraftProblem } from '../atlas.cluster-indicators.domain.ts';
import { READINESS_CRITERIA, READINESS_CRITERION_KEYS } from '../atlas.cluster-readiness.domain.ts';
import type { ClusterIndicator } from '../atlas.clusters.domain.ts';
import { clusterApi, type IndicatorImportResult, type IndicatorSeries, type Readiness } from './clusters.api.ts';
import { clusterMessages } from './clusters.messages.ts';

type Row = IndicatorSeries['indicators'][number];
const cellKey = (indicator: string, year: number) => `${indicator}|${year}`;

/** Why an import or a save was refused: the message and each problem by row and field. */
function Problems({ error }: { error: unknown }) {
  if (!error) return null;
  const details = error instanceof ApiError ? error.details : [];
  return (
    <Alert
      type="error"
      showIcon
      data-testid="indicator-problems"
      style={{ marginBottom: 12 }}
      message={errorText(error)}
      description={details.length ? details.map((d, i) => <div key={i}>{detailText(d, error as ApiError)}</div>) : undefined}
    />
  );
}

/**
 * The 指标 tab of a cluster: its values as a year × indicator table (editable by the chain office), the counts computed
 * from the directory beside them, a trend chart, and import (a dry-run preview first) and export of a table.
 */
export function IndicatorsTab({ clusterId }: { clusterId: string }) {
  const t = useMessages(clusterMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const me = useMe();
  const feedback = useFeedback();
  const client = useQueryClient();
  const [busy, run] = useBusyAction();
  const key = ['atlas', 'cluster', clusterId, 'indicators'];
  const q = useQuery({ queryKey: key, queryFn: () => clusterApi.indicators(clusterId) });
  const s = q.data;
  // The cells as typed (text, so that "-5" or "abc" is kept and refused by name, not clamped or dropped).
  const [draft, setDraft] = useState<Map<string, string> | null>(null);
  const [draftProblems, setDraftProblems] = useState<DraftProblem[]>([]);
  const [extraYears, setExtraYears] = useState<number[]>([]);
  const [problem, setProblem] = useState<unknown>(null);
  const [preview, setPreview] = useState<{ file: File; result: IndicatorImportResult } | null>(null);
  const [chosen, setChosen] = useState<ClusterIndicator[]>(['output', 'rd_spending']);

  const annual = useMemo(() => new Map((s?.values ?? []).filter((v) => v.quarter === 0).map((v) => [cellKey(v.indicator, v.year), v])), [s]);
  const years = useMemo(() => [...new Set([...(s?.years ?? []), ...extraYears])].sort((a, b) => a - b), [s, extraYears]);
  const quarterly = (s?.values ?? []).filter((v) => v.quarter !== 0).length;
  const refresh = () => client.invalidateQueries({ queryKey: ['atlas', 'cluster', clusterId] });

  const save = async () => {
    if (!draft || !s) return;
    const { values, problems } = draftChanges(draft, new Map([...annual].map(([k, v]) => [k, v.value])));
    setDraftProblems(problems);
    // Any value that cannot be saved: each named by indicator and year, and nothing is sent.
    if (problems.length) {
      void feedback.message.error(t('ind.notSaved', { n: problems.length }));
      return;
    }
    if (values.length === 0) {
      setDraft(null);
      void feedback.message.info(t('ind.nothing'));
      return;
    }
    try {
      client.setQueryData(key, await clusterApi.setIndicators(clusterId, { values }));
      setDraft(null);
      setProblem(null);
      setDraftProblems([]);
      void refresh();
      void feedback.message.success(t('ind.saved', { n: values.length }));
    } catch (error) {
      setProblem(error);
    }
  };

  const upload = async (file: File, dryRun: boolean) => {
    setProblem(null);
    try {
      const result = await clusterApi.importIndicators(clusterId, file, me.csrfToken, dryRun);
      if (dryRun) setPreview({ file, result });
      else {
        setPreview(null);
        void refresh();
        void feedback.message.success(t('ind.imported', { added: result.added, changed: result.changed }));
      }
    } catch (error) {
      setPreview(null);
      setProblem(error);
    }
  };

  const computed = new Map((s?.computed ?? []).map((c) => [c.indicator, c]));
  const columns: TableColumnsType<Row> = [
    { title: t('ind.indicator'), key: 'name', fixed: 'left', width: 170, render: (_, r) => bi(r.name) },
    { title: t('ind.unit'), dataIndex: 'unit', width: 70 },
    ...years.map((year) => ({
      title: String(year),
      key: String(year),
      width: 120,
      render: (_: unknown, r: Row) => {
        const k = cellKey(r.key, year);
        const kept = annual.get(k);
        if (draft) {
          const typed = draft.get(k) ?? (kept ? String(kept.value) : '');
          const bad = draftChanges(new Map([[k, typed]]), new Map()).problems[0];
          return (
            <Tooltip title={bad ? bi(bad) : undefined}>
              <Input
                size="small"
                inputMode="decimal"
                value={typed}
                status={bad ? 'error' : undefined}
                style={{ width: 104 }}
                aria-label={`${bi(r.name)} ${year}`}
                onChange={(e) => setDraft(new Map(draft).set(k, e.target.value))}
              />
            </Tooltip>
          );
        }
        if (!kept) {
          // No annual value: the latest quarter's (year to date), marked with its quarter and listing every quarter.
          const f = yearFigure(s?.values ?? [], r.key, year);
          if (!f) return <Typography.Text type="secondary">—</Typography.Text>;
          const quarters = (s?.values ?? []).filter((v) => v.indicator === r.key && v.year === year && v.quarter !== 0).sort((a, b) => a.quarter - b.quarter);
          return (
            <Tooltip title={t('ind.quarterTip', { year, list: quarters.map((v) => `Q${v.quarter} ${v.value}`).join('，') })}>
              <span data-testid={`quarterly-${r.key}-${year}`}>
                {f.value} <Tag color={f.whole ? 'blue' : 'orange'}>{t('ind.quarterTag', { q: f.quarter })}</Tag>
                {f.whole ? null : <Typography.Text type="secondary">{t('ind.quarterPartial')}</Typography.Text>}
              </span>
            </Tooltip>
          );
        }
        return (
          <Tooltip title={t('ind.source', { source: kept.source ?? '—', who: kept.enteredBy ?? '—', when: kept.enteredAt.slice(0, 10) })}>
            <span>{kept.value}</span>
          </Tooltip>
        );
      },
    })),
    {
      title: t('ind.computed'),
      key: 'computed',
      width: 150,
      render: (_, r) => {
        const c = computed.get(r.key);
        return c ? (
          <Tooltip title={t('ind.computedAsOf', { date: c.asOf ?? '—' })}>
            <Tag color="blue" data-testid={`computed-${r.key}`}>
              {c.value} · {t('ind.computed')}
            </Tag>
          </Tooltip>
        ) : null;
      },
    },
  ];

  const chart: ChartOption | null = useMemo(() => {
    if (!s || s.years.length === 0) return null;
    const rows = s.indicators.filter((i) => chosen.includes(i.key));
    const units = [...new Set(rows.map((r) => r.unit))].slice(0, 2);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 56, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: s.years.map(String) },
      yAxis: units.map((u) => ({ type: 'value', name: u })),
      series: rows.map((r) => ({
        name: `${bi(r.name)}（${r.unit}）`,
        type: 'line',
        yAxisIndex: Math.max(0, units.indexOf(r.unit)),
        connectNulls: true,
        data: s.years.map((y) => {
          const f = yearFigure(s.values, r.key, y);
          return f?.whole ? f.value : null;
        }),
      })),
    };
  }, [s, chosen, annual, locale]);

  if (q.isLoading) return <Spin />;
  if (q.error) return <Alert type="error" showIcon message={errorText(q.error)} />;
  if (!s) return null;
  const nextYear = (years.at(-1) ?? new Date().getFullYear() - 1) + 1;

  return (
    <div data-testid="cluster-indicators">
      <Space wrap style={{ marginBottom: 12 }}>
        {s.canEdit && !draft ? (
          <Button type="primary" onClick={() => setDraft(new Map())} data-testid="indicators-edit">
            {t('ind.edit')}
          </Button>
        ) : null}
        {draft ? (
          <>
            <Button type="primary" onClick={() => void save()} data-testid="indicators-save">
              {t('ind.save')}
            </Button>
            <Button
              onClick={() => {
                setDraft(null);
                setExtraYears([]);
                setProblem(null);
                setDraftProblems([]);
              }}
            >
              {t('ind.cancel')}
            </Button>
            <Button onClick={() => setExtraYears([...extraYears, nextYear])}>{`${t('ind.addYear')} ${nextYear}`}</Button>
          </>
        ) : null}
        {s.canEdit ? (
          <Tooltip title={t('ind.importHint')}>
            <Upload
              accept=".xlsx,.csv"
              showUploadList={false}
              beforeUpload={(file) => {
                void run(() => upload(file, true));
                return false;
              }}
            >
              <Button loading={busy} data-testid="indicators-import">
                {t('ind.import')}
              </Button>
            </Upload>
          </Tooltip>
        ) : null}
        <Button onClick={() => void run(() => clusterApi.exportIndicators(clusterId))}>{t('ind.export')}</Button>
      </Space>
      <Problems error={problem} />
      {draftProblems.length ? (
        <Alert
          type="error"
          showIcon
          data-testid="indicator-draft-problems"
          style={{ marginBottom: 12 }}
          message={t('ind.notSaved', { n: draftProblems.length })}
          description={draftProblems.map((p) => (
            <div key={`${p.indicator}|${p.year}`}>{bi(p)}</div>
          ))}
        />
      ) : null}
      {s.values.length === 0 && !draft ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('ind.empty')} /> : null}
      <Table size="small" rowKey="key" pagination={false} dataSource={s.indicators} columns={columns} scroll={{ x: 'max-content' }} data-testid="indicator-table" />
      {quarterly ? <Typography.Paragraph type="secondary">{t('ind.quarterly', { n: quarterly })}</Typography.Paragraph> : null}
      {chart ? (
        <div style={{ marginTop: 16 }}>
          <Space style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('ind.trend')}</Typography.Text>
            <Select
              mode="multiple"
              style={{ minWidth: 320 }}
              value={chosen}
              onChange={(v) => setChosen(v)}
              options={s.indicators.map((i) => ({ value: i.key, label: bi(i.name) }))}
            />
          </Space>
          <EChart option={chart} height={300} testId="indicator-trend" />
        </div>
      ) : null}
      <Modal
        open={Boolean(preview)}
        width={760}
        title={preview ? t('ind.preview', { file: preview.file.name }) : ''}
        okText={t('ind.confirm')}
        cancelText={t('ind.cancel')}
        onCancel={() => setPreview(null)}
        onOk={() => (preview ? run(() => upload(preview.file, false)) : undefined)}
        okButtonProps={{ disabled: preview ? preview.result.added + preview.result.changed === 0 : true, loading: busy }}
      >
        {preview ? (
          <>
            <Typography.Paragraph>{t('ind.previewSummary', { row: preview.result.headerRow, added: preview.result.added, changed: preview.result.changed, same: preview.result.unchanged })}</Typography.Paragraph>
            <Table
              size="small"
              rowKey={(c) => `${c.indicator}|${c.year}|${c.quarter}`}
              dataSource={preview.result.changes}
              pagination={{ pageSize: 10 }}
              data-testid="indicator-preview"
              columns={[
                { title: t('ind.row'), dataIndex: 'row', width: 60 },
                { title: t('ind.indicator'), key: 'name', render: (_, c) => bi(c.name) },
                { title: t('ind.year'), key: 'year', render: (_, c) => (c.quarter ? `${c.year} Q${c.quarter}` : c.year) },
                { title: t('ind.before'), dataIndex: 'before', render: (v: number | null) => v ?? '—' },
                { title: t('ind.after'), dataIndex: 'after' },
                { title: '', dataIndex: 'kind', render: (k: 'add' | 'change' | 'same') => <Tag color={k === 'add' ? 'green' : k === 'change' ? 'orange' : undefined}>{t(`ind.kind.${k}`)}</Tag> },
              ]}
            />
          </>
        ) : null}
      </Modal>
    </div>
  );
}

/** The administrators' form of a target's thresholds: one figure and its source per criterion; empty is the default. */
function ThresholdsModal({ readiness, onClose, onSaved }: { readiness: Readiness; onClose: () => void; onSaved: () => void }) {
  const t = useMessages(clusterMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const feedback = useFeedback();
  const [form] = Form.useForm<{ thresholds: { threshold?: number | null; note?: string }[] }>();
  const [saving, setSaving] = useState(false);
  const initial = READINESS_CRITERION_KEYS.map((k) => {
    const item = readiness.items.find((i) => i.criterion === k);
    return { threshold: item && !item.thresholdIsDefault ? item.threshold : null, note: item?.thresholdNote ?? '' };
  });
  const save = async () => {
    const v = form.getFieldsValue(true);
    setSaving(true);
    try {
      await clusterApi.setThresholds({
        target: readiness.target,
        thresholds: READINESS_CRITERION_KEYS.map((criterion, i) => ({ criterion, threshold: typeof v.thresholds[i]?.threshold === 'number' ? v.thresholds[i]!.threshold! : null, note: v.thresholds[i]?.note?.trim() || null })),
      });
      void feedback.message.success(t('rd.thresholdsSaved'));
      onSaved();
    } catch (error) {
      feedback.error(error, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open width={720} title={t('rd.thresholdsTitle', { target: bi(readiness.targetName) })} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('rd.thresholdsHint')}</Typography.Paragraph>
      <Form form={form} layout="horizontal" labelCol={{ span: 9 }} initialValues={{ thresholds: initial }} data-testid="thresholds-form">
        {READINESS_CRITERION_KEYS.map((k, i) => {
          const c = READINESS_CRITERIA[k];
          const name = locale === 'en-US' ? c.en : c.zh;
          return (
            <Form.Item key={k} label={`${name}${c.unit ? `（${c.unit}）` : ''}`} style={{ marginBottom: 8 }}>
              <Space align="start" wrap>
                <Form.Item name={['thresholds', i, 'threshold']} style={{ marginBottom: 0 }}>
                  <InputNumber aria-label={name} placeholder={t('rd.default', { value: c.defaults[readiness.target] })} style={{ width: 150 }} />
                </Form.Item>
                <Form.Item name={['thresholds', i, 'note']} style={{ marginBottom: 0 }}>
                  <Input aria-label={`${name} ${t('rd.thresholdSource')}`} placeholder={t('rd.thresholdSource')} style={{ width: 250 }} />
                </Form.Item>
              </Space>
            </Form.Item>
          );
        })}
      </Form>
    </Modal>
  );
}

/** The 申报准备度 tab: each criterion towards national status, its threshold (illustrative unless set), value and status. */
export function ReadinessTab({ clusterId }: { clusterId: string }) {
  const t = useMessages(clusterMessages);
  const locale = useLocale();
  const bi = (b: { zh: string; en: string }) => (locale === 'en-US' ? b.en : b.zh);
  const [target, setTarget] = useState<Readiness['target'] | undefined>(undefined);
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const q = useQuery({ queryKey: ['atlas', 'cluster', clusterId, 'readiness', target ?? 'default'], queryFn: () => clusterApi.readiness(clusterId, target) });
  const r = q.data;
  if (q.isLoading) return <Spin />;
  if (q.error) return <Alert type="error" showIcon message={errorText(q.error)} />;
  if (!r) return null;
  const colour = { met: 'green', unmet: 'red', unknown: 'default' } as const;
  const shown = (item: Readiness['items'][number], v: number | null) =>
    item.criterion === 'promotion_body' ? (v ? t('rd.yes') : t('rd.no')) : v === null ? '—' : `${v}${item.unit ? ` ${item.unit}` : ''}`;
  return (
    <div data-testid="cluster-readiness">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong>{t('rd.target')}</Typography.Text>
        <Segmented
          value={r.target}
          onChange={(v) => setTarget(v as Readiness['target'])}
          options={[
            { value: 'national', label: t('rd.targetNational') },
            { value: 'national_sme', label: t('rd.targetNationalSme') },
          ]}
        />
        <Typography.Text data-testid="readiness-summary">{t('rd.summary', { met: r.met, unmet: r.unmet, unknown: r.unknown })}</Typography.Text>
        {r.canEdit ? (
          <Button onClick={() => setEditing(true)} data-testid="thresholds-edit">
            {t('rd.setThresholds')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('rd.readOnlyThresholds')}</Typography.Text>
        )}
      </Space>
      {editing ? (
        <ThresholdsModal
          readiness={r}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void client.invalidateQueries({ queryKey: ['atlas', 'cluster', clusterId, 'readiness'] });
          }}
        />
      ) : null}
      {r.illustrative ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('rd.illustrative')} data-testid="readiness-illustrative" /> : null}
      <Table
        size="small"
        rowKey="criterion"
        pagination={false}
        dataSource={r.items}
        columns={[
          { title: t('rd.criterion'), key: 'name', render: (_, i) => bi(i.name) },
          {
            title: t('rd.threshold'),
            key: 'threshold',
            width: 130,
            render: (_, i) => {
              const text = `${i.criterion === 'promotion_body' ? (i.threshold ? t('rd.yes') : '—') : `≥ ${i.threshold}${i.unit ? ` ${i.unit}` : ''}`}${i.thresholdIsDefault ? ' *' : ''}`;
              return i.thresholdNote ? <Tooltip title={i.thresholdNote}>{text}</Tooltip> : text;
            },
          },
          { title: t('rd.value'), key: 'value', width: 130, render: (_, i) => shown(i, i.value) },
          { title: t('rd.status'), key: 'status', width: 90, render: (_, i) => <Tag color={colour[i.status]}>{t(`rd.${i.status}`)}</Tag> },
          { title: t('rd.note'), key: 'note', render: (_, i) => bi(i.note) },
        ]}
      />
    </div>
  );
}
