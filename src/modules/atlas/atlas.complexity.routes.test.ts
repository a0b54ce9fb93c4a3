import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import { importChain } from './atlas.chains.service.ts';
import { addEnterprise } from './atlas.analysis.test-helpers.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let chainId: string;
type Auth = { cookies: Record<string, string>; headers: Record<string, string> };

async function signIn(username: string): Promise<Auth> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return { cookies: { luoshi_session: res.cookies[0]!.value }, headers: { 'x-csrf-token': res.json().csrfToken } };
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  const fgw = await contextAs(h, 'fgw');
  const file = JSON.parse(fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8')) as { chain: { id: string } };
  file.chain.id = 'complexity-routes-ic';
  chainId = (await importChain(fgw, file)).chain.id;
  const link = (segment: string) => [{ chainId, segment }];
  await addEnterprise(h.db, { region: '120116', name: '滨海路由甲芯片有限公司', founded: '2020-01-01', links: link('ic.design.processor') });
  await addEnterprise(h.db, { region: '120116', name: '滨海路由乙硅片有限公司', founded: '2020-01-01', links: link('ic.materials.wafer') });
  await addEnterprise(h.db, { region: '110108', name: '海淀路由丙芯片有限公司', founded: '2020-01-01', links: link('ic.design.processor') });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('POST /api/atlas/complexity/analyses', () => {
  it('builds the table, computes it and answers with where it came from; the analysis reads back the same', async () => {
    const fgw = await signIn('fgw');
    const res = await app.inject({ method: 'POST', url: '/api/atlas/complexity/analyses', ...fgw, payload: { chainId, by: 'segment', measure: 'count', year: 2025, level: 'province', wait: 30_000 } });
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json();
    expect(made).toMatchObject({ status: 'done', source_name: '产业链图谱：集成电路', source: { kind: 'atlas', chainId, by: 'segment', measure: 'count', year: 2025, level: 'province', products: { 处理器芯片: 'ic.design.processor', 硅片: 'ic.materials.wafer' } } });
    const read = await app.inject({ method: 'GET', url: `/api/complexity/analyses/${made.id}`, ...fgw });
    expect(read.json().source).toEqual(made.source);
  });

  it('says why a table is too small, offers no revenue measure, and refuses a viewer', async () => {
    const fgw = await signIn('fgw');
    const small = await app.inject({ method: 'POST', url: '/api/atlas/complexity/analyses', ...fgw, payload: { chainId, by: 'segment', measure: 'count', year: 2025, level: 'province', regions: '110000' } });
    expect(small.statusCode).toBe(400);
    expect(small.json().error.message).toContain('数据太少');
    const revenue = await app.inject({ method: 'POST', url: '/api/atlas/complexity/analyses', ...fgw, payload: { chainId, by: 'segment', measure: 'revenue', year: 2025, level: 'province' } });
    expect(revenue.statusCode).toBe(400);
    const swj = await signIn('swj');
    const viewer = await app.inject({ method: 'POST', url: '/api/atlas/complexity/analyses', ...swj, payload: { chainId, by: 'segment', measure: 'count', year: 2025, level: 'province' } });
    expect(viewer.statusCode).toBe(403);
  });
});
