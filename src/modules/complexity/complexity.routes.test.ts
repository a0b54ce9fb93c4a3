import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import { multipart } from '../../../test/multipart.ts';

const TABLE = readFileSync(new URL('../../../test/fixtures/real/complexity/global_exports.csv', import.meta.url));
const REFERENCE_PROXIMITY = readFileSync(new URL('../../../test/fixtures/real/complexity/oec_global_sections.proximity.csv', import.meta.url), 'utf8');
const QUERY = `loc=${encodeURIComponent('Country')}&prod=${encodeURIComponent('Section')}&val=${encodeURIComponent('Trade Value')}`;

let h: DatabaseHandle;
let app: FastifyInstance;
type Auth = { cookies: Record<string, string>; headers: Record<string, string> };
let duban: Auth;
let swj: Auth;


async function signIn(username: string): Promise<Auth> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
}

function upload(auth: Auth, query: string, fileName: string, content: Buffer) {
  const body = multipart(fileName, content, 'text/csv');
  return app.inject({ method: 'POST', url: `/api/complexity/analyses?${query}`, ...auth, headers: { ...auth.headers, ...body.headers }, payload: body.payload });
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  [duban, swj] = [await signIn('duban'), await signIn('swj')];
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('complexity over HTTP', () => {
  it('takes an upload, answers at once, and shows progress until the results are stored', async () => {
    const posted = await upload(duban, `${QUERY}&name=${encodeURIComponent('全球出口')}`, 'global_exports.csv', TABLE);
    expect([201, 202], posted.body).toContain(posted.statusCode);
    let analysis = posted.json();
    expect(analysis).toMatchObject({ name: '全球出口', source_name: 'global_exports.csv', abilities: expect.arrayContaining(['delete']) });
    for (let i = 0; analysis.status === 'running' && i < 600; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      analysis = (await app.inject({ url: `/api/complexity/analyses/${analysis.id}`, ...duban })).json();
      expect(analysis.progress).toBeGreaterThanOrEqual(0);
    }
    expect(analysis.status).toBe('done');
    expect(analysis.summary.periods[0]).toMatchObject({ locations: 226, products: 21 });

    const ranking = (await app.inject({ url: `/api/complexity/analyses/${analysis.id}/ranking`, ...swj })).json();
    expect(ranking.locations[0]).toMatchObject({ rank: 1, location: 'Chinese Taipei' });
    const location = encodeURIComponent('Angola');
    const profile = await app.inject({ url: `/api/complexity/analyses/${analysis.id}/profile?location=${location}`, ...swj });
    expect(profile.statusCode).toBe(200);
    expect(profile.json().products).toHaveLength(21);
    const top = (await app.inject({ url: `/api/complexity/analyses/${analysis.id}/opportunities?location=${location}&sort=cog&limit=5`, ...swj })).json();
    expect(top.items).toHaveLength(5);
    expect(top.method.note).toMatch(/atlas/);
    const chosen = top.items.slice(0, 2).map((p: { product: string }) => `product=${encodeURIComponent(p.product)}`).join('&');
    const file = await app.inject({ url: `/api/complexity/analyses/${analysis.id}/opportunities.xlsx?location=${location}&${chosen}`, ...swj });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await app.inject({ url: `/api/complexity/analyses/${analysis.id}/results.csv`, ...swj });
    expect(csv.body.split('\n', 1)[0]).toBe('Country,Section,Trade Value,year,diversity,ubiquity,mcp,eci,pci,density,coi,cog,rca');
    expect(csv.body.trimEnd().split('\n')).toHaveLength(226 * 21 + 1);
    // The ranking page's size threshold applies to the export: the same locations left out, and the file says so.
    const min = 1e10;
    const small = new Set<string>(ranking.locations.filter((l: { total: number }) => l.total < min).map((l: { location: string }) => l.location));
    expect(small.size).toBeGreaterThan(0);
    expect(small.size).toBeLessThan(226);
    const cut = await app.inject({ url: `/api/complexity/analyses/${analysis.id}/results.csv?minTotal=${min}`, ...swj });
    expect(cut.statusCode).toBe(200);
    expect(cut.headers['content-disposition']).toContain('min10000000000');
    const lines = cut.body.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# /);
    expect(lines[0]).toContain(`total >= ${min}`);
    expect(lines[0]).toContain(`: ${small.size})`);
    expect(lines[1]).toBe('Country,Section,Trade Value,year,diversity,ubiquity,mcp,eci,pci,density,coi,cog,rca');
    expect(lines).toHaveLength((226 - small.size) * 21 + 2);
    const written = new Set(lines.slice(2).map((line) => line.split(',')[0].replace(/"/g, '')));
    expect([...written].filter((l) => small.has(l))).toEqual([]);
    expect(written.size).toBe(226 - small.size);
    expect((await app.inject({ url: `/api/complexity/analyses/${analysis.id}/results.csv?minTotal=-1`, ...swj })).statusCode).toBe(400);
    // The product space as a table: every ordered pair of the 21 sections once, as the reference lists them.
    const proximity = await app.inject({ url: `/api/complexity/analyses/${analysis.id}/proximity.csv`, ...swj });
    expect(proximity.statusCode).toBe(200);
    const pairs = proximity.body.trimEnd().split('\n');
    expect(pairs[0]).toBe('year,Section_1,Section_2,proximity');
    expect(pairs).toHaveLength(21 * 20 + 1);
    const reference = new Map<string, number>(
      REFERENCE_PROXIMITY.trimEnd().split('\n').slice(1).map((line) => {
        const [, a, b, value] = line.split(',');
        return [`${a}|${b}`, Number(value)] as const;
      }),
    );
    expect(reference.size).toBe(21 * 20);
    const sectionId = new Map(
      TABLE.toString('utf8').trimEnd().split('\n').slice(1).map((line) => {
        const cells = line.split(',');
        return [cells[3], cells[2]] as const;
      }),
    );
    let worst = 0;
    for (const line of pairs.slice(1)) {
      const cells = line.split(',');
      const value = Number(cells.at(-1));
      const key = `${sectionId.get(cells[1].replace(/"/g, ''))}|${sectionId.get(cells[2].replace(/"/g, ''))}`;
      worst = Math.max(worst, Math.abs(value - reference.get(key)!));
    }
    expect(worst).toBeLessThan(1e-9);

    // Only the creator (or an administrator) deletes.
    expect((await app.inject({ method: 'DELETE', url: `/api/complexity/analyses/${analysis.id}`, ...swj })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/complexity/analyses/${analysis.id}`, ...duban })).statusCode).toBe(204);
    expect((await app.inject({ url: `/api/complexity/analyses/${analysis.id}`, ...duban })).statusCode).toBe(404);
  });

  it('shows a label column beside the key column: the ranking names the country, the code stays its identity', async () => {
    const query = `loc=${encodeURIComponent('Country ID')}&label=Country&prod=${encodeURIComponent('Section')}&val=${encodeURIComponent('Trade Value')}&wait=30000`;
    const analysis = (await upload(duban, query, 'global_exports.csv', TABLE)).json();
    expect(analysis.status).toBe('done');
    expect(analysis.options.columns).toMatchObject({ loc: 'Country ID', label: 'Country' });
    const ranking = (await app.inject({ url: `/api/complexity/analyses/${analysis.id}/ranking`, ...swj })).json();
    expect(ranking.locations[0]).toMatchObject({ rank: 1, location: 'asxxb', label: 'Chinese Taipei' });
    expect(ranking.locations.find((l: { location: string }) => l.location === 'afago').label).toBe('Angola');
    const profile = await app.inject({ url: `/api/complexity/analyses/${analysis.id}/profile?location=afago`, ...swj });
    expect(profile.statusCode).toBe(200);
    const missing = await upload(duban, query.replace('label=Country', 'label=Name'), 'global_exports.csv', TABLE);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0]).toMatchObject({ field: 'Name', line: 1 });
    expect((await app.inject({ method: 'DELETE', url: `/api/complexity/analyses/${analysis.id}`, ...duban })).statusCode).toBe(204);
  });

  it('refuses a bad table with 400 naming the line, and stores nothing', async () => {
    const before = (await app.inject({ url: '/api/complexity/analyses', ...duban })).json().length;
    const broken = Buffer.from(TABLE.toString('utf8').replace('Animal Products,159909367', 'Animal Products,-5'));
    const res = await upload(duban, QUERY, 'broken.csv', broken);
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('第 2 行');
    expect(error.details).toEqual([{ field: 'Trade Value', line: 2, message: expect.stringContaining('negative'), zh: expect.any(String), en: expect.stringContaining('negative') }]);
    const missing = await upload(duban, 'loc=Country&prod=Section', 'x.csv', TABLE);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toBe('val');
    expect((await app.inject({ url: '/api/complexity/analyses', ...duban })).json()).toHaveLength(before);
  });

  it('answers 401 to the public and 409 for the results of a run that failed', async () => {
    expect((await app.inject({ url: '/api/complexity/analyses' })).statusCode).toBe(401);
    const flat = Buffer.from('loc,prod,val\na,x,1\na,y,2\nb,x,2\nb,y,4\n');
    const failed = (await upload(duban, 'loc=loc&prod=prod&val=val&wait=30000', 'flat.csv', flat)).json();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/无法计算/);
    const res = await app.inject({ url: `/api/complexity/analyses/${failed.id}/ranking`, ...duban });
    expect(res.statusCode).toBe(409);
  });
});
