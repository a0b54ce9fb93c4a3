import { sql, type RawBuilder } from 'kysely';
import { bilingual } from '../../lib/bilingual.ts';
import { ConflictError } from '../../lib/errors.ts';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import { recordAudit, systemActor } from '../org/index.ts';
import { recomputeProgress } from './tracking.progress.service.ts';
import { onCitus, rebuildPlanReportSummaries } from './tracking.progress.repo.ts';
import { scaleBatches, scaleWorld, type ScaleSpec } from './tracking.scale.domain.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

type Q = Db | Tx;

const SEED_ACTOR = '规模数据 / scale seed';
const DEMO_ACTOR = '演示数据 / demo seed';

/** What `luoshi seed --scale` loaded, and the classes and warnings the recompute gave its tasks. */
export interface ScaleSeedResult {
  scale: string;
  asOf: string;
  effective: string;
  units: number;
  leaders: number;
  plans: number;
  tasks: number;
  reports: number;
  classes: Record<string, number>;
  warnings: Record<string, number>;
  seconds: { insert: number; recompute: number };
}

/** One column of an unnest insert: its name, its SQL type, and how the selected value is written (default: as is). */
type Col = [name: string, type: string, select?: (ref: string) => string];

/**
 * Inserts rows given column by column in one statement: `INSERT … SELECT FROM unnest($1::t1[], $2::t2[], …)`, one
 * parameter per column whatever the number of rows, the same on PGlite and PostgreSQL.
 */
async function insertColumns(db: Q, table: string, cols: Col[], values: unknown[][]): Promise<void> {
  if (values[0].length === 0) return;
  const names = cols.map(([n]) => n).join(', ');
  const params: RawBuilder<unknown>[] = cols.map(([, type], i) => sql`${values[i]}::${sql.raw(type)}[]`);
  const selects = cols.map(([, , f], i) => (f ? f(`u.c${i}`) : `u.c${i}`)).join(', ');
  const aliases = cols.map((_, i) => `c${i}`).join(', ');
  await sql`insert into ${sql.raw(table)} (${sql.raw(names)}) select ${sql.raw(selects)} from unnest(${sql.join(params)}) as u(${sql.raw(aliases)})`.execute(db);
}

/** Column arrays from rows. */
function columns<T>(rows: T[], pick: ((r: T) => unknown)[]): unknown[][] {
  return pick.map((f) => rows.map(f));
}

/**
 * Refreshes a table's statistics inside the loading transaction (PGlite never does it by itself, and without them
 * the foreign-key checks scan every row). Citus refuses ANALYZE once the transaction has written a placement
 * locally; there it is left to the cluster's autovacuum, the transaction going on from a savepoint.
 */
async function analyzeInside(trx: Tx, table: string): Promise<void> {
  await sql`savepoint scale_analyze`.execute(trx);
  try {
    await sql`analyze ${sql.table(table)}`.execute(trx);
    await sql`release savepoint scale_analyze`.execute(trx);
  } catch {
    await sql`rollback to savepoint scale_analyze`.execute(trx);
  }
}

/**
 * Refuses a database that holds data of its own (anything but the demo region and sign-ins), or generated data
 * already; `force` lets the first through, never the second (the generated ids would collide).
 */
export async function checkScaleTarget(db: Db, force = false): Promise<void> {
  const done = await db.selectFrom('settings').select('value').where('key', '=', 'scale_seeded').executeTakeFirst();
  if (done) throw new ConflictError(bilingual('数据库中已有规模测试数据，请使用新的数据目录或数据库', 'This database already holds generated scale data; use a fresh data folder or database'));
  if (force) return;
  const demo = await db.selectFrom('settings').select('key').where('key', '=', 'demo_seeded').executeTakeFirst();
  const plans = await db.selectFrom('plans').select('id').limit(1).executeTakeFirst();
  const units = await db.selectFrom('units').select('id').limit(1).executeTakeFirst();
  // Work done by people or commands is audited (via api or cli); the demo seed (the system, under whatever name each
  // module's demo gives its actor), sign-ins and the daily job are not one's own data.
  const own = await db
    .selectFrom('audit_log')
    .select(['action', 'entity', 'actor_name'])
    .where('actor_name', 'not in', [DEMO_ACTOR, SEED_ACTOR])
    .where('via', 'in', ['api', 'cli'])
    .where('action', 'not in', ['login', 'login_failed', 'logout', 'seed'])
    .limit(1)
    .executeTakeFirst();
  if ((!demo && (plans || units)) || own) {
    throw new ConflictError(
      bilingual(
        '数据库中已有非演示数据，生成规模数据会与之混在一起；确需如此请加 --force',
        'This database holds data other than the demo region, which generated data would mix with; add --force to go ahead anyway',
      ),
    );
  }
}

