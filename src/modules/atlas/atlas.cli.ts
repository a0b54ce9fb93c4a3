import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withCliContext, output } from '../../cli/context.ts';
import { registerAtlasComplexityCommands } from './atlas.complexity.cli.ts';

function regionOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{6}$/.test(value)) throw new Error(`--region must be a 6-digit region code (GB/T 2260), got "${value}"`);
  return value;
}

/** Registers `luoshi atlas`: enterprise import, chain import and export. */
export function registerAtlasCommands(program: Command): void {
  const atlas = program.command('atlas').description('产业链图谱 / industry chain atlas (chains, enterprises, clusters)');
  registerAtlasComplexityCommands(atlas);
  atlas
    .command('import <file>')
    .description('导入企业名录（.csv UTF-8/GBK 或 .xlsx）/ import enterprises from a CSV (UTF-8 or GBK) or xlsx file; a file with any problem imports nothing')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--dry-run', 'read and check every row, save nothing')
    .option('--propose-links', '按主要产品推荐环节关联（待核实）/ propose uncertain segment links from the main products of rows naming no segment')
    .option('--json', 'print JSON')
    .action(async (file: string, opts) => {
      const { importEnterprises } = await import('./atlas.enterprises.import.service.ts');
      const { startProgress } = await import('../../lib/cli-progress.ts');
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const progress = startProgress('导入企业 / import enterprises', { quiet: opts.json });
        try {
          const r = await importEnterprises(ctx, file, {
            dryRun: Boolean(opts.dryRun),
            proposeLinks: Boolean(opts.proposeLinks),
            onProgress: (p) => progress.update(p.bytes, p.totalBytes, `${p.rows} rows`),
          });
          progress.stop();
          output(opts.json, r, () =>
            `${r.dryRun ? '（试运行）可导入' : '已导入'} ${r.imported} 家企业${r.links ? `、${r.links} 条环节关联` : ''} / ${r.dryRun ? '(dry run) would import' : 'imported'} ${r.imported} enterprises${r.links ? ` and ${r.links} links to chain segments` : ''} from ${r.rows} rows of ${r.fileName} (header at row ${r.headerRow}${r.encoding ? `, ${r.encoding}` : ''})${regionsLine(r.regions)}${r.proposed.links ? `\n其中 ${r.proposed.links} 条关联按主要产品推荐（${r.proposed.rows} 家企业，待核实）/ ${r.proposed.links} links proposed from main products (${r.proposed.rows} enterprises, uncertain)` : ''}`,
          );
        } finally {
          progress.stop();
        }
      });
    });
  atlas
    .command('match <uscc>')
    .description('成龙配套：上游供应商与下游客户，按距离、规模、标签排序 / suppliers and customers of an enterprise, ranked by closeness, size and tags')
    .option('--limit <n>', 'lines per side (default 50)')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print JSON (the ranked lists with their scores)')
    .action(async (uscc: string, opts) => {
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error(`--limit must be a positive whole number, got "${opts.limit}"`);
      const { matchEnterprise } = await import('./atlas.analysis.service.ts');
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const m = await matchEnterprise(ctx, uscc, { limit });
        output(opts.json, m, () => {
          const line = (l: (typeof m.suppliers)[number]) =>
            `  ${l.score.toFixed(1).padStart(5)}  ${l.km === null ? '   ?' : `${Math.round(l.km)}`.padStart(4)} km${l.withinRadius ? '*' : ' '} ${l.name} (${l.regionCode}) · ${l.segment.name}${l.tags.length ? ` · ${l.tags.join('、')}` : ''}`;
          return [
            `${m.enterprise.name} (${m.enterprise.uscc}, ${m.enterprise.regionCode}); * = 配套半径 ${m.radiusKm.max} km 内 / within the ${m.radiusKm.max} km radius`,
            `上游供应商 / suppliers: ${m.suppliers.length}`,
            ...m.suppliers.map(line),
            `下游客户 / customers: ${m.customers.length}`,
            ...m.customers.map(line),
          ].join('\n');
        });
      });
    });
  atlas
    .command('pinyin')
    .description('补齐企业名称的拼音排序键（0017 之前导入的企业）/ fill the pinyin sort key of enterprises imported before it existed')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const { backfillPinyin } = await import('./atlas.directory.service.ts');
      await withCliContext({ quiet: opts.json }, async (ctx) => {
        const filled = await backfillPinyin(ctx);
        output(opts.json, { filled }, () => `filled the pinyin key of ${filled} enterprises`);
      });
    });
  registerClusterCommands(atlas);
  atlas
    .command('places')
    .description('补齐企业—环节关联的位置与配套分（0028 之前写入的关联；否则在首次成龙配套查询时补齐）/ fill the place and match points of links written before migration 0028 (else the first 成龙配套 of each chain fills them)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const { fillLinkPlaces } = await import('./atlas.link-places.ts');
      await withCliContext({ quiet: opts.json }, async (ctx) => {
        const filled = await fillLinkPlaces(ctx.db);
        output(opts.json, { filled }, () => `filled the place and match points of ${filled} links`);
      });
    });
  const chain = atlas.command('chain').description('产业链 / chains: import and export the exchange format (docs/atlas-chain-format.md)');
  chain
    .command('import <file>')
    .description('导入产业链 JSON 或 Excel（.xlsx；新链或新版本，列出变化）/ import a chain file, JSON or .xlsx (a new chain, or the next version of one, listing what changed)')
    .option('--region <code>', "the region that keeps the chain (default: the acting account's; 000000, shared, for the system)")
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--dry-run', 'check the file and list the changes, save nothing')
    .option('--json', 'print JSON')
    .action(async (file: string, opts) => {
      const { importChain, readChainUpload } = await import('./atlas.chains.service.ts');
      const { describeChanges } = await import('./atlas.chain-diff.domain.ts');
      const { value, places } = await readChainUpload(fs.readFileSync(file), path.basename(file));
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const r = await importChain(ctx, value, { dryRun: Boolean(opts.dryRun), regionCode: regionOption(opts.region), fileName: path.basename(file), places });
        output(opts.json, r, () => {
          const would = r.dryRun ? '(dry run) would import' : 'imported';
          const head = r.unchanged
            ? `${r.chain.name} (${r.chain.key}, region ${r.chain.regionCode}): 与第 ${r.version} 版相同，未导入 / the same as version ${r.version}; nothing imported`
            : `${would} ${r.chain.name} (${r.chain.key}, region ${r.chain.regionCode}) version ${r.version}${r.created ? ' (new chain)' : ''}: ${r.segments} segments, ${r.edges} edges`;
          return [head, ...(r.changes && !r.unchanged ? describeChanges(r.changes).map((l) => `  ${l}`) : [])].join('\n');
        });
      });
    });
  chain
    .command('export <chain>')
    .description('导出产业链为 JSON 或 Excel（按 --out 的扩展名）/ export a chain (its id or key) as an exchange file, JSON or .xlsx by the extension of --out')
    .requiredOption('--out <file>', 'the file to write: FILE.json, or FILE.xlsx for a workbook')
    .option('--version <n>', 'the version to export (default: the current one)')
    .option('--region <code>', 'the region, when several keep a chain with this key')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print a summary as JSON')
    .action(async (ref: string, opts) => {
      const version = opts.version === undefined ? undefined : Number(opts.version);
      if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new Error(`--version must be a positive whole number, got "${opts.version}"`);
      const { exportChain } = await import('./atlas.chains.service.ts');
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const file = await exportChain(ctx, ref, { version, regionCode: regionOption(opts.region) });
        const { chainWorkbook, isWorkbookName } = await import('./atlas.chain-workbook.ts');
        fs.writeFileSync(opts.out as string, isWorkbookName(opts.out as string) ? await chainWorkbook(file) : JSON.stringify(file, null, 2) + '\n');
        const summary = { chain: file.chain.id, name: file.chain.name, segments: file.segments.length, edges: file.edges?.length ?? 0, out: opts.out as string };
        output(opts.json, summary, () => `wrote ${summary.name} (${summary.chain}): ${summary.segments} segments, ${summary.edges} edges to ${summary.out}`);
      });
    });
}

