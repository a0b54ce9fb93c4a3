/**
 * The read and write rules of issue 11 (points 4 and 10) as a user meets them: whose contact details one sees,
 * who may teach a unit another name while resolving a plan's names, and what a referenced unit's deletion says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../db.ts';
import type { DatabaseHandle } from '../../src/server/db.ts';
import { ForbiddenError } from '../../src/lib/abilities.ts';
import { ConflictError } from '../../src/lib/errors.ts';
import * as org from '../../src/modules/org/org.service.ts';
import * as plans from '../../src/modules/ledger/ledger.plans.service.ts';
import * as tasks from '../../src/modules/ledger/ledger.tasks.service.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openTestDatabase('demo');
});
afterAll(async () => {
  await h?.close();
});

const unitId = async (shortName: string) => (await h.db.selectFrom('units').select('id').where('short_name', '=', shortName).executeTakeFirstOrThrow()).id;

describe('contact details', () => {
  async function phonesSeenBy(username: string) {
    const people = await org.listPeople(await contextAs(h, username));
    return Object.fromEntries(people.filter((p) => p.name.endsWith('联络')).map((p) => [p.name, p.phone]));
  }

  it('are shown to supervisors, administrators, the person and the person’s own unit, and withheld from others', async () => {
    const all = { 陈联络: '022-0000-0101', 刘联络: '022-0000-0102', 杨联络: '022-0000-0103' };
    expect(await phonesSeenBy('duban')).toEqual(all);
    expect(await phonesSeenBy('admin')).toEqual(all);
    expect(await phonesSeenBy('fgw')).toEqual({ 陈联络: '022-0000-0101', 刘联络: null, 杨联络: null });
    expect(await phonesSeenBy('swj')).toEqual({ 陈联络: null, 刘联络: null, 杨联络: '022-0000-0103' });
    expect(await phonesSeenBy('leader')).toEqual({ 陈联络: null, 刘联络: null, 杨联络: null });
    const withheld = (await org.listPeople(await contextAs(h, 'swj'))).find((p) => p.name === '陈联络')!;
    expect(withheld).toMatchObject({ email: null, title: '综合处联络员（演示）' });
  });
});

describe('resolving a plan’s names', () => {
  async function planWithUnmatchedName(username: string, rawName: string) {
    const ctx = await contextAs(h, username);
    const plan = await plans.createPlan(ctx, { title: `${rawName}测试方案`, planType: 'work_plan', regionCode: '120000' });
    await tasks.addTasks(ctx, plan.id, [{ title: '任务', leadUnit: { rawName } }]);
    return { ctx, planId: plan.id };
  }

  it('does not let a unit editor plant an alias on another unit, but resolves the plan alone', async () => {
    const { ctx, planId } = await planWithUnmatchedName('fgw', '市商务口');
    const commerce = await unitId('市商务局');
    await expect(tasks.resolveName(ctx, planId, { kind: 'unit', rawName: '市商务口', targetId: commerce, remember: true })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await org.getUnit(ctx, commerce)).aliases).not.toContain('市商务口');
    expect((await tasks.listUnresolvedNames(ctx, planId)).units.map((u) => u.rawName)).toEqual(['市商务口']);
    expect(await tasks.resolveName(ctx, planId, { kind: 'unit', rawName: '市商务口', targetId: commerce })).toEqual({ updated: 1 });
    expect((await tasks.listUnresolvedNames(ctx, planId)).units).toEqual([]);
  });

  it('lets a unit editor teach its own unit a name, recorded in the audit log', async () => {
    const { ctx, planId } = await planWithUnmatchedName('fgw', '发改口');
    const ndrc = await unitId('市发展改革委');
    await tasks.resolveName(ctx, planId, { kind: 'unit', rawName: '发改口', targetId: ndrc, remember: true });
    expect((await org.getUnit(ctx, ndrc)).aliases).toContain('发改口');
    const audit = await org.listAudit(await contextAs(h, 'duban'), { entity: 'unit', entityId: ndrc, action: 'add_alias' });
    expect(audit[0].summary).toContain('发改口');
  });
});

describe('deleting a unit', () => {
  it('is refused with 409 naming what still refers to it, and nothing is deleted', async () => {
    const admin = await contextAs(h, 'admin');
    const unit = await org.createUnit(admin, { regionCode: '120000', parentId: null, name: '矩阵测试引用单位', kind: 'office' });
    await plans.createPlan(await contextAs(h, 'system'), { title: '引用单位的方案', planType: 'work_plan', regionCode: '120000', ownerUnitId: unit.id });
    const refused = org.deleteUnit(admin, unit.id);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(org.deleteUnit(admin, unit.id)).rejects.toThrow(/plans/);
    expect((await org.getUnit(admin, unit.id)).id).toBe(unit.id);
  });
});
