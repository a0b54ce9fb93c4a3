import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { ConflictError, ValidationError } from '../../lib/errors.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import * as org from './org.service.ts';
import * as accounts from './org.accounts.service.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openTestDatabase('demo');
});
afterAll(async () => h?.close());

async function unitByShortName(short: string) {
  return h.db.selectFrom('units').selectAll().where('short_name', '=', short).executeTakeFirstOrThrow();
}

const auditCount = async () => Number((await h.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('units', () => {
  it('finds units by two-character Chinese queries and by alias', async () => {
    const ctx = await contextAs(h, 'swj');
    const byCity = await org.listUnits(ctx, { q: '滨海' });
    expect(byCity.units.map((u) => u.name)).toContain('天津市滨海新区人民政府');
    const byAlias = await org.listUnits(ctx, { q: '发改委' });
    expect(byAlias.units.map((u) => u.short_name)).toEqual(['市发展改革委']);
    const twoChars = await org.listUnits(ctx, { q: '发改' });
    expect(twoChars.units.map((u) => u.short_name)).toContain('市发展改革委');
  });

  it('records who changed what, before and after, in the same transaction', async () => {
    const ctx = await contextAs(h, 'fgw');
    const unit = await unitByShortName('市发展改革委');
    const updated = await org.updateUnit(ctx, unit.id, { aliases: [...unit.aliases, '发改委'], version: unit.version });
    expect(updated.aliases).toContain('发改委');
    expect(updated.abilities).toContain('update');
    const [entry] = await org.listAudit(await contextAs(h, 'duban'), { entity: 'unit', entityId: unit.id });
    expect(entry.actor_name).toContain('fgw');
    expect(entry.action).toBe('update');
    expect((entry.before as { aliases: string[] }).aliases).toEqual(unit.aliases);
    expect((entry.after as { aliases: string[] }).aliases).toContain('发改委');
  });

  it('refuses a unit editor outside its unit and writes nothing', async () => {
    const ctx = await contextAs(h, 'fgw');
    const other = await unitByShortName('市商务局');
    const before = await auditCount();
    await expect(org.updateUnit(ctx, other.id, { name: '改名' })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await auditCount()).toBe(before);
    expect((await unitByShortName('市商务局')).name).toBe('天津市商务局');
  });

  it('refuses a stale version, a duplicate name and a cycle, with the field named', async () => {
    const admin = await contextAs(h, 'admin');
    const ndrc = await unitByShortName('市发展改革委');
    await expect(org.updateUnit(admin, ndrc.id, { name: '天津市统计局' })).rejects.toBeInstanceOf(ConflictError);
    await expect(org.updateUnit(admin, ndrc.id, { shortName: 'x', version: 1 })).rejects.toThrow(/changed by someone else/);
    const gov = await unitByShortName('市政府');
    const error = await org.updateUnit(admin, gov.id, { parentId: ndrc.id }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.details[0].field).toBe('parentId');
  });

  it('will not delete a unit that still has people, and says so', async () => {
    const admin = await contextAs(h, 'admin');
    const ndrc = await unitByShortName('市发展改革委');
    await expect(org.deleteUnit(admin, ndrc.id)).rejects.toThrow(/人员 1 人/);
    const created = await org.createUnit(admin, { regionCode: '120000', parentId: null, name: '临时工作专班', kind: 'office' });
    await org.deleteUnit(admin, created.id);
    const trail = await org.listAudit(admin, { entityId: created.id });
    expect(trail.map((e) => e.action)).toEqual(['delete', 'create']);
  });
});

describe('accounts', () => {
  it('lets only administrators create accounts and keeps the hash out of the audit log', async () => {
    await expect(accounts.createUser(await contextAs(h, 'duban'), { username: 'x1', displayName: 'x', password: 'Xx-1234567890' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const admin = await contextAs(h, 'admin');
    const ndrc = await unitByShortName('市发展改革委');
    const created = await accounts.createUser(admin, {
      username: 'newviewer',
      displayName: '新账号',
      password: 'Viewer-pass-2026',
      roles: [{ role: 'unit_viewer', unitId: ndrc.id }],
    });
    expect(created.roles).toEqual([{ role: 'unit_viewer', unitId: ndrc.id }]);
    const [entry] = await org.listAudit(admin, { entityId: created.id });
    expect(JSON.stringify(entry.after)).not.toMatch(/argon2/);
    const session = await accounts.login(h.db, { username: 'newviewer', password: 'Viewer-pass-2026', ip: '10.0.0.1' });
    expect(session.token.length).toBeGreaterThan(30);
  });

  it('keeps the last administrator', async () => {
    const admin = await contextAs(h, 'admin');
    await expect(accounts.setUserRoles(admin, admin.actor.userId!, [{ role: 'supervisor' }])).rejects.toThrow(/至少需要保留一名管理员/);
  });

  it('asks for the current password to change one’s own, and ends other sessions', async () => {
    const s1 = await accounts.login(h.db, { username: 'leader', password: 'Demo@2026luoshi', ip: '10.0.0.2' });
    const ctx = await contextAs(h, 'leader');
    await expect(accounts.setPassword(ctx, ctx.actor.userId!, { newPassword: 'Zhang-new-2026x', currentPassword: 'wrong' })).rejects.toThrow(/当前密码不正确/);
    await accounts.setPassword(ctx, ctx.actor.userId!, { newPassword: 'Zhang-new-2026x', currentPassword: 'Demo@2026luoshi' });
    expect(await accounts.findSession(h.db, s1.token)).toBeNull();
    await expect(accounts.login(h.db, { username: 'leader', password: 'Demo@2026luoshi', ip: '10.0.0.2' })).rejects.toThrow(/wrong username or password/);
  });
});

describe('audit log', () => {
  it('is append-only in the database itself', async () => {
    await expect(h.db.updateTable('audit_log').set({ summary: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(h.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
  it('is closed to unit viewers', async () => {
    await expect(org.listAudit(await contextAs(h, 'swj'), {})).rejects.toBeInstanceOf(ForbiddenError);
  });
});
