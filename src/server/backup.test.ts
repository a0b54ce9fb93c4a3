import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, contextAs } from '../../test/db.ts';
import type { DatabaseHandle, Db } from './db.ts';
import { backupDatabase, restoreDatabase, BackupFileError } from './backup.ts';
import * as org from '../modules/org/org.service.ts';

let source: DatabaseHandle;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-backup-'));
const file = path.join(dir, 'all.gz');

async function snapshot(db: Db) {
  const tables = ['regions', 'units', 'people', 'leader_portfolios', 'users', 'user_roles', 'settings', 'audit_log'];
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    out[t] = (await sql<Record<string, unknown>>`select * from ${sql.table(t)} order by 1, 2`.execute(db)).rows.map((r) => JSON.parse(JSON.stringify(r)));
  }
  return out;
}

beforeAll(async () => {
  source = await openTestDatabase('demo');
  const admin = await contextAs(source, 'admin');
  const parent = await org.createUnit(admin, { regionCode: '120116', parentId: null, name: '滨海新区发展和改革委员会', kind: 'commission', aliases: ['新区发改委'] });
  await org.createUnit(admin, { regionCode: '120116', parentId: parent.id, name: '滨海新区重点项目服务中心', kind: 'office' });
  await backupDatabase(source.db, file);
});
afterAll(async () => source?.close());

describe('backup and restore', () => {
  it('gives back every row in an empty database, and ids keep counting after it', async () => {
    const target = await openTestDatabase('empty');
    try {
      await restoreDatabase(target.db, file);
      expect(await snapshot(target.db)).toEqual(await snapshot(source.db));
      const admin = await contextAs(target, 'admin');
      await org.createUnit(admin, { regionCode: '120000', parentId: null, name: '恢复后新建', kind: 'office' });
      const ids = (await target.db.selectFrom('audit_log').select('id').execute()).map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await target.close();
    }
  });

  it('refuses a database that already has data, changing nothing', async () => {
    const target = await openTestDatabase('demo');
    try {
      const before = await snapshot(target.db);
      await expect(restoreDatabase(target.db, file)).rejects.toThrow(/not empty/);
      expect(await snapshot(target.db)).toEqual(before);
    } finally {
      await target.close();
    }
  });

  it('detects a truncated or foreign file and keeps the database empty', async () => {
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const truncated = path.join(dir, 'truncated.gz');
    fs.writeFileSync(truncated, zlib.gzipSync(lines.slice(0, Math.floor(lines.length * 0.7)).join('\n')));
    const foreign = path.join(dir, 'foreign.gz');
    fs.writeFileSync(foreign, 'this is not a backup');
    const target = await openTestDatabase('empty');
    try {
      await expect(restoreDatabase(target.db, truncated)).rejects.toBeInstanceOf(BackupFileError);
      await expect(restoreDatabase(target.db, foreign)).rejects.toThrow(/foreign\.gz/);
      const units = await target.db.selectFrom('units').select('id').execute();
      expect(units).toEqual([]);
      expect((await target.db.selectFrom('regions').select('code').execute()).length).toBeGreaterThan(70);
    } finally {
      await target.close();
    }
  });
});
