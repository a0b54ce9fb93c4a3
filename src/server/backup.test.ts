import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, contextAs } from '../../test/db.ts';
import type { DatabaseHandle, Db } from './db.ts';
import { backupDatabase, restoreDatabase, BackupFileError } from './backup.ts';
import { dryRun } from '../lib/dry-run.ts';
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

  it('with --replace, swaps a database with data for the backup and keeps the audit log append-only', async () => {
    const target = await openTestDatabase('demo');
    try {
      const admin = await contextAs(target, 'admin');
      await org.createUnit(admin, { regionCode: '120000', parentId: null, name: '将被替换', kind: 'office' });
      await restoreDatabase(target.db, file, { replace: true });
      expect(await snapshot(target.db)).toEqual(await snapshot(source.db));
      await expect(sql`delete from audit_log`.execute(target.db)).rejects.toThrow(/append-only/);
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

const KEY = 'k'.repeat(20) + '-backup-signing-key';
const signed = path.join(dir, 'signed.gz');

/** The file's lines, as restore reads them. */
const linesOf = (f: string) => zlib.gunzipSync(fs.readFileSync(f)).toString('utf8').split('\n');
/** Writes lines as a gzip'd backup, as someone editing a backup by hand would. */
const writeLines = (f: string, lines: string[]) => fs.writeFileSync(f, zlib.gzipSync(lines.join('\n')));
/** The backup with the demo viewer swj raised to unit editor, and a task retitled, everything else as it was. */
function tamper(lines: string[]): string[] {
  return lines.map((l) => l.replace('"unit_viewer"', '"unit_editor"'));
}

async function withEmptyDatabase(run: (target: DatabaseHandle) => Promise<void>) {
  const target = await openTestDatabase('empty');
  try {
    await run(target);
  } finally {
    await target.close();
  }
}
const unitCount = async (target: DatabaseHandle) => (await target.db.selectFrom('units').select('id').execute()).length;

describe('backup integrity', () => {
  beforeAll(async () => backupDatabase(source.db, signed, () => {}, { key: KEY }));

  it('writes backups readable by their owner only (they hold password hashes)', () => {
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(signed).mode & 0o777).toBe(0o600);
  });

  it('refuses a backup whose role or title was edited and re-gzipped, restoring nothing, unless told --unverified', async () => {
    const lines = linesOf(file);
    const raised = path.join(dir, 'raised.gz');
    writeLines(raised, tamper(lines));
    expect(linesOf(raised).join('\n')).not.toBe(lines.join('\n'));
    const retitled = path.join(dir, 'retitled.gz');
    writeLines(retitled, lines.map((l) => l.replace('滨海新区重点项目服务中心', '滨海新区重点项目服务中心（改）')));
    await withEmptyDatabase(async (target) => {
      for (const f of [raised, retitled]) {
        await expect(restoreDatabase(target.db, f)).rejects.toThrow(/checksum does not match.*nothing was restored.*--unverified/);
        expect(await unitCount(target)).toBe(0);
      }
      const warnings: string[] = [];
      await restoreDatabase(target.db, raised, { unverified: true, onWarning: (w) => warnings.push(w) });
      expect(warnings.join()).toMatch(/checksum does not match.*restoring anyway/);
      const roles = await target.db.selectFrom('user_roles').innerJoin('users', 'users.id', 'user_roles.user_id').select('role').where('username', '=', 'swj').execute();
      expect(roles.map((r) => r.role)).toEqual(['unit_editor']);
    });
  });

  it('says a checksum proves the file intact but not who made it; a key makes it a signature', async () => {
    await withEmptyDatabase(async (target) => {
      const warnings: string[] = [];
      await restoreDatabase(target.db, file, { onWarning: (w) => warnings.push(w) });
      expect(warnings.join()).toMatch(/intact, but without LUOSHI_BACKUP_KEY its authenticity cannot be checked/);
    });
    await withEmptyDatabase(async (target) => {
      const warnings: string[] = [];
      await restoreDatabase(target.db, signed, { key: KEY, onWarning: (w) => warnings.push(w) });
      expect(warnings).toEqual([]);
      expect(await unitCount(target)).toBeGreaterThan(0);
    });
  });

  it('refuses a signed backup edited and re-signed with a checksum or another key, or checked without the key', async () => {
    const lines = tamper(linesOf(signed));
    const resign = (integrity: string, hash: crypto.Hash | crypto.Hmac) => {
      const body = [lines[0].replace('"integrity":"hmac-sha256"', `"integrity":"${integrity}"`), ...lines.slice(1, -2)];
      for (const l of body) hash.update(l + '\n');
      return [...body, JSON.stringify({ digest: hash.digest('hex') }), ''];
    };
    const asChecksum = path.join(dir, 'as-checksum.gz');
    writeLines(asChecksum, resign('sha256', crypto.createHash('sha256')));
    const otherKey = path.join(dir, 'other-key.gz');
    writeLines(otherKey, resign('hmac-sha256', crypto.createHmac('sha256', 'another-key-of-at-least-32-chars!!')));
    await withEmptyDatabase(async (target) => {
      await expect(restoreDatabase(target.db, asChecksum, { key: KEY })).rejects.toThrow(/not signed/);
      await expect(restoreDatabase(target.db, otherKey, { key: KEY })).rejects.toThrow(/signature does not match/);
      await expect(restoreDatabase(target.db, signed)).rejects.toThrow(/signed with a key; set LUOSHI_BACKUP_KEY/);
      expect(await unitCount(target)).toBe(0);
    });
  });

  it('answers a flipped bit with a clear message naming the file, and restores nothing', async () => {
    const bytes = fs.readFileSync(file);
    for (const at of [Math.floor(bytes.length / 2), bytes.length - 6, 3]) {
      const flipped = Buffer.from(bytes);
      flipped[at] ^= 0x10;
      const f = path.join(dir, `flipped-${at}.gz`);
      fs.writeFileSync(f, flipped);
      await withEmptyDatabase(async (target) => {
        const error = (await restoreDatabase(target.db, f).catch((e: unknown) => e)) as Error;
        expect(error).toBeInstanceOf(BackupFileError);
        expect(error.message).toMatch(new RegExp(`flipped-${at}\\.gz.*(damaged|does not match|not a Luoshi backup)`));
        expect(await unitCount(target)).toBe(0);
      });
    }
  });

  it('still restores an old-format backup, with a warning that it could not be checked', async () => {
    const lines = linesOf(file);
    const header = JSON.parse(lines[0]);
    delete header.integrity;
    const old = path.join(dir, 'format-1.gz');
    writeLines(old, [JSON.stringify({ ...header, formatVersion: 1 }), ...lines.slice(1, -2), '']);
    await withEmptyDatabase(async (target) => {
      await expect(restoreDatabase(target.db, old, { key: KEY })).rejects.toThrow(/old-format.*LUOSHI_BACKUP_KEY is set/);
      const warnings: string[] = [];
      await restoreDatabase(target.db, old, { onWarning: (w) => warnings.push(w) });
      expect(warnings.join()).toMatch(/old-format backup \(version 1\)/);
      expect(await snapshot(target.db)).toEqual(await snapshot(source.db));
    });
  });

  it('checks everything in a dry run and keeps nothing', async () => {
    const raised = path.join(dir, 'raised-dry.gz');
    writeLines(raised, tamper(linesOf(file)));
    await withEmptyDatabase(async (target) => {
      await expect(dryRun(target.db, (trx) => restoreDatabase(trx, raised))).rejects.toThrow(/checksum does not match/);
      const counts = await dryRun(target.db, (trx) => restoreDatabase(trx, file));
      expect(counts.units).toBeGreaterThan(50);
      expect(await unitCount(target)).toBe(0);
    });
  });
});
