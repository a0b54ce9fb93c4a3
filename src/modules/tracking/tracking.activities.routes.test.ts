import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let fgwUnit: string;
let miitUnit: string;
/** A task 市发展改革委 leads that 市工业和信息化局 has no part in. */
let taskId: string;
type Auth = { cookies: Record<string, string>; headers: Record<string, string> };
const as: Record<string, Auth> = {};

async function login(username: string): Promise<Auth> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  for (const u of ['duban', 'fgw', 'gxj', 'swj']) as[u] = await login(u);
  fgwUnit = (await h.db.selectFrom('units').select('id').where('short_name', '=', '市发展改革委').executeTakeFirstOrThrow()).id;
  miitUnit = (await h.db.selectFrom('units').select('id').where('short_name', '=', '市工业和信息化局').executeTakeFirstOrThrow()).id;
  const led = await h.db.selectFrom('task_units').select('task_id').where('region_code', '=', '120000').where('unit_id', '=', fgwUnit).where('role', '=', 'lead').execute();
  const withMiit = new Set((await h.db.selectFrom('task_units').select('task_id').where('region_code', '=', '120000').where('unit_id', '=', miitUnit).execute()).map((r) => r.task_id));
  taskId = led.map((r) => r.task_id).find((id) => !withMiit.has(id))!;
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

const url = () => `/api/tasks/${taskId}/activities`;
const meeting = { kind: 'meeting', title: '项目用地协调会', heldOn: '2026-11-20', participants: '市发展改革委、市规划资源局', outcome: '明确用地指标和时限' };

describe('activities (专题学习、调研、协调会) over HTTP', () => {
  it('the lead unit’s editor records a 协调会; it is listed, in the task’s timeline data and on the unit’s page, and audited', async () => {
    const held = (await app.inject({ url: `/api/units/${fgwUnit}/tracking-page`, ...as.fgw })).json().activities.count as number; // the demo's own
    const res = await app.inject({ method: 'POST', url: url(), payload: meeting, ...as.fgw });
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json();
    expect(made).toMatchObject({ kind: 'meeting', title: '项目用地协调会', heldOn: '2026-11-20', unitId: fgwUnit, unitName: '市发展改革委', outcome: '明确用地指标和时限', canDelete: true });

    const list = await app.inject({ url: url(), ...as.swj });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ canRecord: false, units: [], activities: [{ id: made.id, kind: 'meeting', participants: '市发展改革委、市规划资源局', canDelete: false }] });
    // Whom each may record for: the lead unit's editor its own unit; the supervision office any of the task's units, the lead first.
    expect((await app.inject({ url: url(), ...as.fgw })).json().units).toEqual([{ unitId: fgwUnit, name: '市发展改革委', role: 'lead' }]);
    const forOffice = (await app.inject({ url: url(), ...as.duban })).json().units as { unitId: string; role: string }[];
    expect(forOffice[0]).toEqual({ unitId: fgwUnit, name: '市发展改革委', role: 'lead' });
    expect(forOffice.length).toBe(1 + (await h.db.selectFrom('task_units').select('unit_id').where('region_code', '=', '120000').where('task_id', '=', taskId).where('role', '=', 'co').where('unit_id', 'is not', null).execute()).length);

    const reports = await app.inject({ url: `/api/tasks/${taskId}/reports`, ...as.fgw });
    expect(reports.statusCode).toBe(200);
    expect(reports.json().activities).toEqual([expect.objectContaining({ id: made.id, kind: 'meeting', heldOn: '2026-11-20' })]);

    const unit = await app.inject({ url: `/api/units/${fgwUnit}/tracking-page`, ...as.fgw });
    expect(unit.statusCode, unit.body).toBe(200);
    expect(unit.json().activities.count).toBe(held + 1);
    expect(unit.json().activities.latest).toContainEqual(expect.objectContaining({ id: made.id, title: '项目用地协调会', kind: 'meeting' }));

    const audit = await h.db.selectFrom('audit_log').select(['summary']).where('entity', '=', 'activity').where('entity_id', '=', made.id).execute();
    expect(audit.map((a) => a.summary)).toEqual([expect.stringContaining('协调会「项目用地协调会」')]);
  });

  it('refuses another unit’s editor and a viewer; a supervisor may record', async () => {
    expect((await app.inject({ method: 'POST', url: url(), payload: meeting, ...as.gxj })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: url(), payload: meeting, ...as.swj })).statusCode).toBe(403);
    // An editor may not record for a unit not their own, even one the task names.
    const other = await app.inject({ method: 'POST', url: url(), payload: { ...meeting, unitId: miitUnit }, ...as.fgw });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.details.map((d: { field: string }) => d.field)).toEqual(['unitId']);
    const byOffice = await app.inject({ method: 'POST', url: url(), payload: { ...meeting, kind: 'research', title: '督查室实地调研' }, ...as.duban });
    expect(byOffice.statusCode, byOffice.body).toBe(201);
    expect(byOffice.json()).toMatchObject({ unitId: fgwUnit, kind: 'research' });
  });

  it('names the field of bad input and saves nothing', async () => {
    const before = (await app.inject({ url: url(), ...as.fgw })).json().activities.length;
    const tomorrow = new Date(Date.parse(`${chinaDay()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const cases: [Record<string, unknown>, string[], RegExp][] = [
      [{ ...meeting, kind: 'party' }, ['kind'], /活动类别/],
      [{ ...meeting, title: '  ' }, ['title'], /活动主题/],
      [{ ...meeting, heldOn: '2026-02-30' }, ['heldOn'], /有效日期/],
      [{ ...meeting, heldOn: tomorrow }, ['heldOn'], /不能晚于今天/],
      [{ ...meeting, outcome: '成'.repeat(5001) }, ['outcome'], /活动成果过长/],
      [{ ...meeting, participants: '人'.repeat(1001), title: '' }, ['title', 'participants'], /参加人员过长/],
    ];
    for (const [payload, fields, message] of cases) {
      const res = await app.inject({ method: 'POST', url: url(), payload, ...as.fgw });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(fields);
      expect(res.json().error.message).toMatch(message);
    }
    expect((await app.inject({ url: url(), ...as.fgw })).json().activities.length).toBe(before);
  });

  it('is removed by the one who recorded it or a supervisor, not by others', async () => {
    const made = (await app.inject({ method: 'POST', url: url(), payload: { ...meeting, kind: 'study', title: '专题学习会' }, ...as.fgw })).json();
    const bySwj = await app.inject({ method: 'DELETE', url: `/api/activities/${made.id}`, ...as.swj });
    expect(bySwj.statusCode, bySwj.body).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/activities/${made.id}`, ...as.gxj })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/activities/${made.id}`, ...as.fgw })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/activities/${made.id}`, ...as.fgw })).statusCode).toBe(404);
    const again = (await app.inject({ method: 'POST', url: url(), payload: { ...meeting, kind: 'study', title: '第二次专题学习' }, ...as.fgw })).json();
    expect((await app.inject({ method: 'DELETE', url: `/api/activities/${again.id}`, ...as.duban })).statusCode).toBe(200);
  });
});
