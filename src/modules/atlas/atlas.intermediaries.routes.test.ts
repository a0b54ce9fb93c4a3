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
const withFile = (auth: Auth, file: ReturnType<typeof multipart>) => ({ cookies: auth.cookies, payload: file.payload, headers: { ...auth.headers, ...file.headers } });

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  [fgw, swj] = [await signIn('fgw'), await signIn('swj')];
}, 240_000);
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('intermediary routes', () => {
  it('serve the list, one intermediary and an enterprise’s memberships to everyone signed in', async () => {
    const list = await app.inject({ url: '/api/atlas/intermediaries?kind=alliance', ...swj });
    expect(list.statusCode, list.body).toBe(200);
    const alliance = list.json().find((i: { name: string }) => i.name === '天津市氢能产业联盟（示例）');
    expect(alliance).toMatchObject({ kind: 'alliance', kindName: { zh: '产业联盟' }, regionName: expect.any(String), canEdit: false, website: null });
    const detail = (await app.inject({ url: `/api/atlas/intermediaries/${alliance.id}`, ...swj })).json();
    const president = detail.members[0];
    expect(president).toMatchObject({ role: 'president', roleName: { zh: '会长', en: 'President' }, enterprise: { name: expect.stringContaining('示例') } });
    const memberships = await app.inject({ url: `/api/atlas/intermediaries/memberships?uscc=${president.uscc}`, ...swj });
    expect(memberships.json().map((m: { intermediary: { name: string } }) => m.intermediary.name)).toContain('天津市氢能产业联盟（示例）');
    expect((await app.inject({ url: '/api/atlas/intermediaries/memberships?uscc=123', ...swj })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/atlas/intermediaries' })).statusCode).toBe(401);
  });

  it('let the keepers create and import members from a file, refusing others and a bad file as a whole', async () => {
    const body = { name: '测试路由商会（示例）', kind: 'association', regionCode: '120116', contact: '秘书处' };
    expect((await app.inject({ method: 'POST', url: '/api/atlas/intermediaries', payload: body, ...swj })).statusCode).toBe(403);
    const created = await app.inject({ method: 'POST', url: '/api/atlas/intermediaries', payload: body, ...fgw });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id as string;
    const members = await h.db.selectFrom('atlas_enterprises').select('uscc').where('region_code', '=', '120116').where('uscc', 'is not', null).orderBy('uscc').limit(2).execute();
    const [a, b] = members.map((m) => m.uscc!);
    const bad = multipart('会员.csv', `企业,统一社会信用代码,职务\n甲,${a},会长\n乙,${b},顾问\n`, 'text/csv');
    const refused = await app.inject({ method: 'POST', url: `/api/atlas/intermediaries/${id}/members/import`, ...withFile(fgw, bad) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([expect.objectContaining({ field: 'role', row: 3, zh: expect.stringContaining('第 3 行：职务「顾问」无法识别') })]);
    expect((await app.inject({ url: `/api/atlas/intermediaries/${id}`, ...fgw })).json().members).toEqual([]);
    const good = multipart('会员.csv', `企业,统一社会信用代码,职务\n甲,${a},会长\n乙,${b},\n`, 'text/csv');
    expect((await app.inject({ method: 'POST', url: `/api/atlas/intermediaries/${id}/members/import`, ...withFile(swj, good) })).statusCode).toBe(403);
    const done = await app.inject({ method: 'POST', url: `/api/atlas/intermediaries/${id}/members/import`, ...withFile(fgw, good) });
    expect(done.json()).toEqual({ dryRun: false, rows: 2, added: 2, updated: 0 });
    const after = (await app.inject({ url: `/api/atlas/intermediaries/${id}`, ...fgw })).json();
    expect(after.members.map((m: { uscc: string; role: string }) => [m.uscc, m.role])).toEqual([
      [a, 'president'],
      [b, 'member'],
    ]);
    // Adding 甲 again as a 会员 is refused (409) under its code, naming the role it keeps; PATCH changes it on purpose.
    const again = await app.inject({ method: 'POST', url: `/api/atlas/intermediaries/${id}/members`, payload: { uscc: a, role: 'member' }, ...fgw });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toEqual([expect.objectContaining({ field: 'uscc', zh: '已是会员（会长）；如需更改职务请编辑' })]);
    expect((await app.inject({ method: 'PATCH', url: `/api/atlas/intermediaries/${id}/members/${a}`, payload: { role: 'director' }, ...swj })).statusCode).toBe(403);
    const patched = await app.inject({ method: 'PATCH', url: `/api/atlas/intermediaries/${id}/members/${a}`, payload: { role: 'director' }, ...fgw });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().members.find((m: { uscc: string }) => m.uscc === a).role).toBe('director');
    const removed = await app.inject({ method: 'DELETE', url: `/api/atlas/intermediaries/${id}/members/${b}`, ...fgw });
    expect(removed.json().members).toHaveLength(1);
  });

  it('answer a chain’s 对接渠道 with each gap in the 堵点 page’s order', async () => {
    const chain = await h.db.selectFrom('atlas_chains').select('id').where('region_code', '=', '000000').where('key', '=', 'demo-hydrogen').executeTakeFirstOrThrow();
    const [gaps, channels] = await Promise.all([
      app.inject({ url: `/api/atlas/chains/${chain.id}/gaps?candidates=5`, ...swj }),
      app.inject({ url: `/api/atlas/chains/${chain.id}/gap-channels`, ...swj }),
    ]);
    expect(channels.statusCode, channels.body).toBe(200);
    expect(channels.json().gaps.map((g: { segmentKey: string }) => g.segmentKey)).toEqual(gaps.json().gaps.map((g: { segment: { key: string } }) => g.segment.key));
    const channel = channels.json().gaps.flatMap((g: { channels: unknown[] }) => g.channels)[0];
    expect(channel).toMatchObject({ intermediary: { name: expect.stringContaining('（示例）'), contact: expect.any(String) }, members: [{ name: expect.any(String), roleName: { zh: expect.any(String) } }] });
  });
});
