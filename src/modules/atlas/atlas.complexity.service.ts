/**
 * The atlas and the complexity engine (issue 8): an analysis whose table is the atlas's enterprises counted by region ×
 * chain segment or GB/T 4754 code, and a region's opportunities in such an analysis turned into 招商 targets.
 */
import { requireAbility } from '../../lib/abilities.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { complexityPolicy, createAnalysis, getAnalysis, topOpportunities, type AnalysisView, type AtlasTableSource } from '../complexity/index.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { candidateScore, countedDecisions, type RegionColumn } from './atlas.analysis.domain.ts';
import { linkedEnterprises } from './atlas.analysis.repo.ts';
import { createTargets, currentChain, memberCodes, regionColumns, type TargetInput } from './atlas.analysis.service.ts';
import {
  LEVEL_NAMES,
  MEASURE_NAMES,
  PRODUCT_KIND_NAMES,
  buildAtlasTable,
  opportunityReason,
  rowRegion,
  tableCsv,
  tableExtent,
  type AtlasMeasure,
  type AtlasProductKind,
  type AtlasRegionLevel,
} from './atlas.complexity.domain.ts';
import { loadLevelledRegions, tableLinks } from './atlas.complexity.repo.ts';

/** What table to build: which chain, products, measure, year, links and regions. */
export interface AtlasAnalysisInput {
  chainId: string;
  by: AtlasProductKind;
  measure: AtlasMeasure;
  year: number;
  confirmedOnly?: boolean;
  /** Regions whose enterprises are counted (codes or jjj, yrd, gba, comma separated); default 京津冀. */
  regions?: string;
  level: AtlasRegionLevel;
  name?: string;
}

/**
 * Builds the region × product table of a chain from the atlas's enterprises (those founded by the end of `year`, or
 * of unknown founding date; links as the decision setting counts them) and runs the complexity engine on it, the
 * analysis keeping where its table came from. A table with fewer than two regions or two products with data is
 * refused. Waits up to `waitMs` for the result, as an upload does.
 */
export async function createAtlasAnalysis(ctx: ServiceContext, input: AtlasAnalysisInput, opts: { waitMs?: number } = {}): Promise<AnalysisView> {
  requireAbility(complexityPolicy.analysis.create, ctx.actor, undefined as never, 'run a complexity analysis');
  requireAbility(atlasPolicy.analysis.read, ctx.actor, undefined as never, 'build a complexity table from the atlas');
  const thisYear = new Date().getFullYear();
  if (!Number.isInteger(input.year) || input.year < 1949 || input.year > thisYear + 1) {
    throw new ValidationError(bilingual(`年份应在 1949–${thisYear + 1} 之间`, `the year must be 1949–${thisYear + 1}`), [{ field: 'year', message: String(input.year) }]);
  }
  const { chain, version, dataId } = await currentChain(ctx, input.chainId);
  const regions = await loadLevelledRegions(ctx.db);
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const parents = new Map(regions.map((r) => [r.code, r.parent_code]));
  const scope = input.regions?.trim() || 'jjj';
  const columns = regionColumns(scope, new Map(regions.map((r) => [r.code, r])));
  const codes = [...new Set(columns.flatMap((c) => memberCodes(c, parents)))];
  const confirmedOnly = Boolean(input.confirmedOnly);
  const links = await tableLinks(ctx.db, dataId, countedDecisions(confirmedOnly), codes, `${input.year}-12-31`);
  const table = buildAtlasTable(
    links,
    version.segments.map((s) => ({ key: s.key, name: s.name, industryCodes: s.industryCodes ?? [] })),
    { by: input.by, measure: input.measure, rowOf: (code) => rowRegion(code, input.level, byCode) },
  );
  const extent = tableExtent(table);
  const scopeName = columns.map((c) => c.name).join('、');
  if (extent.regions.length < 2 || extent.products.length < 2) {
    const what = `${scopeName}${LEVEL_NAMES[input.level].zh}，${PRODUCT_KIND_NAMES[input.by].zh}，${MEASURE_NAMES[input.measure].zh}，${input.year}年`;
    throw new ValidationError(
      bilingual(
        `数据太少，无法计算经济复杂度：${version.name}（${what}）只有 ${extent.regions.length} 个地区、${extent.products.length} 个${input.by === 'segment' ? '环节' : '行业代码'}有数据，至少需要 2 个地区和 2 个${input.by === 'segment' ? '环节' : '行业代码'}`,
        `too little data for economic complexity: ${version.nameEn ?? version.name} has data in ${extent.regions.length} region(s) and ${extent.products.length} product(s); at least 2 of each are needed`,
      ),
      [
        ...(extent.regions.length < 2 ? [{ field: 'level', message: bilingual(`有数据的地区 ${extent.regions.length} 个`, `${extent.regions.length} region(s) with data`) }] : []),
        ...(extent.products.length < 2 ? [{ field: 'by', message: bilingual(`有数据的产品 ${extent.products.length} 个`, `${extent.products.length} product(s) with data`) }] : []),
      ],
    );
  }
  const products = Object.fromEntries(extent.products.map((p) => [p, table.products[p]!]));
  const source: AtlasTableSource = {
    kind: 'atlas',
    chainId: chain.id,
    chainName: version.name,
    chainVersion: version.version,
    by: input.by,
    measure: input.measure,
    year: input.year,
    confirmedOnly,
    scope,
    scopeName,
    level: input.level,
    products,
    enterprises: table.enterprises,
    undated: table.undated,
  };
  const names = new Map(regions.map((r) => [r.code, r.name]));
  const name = input.name?.trim() || `${version.name} ${PRODUCT_KIND_NAMES[input.by].zh} ${MEASURE_NAMES[input.measure].zh} ${input.year}年（${scopeName}${LEVEL_NAMES[input.level].zh}）`;
  return createAnalysis(
    ctx,
    {
      bytes: Buffer.from(tableCsv(table, names), 'utf8'),
      fileName: `产业链图谱：${version.name}`,
      name,
      options: { columns: { loc: 'region', label: 'region_name', prod: 'product', val: 'value' } },
      source,
    },
    opts,
  );
}

