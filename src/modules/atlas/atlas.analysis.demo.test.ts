import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase, testDataDir } from '../../../test/db.ts';
import { runCli } from '../../cli/main.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { chainChokepoints, chainCoverage, chainGaps, createTargets, matchEnterprise } from './atlas.analysis.service.ts';
import { chainSummaries } from './atlas.chains.service.ts';
import { searchEnterprises } from './atlas.directory.service.ts';
import { pinyinKey } from './atlas.pinyin.ts';
import { DEMO_MATCH_USCC } from './atlas.seed.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
}, 60_000);
afterAll(async () => h?.close());

describe('the atlas demo', () => {
  it('shows coverage, gaps with candidates, chokepoints and matches on first start', async () => {
    const chains = await chainSummaries(fgw);
    const ic = chains.find((c) => c.key === 'demo-integrated-circuit')!;
    // 集成电路 and the six chains 京津冀 map jointly.
    expect(chains.filter((c) => c.key.startsWith('demo-')).map((c) => c.name).sort()).toEqual(
      ['集成电路（示例）', '氢能（示例）', '生物医药（示例）', '网络安全和工业互联网（示例）', '高端工业母机（示例）', '新能源和智能网联汽车（示例）', '机器人（示例）'].sort(),
    );
    const coverage = await chainCoverage(fgw, ic.id, {});
    const jjj = coverage.regions.findIndex((r) => r.key === 'jjj');
    expect(coverage.segments.find((s) => s.key === 'design')!.cells[jjj]!.enterprises).toBeGreaterThan(3);
    expect(coverage.segments.find((s) => s.key === 'materials.photoresist')!.cells[jjj]!.level).toBe('absent');
    expect(coverage.asOf).toBe('2026-09-30');
    const gaps = await chainGaps(fgw, ic.id, {});
    const photoresist = gaps.gaps.find((g) => g.segment.key === 'materials.photoresist')!;
    expect(photoresist.reasons.map((r) => r.code)).toContain('absent');
    expect(photoresist.candidates.length).toBeGreaterThan(0);
    const chokepoints = await chainChokepoints(fgw, ic.id, {});
    expect(chokepoints.chokepoints.map((c) => c.segment.key)).toEqual(expect.arrayContaining(['materials.photoresist', 'equipment.litho', 'eda']));
    const match = await matchEnterprise(fgw, DEMO_MATCH_USCC);
    expect(match.suppliers.length).toBeGreaterThan(5);
    expect(match.customers.length).toBeGreaterThan(0);
    expect(match.suppliers.some((s) => s.withinRadius)).toBe(true);
  });

  it('shows each jointly mapped chain with enterprises in 京津冀, a segment 京津冀 lacks and candidates elsewhere to attract', async () => {
    const chains = await chainSummaries(fgw);
    const absent: Record<string, string> = { 'demo-biomedicine': 'materials.culture', 'demo-cyber-industrial-internet': 'apps.cad', 'demo-machine-tools': 'components.screw', 'demo-nev': 'materials.separator' };
    for (const [key, segment] of Object.entries(absent)) {
      const chain = chains.find((c) => c.key === key)!;
      const coverage = await chainCoverage(fgw, chain.id, {});
      const jjj = coverage.regions.findIndex((r) => r.key === 'jjj');
      const cells = coverage.segments.map((s) => s.cells[jjj]!);
      expect(cells.filter((c) => c.enterprises > 0).length, key).toBeGreaterThan(coverage.segments.length / 2);
      expect(coverage.segments.find((s) => s.key === segment)!.cells[jjj]!.level, key).toBe('absent');
      const gap = (await chainGaps(fgw, chain.id, {})).gaps.find((g) => g.segment.key === segment)!;
      expect(gap.candidates.length, key).toBeGreaterThan(0);
    }
  });
});

describe('the chain office’s demo plan', () => {
  it('is owned by 市发展改革委, so fgw turns 堵点 candidates into 招商 targets without asking another unit', async () => {
    const plan = await h.db.selectFrom('plans').innerJoin('units', 'units.id', 'plans.owner_unit_id').select(['plans.id', 'plans.status', 'units.name']).where('plans.title', '=', '天津市重点产业链招商引资工作台账（示例）').executeTakeFirstOrThrow();
    expect(plan).toMatchObject({ status: 'issued', name: '天津市发展和改革委员会' });
    const ic = (await chainSummaries(fgw)).find((c) => c.key === 'demo-integrated-circuit')!;
    const gap = (await chainGaps(fgw, ic.id, {})).gaps.find((g) => g.segment.key === 'materials.photoresist')!;
    const made = await createTargets(fgw, ic.id, { planId: plan.id, targets: [{ uscc: gap.candidates[0]!.uscc!, segmentKey: 'materials.photoresist' }] });
    expect(made.targets.map((t) => t.status)).toEqual(['lead']);
  });
});

describe('luoshi atlas match', () => {
  it('prints the ranked list with scores as JSON, and names a wrong code', async () => {
    const dir = await testDataDir('demo');
    const env = { LUOSHI_DATA_DIR: dir, DATABASE_URL: '' };
    const run = async (args: string[]) => {
      let stdout = '';
      let stderr = '';
      const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
      return { status, stdout, stderr };
    };
    expect((await run(['migrate'])).status).toBe(0);
    await run(['seed', '--demo']);
    const r = await run(['atlas', 'match', DEMO_MATCH_USCC, '--limit', '3', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as { enterprise: { name: string }; suppliers: { score: number; km: number }[] };
    expect(m.enterprise.name).toBe('滨海示例晶圆制造有限公司');
    expect(m.suppliers).toHaveLength(3);
    expect(m.suppliers[0]!.score).toBeGreaterThanOrEqual(m.suppliers[2]!.score);
    const bad = await run(['atlas', 'match', DEMO_MATCH_USCC.slice(0, 17) + (DEMO_MATCH_USCC[17] === '0' ? '1' : '0')]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('校验');
  }, 180_000);
});

describe('the demo enterprise directory', () => {
  it('opens the enterprise directory in pinyin order, as its heading says', async () => {
    const page = await searchEnterprises(fgw, { limit: 50 });
    expect(page.items.length).toBe(50);
    const keys = page.items.map((e) => pinyinKey(e.name));
    expect(keys).toEqual([...keys].sort());
  });

  it('finds Tianjin’s and Beijing’s enterprises by the two characters of the city, as a user first tries', async () => {
    for (const [q, province] of [['天津', '12'], ['北京', '11']] as const) {
      const page = await searchEnterprises(fgw, { q, limit: 50 });
      expect(page.items.length, q).toBeGreaterThan(20);
      expect(page.items.every((e) => e.name.includes(q) && e.regionCode.startsWith(province)), q).toBe(true);
    }
  });
});
