import fs from 'node:fs';
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { CITUS_TABLES } from '../src/server/citus.ts';

const DISTRIBUTED = new Set<string>(CITUS_TABLES.distributed);

/** What the guard found wrong with one query, or null. */
export function regionViolation(node: RootOperationNode): string | null {
  if (node.kind !== 'SelectQueryNode' && node.kind !== 'UpdateQueryNode' && node.kind !== 'DeleteQueryNode') return null;
  const tables = new Set<string>();
  let regionCondition = false;
  const walk = (value: unknown, inCondition: boolean) => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, inCondition);
      return;
    }
    const n = value as OperationNode & Record<string, unknown>;
    if (n.kind === 'TableNode') {
      const name = (n as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
      if (DISTRIBUTED.has(name)) tables.add(name);
    }
    if (inCondition && n.kind === 'ColumnNode' && (n as unknown as { column: { name: string } }).column.name === 'region_code') regionCondition = true;
    const condition = inCondition || n.kind === 'WhereNode' || n.kind === 'OnNode';
    for (const [k, v] of Object.entries(n)) if (k !== 'kind') walk(v, condition);
  };
  walk(node, false);
  if (tables.size === 0 || regionCondition) return null;
  return `${node.kind.replace('QueryNode', '').toLowerCase()} on ${[...tables].sort().join(', ')} without a region_code condition`;
}

/**
 * A Kysely plugin for the database tests: a select, update or delete that reads a distributed table (decisions/0003)
 * with no `region_code` condition touches every shard on Citus. LUOSHI_QUERY_GUARD=fail makes such a query throw;
 * by default it is recorded (one line per query shape in `logFile`) and summed up at the end of the run. Queries
 * written as raw SQL are not seen.
 */
export class RegionQueryGuard implements KyselyPlugin {
  constructor(private readonly opts: { mode: 'fail' | 'warn'; logFile?: string }) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const problem = regionViolation(args.node);
    if (problem) {
      const where = new Error().stack?.split('\n').find((l) => /src\/(modules|server)\//.test(l) && !/\.test\.ts/.test(l))?.trim() ?? '';
      if (this.opts.mode === 'fail') throw new Error(`query guard: ${problem} (${where})`);
      if (this.opts.logFile) fs.appendFileSync(this.opts.logFile, `${problem} ${where}\n`);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
