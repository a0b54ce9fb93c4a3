import { normaliseName } from './atlas.enterprise.domain.ts';
import { USCC_CHARSET, usccCheckChar } from './atlas.uscc.domain.ts';
import type { Db } from '../../server/db.ts';
import { indexEnterpriseTerms } from './atlas.directory.repo.ts';
import { forgetCoverage } from './atlas.analysis.repo.ts';
import { fillLinkPlaces } from './atlas.link-places.ts';
import type { Evidence, LinkDecision, SizeBand } from './atlas.tables.ts';

let serial = 0;
/** A valid 统一社会信用代码 (GB 32100-2015) of a company registered in `region`, different at every call. */
export function testUscc(region: string): string {
  serial++;
  let body = '';
  for (let n = serial * 7919 + 12345, i = 0; i < 9; i++, n = Math.floor(n / 31)) body = USCC_CHARSET[n % 31]! + body;
  const first17 = `91${region}${body}`;
  return first17 + usccCheckChar(first17)!;
}

export interface TestEnterprise {
  region: string;
  name: string;
  tags?: string[];
  size?: SizeBand | null;
  employees?: number | null;
  lat?: number | null;
  lng?: number | null;
  /** Founding date (YYYY-MM-DD); unknown when absent. */
  founded?: string | null;
  links: { chainId: string; segment: string; evidence?: Evidence; decision?: LinkDecision; asOf?: string }[];
}

/** Writes an enterprise and its segment links straight into the tables (the tests' fixtures). */
export async function addEnterprise(db: Db, e: TestEnterprise): Promise<{ id: string; uscc: string }> {
  const uscc = testUscc(e.region);
  const row = await db
    .insertInto('atlas_enterprises')
    .values({
      region_code: e.region,
      uscc,
      name: e.name,
      name_norm: normaliseName(e.name),
      size_band: e.size ?? null,
      employees: e.employees ?? null,
      tags: e.tags ?? [],
      main_products: [],
      search_tokens: [],
      lat: e.lat ?? null,
      lng: e.lng ?? null,
      founded_on: e.founded ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await indexEnterpriseTerms(db, [{ region_code: e.region, id: row.id }]);
  for (const l of e.links) {
    await db
      .insertInto('atlas_enterprise_segments')
      .values({
        region_code: e.region,
        enterprise_id: row.id,
        chain_id: l.chainId,
        segment_key: l.segment,
        evidence: l.evidence ?? 'medium',
        source: 'test',
        as_of: l.asOf ?? '2026-01-01',
        decision: l.decision ?? 'confirmed',
      })
      .execute();
  }
  await fillLinkPlaces(db, { regionCode: e.region, enterpriseId: row.id });
  await forgetCoverage(db, [...new Set(e.links.map((l) => l.chainId))]);
  return { id: row.id, uscc };
}
