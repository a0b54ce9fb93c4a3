import { requireAbility } from '../../lib/abilities.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { dryRun } from '../../lib/dry-run.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { indicatorOf, plannedChanges, readIndicatorTable, valueProblem, type IndicatorValue } from './atlas.cluster-indicators.domain.ts';
import { clusterIndicatorRows, deleteIndicatorValue, readinessThresholdRows, upsertIndicatorValues, writeReadinessThreshold } from './atlas.cluster-indicators.repo.ts';
import type { IndicatorImportResult, IndicatorSeries, IndicatorValuesBody, Readiness, ThresholdsBody } from './atlas.cluster-indicators.schema.ts';
import { READINESS_CRITERIA, READINESS_TARGETS, defaultTarget, readinessChecklist, thresholdsFor, type ReadinessTarget } from './atlas.cluster-readiness.domain.ts';
import { CLUSTER_INDICATORS, CLUSTER_INDICATOR_KEYS } from './atlas.clusters.domain.ts';
import { allClusters, type ClusterRow } from './atlas.clusters.repo.ts';
import { clusterCounts, findCluster } from './atlas.clusters.service.ts';
import { atlasPolicy } from './atlas.policy.ts';

/**
 * A cluster named on the command line: by its id, or by its exact name (refused when clusters of several regions carry
 * it, listing their ids).
 */
export async function clusterIdOf(ctx: ServiceContext, ref: string): Promise<string> {
  requireAbility(atlasPolicy.cluster.read, ctx.actor, undefined as never, 'read a cluster');
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref)) return (await findCluster(ctx, ref)).id;
  const named = (await allClusters(ctx.db)).filter((c) => c.name === ref.trim());
  if (named.length === 1) return named[0]!.id;
  const field = [{ field: 'cluster', message: ref }];
  if (named.length === 0) throw new ValidationError(bilingual(`没有名为「${ref}」的产业集群`, `no cluster named "${ref}"`), field);
  throw new ValidationError(bilingual(`有多个名为「${ref}」的产业集群，请用 id：${named.map((c) => `${c.id}（${c.region_code}）`).join('、')}`, `several clusters are named "${ref}"; give the id: ${named.map((c) => `${c.id} (${c.region_code})`).join(', ')}`), field);
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** A cluster's indicator series: every value entered (with who and when), and the figures computed from the directory. */
export async function indicatorSeries(ctx: ServiceContext, clusterId: string): Promise<IndicatorSeries> {
  requireAbility(atlasPolicy.cluster.read, ctx.actor, undefined as never, "read a cluster's indicators");
  const c = await findCluster(ctx, clusterId);
  const rows = await clusterIndicatorRows(ctx.db, c);
  const counts = await clusterCounts(ctx, c);
  return {
    clusterId: c.id,
    clusterName: c.name,
    indicators: CLUSTER_INDICATOR_KEYS.map((key) => ({ key, name: { zh: CLUSTER_INDICATORS[key].zh, en: CLUSTER_INDICATORS[key].en }, unit: CLUSTER_INDICATORS[key].unit })),
    years: [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b),
    values: rows.map((r) => ({
      indicator: r.indicator,
      year: r.year,
      quarter: r.quarter,
      value: Number(r.value),
      unit: r.unit,
      source: r.source,
      enteredBy: r.entered_by_name ?? null,
      enteredAt: iso(r.entered_at) as IndicatorSeries['values'][number]['enteredAt'],
    })),
    computed: [
      { indicator: 'enterprises', value: counts.enterprises, asOf: counts.asOf },
      { indicator: 'leading', value: counts.leading, asOf: counts.asOf },
      { indicator: 'specialised', value: counts.specialised, asOf: counts.asOf },
    ],
    canEdit: atlasPolicy.cluster.write(ctx.actor),
  };
}

/**
 * Sets values of a cluster's series (a null value deletes it), all or nothing: every problem is named by its place
 * (`values[2].value`) and, with any, nothing is saved. Recorded in the audit log with the values before and after.
 */