/** `luoshi atlas cluster …`: the clusters, their exchange file, their indicators and readiness. */
function registerClusterCommands(atlas: Command): void {
  const cluster = atlas.command('cluster').description('产业集群 / industry clusters: list, export, indicators (import, export), readiness');
  cluster
    .command('list')
    .description('列出产业集群及其企业数、最新产值 / list the clusters with their enterprises and latest output')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const { listClusters } = await import('./atlas.clusters.service.ts');
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const list = await listClusters(ctx);
        output(opts.json, list, () =>
          list.length === 0
            ? '还没有产业集群 / no clusters yet'
            : list.map((c) => `${c.id}  ${c.name} · ${c.levelName.zh} · ${c.regionName} · ${c.totals.enterprises} 家企业 / enterprises (as of ${c.asOf ?? '—'})`).join('\n'),
        );
      });
    });
  cluster
    .command('export')
    .description('导出全部集群与载体为 JSON 交换文件 / export every cluster and carrier zone as an exchange file (docs/atlas-clusters.md)')
    .requiredOption('--out <file>', 'the JSON file to write')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print a summary as JSON')
    .action(async (opts) => {
      const { exportClusters } = await import('./atlas.clusters.file.ts');
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const file = await exportClusters(ctx);
        fs.writeFileSync(opts.out as string, JSON.stringify(file, null, 2) + '\n');
        const summary = { clusters: file.clusters.length, zones: file.zones.length, out: opts.out as string };
        output(opts.json, summary, () => `wrote ${summary.clusters} clusters and ${summary.zones} zones to ${summary.out}`);
      });
    });
  const indicators = cluster.command('indicators').description('集群指标（产值、企业数、研发投入、专利…）/ a cluster\'s indicators over time');
  indicators
    .command('import <file>')
    .description('导入指标表（.xlsx/.csv：每行一个指标和年份，或年份为列）；有任何错误则不导入 / import a table of values (one row per indicator and year, or years as columns); a table with any problem imports nothing')
    .requiredOption('--cluster <id>', "the cluster's id or exact name")
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--dry-run', 'check the table and list what would change, save nothing')
    .option('--json', 'print JSON')
    .action(async (file: string, opts) => {
      const { clusterIdOf, importIndicatorTable } = await import('./atlas.cluster-indicators.service.ts');
      const bytes = new Uint8Array(fs.readFileSync(file));
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const r = await importIndicatorTable(ctx, await clusterIdOf(ctx, opts.cluster as string), bytes, path.basename(file), { dryRun: Boolean(opts.dryRun) });
        output(opts.json, r, () =>
          [
            `${r.dryRun ? '(dry run) would import' : 'imported'} ${r.fileName} (header at row ${r.headerRow}, ${r.layout}): ${r.added} added, ${r.changed} changed, ${r.unchanged} unchanged`,
            ...r.changes.filter((c) => c.kind !== 'same').map((c) => `  row ${c.row}: ${c.name.zh} ${c.year}${c.quarter ? ` Q${c.quarter}` : ''} ${c.before ?? '—'} → ${c.after}`),
          ].join('\n'),
        );
      });
    });
  indicators
    .command('export')
    .description('导出集群指标为 Excel / export a cluster\'s values as an Excel workbook (明细 is read back by the import)')
    .requiredOption('--cluster <id>', "the cluster's id or exact name")
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print a summary as JSON')
    .action(async (opts) => {
      const { clusterIdOf, exportIndicatorTable } = await import('./atlas.cluster-indicators.service.ts');
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const file = await exportIndicatorTable(ctx, await clusterIdOf(ctx, opts.cluster as string));
        fs.writeFileSync(opts.out as string, file.bytes);
        output(opts.json, { out: opts.out as string, bytes: file.bytes.length }, () => `wrote ${opts.out as string}`);
      });
    });
  cluster
    .command('readiness')
    .description('申报准备度清单（阈值为示例默认值，除非管理员已设置）/ the readiness checklist towards national status (illustrative thresholds unless set)')
    .requiredOption('--cluster <id>', "the cluster's id or exact name")
    .option('--target <level>', 'national (国家先进制造业集群) or national_sme (中小企业特色产业集群); default by the cluster\'s level')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      if (opts.target !== undefined && !['national', 'national_sme'].includes(opts.target as string)) throw new Error(`--target must be national or national_sme, got "${opts.target}"`);
      const { clusterIdOf, clusterReadiness } = await import('./atlas.cluster-indicators.service.ts');
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const r = await clusterReadiness(ctx, await clusterIdOf(ctx, opts.cluster as string), { target: opts.target as 'national' | 'national_sme' | undefined });
        const mark = { met: '✓', unmet: '✗', unknown: '?' } as const;
        output(opts.json, r, () =>
          [
            `${r.targetName.zh} / ${r.targetName.en}: ${r.met} met, ${r.unmet} unmet, ${r.unknown} unknown${r.illustrative ? ' (示例阈值 / illustrative thresholds)' : ''}`,
            ...r.items.map((i) => `  ${mark[i.status]} ${i.name.zh}: ${i.value ?? '—'} / ≥ ${i.threshold}${i.unit ? ` ${i.unit}` : ''}${i.thresholdIsDefault ? '*' : ''} · ${i.note.zh}`),
          ].join('\n'),
        );
      });
    });
}

/** How the rows' regions were found, where not from a listed region in their own columns ('' when all were). */
function regionsLine(t: { fromUscc: number; fromAddress: number; within: number }): string {
  const parts: string[] = [];
  if (t.fromUscc) parts.push(`${t.fromUscc} 行地区由统一社会信用代码推定 / ${t.fromUscc} rows' region told from the USCC`);
  if (t.fromAddress) parts.push(`${t.fromAddress} 行地区由地址推定 / ${t.fromAddress} rows' region told from the address`);
  if (t.within) parts.push(`${t.within} 行计入所在的市或省 / ${t.within} rows counted in the listed city or province their place lies in`);
  return parts.map((p) => `\n${p}`).join('');
}
