import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { testDataDir } from '../../../test/db.ts';

async function luoshi(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: '', ...env } });
  return { status, stdout, stderr };
}

describe('luoshi atlas cluster', () => {
  it('lists the clusters, imports a table of indicators after a dry run, refuses a bad one by row, exports and checks readiness', async () => {
    const dir = await testDataDir('demo');
    const env = { LUOSHI_DATA_DIR: dir };
    expect((await luoshi(['migrate'], env)).status).toBe(0);
    await luoshi(['seed', '--demo'], env);
    const list = await luoshi(['atlas', 'cluster', 'list', '--json'], env);
    expect(list.status, list.stderr).toBe(0);
    const robots = (JSON.parse(list.stdout) as { id: string; name: string }[]).find((c) => c.name === '雄安新区智能机器人产业集群')!;
    const files = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cluster-'));

    const bad = path.join(files, 'bad.csv');
    fs.writeFileSync(bad, '指标,年份,数值\n产值,2026,50\n产值,2026年,abc\n');
    const refused = await luoshi(['atlas', 'cluster', 'indicators', 'import', bad, '--cluster', robots.id, '--as', 'fgw'], env);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('row 3, value: the value "abc" must be a number');

    const good = path.join(files, 'good.csv');
    fs.writeFileSync(good, '指标,2025年,2026年\n产值,37,50\n');
    const dry = await luoshi(['atlas', 'cluster', 'indicators', 'import', good, '--cluster', '雄安新区智能机器人产业集群', '--as', 'fgw', '--dry-run', '--json'], env);
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, layout: 'wide', added: 1, unchanged: 1 });
    const viewer = await luoshi(['atlas', 'cluster', 'indicators', 'import', good, '--cluster', robots.id, '--as', 'swj'], env);
    expect(viewer.status).not.toBe(0);
    const done = await luoshi(['atlas', 'cluster', 'indicators', 'import', good, '--cluster', robots.id, '--as', 'fgw'], env);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain('row 2: 产值 2026 — → 50');

    const out = path.join(files, 'robots.xlsx');
    expect((await luoshi(['atlas', 'cluster', 'indicators', 'export', '--cluster', robots.id, '--out', out], env)).status).toBe(0);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
    const ready = await luoshi(['atlas', 'cluster', 'readiness', '--cluster', robots.id, '--json'], env);
    expect(ready.status, ready.stderr).toBe(0);
    const r = JSON.parse(ready.stdout) as { target: string; items: { criterion: string; value: number | null }[] };
    expect(r.target).toBe('national_sme');
    expect(r.items.find((i) => i.criterion === 'output_scale')!.value).toBe(50);
    const exported = path.join(files, 'clusters.json');
    expect((await luoshi(['atlas', 'cluster', 'export', '--out', exported, '--json'], env)).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(exported, 'utf8')).format).toBe('luoshi-atlas-clusters');
  }, 180_000);
});