export async function setIndicatorValues(ctx: ServiceContext, clusterId: string, body: IndicatorValuesBody): Promise<IndicatorSeries> {
  requireAbility(atlasPolicy.cluster.write, ctx.actor, undefined as never, "set a cluster's indicators");
  const c = await findCluster(ctx, clusterId);
  const issues: FieldIssue[] = [];
  const set: IndicatorValue[] = [];
  const remove: { indicator: string; year: number; quarter: number }[] = [];
  const seen = new Set<string>();
  body.values.forEach((v, i) => {
    const key = CLUSTER_INDICATOR_KEYS.includes(v.indicator as never) ? (v.indicator as IndicatorValue['indicator']) : indicatorOf(v.indicator);
    const quarter = v.quarter ?? 0;
    const place = `values[${i}]`;
    if (!key) issues.push({ field: `${place}.indicator`, message: bilingual(`无法识别的指标「${v.indicator}」`, `unknown indicator "${v.indicator}"`) });
    if (!(v.year >= 1990 && v.year <= 2100)) issues.push({ field: `${place}.year`, message: bilingual(`年份 ${v.year} 应在 1990–2100 之间`, `the year ${v.year} must be between 1990 and 2100`) });
    if (!key) return;
    const k = `${key}|${v.year}|${quarter}`;
    if (seen.has(k)) issues.push({ field: place, message: bilingual(`${CLUSTER_INDICATORS[key].zh} ${v.year} 年重复填写`, `${CLUSTER_INDICATORS[key].en} ${v.year} is given twice`) });
    seen.add(k);
    if (v.value === null) {
      remove.push({ indicator: key, year: v.year, quarter });
      return;
    }
    const p = valueProblem(key, v.value);
    if (p) issues.push({ field: `${place}.value`, message: bilingual(`${CLUSTER_INDICATORS[key].zh} ${v.year} 年：数值${p.zh}`, `${CLUSTER_INDICATORS[key].en} ${v.year}: the value ${p.en}`) });
    else set.push({ indicator: key, year: v.year, quarter, value: v.value, unit: CLUSTER_INDICATORS[key].unit, source: v.source?.trim() || null });
  });
  if (issues.length) {
    throw new ValidationError(bilingual(`指标数值有 ${issues.length} 处错误，未保存`, `${issues.length} problem(s) in the values; nothing was saved`), issues);
  }
  await inTransaction(ctx, async (trx) => {
    const before = await clusterIndicatorRows(trx, c);
    await upsertIndicatorValues(trx, c, set, ctx.actor.userId);
    for (const r of remove) await deleteIndicatorValue(trx, c, r);
    await recordAudit(trx, ctx.actor, {
      action: 'set_values',
      entity: 'cluster_indicators',
      entityId: c.id,
      regionCode: c.region_code,
      summary: `${c.name}: ${set.length} set, ${remove.length} deleted`,
      before: before.filter((b) => [...set, ...remove].some((x) => x.indicator === b.indicator && x.year === b.year && x.quarter === b.quarter)).map(({ indicator, year, quarter, value }) => ({ indicator, year, quarter, value })),
      after: { set, deleted: remove },
    });
  });
  return indicatorSeries(ctx, clusterId);
}

/**
 * Imports a table of a cluster's values (.xlsx or .csv): the header found by its wording, one row per indicator and
 * year or the years as columns. Every problem is named by its row and field and, with any, nothing is saved. A dry run
 * lists what would change (added, changed, the same) and keeps nothing; values not in the table stay.
 */
export async function importIndicatorTable(ctx: ServiceContext, clusterId: string, bytes: Uint8Array, fileName: string, opts: { dryRun?: boolean } = {}): Promise<IndicatorImportResult> {
  requireAbility(atlasPolicy.cluster.write, ctx.actor, undefined as never, "import a cluster's indicators");
  const c = await findCluster(ctx, clusterId);
  const { tableRows } = await import('./atlas.cluster-indicators.file.ts');
  const table = readIndicatorTable(await tableRows(bytes, fileName));
  if (!table) {
    throw new ValidationError(
      bilingual(`${fileName}：前 20 行中没有找到表头：应有「指标」列，以及「年份」和「数值」列，或以年份（如 2024、2024年）为列名的列`, `${fileName}: no header in the first 20 rows: expected an 指标 (indicator) column and either 年份 (year) and 数值 (value) columns or columns named by year (2024, 2024年)`),
      [{ field: 'header', message: bilingual('未找到表头', 'header not found'), row: 1 }],
    );
  }
  if (table.issues.length) {
    const details = table.issues.map((x) => ({ field: x.field, row: x.row, message: bilingual(`第 ${x.row} 行 ${x.field}：${x.zh}`, `row ${x.row}, ${x.field}: ${x.en}`) }));
    throw new ValidationError(bilingual(`${fileName} 有 ${details.length} 处错误，未导入任何数值`, `${fileName} has ${details.length} problem(s); nothing was imported`), details);
  }
  const work = async (trx: Tx): Promise<IndicatorImportResult> => {
    const kept = await clusterIndicatorRows(trx, c);
    const changes = plannedChanges(kept.map((k) => ({ ...k, value: Number(k.value) })), table.values);
    const writes = table.values.filter((v, i) => changes[i]!.kind !== 'same' || v.source !== null);
    await upsertIndicatorValues(trx, c, writes.map(({ row: _row, ...v }) => v), ctx.actor.userId);
    const count = (k: string) => changes.filter((x) => x.kind === k).length;
    const result: IndicatorImportResult = {
      dryRun: Boolean(opts.dryRun),
      fileName,
      headerRow: table.headerRow,
      layout: table.layout,
      added: count('add'),
      changed: count('change'),
      unchanged: count('same'),
      changes: changes.map((x) => ({ ...x, name: { zh: CLUSTER_INDICATORS[x.indicator].zh, en: CLUSTER_INDICATORS[x.indicator].en } })),
    };
    await recordAudit(trx, ctx.actor, {
      action: 'import',
      entity: 'cluster_indicators',
      entityId: c.id,
      regionCode: c.region_code,
      summary: `${c.name}: ${fileName} (${result.added} added, ${result.changed} changed)`,
      after: { fileName, changes: changes.filter((x) => x.kind !== 'same') },
    });
    return result;
  };
  if (opts.dryRun) return dryRun(ctx.db, (trx) => work(trx as unknown as Tx));
  return inTransaction(ctx, work);
}