/**
 * Generates a scale of data (see tracking.scale.domain.ts) into the database in one transaction, with batched
 * column-wise inserts, then stores every task's class and warning as of `asOf` (recomputeProgress), as the daily job
 * would. Call checkScaleTarget first.
 */
export async function seedScale(
  db: Db,
  spec: ScaleSpec,
  opts: { asOf?: string; seed?: number; onProgress?: (done: number, total: number, label: string) => void } = {},
): Promise<ScaleSeedResult> {
  // Its column-by-column INSERT … SELECT FROM unnest($1::t[], …) loses the parameters' types on Citus.
  if (await onCitus(db)) {
    throw new ConflictError(
      bilingual('规模测试数据只能生成到 PGlite 或单机 PostgreSQL，不支持 Citus 集群；请在单机库上生成后备份，再恢复到集群', 'Scale data is generated into PGlite or a single PostgreSQL, not a Citus cluster: generate it there, back it up, and restore it into the cluster'),
    );
  }
  const asOf = opts.asOf ?? chinaDay();
  const seed = opts.seed ?? 1;
  const progress = opts.onProgress ?? (() => {});
  const started = performance.now();
  const region = spec.regionCode;
  const regions = await db.selectFrom('regions').select(['code', 'name']).where('parent_code', '=', region).where('level', '!=', 'zone').orderBy('sort_order').execute();
  const self = await db.selectFrom('regions').select(['code', 'name']).where('code', '=', region).executeTakeFirstOrThrow();
  const codes = [self.code, ...regions.map((r) => r.code)];
  const taken = new Set((await db.selectFrom('units').select('name').where('region_code', 'in', codes).execute()).map((r) => r.name));
  const world = scaleWorld(spec, asOf, [self, ...regions], seed, taken);
  const total = spec.units + spec.tasks + spec.reports;
  let done = 0;
  let reports = 0;

  await db.transaction().execute(async (trx) => {
    // The generated rows reference only rows generated with them: skip the per-row foreign-key triggers for this
    // transaction where the role may (the embedded database, a superuser); elsewhere they run, only slower.
    await sql`savepoint scale_fk`.execute(trx);
    try {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`release savepoint scale_fk`.execute(trx);
    } catch {
      await sql`rollback to savepoint scale_fk`.execute(trx);
    }
    const u = world.units;
    await insertColumns(trx, 'units', [['id', 'uuid'], ['region_code', 'text'], ['name', 'text'], ['short_name', 'text'], ['kind', 'text'], ['sort_order', 'integer'], ['search_tokens', 'text', (r) => `array[${r}]`]], columns(u, [(x) => x.id, (x) => x.region_code, (x) => x.name, (x) => x.short_name, (x) => x.kind, (x) => x.sort_order, (x) => x.short_name]));
    const p = world.people;
    await insertColumns(trx, 'people', [['id', 'uuid'], ['region_code', 'text'], ['name', 'text'], ['title', 'text'], ['unit_id', 'uuid'], ['is_leader', 'boolean'], ['sort_order', 'integer']], columns(p, [(x) => x.id, () => region, (x) => x.name, (x) => x.title, (x) => u[x.unitIndex].id, () => true, (_x, i?: number) => 1000 + (i ?? 0)]));
    await insertColumns(trx, 'leader_portfolios', [['person_id', 'uuid'], ['unit_id', 'uuid']], columns(u, [(x) => p[x.leader].id, (x) => x.id]));
    await analyzeInside(trx, 'units');
    done += spec.units;
    progress(done, total, 'units');

    const plans = world.plans;
    await insertColumns(
      trx,
      'plans',
      [['id', 'uuid'], ['region_code', 'text'], ['title', 'text'], ['plan_type', 'text'], ['issuer', 'text'], ['doc_number', 'text'], ['issued_on', 'date'], ['issued_date', 'date'], ['status', 'text'], ['owner_unit_id', 'uuid']],
      columns(plans, [(x) => x.id, () => region, (x) => x.title, () => 'work_plan', () => `${world.units[0].name.slice(0, 3)}人民政府`, (x) => x.doc_number, () => world.effective, () => world.effective, () => 'issued', () => u[0].id]),
    );
    await insertColumns(trx, 'plan_versions', [['region_code', 'text'], ['plan_id', 'uuid'], ['number', 'integer'], ['note', 'text'], ['meta', 'jsonb']], columns(plans, [() => region, (x) => x.id, () => 1, () => '规模测试数据 / generated', () => '{}']));
    const nodes = plans.flatMap((x) => x.nodes);
    await insertColumns(
      trx,
      'plan_nodes',
      [['region_code', 'text'], ['plan_id', 'uuid'], ['version_number', 'integer'], ['node_key', 'uuid'], ['parent_key', 'uuid'], ['position', 'integer'], ['depth', 'integer'], ['kind', 'text'], ['marker', 'text'], ['heading', 'text'], ['body', 'text'], ['ordinal', 'integer']],
      columns(nodes, [(x) => x.region_code, (x) => x.plan_id, () => 1, (x) => x.node_key, (x) => x.parent_key, (x) => x.position, (x) => x.depth, (x) => x.kind, (x) => x.marker, (x) => x.heading, (x) => x.body, (x) => x.ordinal]),
    );

    for (const batch of scaleBatches(world, seed)) {
      const t = batch.tasks;
      await insertColumns(
        trx,
        'tasks',
        [['id', 'uuid'], ['region_code', 'text'], ['plan_id', 'uuid'], ['position', 'integer'], ['seq', 'text'], ['group_path', 'text', (r) => `array[${r}]`], ['title', 'text'], ['task_kind', 'text'], ['deadline_text', 'text'], ['due_date', 'date'], ['ongoing', 'boolean'], ['node_keys', 'uuid', (r) => `array[${r}]`], ['closed_at', 'timestamptz']],
        columns(t, [(x) => x.id, () => region, (x) => x.plan_id, (x) => x.position, (x) => x.seq, (x) => x.part, (x) => x.title, (x) => x.task_kind, (x) => x.deadline_text, (x) => x.due_date, (x) => x.ongoing, (x) => x.node_key, (x) => x.closed_at]),
      );
      // Fresh statistics before the rows that reference the tasks: planned on a near-empty table, the foreign-key checks
      // would scan every task for every row (quadratic; a city took minutes instead of seconds).
      await analyzeInside(trx, 'tasks');
      const roles = t.flatMap((x) => [{ task: x.id, role: 'lead', position: 0, unit: x.lead }, ...x.co.map((c, i) => ({ task: x.id, role: 'co', position: i, unit: c }))]);
      await insertColumns(
        trx,
        'task_units',
        [['region_code', 'text'], ['task_id', 'uuid'], ['role', 'text'], ['position', 'integer'], ['raw_name', 'text'], ['unit_id', 'uuid']],
        columns(roles, [() => region, (x) => x.task, (x) => x.role, (x) => x.position, (x) => u[x.unit].short_name, (x) => u[x.unit].id]),
      );
      await insertColumns(
        trx,
        'task_leaders',
        [['region_code', 'text'], ['task_id', 'uuid'], ['position', 'integer'], ['raw_name', 'text'], ['person_id', 'uuid']],
        columns(t, [() => region, (x) => x.id, () => 0, (x) => p[x.leader].name, (x) => p[x.leader].id]),
      );
      const ms = t.filter((x) => x.milestone);
      await insertColumns(
        trx,
        'task_milestones',
        [['region_code', 'text'], ['task_id', 'uuid'], ['position', 'integer'], ['title', 'text'], ['due_text', 'text'], ['due_date', 'date'], ['percent', 'numeric']],
        columns(ms, [() => region, (x) => x.id, () => 0, (x) => x.milestone!.title, (x) => x.milestone!.due_date, (x) => x.milestone!.due_date, (x) => x.milestone!.percent]),
      );
      const r = batch.reports;
      for (let i = 0; i < r.length; i += 20_000) {
        const part = r.slice(i, i + 20_000);
        await insertColumns(
          trx,
          'task_reports',
          [
            ['id', 'uuid'], ['region_code', 'text'], ['plan_id', 'uuid'], ['task_id', 'uuid'], ['unit_id', 'uuid'], ['role', 'text'], ['kind', 'text'], ['period', 'text'], ['period_end', 'date'], ['due_date', 'date'],
            ['status', 'text'], ['done_text', 'text'], ['percent', 'numeric'], ['problems', 'text'], ['next_steps', 'text'], ['return_reason', 'text'], ['submitted_at', 'timestamptz'], ['reviewed_at', 'timestamptz'],
            ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
          ],
          columns(part, [
            (x) => x.id, () => region, (x) => x.plan_id, (x) => x.task_id, (x) => u[x.unit].id, (x) => x.role, (x) => x.kind, (x) => x.period, (x) => x.period_end, (x) => x.due_date,
            (x) => x.status, (x) => x.done_text, (x) => x.percent, (x) => x.problems, (x) => x.next_steps, (x) => x.return_reason, (x) => x.submitted_at, (x) => x.reviewed_at,
            (x) => x.submitted_at, (x) => x.reviewed_at ?? x.submitted_at,
          ]),
        );
      }
      await analyzeInside(trx, 'task_reports');
      reports += r.length;
      done += t.length + r.length;
      progress(done, total, 'tasks and reports');
    }
    // Each task's reports summed up once (task_report_summaries), as every report write keeps them.
    for (const x of plans) await rebuildPlanReportSummaries(trx, region, x.id);
    await trx
      .insertInto('settings')
      .values({ key: 'scale_seeded', value: JSON.stringify({ scale: spec.name, asOf, seed, tasks: spec.tasks, units: spec.units, reports, at: new Date().toISOString() }) })
      .execute();
    await recordAudit(trx, systemActor('cli', SEED_ACTOR), {
      regionCode: region,
      action: 'seed',
      entity: 'system',
      entityId: `scale:${spec.name}`,
      summary: bilingual(
        `生成规模测试数据（${spec.name}）：${plans.length} 个规划、${spec.tasks} 项任务、${spec.units} 个单位、${reports} 份报告`,
        `generated scale data (${spec.name}): ${plans.length} plans, ${spec.tasks} tasks, ${spec.units} units, ${reports} reports`,
      ),
    });
  });
  const inserted = performance.now();
  await sql`analyze`.execute(db);
  progress(done, total, 'class and warning');
  await recomputeProgress({ db, actor: systemActor('cli', SEED_ACTOR) }, { asOf });
  const recomputed = performance.now();
  await sql`analyze`.execute(db);

  const ids = world.plans.map((x) => x.id);
  const classes: Record<string, number> = {};
  const warnings: Record<string, number> = {};
  for (const row of await db
    .selectFrom('task_progress')
    .select(['class', 'warning', (eb) => eb.fn.countAll<string>().as('n')])
    .where('region_code', '=', region)
    .where('plan_id', 'in', ids)
    .groupBy(['class', 'warning'])
    .execute()) {
    classes[row.class] = (classes[row.class] ?? 0) + Number(row.n);
    warnings[row.warning ?? 'none'] = (warnings[row.warning ?? 'none'] ?? 0) + Number(row.n);
  }
  return {
    scale: spec.name,
    asOf,
    effective: world.effective,
    units: spec.units,
    leaders: world.people.length,
    plans: world.plans.length,
    tasks: spec.tasks,
    reports,
    classes,
    warnings,
    seconds: { insert: Math.round(inserted - started) / 1000, recompute: Math.round(recomputed - inserted) / 1000 },
  };
}
