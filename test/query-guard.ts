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
 * The only queries allowed to read a distributed table without a region_code condition, each named by the function
 * that issues it (matched against the caller's stack) and why it cannot carry the region.
 */
export const REGION_GUARD_ALLOWED: readonly { at: RegExp; reason: string }[] = [
  {
    at: /\bsearchEnterpriseRows \(.*atlas\.directory\.repo\.ts/,
    reason: 'the enterprise directory is national reference data: a search without a region filter spans every region (pinyin order from the index, a limit)',
  },
  {
    at: /\bsearchByTerm \(.*atlas\.directory\.repo\.ts/,
    reason: 'a directory search by a term spans every region: the term\'s rows are read in pinyin order from one index, a limit (the query of searchEnterpriseRows with a text)',
  },
  {
    at: /\bsegmentEnterpriseRows \(.*atlas\.directory\.repo\.ts/,
    reason: "a segment's enterprises in every region when no region is chosen (the chain map's side panel; a limit)",
  },
  {
    at: /\bunkeyedEnterprises \(.*atlas\.directory\.repo\.ts/,
    reason: 'the pinyin backfill (`luoshi atlas pinyin`) visits every region, a batch at a time',
  },
  {
    at: /\bexistingUsccs \(.*atlas\.enterprises\.repo\.ts/,
    reason: 'a USCC is national: an enterprise import checks its codes against every region (an enterprise that moved keeps its code)',
  },
  {
    at: /\bcountSegmentLinks \(.*atlas\.chains\.repo\.ts/,
    reason: 'a chain is shared by every region: removing a segment from it is refused while enterprises in any region are linked to it (one count per save)',
  },
  {
    at: /\bcountSegmentReferences \(.*atlas\.chains\.repo\.ts/,
    reason: "a chain's 招商 targets are kept by the regions whose plans they went into: removing a segment is refused while a target in any region names it (one count per save that removes segments)",
  },
  {
    at: /\b(zonesByIds|clusterById) \(.*atlas\.clusters\.repo\.ts/,
    reason: 'entry lookup: a URL names a carrier zone or cluster by id alone, and a cluster names its zones by id (they may lie in other regions); these find their regions',
  },
  {
    at: /\b(allZones|allClusters) \(.*atlas\.clusters\.repo\.ts/,
    reason: 'the clusters tab lists every cluster and carrier zone of every region (short lists, tens of rows)',
  },
  {
    at: /\bclustersOfZone \(.*atlas\.clusters\.repo\.ts/,
    reason: 'deleting a carrier zone asks whether a cluster of any region still grows around it (a GIN index on zone_ids)',
  },
  {
    at: /\bchiefRegions \(.*atlas\.chiefs\.repo\.ts/,
    reason: 'the 链长制 page lists which regions keep a record of a chain (one row per region, a handful), to switch between them',
  },
  {
    at: /\b(intermediaryById|clusterChains) \(.*atlas\.intermediaries\.repo\.ts/,
    reason: 'entry lookup: a URL names an intermediary by id alone, and an intermediary names the clusters it serves by id (kept in other regions); these find their regions',
  },
  {
    at: /\b(allIntermediaries|allMembers) \(.*atlas\.intermediaries\.repo\.ts/,
    reason: 'the intermediaries tab and the 堵点 channels read every intermediary of every region with its member codes (short lists: an intermediary serves a chain wherever it is registered)',
  },
  {
    at: /\b(intermediaryByUscc|membershipsOfUsccs|enterprisesByUsccs) \(.*atlas\.intermediaries\.repo\.ts/,
    reason: 'a USCC is national: an intermediary\'s own code is unique across regions, a member enterprise may be registered in any region, and an enterprise page lists its memberships in every region (indexes on uscc)',
  },
  {
    at: /\bfindEnterpriseByUscc \(.*atlas\.analysis\.repo\.ts/,
    reason: 'entry lookup: 成龙配套 names an enterprise by its USCC alone (national); this one query finds its region, every later one carries it',
  },
  {
    at: /\bfindPlanById \(.*ledger\.plans\.repo\.ts/,
    reason: 'entry lookup: a URL names a plan by id alone (and a plan names its parent by id); this one query finds its region, every later one carries it',
  },
  {
    at: /\bfindCommentById \(.*ledger\.plans\.repo\.ts/,
    reason: 'entry lookup: a URL names a consultation comment by id alone; this one query finds its plan and region',
  },
  {
    at: /\bderivedPlans \(.*ledger\.plans\.repo\.ts/,
    reason: "a plan's derived plans may lie in any region (a district implementing a city's task)",
  },
  {
    at: /\bfindSamePlan \(.*ledger\.import\.service\.ts/,
    reason: 'a task table being previewed may already have been imported as a plan in any region the caller can read; the title is looked up once per preview',
  },
  {
    at: /\bfindTaskPlan \(.*ledger\.tasks\.repo\.ts/,
    reason: "entry lookup: a URL names a task by id alone; this one query finds its plan and region, every later one carries them",
  },
  {
    at: /\bfindAnalysis \(.*complexity\.repo\.ts/,
    reason: 'entry lookup: a URL names an analysis by id alone; this one query finds its region, every later one carries it',
  },
  {
    at: /\bfailStaleRuns \(.*complexity\.repo\.ts/,
    reason: 'start-up sweep: runs a dead process left running may be in any region',
  },
  {
    at: /\blistAnalyses \(.*complexity\.repo\.ts/,
    reason: 'the analyses page lists every region the reader may see',
  },
  {
    at: /\b(findReportById|findEvidenceById|findDeadlineChangeById) \(.*tracking\.reports\.repo\.ts/,
    reason: 'entry lookup: a URL names a report, an evidence file or a deadline change by id alone; this one query finds its region, every later one carries it',
  },
  {
    at: /\bfindActivityById \(.*tracking\.activities\.repo\.ts/,
    reason: 'entry lookup: a URL names an activity by id alone; this one query finds its task and region, every later one carries them',
  },
  {
    at: /\bfindProjectById \(.*tracking\.projects\.repo\.ts/,
    reason: 'entry lookup: a URL names a project by id alone; this one query finds its task and region, every later one carries them',
  },
  {
    at: /\btasksOfUnits \(.*tracking\.reports\.repo\.ts/,
    reason: "a unit's page (我的填报) lists the tasks it leads or supports in any region's plans",
  },
  {
    at: /\breviewQueueRows \(.*tracking\.reports\.repo\.ts/,
    reason: 'the review queue holds submitted reports of every region the reviewer supervises',
  },
  {
    at: /\bpendingDeadlineChanges \(.*tracking\.reports\.repo\.ts/,
    reason: 'the supervisors\' queue holds pending deadline change requests of every region, beside the review queue',
  },
  {
    at: /\bfindEscalationById \(.*tracking\.escalations\.repo\.ts/,
    reason: 'entry lookup: a URL names an escalation notice by id alone; this one query finds its region, every later one carries it',
  },
  {
    at: /\bfindEscalations \(.*tracking\.escalations\.repo\.ts/,
    reason: "the list of escalation notices holds every region the supervisor oversees, or a unit's notices in any region's plans (a single notice is read with its region)",
  },
  {
    at: /\bredTasksWithoutOpenEscalation \(.*tracking\.escalations\.repo\.ts/,
    reason: 'suggested escalation notices: red tasks of issued plans in every region the supervisor oversees',
  },
  {
    at: /\bcountIssued \(.*tracking\.escalations\.repo\.ts/,
    reason: 'the results record counts the notices each unit and leader received, in every region',
  },
  {
    at: /\bissuedPlans \(.*tracking\.progress\.repo\.ts/,
    reason: 'the daily recompute (and luoshi tracking recompute) goes over the issued plans of every region, then plan by plan with its region',
  },
  {
    at: /\bcheckScaleTarget \(.*tracking\.scale\.seed\.ts/,
    reason: '`luoshi seed --scale` asks once, before generating anything, whether any region holds plans or audited work of its own',
  },
  {
    at: /\bprogressIsStale \(.*tracking\.progress\.repo\.ts/,
    reason: 'the daily job asks once whether any region has a task whose stored standing is missing or from an earlier day',
  },
  {
    at: /\b(unitNotifications|markRemindersRead) \(.*tracking\.reminders\.repo\.ts/,
    reason: "the bell: a unit's reminders about tasks in any region's plans (by the unit's index, as a unit's page lists its tasks)",
  },
  {
    at: /\bfindEnterpriseByUscc \(.*atlas\.lookup\.service\.ts/,
    reason: 'a USCC is national: an enterprise registering for an event is found in the directory whatever region it is registered in',
  },
  {
    at: /\bfindEventById \(.*events\.repo\.ts/,
    reason: 'entry lookup: a URL names an event by id alone; this one query finds its region, every later one carries it',
  },
  {
    at: /\blistAllEvents \(.*events\.repo\.ts/,
    reason: 'the events page lists the events of every region (a short list)',
  },
  {
    at: /\bsearchVisibleTasks \(.*ledger\.tasks\.search\.ts/,
    reason: "a task picker (an event outcome's task) reads the plans of every region the policy then lets the caller see, as the plans page does; the tasks are then read by those plans' regions",
  },
  {
    at: /\bqueryAudit \(.*org\.audit\.ts/,
    reason: 'the audit page searches the whole log, every region (it offers no region filter)',
  },
];

/**
 * Where in the application a query was issued: the first stack frame in src/ outside a test file, or null when a test
 * issued it itself (counting every row, proving the audit trigger refuses an UPDATE): the rule is for the app's queries.
 */
export const isAppFrame = (frame: string) => /\/src\//.test(frame) && !/\.test\.tsx?\b|\.test-helpers\.ts\b|node_modules/.test(frame);

function callSite(stack: string, isApp: (frame: string) => boolean): string | null {
  const at = stack.split('\n').slice(1).find(isApp);
  return at ? at.trim() : null;
}

/**
 * A Kysely plugin for the database tests: a select, update or delete that reads a distributed table (decisions/0003)
 * with no `region_code` condition touches every shard on Citus, and fails (LUOSHI_QUERY_GUARD=fail, the default of
 * test/db.ts) or is recorded (`warn`: one line per query shape in `logFile`, summed up at the end of the run), unless
 * `REGION_GUARD_ALLOWED` names the function that issued it. A test's own queries are not checked; queries written as raw
 * SQL are not seen.
 */
export class RegionQueryGuard implements KyselyPlugin {
  constructor(private readonly opts: { mode: 'fail' | 'warn'; logFile?: string; isApp?: (frame: string) => boolean }) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const problem = regionViolation(args.node);
    if (problem) {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 60;
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      const where = callSite(stack, this.opts.isApp ?? isAppFrame);
      if (where === null || REGION_GUARD_ALLOWED.some((a) => a.at.test(stack))) return args.node;
      if (this.opts.mode === 'fail') throw new Error(`query guard: ${problem} (${where})`);
      if (this.opts.logFile) fs.appendFileSync(this.opts.logFile, `${problem} ${where}\n`);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
