import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../../test/multipart.ts';
import { openTestDatabase } from '../../../test/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
type Auth = { cookies: Record<string, string>; headers: Record<string, string> };
let fgw: Auth;
let swj: Auth;

async function signIn(username: string): Promise<Auth> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  [fgw, swj] = [await signIn('fgw'), await signIn('swj')];
}, 240_000);
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('cluster routes', () => {
  it('serve the demo clusters to everyone signed in and their changes to the chain office only', async () => {
    const list = await app.inject({ url: '/api/atlas/clusters', ...swj });
    expect(list.statusCode, list.body).toBe(200);
    const robots = list.json().find((c: { name: string }) => c.name === '雄安新区智能机器人产业集群');
    expect(robots).toMatchObject({ level: 'cultivating', canEdit: false, zones: [{ name: '雄安新区' }, { name: '保定国家高新技术产业开发区' }] });
    const detail = await app.inject({ url: `/api/atlas/clusters/${robots.id}?confirmedOnly=true`, ...swj });
    expect(detail.json()).toMatchObject({ confirmedOnly: true, counted: { en: 'Only confirmed enterprise–segment links are counted' } });
    expect(detail.json().chainFigures[0].missing.map((s: { name: string }) => s.name)).toContain('精密减速器');
    const zones = (await app.inject({ url: '/api/atlas/zones', ...fgw })).json();
    expect(zones.find((z: { name: string }) => z.name === '雄安新区')).toMatchObject({ kind: 'new_area', canEdit: true, clusters: [{ name: '雄安新区智能机器人产业集群' }] });

    const body = { name: '路由测试集群', regionCode: '130000', level: 'provincial', chainIds: robots.chains.map((c: { id: string }) => c.id), zoneIds: [robots.zones[0].id] };
    expect((await app.inject({ method: 'POST', url: '/api/atlas/clusters', ...swj, payload: body })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/atlas/clusters', ...fgw, payload: { ...body, regionCode: '1300', zoneIds: ['00000000-0000-4000-8000-000000000001'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(['regionCode', 'zoneIds[0]']);
    const badLevel = await app.inject({ method: 'POST', url: '/api/atlas/clusters', ...fgw, payload: { ...body, level: '世界级' } });
    expect(badLevel.statusCode).toBe(400);
    const made = await app.inject({ method: 'POST', url: '/api/atlas/clusters', ...fgw, payload: body });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toMatchObject({ name: '路由测试集群', regionName: '河北省', zoneFigures: [{ name: '雄安新区' }] });
    expect((await app.inject({ method: 'DELETE', url: `/api/atlas/clusters/${made.json().id}`, ...fgw })).json()).toEqual({ ok: true });
    expect((await app.inject({ url: `/api/atlas/clusters/${made.json().id}`, ...swj })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/atlas/clusters/not-an-id', ...swj })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/atlas/clusters' })).statusCode).toBe(401);
  });

  it('export a file that the import reads back unchanged (a dry run)', async () => {
    const file = await app.inject({ url: '/api/atlas/clusters/export', ...swj });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('clusters.json');
    const parsed = file.json();
    expect(parsed.clusters.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['天津滨海新区氢能产业集群', '中关村集成电路设计产业集群', '雄安新区智能机器人产业集群']));
    const dry = await app.inject({ method: 'POST', url: '/api/atlas/clusters/import?dryRun=true', ...fgw, payload: parsed });
    expect(dry.json()).toEqual({ dryRun: true, zones: { created: 0, updated: parsed.zones.length }, clusters: { created: 0, updated: parsed.clusters.length } });
    expect((await app.inject({ method: 'POST', url: '/api/atlas/clusters/import', ...swj, payload: parsed })).statusCode).toBe(403);
  });

  it('serve a demo cluster’s indicators and readiness, import a table over HTTP after a dry run and export it', async () => {
    const list = (await app.inject({ url: '/api/atlas/clusters', ...swj })).json();
    const ic = list.find((c: { name: string }) => c.name === '中关村集成电路设计产业集群');
    const series = await app.inject({ url: `/api/atlas/clusters/${ic.id}/indicators`, ...swj });
    expect(series.statusCode, series.body).toBe(200);
    const output = series.json().values.filter((v: { indicator: string }) => v.indicator === 'output');
    expect(output.map((v: { year: number; source: string }) => [v.year, v.source])).toEqual([
      [2023, '示例数据（演示，非统计数据）'],
      [2024, '示例数据（演示，非统计数据）'],
      [2025, '示例数据（演示，非统计数据）'],
    ]);
    expect(series.json().computed.map((c: { indicator: string }) => c.indicator)).toEqual(['enterprises', 'leading', 'specialised']);

    const ready = (await app.inject({ url: `/api/atlas/clusters/${ic.id}/readiness`, ...swj })).json();
    expect(ready).toMatchObject({ target: 'national', illustrative: true });
    expect(ready.items.find((i: { criterion: string }) => i.criterion === 'promotion_body')).toMatchObject({ status: 'met' });

    const table = multipart('指标.csv', '指标,年份,数值\n产值,2026,1400\n', 'text/csv');
    expect((await app.inject({ method: 'POST', url: `/api/atlas/clusters/${ic.id}/indicators/import`, ...swj, headers: { ...swj.headers, ...table.headers }, payload: table.payload })).statusCode).toBe(403);
    const dry = await app.inject({ method: 'POST', url: `/api/atlas/clusters/${ic.id}/indicators/import?dryRun=true`, ...fgw, headers: { ...fgw.headers, ...table.headers }, payload: table.payload });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, added: 1, changes: [{ row: 2, indicator: 'output', year: 2026, before: null, after: 1400, kind: 'add' }] });
    const bad = multipart('坏.csv', '指标,年份,数值\n产值,2026,很多\n', 'text/csv');
    const refused = await app.inject({ method: 'POST', url: `/api/atlas/clusters/${ic.id}/indicators/import`, ...fgw, headers: { ...fgw.headers, ...bad.headers }, payload: bad.payload });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toMatchObject([{ row: 2, field: 'value' }]);

    const file = await app.inject({ url: `/api/atlas/clusters/${ic.id}/indicators.xlsx`, ...swj });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const back = multipart('back.xlsx', file.rawPayload, 'application/octet-stream');
    const again = await app.inject({ method: 'POST', url: `/api/atlas/clusters/${ic.id}/indicators/import?dryRun=true`, ...fgw, headers: { ...fgw.headers, ...back.headers }, payload: back.payload });
    expect(again.json()).toMatchObject({ added: 0, changed: 0, unchanged: series.json().values.length });
  });
});
