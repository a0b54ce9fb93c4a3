import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import { multipart } from '../../../test/multipart.ts';

const HOSTILE = ['=HYPERLINK("http://evil.example","点我")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3'];

let h: DatabaseHandle;
let app: FastifyInstance;
let auth: { cookies: Record<string, string>; headers: Record<string, string> };

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'duban', password: DEMO_PASSWORD } });
  auth = { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

/** A small exports table whose location and product names are spreadsheet formulas. */
function hostileTable(): Buffer {
  const locations = [...HOSTILE, '天津', '河北'];
  const products = ['=1+1', 'steel', 'cars', '@x', 'rice'];
  const lines = ['loc,prod,val'];
  locations.forEach((l, i) =>
    products.forEach((p, j) => lines.push(`"${l.replace(/"/g, '""')}",${p},${((i * 7 + j * 3) % 5) * 100 + (i === j ? 900 : 10)}`)),
  );
  return Buffer.from(lines.join('\n') + '\n');
}

/** The cells of a CSV line, as a spreadsheet reads them (quotes removed). */
function cells(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
    if (m.index === line.length && m[1] === '' && out.length > 0 && !line.endsWith(',')) break;
    out.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
    if (m[2] === '') break;
  }
  return out;
}

describe('CSV exports neutralise formulas', () => {
  it('writes no cell of results.csv or opportunities.csv that a spreadsheet would run as a formula', async () => {
    const upload = multipart('hostile.csv', hostileTable(), 'text/csv');
    const posted = await app.inject({
      method: 'POST',
      url: `/api/complexity/analyses?loc=loc&prod=prod&val=val&name=hostile`,
      ...auth,
      headers: { ...auth.headers, ...upload.headers },
      payload: upload.payload,
    });
    expect([201, 202], posted.body).toContain(posted.statusCode);
    let analysis = posted.json();
    for (let i = 0; analysis.status === 'running' && i < 600; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      analysis = (await app.inject({ url: `/api/complexity/analyses/${analysis.id}`, ...auth })).json();
    }
    expect(analysis.status, JSON.stringify(analysis)).toBe('done');

    const csv = (await app.inject({ url: `/api/complexity/analyses/${analysis.id}/results.csv`, ...auth })).body;
    const rows = csv.trimEnd().split('\n').slice(1).map(cells);
    expect(rows.length).toBe(6 * 5);
    const names = new Set(rows.flatMap((r) => [r[0], r[1]]));
    for (const name of [...HOSTILE, '=1+1', '@x']) {
      expect(names).not.toContain(name);
      expect(names).toContain(`'${name}`);
    }
    expect(names).toContain('天津');
    // Numbers stay numbers: every value, ECI and RCA cell parses as one.
    expect(rows.every((r) => r.slice(2).every((c) => c === '' || Number.isFinite(Number(c))))).toBe(true);

    const location = encodeURIComponent(HOSTILE[0]);
    const top = await app.inject({ url: `/api/complexity/analyses/${analysis.id}/opportunities.csv?location=${location}&limit=5`, ...auth });
    expect(top.statusCode, top.body).toBe(200);
    const formulas = top.body.replace(/^\ufeff/, '').trimEnd().split('\n').flatMap(cells).filter((c) => /^[=+@]/.test(c) || /^-\D/.test(c));
    expect(formulas).toEqual([]);
  });
});
