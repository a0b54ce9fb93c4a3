import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { addEnterprise } from './atlas.analysis.test-helpers.ts';
import { chainDetail, chainSummaries } from './atlas.chains.service.ts';
import { addLink, decideLink, segmentCounts } from './atlas.directory.service.ts';
import { regionWithDescendants } from './atlas.directory.repo.ts';
import { seedEnterprises } from './atlas.scale.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let chainId: string;
let segments: { key: string; parent: string | null }[];

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  chainId = (await chainSummaries(fgw)).find((x) => x.key === 'demo-integrated-circuit' && x.regionCode === '000000')!.id;
  segments = (await chainDetail(fgw, chainId)).segments;
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/**
 * The map's counts worked out afresh from the links, as the map means them: per segment, distinct enterprises linked
 * to it or a sub-segment by a link not rejected, everywhere and in the region (its descendants included), and of those
 * in the region the ones with a confirmed link.
 */
async function freshCounts(region: string | null) {
  const parent = new Map(segments.map((s) => [s.key, s.parent]));
  const ancestors = segments.flatMap((s) => {
    const out: { key: string; anc: string }[] = [];
    for (let k: string | null = s.key; k; k = parent.get(k) ?? null) out.push({ key: s.key, anc: k });
    return out;
  });
  const codes = region ? await regionWithDescendants(h.db, region) : null;
  const here = codes ? sql`l.region_code = any(${codes}::text[])` : sql`true`;
  const { rows } = await sql<{ anc: string; total: string; in_region: string; confirmed: string }>`
    select s.anc, count(distinct (l.region_code, l.enterprise_id)) as total,
      count(distinct (l.region_code, l.enterprise_id)) filter (where ${here}) as in_region,
      count(distinct (l.region_code, l.enterprise_id)) filter (where ${here} and l.decision = 'confirmed') as confirmed
    from atlas_enterprise_segments l join jsonb_to_recordset(${JSON.stringify(ancestors)}::jsonb) as s(key text, anc text) on s.key = l.segment_key
    where l.chain_id = ${chainId}::uuid and l.decision <> 'rejected'
    group by s.anc`.execute(h.db);
  const by = new Map(rows.map((r) => [r.anc, r]));
  return segments.map((s) => {
    const r = by.get(s.key);
    return { key: s.key, total: Number(r?.total ?? 0), inRegion: Number(r?.in_region ?? 0), confirmed: Number(r?.confirmed ?? 0) };
  });
}

/** The map's counts for the region (and without one) equal a fresh group-by of the links. */
async function expectFresh(region: string) {
  expect((await segmentCounts(fgw, chainId, region)).segments).toEqual(await freshCounts(region));
  expect((await segmentCounts(fgw, chainId)).segments).toEqual(await freshCounts(null));
}

describe('the chain map’s stored counts', () => {
  it('count each enterprise once per segment and sub-tree, and say what they count and as of when', async () => {
    // An enterprise linked to two sub-segments of one segment counts once for the segment.
    const parentKey = segments.find((p) => segments.filter((x) => x.parent === p.key).length > 1)!.key;
    const [a, b] = segments.filter((x) => x.parent === parentKey);
    const total = async () => (await segmentCounts(fgw, chainId, '120000')).segments.find((s) => s.key === parentKey)!.total;
    const before = await total();
    await addEnterprise(h.db, { region: '120116', name: '示例双环节企业', links: [{ chainId, segment: a!.key }, { chainId, segment: b!.key, asOf: '2026-11-30' }] });
    expect(await total()).toBe(before + 1);
    const counts = await segmentCounts(fgw, chainId, '120000');
    expect(counts.segments).toEqual(await freshCounts('120000'));
    expect(counts.asOf).toBe('2026-11-30');
    expect(counts.counted.zh).toContain('不计已否定');
    expect((await segmentCounts(fgw, chainId)).segments).toEqual(await freshCounts(null));
  });

  it('follow links added and decided by hand, in the region and its ancestors, without counting everything again', async () => {
    const leaf = segments.find((s) => !segments.some((x) => x.parent === s.key) && s.parent)!;
    const e = await addEnterprise(h.db, { region: '110108', name: '示例北京待链接企业', links: [] });
    await segmentCounts(fgw, chainId, '110000');
    const counted = await h.db.selectFrom('atlas_coverage_cells').select('version').where('chain_id', '=', chainId).where('region_code', '=', '*').executeTakeFirst();
    expect(counted?.version).toBeTruthy();

    await addLink(fgw, '110108', e.id, { chainId, segmentKey: leaf.key, evidence: 'strong', source: '现场走访', asOf: '2026-12-01' });
    // Still counted for the version (not recounted from scratch): the link's own region was counted again.
    expect(await h.db.selectFrom('atlas_coverage_cells').select('version').where('chain_id', '=', chainId).where('region_code', '=', '*').executeTakeFirst()).toEqual(counted);
    await expectFresh('110000');
    await expectFresh('110108');
    expect((await segmentCounts(fgw, chainId)).asOf).toBe('2026-12-01');

    await decideLink(fgw, { regionCode: '110108', enterpriseId: e.id, chainId, segmentKey: leaf.key }, { decision: 'confirmed' });
    await expectFresh('110000');
    const before = (await segmentCounts(fgw, chainId, '110108')).segments.find((s) => s.key === leaf.key)!;
    await decideLink(fgw, { regionCode: '110108', enterpriseId: e.id, chainId, segmentKey: leaf.key }, { decision: 'rejected', note: '非本环节' });
    const after = (await segmentCounts(fgw, chainId, '110108')).segments.find((s) => s.key === leaf.key)!;
    expect(after.inRegion).toBe(before.inRegion - 1);
    await expectFresh('110000');
    await expectFresh('120000');
  });

  it('follow links written in bulk (the seeded directory)', async () => {
    const seeded = await seedEnterprises(h.db, 400);
    expect(seeded.links).toBeGreaterThan(0);
    await expectFresh('120000');
    await expectFresh('130000');
  });
});
