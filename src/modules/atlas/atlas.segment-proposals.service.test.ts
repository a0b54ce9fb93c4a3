import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { importEnterprises } from './atlas.enterprises.import.service.ts';
import { decideLink, segmentCounts } from './atlas.directory.service.ts';
import { linkProposals, segmentProposals } from './atlas.segment-proposals.service.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let chainId: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-proposals-'));

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  chainId = (await h.db.selectFrom('atlas_chains').select('id').where('key', '=', 'demo-machine-tools').executeTakeFirstOrThrow()).id;
  // Four enterprises from a list without segments (no proposals at import): three make precision bearings.
  const file = path.join(dir, 'bearings.csv');
  fs.writeFileSync(
    file,
    [
      '企业名称,行政区划代码,主要产品',
      '示例荐链甲轴承有限公司,120116,高速精密轴承；主轴单元',
      '示例荐链乙轴承有限公司,130100,风电轴承、精密轴承',
      '示例荐链丙机械有限公司,110108,精密轴承座',
      '示例荐链丁家具有限公司,120116,办公家具',
    ].join('\n'),
  );
  await importEnterprises(fgw, file);
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ours = (items: { name: string }[]) => items.map((i) => i.name).filter((n) => n.startsWith('示例荐链'));

describe("a segment's unlinked enterprises by product", () => {
  it('finds the enterprises whose main products hold the segment’s words, in the region if asked, and links the chosen ones as uncertain product evidence', async () => {
    const found = await segmentProposals(fgw, chainId, 'components.bearing', {});
    expect(found.words).toEqual(['精密轴承']);
    expect(found.abilities.link).toBe(true);
    // Pinyin order among equals; the furniture maker is not named.
    expect(ours(found.items)).toEqual(['示例荐链丙机械有限公司', '示例荐链甲轴承有限公司', '示例荐链乙轴承有限公司']);
    expect(found.items.find((i) => i.name === '示例荐链甲轴承有限公司')).toMatchObject({ regionCode: '120116', words: ['精密轴承'], mainProducts: ['高速精密轴承', '主轴单元'] });
    expect(ours((await segmentProposals(fgw, chainId, 'components.bearing', { region: '120000' })).items)).toEqual(['示例荐链甲轴承有限公司']);
    // A group segment is named by its sub-segments: its own name proposes nothing.
    expect((await segmentProposals(fgw, chainId, 'machines', {})).words).toEqual([]);

    const before = (await segmentCounts(fgw, chainId)).segments.find((s) => s.key === 'components.bearing')!.total;
    const picked = found.items.filter((i) => ['示例荐链甲轴承有限公司', '示例荐链乙轴承有限公司'].includes(i.name)).map((i) => ({ regionCode: i.regionCode, id: i.id }));
    expect(await linkProposals(fgw, chainId, 'components.bearing', { enterprises: picked })).toEqual({ linked: 2, skipped: 0 });
    expect((await segmentCounts(fgw, chainId)).segments.find((s) => s.key === 'components.bearing')!.total).toBe(before + 2);
    const link = await h.db.selectFrom('atlas_enterprise_segments').select(['evidence', 'source', 'decision']).where('enterprise_id', '=', picked[0]!.id).where('region_code', '=', picked[0]!.regionCode).where('segment_key', '=', 'components.bearing').executeTakeFirstOrThrow();
    expect(link).toEqual({ evidence: 'strong', source: '按主要产品推荐：“精密轴承”', decision: 'uncertain' });
    // Linked ones are no longer proposed; linking one again is skipped, not doubled.
    expect(ours((await segmentProposals(fgw, chainId, 'components.bearing', {})).items)).toEqual(['示例荐链丙机械有限公司']);
    expect(await linkProposals(fgw, chainId, 'components.bearing', { enterprises: picked.slice(0, 1) })).toEqual({ linked: 0, skipped: 1 });
  });

  it('does not propose an enterprise whose link staff rejected, and lets a viewer see but not link', async () => {
    const found = await segmentProposals(fgw, chainId, 'components.bearing', {});
    const bing = found.items.find((i) => i.name === '示例荐链丙机械有限公司')!;
    await linkProposals(fgw, chainId, 'components.bearing', { enterprises: [{ regionCode: bing.regionCode, id: bing.id }] });
    await decideLink(fgw, { regionCode: bing.regionCode, enterpriseId: bing.id, chainId, segmentKey: 'components.bearing' }, { decision: 'rejected', note: '轴承座，不是轴承' });
    expect(ours((await segmentProposals(fgw, chainId, 'components.bearing', {})).items)).toEqual([]);

    const swj = await contextAs(h, 'swj');
    const seen = await segmentProposals(swj, chainId, 'components.spindle', {});
    expect(seen.abilities.link).toBe(false);
    await expect(linkProposals(swj, chainId, 'components.bearing', { enterprises: [{ regionCode: bing.regionCode, id: bing.id }] })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
