import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { onCitus, openTestDatabase } from '../../test/db.ts';
import { CITUS_TABLES, CitusNotInstalledError, citusSetup } from './citus.ts';
import { migrate, type DatabaseHandle } from './db.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openTestDatabase('demo');
});
afterAll(async () => h?.close());

describe('later migrations', () => {
  it('apply a migration of several statements on distributed tables, with a function body holding semicolons', async () => {
    const extra = {
      version: 9990,
      name: '9990_test_later_migration',
      sql: `-- a later migration
ALTER TABLE tasks ADD COLUMN probe_note text DEFAULT 'a; b';
CREATE INDEX tasks_probe_note_idx ON tasks (probe_note);
CREATE FUNCTION probe_fn() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;`,
    };
    expect(await migrate(h.db, () => {}, [extra])).toEqual([extra.name]);
    const col = await sql<{ d: string }>`select column_default as d from information_schema.columns where table_name = 'tasks' and column_name = 'probe_note'`.execute(h.db);
    expect(col.rows[0].d).toContain('a; b');
    expect(await migrate(h.db, () => {}, [extra])).toEqual([]);
  });
});

describe('classification of tables', () => {
  it('places every table of the migrated schema in exactly one Citus class', async () => {
    const tables = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = 'public' order by 1`.execute(h.db);
    const classed = [...CITUS_TABLES.reference, ...CITUS_TABLES.distributed, ...CITUS_TABLES.local];
    expect(new Set(classed).size, 'a table in two classes').toBe(classed.length);
    expect(tables.rows.map((r) => r.t).filter((t) => !classed.includes(t as never)), 'tables missing from CITUS_TABLES').toEqual([]);
  });
});

describe.skipIf(!onCitus)('luoshi citus setup on a Citus cluster', () => {
  it('places every table in its class, and a second run changes nothing', async () => {
    const placed = await sql<{ t: string; kind: string }>`
      select logicalrelid::regclass::text as t, case when partmethod = 'h' then 'distributed' when repmodel = 't' then 'reference' else 'local' end as kind
      from pg_dist_partition order by 1`.execute(h.db);
    const byKind = (k: string) => placed.rows.filter((r) => r.kind === k).map((r) => r.t).sort();
    expect(byKind('distributed')).toEqual([...CITUS_TABLES.distributed].sort());
    expect(byKind('reference')).toEqual([...CITUS_TABLES.reference].sort());
    for (const t of CITUS_TABLES.local) expect(placed.rows.find((r) => r.t === t)?.kind ?? 'local', t).toBe('local');
    const again = await citusSetup(h.db);
    expect(again).toMatchObject({ reference: [], distributed: [], foreignKeysRecreated: 0 });
    const fks = await sql<{ n: number }>`select count(*)::int as n from pg_constraint where contype = 'f' and conrelid = 'task_units'::regclass and confrelid = 'tasks'::regclass`.execute(h.db);
    expect(fks.rows[0].n).toBe(1);
  });

  it("keeps the distributed tables' shards on the workers, in this test database itself (a copy of the run's template on each node)", async () => {
    const workers = await sql<{ port: number }>`select nodeport as port from pg_dist_node where groupid <> 0 and noderole = 'primary' order by 1`.execute(h.db);
    expect(workers.rows.length, 'workers registered in this database').toBeGreaterThan(0);
    const placed = await sql<{ port: number; n: number }>`
      select nodeport as port, count(*)::int as n from citus_shards where table_name = 'plans'::regclass group by nodeport order by 1`.execute(h.db);
    expect(placed.rows.map((r) => r.port), 'a worker without shards of plans').toEqual(workers.rows.map((r) => r.port));
    // Each worker's database of this name holds those shards as its own tables.
    const onWorkers = await sql<{ port: number; success: boolean; result: string }>`
      select nodeport as port, success, result from run_command_on_workers($$select count(*) from pg_class where relname ~ '^plans_[0-9]+$'$$) order by 1`.execute(h.db);
    expect(onWorkers.rows).toEqual(placed.rows.map((r) => ({ port: r.port, success: true, result: String(r.n) })));
    // The demo's plans are read from those shards.
    const perShard = await sql<{ result: string }>`select result from run_command_on_shards('plans', $$select count(*) from %s$$)`.execute(h.db);
    const plans = await sql<{ n: number }>`select count(*)::int as n from plans`.execute(h.db);
    expect(plans.rows[0].n).toBeGreaterThan(0);
    expect(perShard.rows.reduce((n, r) => n + Number(r.result), 0)).toBe(plans.rows[0].n);
  });
});

describe('sessions, local beside the reference table of users', () => {
  it('end when their user is deleted (the foreign key is kept on Citus as on PostgreSQL)', async () => {
    const id = '11111111-1111-1111-1111-111111111111';
    await sql`insert into users (id, username, display_name, password_hash) values (${id}, 'probe', 'probe', 'x')`.execute(h.db);
    await sql`insert into sessions (token_hash, user_id, csrf_token, expires_at) values ('probe', ${id}, 'c', now() + interval '1 day')`.execute(h.db);
    await sql`delete from users where id = ${id}`.execute(h.db);
    const left = await sql<{ n: number }>`select count(*)::int as n from sessions where token_hash = 'probe'`.execute(h.db);
    expect(left.rows[0].n).toBe(0);
  });
});

describe.skipIf(onCitus)('luoshi citus setup without Citus', () => {
  it('says Citus is missing and changes nothing', async () => {
    await expect(citusSetup(h.db)).rejects.toThrow(CitusNotInstalledError);
    await expect(citusSetup(h.db)).rejects.toThrow(/citus/i);
    const tables = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'plans'`.execute(h.db);
    expect(tables.rows[0].n).toBe(1);
  });
});
