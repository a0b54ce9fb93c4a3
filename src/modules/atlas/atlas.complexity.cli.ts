import type { Command } from 'commander';
import { withCliContext, output } from '../../cli/context.ts';

const positive = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0)) throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return n;
};
const oneOf = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
  if (!allowed.includes(value as T)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
};

/**
 * `luoshi atlas complexity build|targets`: an economic-complexity analysis whose table is the atlas's enterprises
 * (region × segment or GB/T 4754 code), and a region's top opportunities in it made 招商 targets. They live under
 * `atlas` because the complexity engine's own `luoshi complexity FILE` knows nothing of the atlas (the module arrows).
 */
export function registerAtlasComplexityCommands(atlas: Command): void {
  const complexity = atlas.command('complexity').description('以产业链图谱企业数据做经济复杂度分析 / economic complexity from the atlas (docs/atlas-analysis.md)');
  complexity
    .command('build')
    .description('由产业链图谱生成地区×环节（或行业代码）表并计算 / build the region × segment table of a chain and run the analysis')
    .requiredOption('--chain <key>', 'the chain (its key or id)')
    .option('--codes', 'products are the GB/T 4754 codes of its segments instead of the segments')
    .requiredOption('--year <yyyy>', 'count enterprises founded by the end of this year (or of unknown founding date)')
    .option('--measure <m>', 'count (enterprises) or employees', 'count')
    .option('--level <l>', 'rows: province, prefecture or county', 'prefecture')
    .option('--regions <list>', 'regions counted: codes or jjj, yrd, gba, comma separated', 'jjj')
    .option('--confirmed-only', 'count confirmed links only (default: confirmed and uncertain)')
    .option('--name <text>', 'the analysis name (default: chain, products, measure, year and regions)')
    .option('--region <code>', 'the region, when several keep a chain with this key')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print JSON (the analysis with its summary)')
    .action(async (opts) => {
      const year = Number(opts.year);
      if (!/^\d{4}$/.test(String(opts.year))) throw new Error(`--year must be a year (YYYY), got "${opts.year}"`);
      const { ATLAS_MEASURES, ATLAS_REGION_LEVELS } = await import('./atlas.complexity.domain.ts');
      const measure = oneOf('--measure', opts.measure as string, ATLAS_MEASURES);
      const level = oneOf('--level', opts.level as string, ATLAS_REGION_LEVELS);
      const { findChain } = await import('./atlas.chains.repo.ts');
      const { createAtlasAnalysis } = await import('./atlas.complexity.service.ts');
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const found = await findChain(ctx.db, opts.chain as string, opts.region as string | undefined);
        if (found.length === 0) throw new Error(`no chain "${opts.chain}" (产业链 ${opts.chain} 不存在)`);
        if (found.length > 1) throw new Error(`several regions keep a chain "${opts.chain}": name one with --region (${found.map((c) => c.region_code).join(', ')})`);
        const a = await createAtlasAnalysis(
          ctx,
          { chainId: found[0]!.id, by: opts.codes ? 'industry' : 'segment', measure, year, level, regions: opts.regions, confirmedOnly: Boolean(opts.confirmedOnly), name: opts.name },
          { waitMs: 10 * 60_000 },
        );
        if (a.status === 'failed') throw new Error(`analysis ${a.id} failed: ${a.error ?? ''}`);
        const period = a.summary?.periods[0];
        output(opts.json, a, () =>
          [
            `${a.id}  ${a.name}`,
            `status ${a.status}; ${a.summary?.rows ?? 0} rows${period ? `; ${period.locations} regions × ${period.products} products, complexity on ${period.complexLocations} × ${period.complexProducts}` : ''}`,
            ...(a.summary?.warnings ?? []).map((w) => `warning: ${w}`),
          ].join('\n'),
        );
      });
    });
  complexity
    .command('targets <analysis>')
    .description('地区的前 N 个机会产业转为招商目标（任务）/ turn a region\'s top N opportunities into 招商 targets under one ledger task')
    .requiredOption('--region <code>', 'the region (a row of the analysis, e.g. 120100)')
    .option('--top <n>', 'how many of its top opportunities', '5')
    .option('--per <n>', 'candidate enterprises per opportunity (at most 20)', '3')
    .option('--plan <id>', 'the plan to hold the task (required unless --dry-run)')
    .option('--dry-run', 'list the opportunities that would become targets, create nothing')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print JSON')
    .action(async (analysisId: string, opts) => {
      const top = positive('--top', opts.top, 5);
      const per = positive('--per', opts.per, 3);
      if (!opts.dryRun && !opts.plan) throw new Error('--plan is required (the plan whose task holds the targets), or use --dry-run');
      const { topOpportunities } = await import('../complexity/index.ts');
      const { createOpportunityTargets } = await import('./atlas.complexity.service.ts');
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const list = await topOpportunities(ctx, analysisId, { location: opts.region as string, limit: top });
        if (list.items.length === 0) throw new Error(`region ${opts.region} has no opportunity in analysis ${analysisId}`);
        const lines = list.items.map((o) => `  ${String(o.position).padStart(3)}. ${o.product}  density ${o.density?.toFixed(3)}  PCI ${o.pci?.toFixed(2)}  COG ${o.cog?.toFixed(3)}`);
        if (opts.dryRun) {
          output(opts.json, { dryRun: true, opportunities: list.items }, () => [`(dry run) would turn ${list.items.length} opportunities of ${opts.region} into targets:`, ...lines].join('\n'));
          return;
        }
        const made = await createOpportunityTargets(ctx, analysisId, { location: opts.region as string, products: list.items.map((o) => o.product), planId: opts.plan as string, perProduct: per });
        output(opts.json, made, () =>
          [
            `task ${made.taskId}: ${made.targets.length} targets at 线索 (lead) from ${list.items.length} opportunities of ${opts.region}`,
            ...lines,
            ...made.targets.map((t) => `  → ${t.name} (${t.uscc}) · ${t.segmentKey}`),
            ...(made.withoutCandidates.length ? [`no candidate elsewhere for: ${made.withoutCandidates.join(', ')}`] : []),
          ].join('\n'),
        );
      });
    });
}