/** A cluster's series as an Excel workbook: 明细 (one row per value, read back by the import) and 按年 (years as columns). */
export async function exportIndicatorTable(ctx: ServiceContext, clusterId: string): Promise<{ fileName: string; bytes: Buffer }> {
  const series = await indicatorSeries(ctx, clusterId);
  const { writeIndicatorWorkbook } = await import('./atlas.cluster-indicators.file.ts');
  return { fileName: `${series.clusterName}-指标.xlsx`, bytes: await writeIndicatorWorkbook(series) };
}

async function thresholds(ctx: ServiceContext, target: ReadinessTarget) {
  const rows = await readinessThresholdRows(ctx.db, target);
  return { set: thresholdsFor(target, rows.map((r) => ({ criterion: r.criterion, threshold: Number(r.threshold) }))), notes: new Map(rows.map((r) => [r.criterion, r.note])) };
}

/**
 * The readiness checklist of a cluster towards a national status (the target its level prepares for unless one is
 * named): each criterion's threshold, the cluster's value, met/unmet/unknown and where the value comes from.
 */
export async function clusterReadiness(ctx: ServiceContext, clusterId: string, opts: { target?: ReadinessTarget } = {}): Promise<Readiness> {
  requireAbility(atlasPolicy.cluster.read, ctx.actor, undefined as never, "read a cluster's readiness");
  const c: ClusterRow = await findCluster(ctx, clusterId);
  const target = opts.target ?? defaultTarget(c.level);
  const [rows, counts, { set, notes }] = [await clusterIndicatorRows(ctx.db, c), await clusterCounts(ctx, c), await thresholds(ctx, target)];
  const items = readinessChecklist({
    target,
    thresholds: set,
    values: rows.map((r) => ({ indicator: r.indicator, year: r.year, quarter: r.quarter, value: Number(r.value) })),
    computed: { leading: counts.leading, specialised: counts.specialised, asOf: counts.asOf },
    namedLeading: c.leading_enterprises.length,
    promotionBody: c.promotion_body,
    zones: counts.zones,
  });
  return {
    clusterId: c.id,
    target,
    targetName: READINESS_TARGETS[target],
    illustrative: items.some((i) => i.thresholdIsDefault),
    met: items.filter((i) => i.status === 'met').length,
    unmet: items.filter((i) => i.status === 'unmet').length,
    unknown: items.filter((i) => i.status === 'unknown').length,
    items: items.map((i) => ({ ...i, thresholdNote: notes.get(i.criterion) ?? null })),
    canEdit: atlasPolicy.cluster.setThresholds(ctx.actor),
  };
}

/** Sets the thresholds of a target level (administrators: they hold for every region's clusters); null restores a default. */
export async function setReadinessThresholds(ctx: ServiceContext, body: ThresholdsBody): Promise<{ ok: boolean }> {
  requireAbility(atlasPolicy.cluster.setThresholds, ctx.actor, undefined as never, 'set the readiness thresholds');
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  body.thresholds.forEach((t, i) => {
    const c = READINESS_CRITERIA[t.criterion];
    const named = (zh: string, en: string) => issues.push({ field: `thresholds[${i}].threshold`, message: bilingual(`${c.zh}：${zh}`, `${c.en}: ${en}`) });
    if (seen.has(t.criterion)) issues.push({ field: `thresholds[${i}].criterion`, message: bilingual(`${c.zh}：重复`, `${c.en}: given twice`) });
    seen.add(t.criterion);
    if (t.threshold === null) return;
    if (!(Number.isFinite(t.threshold) && t.threshold >= 0)) named('阈值应为不小于 0 的数', 'a threshold must be a number ≥ 0');
    else if (c.unit === '%' && t.criterion !== 'output_growth' && t.threshold > 100) named('占比应在 0–100 之间', 'a share must be between 0 and 100');
    else if ((c.unit === '家' || c.unit === '件' || c.unit === '个') && !Number.isInteger(t.threshold)) named('应为整数', 'must be a whole number');
    else if (t.criterion === 'promotion_body' && t.threshold !== 0 && t.threshold !== 1) named('应为 1（须有促进机构）或 0（不要求）', 'must be 1 (required) or 0 (not required)');
  });
  if (issues.length) throw new ValidationError(bilingual('阈值有误，未保存', 'the thresholds were not saved'), issues);
  await inTransaction(ctx, async (trx) => {
    const before = await readinessThresholdRows(trx, body.target);
    for (const t of body.thresholds) await writeReadinessThreshold(trx, body.target, t.criterion, t.threshold, t.note?.trim() || null, ctx.actor.userId);
    await recordAudit(trx, ctx.actor, { action: 'update', entity: 'readiness_thresholds', entityId: body.target, summary: READINESS_TARGETS[body.target].zh, before, after: body.thresholds });
  });
  return { ok: true };
}
