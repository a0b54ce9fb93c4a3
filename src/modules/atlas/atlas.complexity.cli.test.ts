import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { testDataDir } from '../../../test/db.ts';

async function luoshi(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: '', ...env } });
  return { status, stdout, stderr };
}

describe('luoshi atlas complexity', () => {
  it('builds an analysis from a demo chain, lists a region’s top opportunities in a dry run, makes them targets under a plan, and refuses bad options', async () => {
    const dir = await testDataDir('demo');
    const env = { LUOSHI_DATA_DIR: dir };
    expect((await luoshi(['migrate'], env)).status).toBe(0);
    await luoshi(['seed', '--demo'], env);

    const badMeasure = await luoshi(['atlas', 'complexity', 'build', '--chain', 'demo-nev', '--year', '2026', '--measure', 'revenue'], env);
    expect(badMeasure.status).not.toBe(0);
    expect(badMeasure.stderr).toContain('--measure must be one of count, employees, got "revenue"');
    const noChain = await luoshi(['atlas', 'complexity', 'build', '--chain', 'no-such-chain', '--year', '2026', '--as', 'fgw'], env);
    expect(noChain.status).not.toBe(0);
    expect(noChain.stderr).toContain('no chain "no-such-chain"');

    const built = await luoshi(['atlas', 'complexity', 'build', '--chain', 'demo-nev', '--year', '2026', '--as', 'fgw', '--json'], env);
    expect(built.status, built.stderr).toBe(0);
    const a = JSON.parse(built.stdout) as { id: string; status: string; source: { kind: string; measure: string; by: string; year: number }; summary: { labels: Record<string, string>; periods: { locations: number; products: number }[] } };
    expect(a.status).toBe('done');
    expect(a.source).toMatchObject({ kind: 'atlas', measure: 'count', by: 'segment', year: 2026 });
    expect(a.summary.periods[0]!.locations).toBeGreaterThanOrEqual(2);
    const text = await luoshi(['atlas', 'complexity', 'build', '--chain', 'demo-nev', '--year', '2026', '--measure', 'employees', '--as', 'fgw'], env);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^[0-9a-f-]{36} {2}新能源和智能网联汽车（示例）.*从业人数/m);
    expect(text.stdout).toMatch(/status done; \d+ rows; \d+ regions × \d+ products/);

    // A region with opportunities: the first row whose dry run lists some.
    let region = '';
    let dry: { opportunities: { product: string }[] } = { opportunities: [] };
    for (const code of Object.keys(a.summary.labels)) {
      const r = await luoshi(['atlas', 'complexity', 'targets', a.id, '--region', code, '--top', '2', '--dry-run', '--json', '--as', 'fgw'], env);
      if (r.status === 0) {
        region = code;
        dry = JSON.parse(r.stdout);
        break;
      }
    }
    expect(region).not.toBe('');
    expect(dry.opportunities.length).toBeGreaterThan(0);
    expect(dry.opportunities.length).toBeLessThanOrEqual(2);
    const noPlan = await luoshi(['atlas', 'complexity', 'targets', a.id, '--region', region, '--as', 'admin'], env);
    expect(noPlan.status).not.toBe(0);
    expect(noPlan.stderr).toContain('--plan is required');

    const plans = await luoshi(['plan', 'list', '--json'], env);
    expect(plans.status, plans.stderr).toBe(0);
    const plan = (JSON.parse(plans.stdout) as { id: string; title: string }[]).find((p) => p.title.includes('产业链协同发展'))!;
    const made = await luoshi(['atlas', 'complexity', 'targets', a.id, '--region', region, '--top', '2', '--plan', plan.id, '--as', 'admin', '--json'], env);
    expect(made.status, made.stderr).toBe(0);
    const m = JSON.parse(made.stdout) as { taskId: string; targets: { status: string }[] };
    expect(m.taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.targets.length).toBeGreaterThan(0);
    expect(m.targets.every((t) => t.status === 'lead')).toBe(true);
  }, 300_000);
});
