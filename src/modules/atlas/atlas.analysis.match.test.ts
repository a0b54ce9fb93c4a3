import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { importChain } from './atlas.chains.service.ts';
import { matchEnterprise } from './atlas.analysis.service.ts';
import { matchPoints } from './atlas.analysis.domain.ts';
import { addEnterprise } from './atlas.analysis.test-helpers.ts';
import { addLink, decideLink } from './atlas.directory.service.ts';
import type { Evidence, LinkDecision, SizeBand } from './atlas.tables.ts';

// 成龙配套 is scored and cut to the page in SQL from the links' copies of their enterprises' places and points
// (migration 0028), a radius at a time. These tests hold it to the whole ranking, and the copies to their writes.

let h: DatabaseHandle;
let fgw: ServiceContext;
let chainId: string;
let fab: { id: string; uscc: string };

const REGIONS = ['120116', '120104', '110108', '130600', '133100', '310000', '440300', '320500', '510100'];
const SIZES: (SizeBand | undefined)[] = ['large', 'medium', 'small', 'micro', undefined];
const EVIDENCE: Evidence[] = ['strong', 'medium', 'weak'];
const SUPPLIER_SEGMENTS = ['ic.materials.gas', 'ic.materials.wafer', 'ic.equipment.etch', 'ic.design.processor', 'ic.eda'];

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  const file = JSON.parse(fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8')) as { chain: { id: string } };
  file.chain.id = 'match-ic';
  chainId = (await importChain(fgw, file)).chain.id;
  // Cities far away, outside the shipped regions (the atlas demo adds the Bay Area cities the same way).
  for (const [code, name, province, provinceName] of [['440300', '深圳市', '440000', '广东省'], ['510100', '成都市', '510000', '四川省'], ['320500', '苏州市', '320000', '江苏省']] as const) {
    await h.db.insertInto('regions').values({ code: province, name: provinceName, level: 'province', parent_code: null }).onConflict((oc) => oc.doNothing()).execute();
    await h.db.insertInto('regions').values({ code, name, level: 'prefecture', parent_code: province }).onConflict((oc) => oc.doNothing()).execute();
  }
  fab = await addEnterprise(h.db, { region: '120116', name: '滨海排名测试晶圆有限公司', lat: 39.03, lng: 117.7, links: [{ chainId, segment: 'ic.manufacturing' }] });
  // Suppliers near and far, with coordinates (some a few km away, some in Shenzhen or Chengdu) or only a district,
  // every mix of evidence, tags and size; some uncertain, some rejected, some linked to two segments.
  for (let i = 0; i < 90; i++) {
    const region = REGIONS[i % REGIONS.length]!;
    const far = region === '440300' || region === '510100';
    const coords = i % 3 === 0 ? (far ? { lat: 22.5 + (i % 5) * 0.4, lng: 114 - (i % 4) * 2 } : { lat: 39.03 + ((i % 9) - 4) * 0.15, lng: 117.7 - (i % 6) * 0.35 }) : {};
    const tags = [...(i % 5 === 0 ? ['链主/龙头'] : []), ...(i % 4 === 0 ? ['专精特新'] : []), ...(i % 7 === 0 ? ['上市'] : [])];
    const decision: LinkDecision = i % 13 === 0 ? 'rejected' : i % 4 === 1 ? 'uncertain' : 'confirmed';
    const links = [{ chainId, segment: SUPPLIER_SEGMENTS[i % SUPPLIER_SEGMENTS.length]!, decision, evidence: EVIDENCE[i % 3]! }];
    if (i % 8 === 0) links.push({ chainId, segment: SUPPLIER_SEGMENTS[(i + 2) % SUPPLIER_SEGMENTS.length]!, decision: 'confirmed', evidence: EVIDENCE[(i + 1) % 3]! });
    await addEnterprise(h.db, { region, name: `配套排名测试${String(i).padStart(2, '0')}号有限公司`, tags, size: SIZES[i % SIZES.length], ...coords, links });
  }
}, 120_000);
afterAll(async () => h?.close());

