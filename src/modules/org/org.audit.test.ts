import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openTestDatabase('demo');
});
afterAll(async () => h?.close());

const count = async () => (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(h.db)).rows[0].n;

describe('the audit log is append-only', () => {
  it('refuses TRUNCATE as it refuses UPDATE and DELETE, keeping every entry', async () => {
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await expect(sql`truncate audit_log`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set summary = 'x'`.execute(h.db)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(before);
  });
});

describe('the region of an audit entry', () => {
  it('is the acting account’s region when the change names none, so entries do not all land on 000000', async () => {
    const { contextAs } = await import('../../../test/db.ts');
    const { recordAudit } = await import('./org.audit.ts');
    const fgw = await contextAs(h, 'fgw');
    const unitRegion = (await sql<{ r: string }>`select region_code as r from units where id = ${fgw.actor.unitId}`.execute(h.db)).rows[0].r;
    expect(unitRegion).not.toBe('000000');
    await recordAudit(h.db, fgw.actor, { action: 'test', entity: 'user', entityId: 'region-probe', summary: 'probe' });
    const system = await contextAs(h, 'system');
    await recordAudit(h.db, system.actor, { action: 'test', entity: 'system', entityId: 'region-probe', summary: 'probe' });
    const rows = (await sql<{ actor_name: string; region_code: string }>`select actor_name, region_code from audit_log where entity_id = 'region-probe' order by id`.execute(h.db)).rows;
    expect(rows.map((r) => r.region_code)).toEqual([unitRegion, '000000']);
  });
});

describe('reading the audit log in one language', () => {
  it('gives each entry its summary and actor name in Chinese and in English, so the page shows one language', async () => {
    const { contextAs } = await import('../../../test/db.ts');
    const { listAudit } = await import('./org.service.ts');
    const entries = await listAudit(await contextAs(h, 'admin'), { limit: 500 });
    const seeded = entries.filter((e) => e.via === 'system' && e.actor_name.includes('demo seed'));
    expect(seeded.length).toBeGreaterThan(0);
    for (const e of seeded) {
      expect(e.actor_name_zh).toBe('演示数据');
      expect(e.actor_name_en).toBe('demo seed');
      expect(e.summary_zh).not.toContain(' / ');
      expect(`${e.summary_zh} / ${e.summary_en}`).toBe(e.summary.includes(' / ') ? e.summary : `${e.summary} / ${e.summary}`);
    }
  });
});
