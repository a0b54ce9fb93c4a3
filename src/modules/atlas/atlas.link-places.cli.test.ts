import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { openDatabase } from '../../server/db.ts';
import { testDataDir } from '../../../test/db.ts';

async function luoshi(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: '', ...env } });
  return { status, stdout, stderr };
}

interface Place { region_code: string; enterprise_id: string; segment_key: string; lat: number | null; lng: number | null; match_points: number | null }

async function places(dataDir: string, clear: boolean): Promise<Place[]> {
  const handle = await openDatabase({ dataDir, databaseUrl: null });
  try {
    const { rows } = await sql<Place>`select region_code, enterprise_id, segment_key, lat, lng, match_points from atlas_enterprise_segments
      order by region_code, enterprise_id, chain_id, segment_key`.execute(handle.db);
    if (clear) await sql`update atlas_enterprise_segments set lat = null, lng = null, match_points = null where region_code like '12%'`.execute(handle.db);
    return rows;
  } finally {
    await handle.close();
  }
}

describe('luoshi atlas places', () => {
  it('fills the place and match points of links written without them, the same as when they were written, and 成龙配套 answers as before', async () => {
    const dir = await testDataDir('demo');
    const env = { LUOSHI_DATA_DIR: dir };
    expect((await luoshi(['migrate'], env)).status).toBe(0);
    const before = await places(dir, false);
    expect(before.length).toBeGreaterThan(100);
    expect(before.every((p) => p.match_points !== null)).toBe(true);
    const tianjin = before.find((p) => p.region_code.startsWith('12') && p.lat !== null)!;
    const { rows: [asker] } = await (async () => {
      const handle = await openDatabase({ dataDir: dir, databaseUrl: null });
      try {
        return await sql<{ uscc: string }>`select uscc from atlas_enterprises where region_code = ${tianjin.region_code} and id = ${tianjin.enterprise_id}::uuid`.execute(handle.db);
      } finally {
        await handle.close();
      }
    })();
    const matchBefore = await luoshi(['atlas', 'match', asker.uscc, '--json'], env);
    expect(matchBefore.status, matchBefore.stderr).toBe(0);

    // Links written before migration 0028 (or straight into the table) have no place: Tianjin's are cleared here.
    await places(dir, true);
    const cleared = before.filter((p) => p.region_code.startsWith('12')).length;
    expect(cleared).toBeGreaterThan(10);

    const filled = await luoshi(['atlas', 'places', '--json'], env);
    expect(filled.status, filled.stderr).toBe(0);
    expect(JSON.parse(filled.stdout)).toEqual({ filled: cleared });
    expect(await places(dir, false)).toEqual(before);

    const again = await luoshi(['atlas', 'places'], env);
    expect(again.stdout).toContain('filled the place and match points of 0 links');
    const matchAfter = await luoshi(['atlas', 'match', asker.uscc, '--json'], env);
    expect(JSON.parse(matchAfter.stdout)).toEqual(JSON.parse(matchBefore.stdout));
  }, 180_000);
});