describe('成龙配套 ranked in SQL', () => {
  it('gives any page the head of the whole ranking, however far the best lie', async () => {
    const all = await matchEnterprise(fgw, fab.uscc, { limit: 500 });
    expect(all.suppliers.length).toBeGreaterThan(60);
    expect(all.suppliers.some((s) => s.name.includes('排名测试晶圆'))).toBe(false);
    // Ranked by score, then distance; rejected links left out.
    for (let i = 1; i < all.suppliers.length; i++) {
      const [a, b] = [all.suppliers[i - 1]!, all.suppliers[i]!];
      expect(a.score > b.score || (a.score === b.score && (a.km ?? 1e9) <= (b.km ?? 1e9))).toBe(true);
    }
    expect(all.suppliers.every((s) => s.decision !== 'rejected')).toBe(true);
    expect(all.suppliers.some((s) => s.km !== null && s.km > 1500)).toBe(true);
    for (const limit of [1, 5, 12, 30, 60]) {
      const page = await matchEnterprise(fgw, fab.uscc, { limit });
      expect(page.suppliers).toEqual(all.suppliers.slice(0, limit));
      expect(page.customers).toEqual(all.customers.slice(0, limit));
    }
  });

  it('keeps one line per enterprise, from its best link', async () => {
    const all = await matchEnterprise(fgw, fab.uscc, { limit: 500 });
    const names = all.suppliers.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    // Linked weakly to a design segment and strongly to a materials one: the line is the strong link's.
    expect(all.suppliers.find((s) => s.name === '配套排名测试08号有限公司')).toMatchObject({ segment: { key: 'ic.materials.gas' }, evidence: 'strong' });
  });
});

describe('the links’ copies of places and points', () => {
  const linkRow = (regionCode: string, enterpriseId: string, segmentKey: string) =>
    h.db.selectFrom('atlas_enterprise_segments').select(['lat', 'lng', 'match_points', 'decision']).where('region_code', '=', regionCode).where('enterprise_id', '=', enterpriseId).where('segment_key', '=', segmentKey).executeTakeFirstOrThrow();

  it('a link added by hand carries the district centre and points; its decisions count at once', async () => {
    const e = await addEnterprise(h.db, { region: '120104', name: '南开新增关联测试有限公司', tags: ['链主/龙头', '上市'], size: 'large', links: [] });
    await addLink(fgw, '120104', e.id, { chainId, segmentKey: 'ic.materials.cmp', evidence: 'strong', source: '走访', asOf: '2026-10-01', decision: 'uncertain' });
    const row = await linkRow('120104', e.id, 'ic.materials.cmp');
    expect(row.match_points).toBe(matchPoints({ evidence: 'strong', tags: ['链主/龙头', '上市'], sizeBand: 'large' }));
    expect(row.lat).toBeCloseTo(39.1, 0);
    expect(row.lng).toBeCloseTo(117.16, 0);
    const first = (await matchEnterprise(fgw, fab.uscc, { limit: 3 })).suppliers;
    expect(first.map((s) => s.name)).toContain('南开新增关联测试有限公司');
    expect(first.find((s) => s.name === '南开新增关联测试有限公司')).toMatchObject({ located: 'centroid_district', band: 'same_city', decision: 'uncertain' });
    await decideLink(fgw, { regionCode: '120104', enterpriseId: e.id, chainId, segmentKey: 'ic.materials.cmp' }, { decision: 'rejected' });
    expect((await matchEnterprise(fgw, fab.uscc, { limit: 500 })).suppliers.map((s) => s.name)).not.toContain('南开新增关联测试有限公司');
    await decideLink(fgw, { regionCode: '120104', enterpriseId: e.id, chainId, segmentKey: 'ic.materials.cmp' }, { decision: 'confirmed' });
    expect((await matchEnterprise(fgw, fab.uscc, { limit: 3 })).suppliers.find((s) => s.name === '南开新增关联测试有限公司')?.decision).toBe('confirmed');
  });

  it('a link written straight into the table (before the migration, or by a bulk load) is filled before it is matched', async () => {
    const e = await addEnterprise(h.db, { region: '120116', name: '滨海直写关联测试有限公司', lat: 39.04, lng: 117.71, tags: ['专精特新'], size: 'medium', links: [] });
    await h.db
      .insertInto('atlas_enterprise_segments')
      .values({ region_code: '120116', enterprise_id: e.id, chain_id: chainId, segment_key: 'ic.materials.mask', evidence: 'medium', source: 'test', as_of: '2026-01-01', decision: 'confirmed' })
      .execute();
    expect((await linkRow('120116', e.id, 'ic.materials.mask')).match_points).toBeNull();
    const line = (await matchEnterprise(fgw, fab.uscc, { limit: 500 })).suppliers.find((s) => s.name === '滨海直写关联测试有限公司');
    expect(line).toMatchObject({ located: 'coordinates', band: 'same_district' });
    expect(line!.km!).toBeLessThan(3);
    expect(await linkRow('120116', e.id, 'ic.materials.mask')).toMatchObject({ lat: 39.04, lng: 117.71, match_points: matchPoints({ evidence: 'medium', tags: ['专精特新'], sizeBand: 'medium' }) });
  });
});