/** Which opportunities of which region to turn into targets, under which plan, and candidates per opportunity. */
export interface OpportunityTargetsInput {
  location: string;
  products: string[];
  planId: string;
  title?: string;
  /** Candidate enterprises per opportunity (default 3, at most 20). */
  perProduct?: number;
}

/**
 * Turns a region's chosen opportunities in an atlas-built analysis (products it does not have, with density, PCI and
 * COG) into 招商 targets: for each, the best-ranked enterprises elsewhere (outside that region) in the segment or in
 * the segments of the GB/T 4754 code, ranked as 堵点 candidates are, made targets at 线索 under one ledger task, each
 * saying why (复杂度分析：密度…，PCI …). An opportunity with no candidate elsewhere is reported, not an error, unless
 * none has any.
 */
export async function createOpportunityTargets(
  ctx: ServiceContext,
  analysisId: string,
  input: OpportunityTargetsInput,
): Promise<Awaited<ReturnType<typeof createTargets>> & { withoutCandidates: string[] }> {
  requireAbility(atlasPolicy.analysis.write, ctx.actor, undefined as never, 'turn opportunities into 招商 targets');
  const analysis = await getAnalysis(ctx, analysisId);
  const source = analysis.source;
  if (!source || source.kind !== 'atlas') {
    throw new ValidationError(bilingual(`分析《${analysis.name}》的数据表是上传的，不对应产业链环节，不能转为招商目标`, `analysis "${analysis.name}" was made from an uploaded table, which names no chain segments; its opportunities cannot become targets`), [{ field: 'id', message: bilingual('非产业链图谱生成', 'not built from the atlas') }]);
  }
  if (analysis.status !== 'done') throw new ValidationError(bilingual(`分析《${analysis.name}》尚未完成`, `analysis "${analysis.name}" has not finished`), [{ field: 'id', message: analysis.status }]);
  const wanted = [...new Set(input.products.map((p) => p.trim()).filter(Boolean))];
  if (wanted.length === 0) throw new ValidationError(bilingual('请至少选择一个机会产业', 'choose at least one opportunity'), [{ field: 'products', message: bilingual('为空', 'empty') }]);
  if (wanted.length > 50) throw new ValidationError(bilingual('一次最多 50 个机会产业', 'at most 50 opportunities at once'), [{ field: 'products', message: bilingual('过多', 'too many') }]);
  const top = await topOpportunities(ctx, analysisId, { location: input.location, products: wanted });
  const found = new Map(top.items.map((i) => [i.product, i]));
  const locationName = analysis.summary?.labels?.[input.location] ?? input.location;
  const issues: FieldIssue[] = [];
  for (const [i, p] of wanted.entries()) {
    if (!found.has(p)) issues.push({ field: `products[${i}]`, message: bilingual(`「${p}」不是${locationName}的机会产业（已具备比较优势，或不在分析中）`, `"${p}" is not an opportunity of ${input.location} (already present, or not in the analysis)`) });
  }
  const { version, dataId } = await currentChain(ctx, source.chainId);
  const segmentsOf = (product: string): string[] => {
    const key = source.products[product];
    if (!key) return [];
    return source.by === 'segment' ? (version.segments.some((s) => s.key === key) ? [key] : []) : version.segments.filter((s) => (s.industryCodes ?? []).includes(key)).map((s) => s.key);
  };
  for (const [i, p] of wanted.entries()) {
    if (found.has(p) && segmentsOf(p).length === 0) issues.push({ field: `products[${i}]`, message: bilingual(`「${p}」已不在产业链 ${version.name} 的当前版本中`, `"${p}" is no longer in the current version of chain ${version.name}`) });
  }
  if (issues.length) throw new ValidationError(bilingual(`所选机会产业有 ${issues.length} 处错误，未创建任何内容`, `${issues.length} problem(s) with the opportunities; nothing was created`), issues);

  const regions = await loadLevelledRegions(ctx.db);
  const parents = new Map(regions.map((r) => [r.code, r.parent_code]));
  const here: RegionColumn = { key: input.location, name: locationName, nameEn: input.location, codes: [input.location] };
  const members = memberCodes(here, parents);
  const perProduct = Math.min(Math.max(input.perProduct ?? 3, 1), 20);
  const decisions = countedDecisions(source.confirmedOnly);
  const targets: (TargetInput & { reason: string })[] = [];
  const withoutCandidates: string[] = [];
  const taken = new Set<string>();
  for (const product of wanted) {
    const keys = segmentsOf(product);
    const outside = await linkedEnterprises(ctx.db, dataId, keys, decisions, { codes: members, outside: true }, 20_000);
    const best = new Map<string, { uscc: string; segmentKey: string; score: number; name: string }>();
    for (const o of outside) {
      if (!o.uscc) continue;
      const { score } = candidateScore(o);
      const had = best.get(o.uscc);
      if (had && had.score >= score) continue;
      best.set(o.uscc, { uscc: o.uscc, segmentKey: o.segmentKey, score, name: o.name });
    }
    const chosen = [...best.values()]
      .filter((c) => !taken.has(`${c.uscc}\u0000${c.segmentKey}`))
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'))
      .slice(0, perProduct);
    if (chosen.length === 0) withoutCandidates.push(product);
    const o = found.get(product)!;
    const reason = `${opportunityReason(o)}（${locationName}·${product}）`;
    for (const c of chosen) {
      taken.add(`${c.uscc}\u0000${c.segmentKey}`);
      targets.push({ uscc: c.uscc, segmentKey: c.segmentKey, reason });
    }
  }
  if (targets.length === 0) {
    throw new ValidationError(bilingual(`所选机会产业在${locationName}以外没有可作为招商目标的企业（需有统一社会信用代码）`, `no enterprise outside ${input.location} (with a USCC) is linked to the chosen opportunities`), [{ field: 'products', message: bilingual('没有候选企业', 'no candidates') }]);
  }
  const title = input.title?.trim() || `${version.name}复杂度分析招商（${locationName}）：${wanted.join('、')}`.slice(0, 300);
  const made = await createTargets(ctx, source.chainId, { planId: input.planId, title, targets });
  return { ...made, withoutCandidates };
}
