import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let planId: string;
type Auth = { cookies: Record<string, string>; headers: Record<string, string> };
const as: Record<string, Auth> = {};
type Row = { key: string; name: string; led: number; closedOnTime: number; closedLate: number; overdue: number; dueInPeriod: number; onTimeRate: number | null };

async function login(username: string): Promise<Auth> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
}

const YEAR = 'from=2024-01-01&to=2024-12-31';
async function record(who: string, query: string) {
  const res = await app.inject({ url: `/api/tracking/results?${query}`, ...as[who] });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { scope: string; rows: Row[]; plans: { id: string }[] };
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  for (const u of ['duban', 'fgw', 'leader']) as[u] = await login(u);
  planId = (await h.db.selectFrom('plans').select('id').where('title', 'like', '%决定%').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('the results record (实绩档案) over HTTP', () => {
  it("moves a unit's on-time and late closures as its task is closed before or after the deadline", async () => {
    const task = await h.db
      .selectFrom('tasks as t')
      .innerJoin('task_units as u', (j) => j.onRef('u.region_code', '=', 't.region_code').onRef('u.task_id', '=', 't.id'))
      .select(['t.id', 't.region_code', 'u.unit_id'])
      .where('t.plan_id', '=', planId)
      .where('u.role', '=', 'lead')
      .where('u.unit_id', 'is not', null)
      .where('t.closed_at', 'is', null)
      .executeTakeFirstOrThrow();
    const unitRow = async () => (await record('duban', `by=unit&${YEAR}&plan=${planId}`)).rows.find((r) => r.key === task.unit_id)!;
    const set = (patch: { due_date: string; closed_at: Date | null }) => h.db.updateTable('tasks').set(patch).where('region_code', '=', task.region_code).where('id', '=', task.id).execute();

    await set({ due_date: '2024-06-30', closed_at: null });
    const open = await unitRow();
    expect(open.led).toBeGreaterThan(0);
    await set({ due_date: '2024-06-30', closed_at: new Date('2024-06-20T04:00:00Z') });
    const onTime = await unitRow();
    expect(onTime.closedOnTime).toBe(open.closedOnTime + 1);
    expect(onTime.overdue).toBe(open.overdue - 1);
    await set({ due_date: '2024-06-30', closed_at: new Date('2024-07-05T04:00:00Z') });
    const late = await unitRow();
    expect(late).toMatchObject({ closedOnTime: open.closedOnTime, closedLate: open.closedLate + 1, overdue: open.overdue, dueInPeriod: open.dueInPeriod });
    expect(late.onTimeRate).toBeLessThan(onTime.onTimeRate!);
  });

  it('shows the supervision office every unit, and a unit or leader only its own rows', async () => {
    const all = await record('duban', `by=unit&${YEAR}`);
    expect(all.scope).toBe('all');
    expect(all.plans.length).toBeGreaterThan(0);
    expect(all.rows.length).toBeGreaterThan(2);
    const own = await record('fgw', `by=unit&${YEAR}`);
    expect(own.scope).toBe('own');
    expect(own.rows.length).toBeGreaterThan(0);
    expect(own.rows.length).toBeLessThan(all.rows.length);
    expect(own.rows.every((r) => r.name.includes('发展和改革') || r.name.includes('发改'))).toBe(true);
    const leaders = await record('duban', `by=leader&${YEAR}`);
    const mine = await record('leader', `by=leader&${YEAR}`);
    expect(leaders.rows.length).toBeGreaterThan(1);
    expect(mine.rows.length).toBe(1);
    expect(leaders.rows.map((r) => r.key)).toContain(mine.rows[0].key);
  });

  it('counts the projects signed and the escalation notices received in the period, as the demo holds them', async () => {
    const year = new Date().getFullYear();
    const period = { from: `${year - 1}-01-01`, to: `${year}-12-31` };
    const rec = await record('duban', `by=unit&from=${period.from}&to=${period.to}`);
    const signed = await h.db.selectFrom('task_projects').select((eb) => eb.fn.countAll<string>().as('n')).where('signed_on', '>=', period.from).where('signed_on', '<=', period.to).executeTakeFirstOrThrow();
    const issued = await h.db
      .selectFrom('escalations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('issued_at', '>=', new Date(`${period.from}T00:00:00+08:00`))
      .where('unit_id', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(signed.n)).toBeGreaterThan(0);
    expect(Number(issued.n)).toBeGreaterThan(0);
    const sum = (k: 'projectsSigned' | 'escalations') => rec.rows.reduce((s, r) => s + (r as unknown as Record<string, number>)[k], 0);
    expect(sum('projectsSigned')).toBe(Number(signed.n));
    expect(sum('escalations')).toBe(Number(issued.n));
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const res = await app.inject({ url: '/api/tracking/results?from=2024-12-31&to=2024-01-01', ...as.duban });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('from');
    const bad = await app.inject({ url: '/api/tracking/results?from=2024-02-30', ...as.duban });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('from');
  });

  it('exports the same rows as a workbook, in Chinese or English', async () => {
    const json = await record('duban', `by=unit&${YEAR}&plan=${planId}`);
    const res = await app.inject({ url: `/api/tracking/results.xlsx?by=unit&${YEAR}&plan=${planId}`, ...as.duban });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('实绩档案'));
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell(1, 1).value)).toBe('实绩档案（按单位）2024-01-01至2024-12-31');
    expect(ws.getRow(3).values).toContain('按时办结');
    const first = ws.getRow(4).values as unknown[];
    expect(first.slice(1, 9)).toEqual([1, json.rows[0].name, json.rows[0].led, expect.any(Number), json.rows[0].dueInPeriod, json.rows[0].closedOnTime, json.rows[0].closedLate, json.rows[0].overdue]);
    expect(ws.rowCount).toBe(3 + json.rows.length);
    const en = await app.inject({ url: `/api/tracking/results.xlsx?by=leader&${YEAR}&lang=en-US`, ...as.duban });
    await wb.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[wb.worksheets.length - 1].getRow(3).values).toContain('Tasks led');
  });
});
