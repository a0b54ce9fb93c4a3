import { abilitiesOf, requireAbility } from '../../lib/abilities.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { searchTokens } from '../../lib/search-tokens.ts';
import { halves } from '../../lib/bilingual.ts';
import { queryAudit, recordAudit, type AuditQuery } from './org.audit.ts';
import { orgPolicy } from './org.policy.ts';
import * as repo from './org.repo.ts';
import type { UnitKind } from './org.tables.ts';
import { buildUnitTree, wouldCreateCycle } from './org.domain.ts';

/** Fields a unit is created or changed with. */
export interface UnitInput {
  regionCode: string;
  parentId: string | null;
  name: string;
  shortName?: string | null;
  aliases?: string[];
  kind: UnitKind;
  sortOrder?: number;
  active?: boolean;
}

const withUnitAbilities = (ctx: ServiceContext) => (u: Awaited<ReturnType<typeof repo.listUnits>>[number]) => ({
  ...u,
  abilities: abilitiesOf(orgPolicy.unit, ctx.actor, u),
});

/** All regions (GB/T 2260) with carrier zones; public. */
export async function listRegions(ctx: ServiceContext) {
  return repo.listRegions(ctx.db);
}

/** Units visible to the caller, flat (with a query) or as a tree, each with the caller's abilities. */
export async function listUnits(ctx: ServiceContext, opts: { q?: string; includeInactive?: boolean } = {}) {
  requireAbility(orgPolicy.unit.read, ctx.actor, undefined, 'list units');
  const units = (await repo.listUnits(ctx.db, opts)).map(withUnitAbilities(ctx));
  return { units, tree: buildUnitTree(units), canCreate: orgPolicy.unit.create(ctx.actor) };
}

/** One unit with the caller's abilities. */
export async function getUnit(ctx: ServiceContext, id: string) {
  requireAbility(orgPolicy.unit.read, ctx.actor, undefined, 'read unit');
  const unit = await repo.findUnit(ctx.db, id);
  if (!unit) throw new NotFoundError(`Unit ${id}`);
  return withUnitAbilities(ctx)(unit);
}

function cleanAliases(aliases: string[] | undefined): string[] {
  return [...new Set((aliases ?? []).map((a) => a.trim()).filter(Boolean))];
}

/** The stored columns of a unit, as created or changed: names trimmed, aliases cleaned, search tokens rebuilt. */
function unitColumns(input: UnitInput) {
  const aliases = cleanAliases(input.aliases);
  return {
    region_code: input.regionCode,
    parent_id: input.parentId,
    name: input.name.trim(),
    short_name: input.shortName?.trim() || null,
    aliases,
    kind: input.kind,
    sort_order: input.sortOrder ?? 0,
    active: input.active ?? true,
    search_tokens: searchTokens(input.name, input.shortName, ...aliases),
  };
}

async function validateUnit(ctx: ServiceContext, input: UnitInput, selfId: string | null) {
  const issues = [];
  if (!input.name?.trim()) issues.push({ field: 'name', message: '名称不能为空 / name is required' });
  const region = (await repo.listRegions(ctx.db)).find((r) => r.code === input.regionCode);
  if (!region) issues.push({ field: 'regionCode', message: `未知行政区划代码 / unknown region code "${input.regionCode}"` });
  if (input.parentId) {
    const all = await repo.listUnits(ctx.db, { includeInactive: true });
    if (!all.some((u) => u.id === input.parentId)) issues.push({ field: 'parentId', message: '上级单位不存在 / parent unit not found' });
    else if (selfId && wouldCreateCycle(all, selfId, input.parentId))
      issues.push({ field: 'parentId', message: '不能把单位移到它自己的下级之下 / a unit cannot be moved under itself' });
  }
  if (issues.length) throw new ValidationError('单位信息有误 / invalid unit', issues);
}

async function ensureUniqueName(ctx: ServiceContext, input: UnitInput, selfId: string | null) {
  const clash = await ctx.db
    .selectFrom('units')
    .select('id')
    .where('region_code', '=', input.regionCode)
    .where('name', '=', input.name.trim())
    .executeTakeFirst();
  if (clash && clash.id !== selfId) {
    throw new ConflictError(`已有同名单位 / a unit named "${input.name}" already exists`, [{ field: 'name', message: 'duplicate' }]);
  }
}

/** Creates a unit (administrators only) and records it in the audit log. */
export async function createUnit(ctx: ServiceContext, input: UnitInput) {
  requireAbility(orgPolicy.unit.create, ctx.actor, undefined, 'create unit');
  await validateUnit(ctx, input, null);
  return inTransaction(ctx, async (trx) => {
    await ensureUniqueName({ ...ctx, db: trx as never }, input, null);
    const row = await trx
      .insertInto('units')
      .values(unitColumns(input))
      .returning('id')
      .executeTakeFirstOrThrow();
    const created = await repo.findUnit(trx, row.id);
    await recordAudit(trx, ctx.actor, {
      action: 'create',
      entity: 'unit',
      entityId: row.id,
      summary: `新建单位 ${input.name}`,
      after: created,
      regionCode: input.regionCode,
    });
    return withUnitAbilities(ctx)(created!);
  });
}

/** Changes a unit (administrators, or editors of that unit); `version` guards against lost updates. */
export async function updateUnit(ctx: ServiceContext, id: string, patch: Partial<UnitInput> & { version?: number }) {
  const before = await repo.findUnit(ctx.db, id);
  if (!before) throw new NotFoundError(`Unit ${id}`);
  requireAbility(orgPolicy.unit.update, ctx.actor, before, 'update unit');
  // Unit editors may rename and describe their unit, not move it in the tree.
  if (!orgPolicy.unit.create(ctx.actor) && (patch.parentId !== undefined && patch.parentId !== before.parent_id)) {
    requireAbility(orgPolicy.unit.create, ctx.actor, undefined, 'move unit');
  }
  const input: UnitInput = {
    regionCode: patch.regionCode ?? before.region_code,
    parentId: patch.parentId === undefined ? before.parent_id : patch.parentId,
    name: patch.name ?? before.name,
    shortName: patch.shortName === undefined ? before.short_name : patch.shortName,
    aliases: patch.aliases ?? before.aliases,
    kind: patch.kind ?? before.kind,
    sortOrder: patch.sortOrder ?? before.sort_order,
    active: patch.active ?? before.active,
  };
  await validateUnit(ctx, input, id);
  return inTransaction(ctx, async (trx) => {
    await ensureUniqueName({ ...ctx, db: trx as never }, input, id);
    let update = trx
      .updateTable('units')
      .set((eb) => ({
        ...unitColumns(input),
        updated_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id);
    if (patch.version !== undefined) update = update.where('version', '=', patch.version);
    const result = await update.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      throw new ConflictError('单位已被他人修改，请刷新后重试 / the unit was changed by someone else; reload and try again');
    }
    const after = await repo.findUnit(trx, id);
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'unit',
      entityId: id,
      summary: `修改单位 ${after!.name}`,
      before,
      after,
      regionCode: input.regionCode,
    });
    return withUnitAbilities(ctx)(after!);
  });
}

/**
 * Adds another name for a unit (as a document writes it, e.g. 市发改委), so that later imports match it by
 * themselves: whoever may update the unit, no one else. A name the unit already has changes nothing.
 * Returns whether the alias was added.
 */
export async function addUnitAlias(ctx: ServiceContext, unitId: string, alias: string): Promise<boolean> {
  const name = alias.trim();
  if (!name) throw new ValidationError('简称不能为空 / the alias is empty', [{ field: 'alias', message: 'required' }]);
  return inTransaction(ctx, async (trx) => {
    const before = await repo.findUnit(trx, unitId);
    if (!before) throw new NotFoundError(`Unit ${unitId}`);
    requireAbility(orgPolicy.unit.addAlias, ctx.actor, before, `add an alias to unit ${before.name}`);
    if (before.name === name || before.short_name === name || before.aliases.includes(name)) return false;
    const aliases = [...before.aliases, name];
    await trx
      .updateTable('units')
      .set((eb) => ({ aliases, search_tokens: searchTokens(before.name, before.short_name, ...aliases), updated_at: new Date(), version: eb('version', '+', 1) }))
      .where('id', '=', unitId)
      .execute();
    await recordAudit(trx, ctx.actor, {
      action: 'add_alias',
      entity: 'unit',
      entityId: unitId,
      summary: `单位 ${before.name} 增加简称 ${name}`,
      before: { aliases: before.aliases },
      after: { aliases },
      regionCode: before.region_code,
    });
    return true;
  });
}

/** What other records call a table that holds rows pointing at a unit, for the refusal to delete it. */
const REFERRER_NAMES: Record<string, string> = {
  plans: '规划（主办单位） / plans (owner unit)',
  plan_comments: '征求意见 / consultation comments',
  task_units: '任务的牵头或责任单位 / tasks (lead or co-unit)',
};

/** The 409 for a delete that a foreign key refused, naming the table still pointing at the unit; else the error itself. */
function referencedUnitConflict(error: unknown): unknown {
  const e = error as { code?: string; detail?: string; message?: string };
  if (e?.code !== '23503') return error;
  const table = /table "(\w+)"/.exec(e.detail ?? '')?.[1] ?? /on table "(\w+)"\s*$/.exec(e.message ?? '')?.[1] ?? 'unknown';
  const label = REFERRER_NAMES[table] ?? table;
  return new ConflictError(`单位仍被引用：${label}，可改为停用 / the unit is still referred to by ${label}; deactivate it instead`, [
    { field: 'id', message: `referenced by ${table}` },
  ]);
}

/** Deletes a unit with no sub-units, people or accounts (administrators only); otherwise say what holds it. */
export async function deleteUnit(ctx: ServiceContext, id: string) {
  const before = await repo.findUnit(ctx.db, id);
  if (!before) throw new NotFoundError(`Unit ${id}`);
  requireAbility(orgPolicy.unit.delete, ctx.actor, before, 'delete unit');
  return inTransaction(ctx, async (trx) => {
    const children = await trx.selectFrom('units').select('id').where('parent_id', '=', id).execute();
    const people = await trx.selectFrom('people').select('id').where('unit_id', '=', id).execute();
    const users = await trx.selectFrom('users').select('id').where('unit_id', '=', id).execute();
    if (children.length || people.length || users.length) {
      throw new ConflictError(
        `单位仍有下级单位 ${children.length} 个、人员 ${people.length} 人、账号 ${users.length} 个，可改为停用 / ` +
          'the unit still has sub-units, people or accounts; deactivate it instead',
      );
    }
    await trx.deleteFrom('leader_portfolios').where('unit_id', '=', id).execute();
    await trx.deleteFrom('user_roles').where('unit_id', '=', id).execute();
    await trx
      .deleteFrom('units')
      .where('id', '=', id)
      .execute()
      .catch((error: unknown) => {
        throw referencedUnitConflict(error);
      });
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'unit', entityId: id, summary: `删除单位 ${before.name}`, before, regionCode: before.region_code });
  });
}

/** Fields a person is created or changed with. */
export interface PersonInput {
  regionCode: string;
  name: string;
  title?: string | null;
  unitId: string | null;
  isLeader?: boolean;
  phone?: string | null;
  email?: string | null;
  sortOrder?: number;
  portfolioUnitIds?: string[];
}

// Phone and e-mail go only to those `person.readContacts` allows; others get the person with both null.
const withPersonAbilities = (ctx: ServiceContext) => (p: NonNullable<Awaited<ReturnType<typeof repo.findPerson>>>) => {
  const ref = { id: p.id, unitId: p.unit_id };
  const contacts = orgPolicy.person.readContacts(ctx.actor, ref);
  return { ...p, phone: contacts ? p.phone : null, email: contacts ? p.email : null, abilities: abilitiesOf(orgPolicy.person, ctx.actor, ref) };
};

/** People (leaders and unit contacts), each with the caller's abilities. */
export async function listPeople(ctx: ServiceContext, opts: { unitId?: string; leadersOnly?: boolean } = {}) {
  requireAbility(orgPolicy.person.read, ctx.actor, undefined as never, 'list people');
  return (await repo.listPeople(ctx.db, opts)).map(withPersonAbilities(ctx));
}

function validatePerson(input: PersonInput) {
  const issues = [];
  if (!input.name?.trim()) issues.push({ field: 'name', message: '姓名不能为空 / name is required' });
  if (input.email && !/^[^@\s]+@[^@\s]+$/.test(input.email)) issues.push({ field: 'email', message: '邮箱格式不对 / invalid e-mail' });
  if (issues.length) throw new ValidationError('人员信息有误 / invalid person', issues);
}

async function setPortfolio(trx: Parameters<Parameters<typeof inTransaction>[1]>[0], personId: string, unitIds: string[] | undefined) {
  if (unitIds === undefined) return;
  await trx.deleteFrom('leader_portfolios').where('person_id', '=', personId).execute();
  const unique = [...new Set(unitIds)];
  if (unique.length) await trx.insertInto('leader_portfolios').values(unique.map((unit_id) => ({ person_id: personId, unit_id }))).execute();
}

/** Adds a person (a leader with a portfolio, or a unit contact). */
export async function createPerson(ctx: ServiceContext, input: PersonInput) {
  requireAbility(orgPolicy.person.create, ctx.actor, { id: '', unitId: input.unitId }, 'create person');
  validatePerson(input);
  return inTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto('people')
      .values({
        region_code: input.regionCode,
        name: input.name.trim(),
        title: input.title?.trim() || null,
        unit_id: input.unitId,
        is_leader: input.isLeader ?? false,
        phone: input.phone || null,
        email: input.email || null,
        sort_order: input.sortOrder ?? 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setPortfolio(trx, row.id, input.portfolioUnitIds);
    const after = await repo.findPerson(trx, row.id);
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'person', entityId: row.id, summary: `新增人员 ${input.name}`, after, regionCode: input.regionCode });
    return withPersonAbilities(ctx)(after!);
  });
}

/** Changes a person (administrators, or editors of the person's unit). */
export async function updatePerson(ctx: ServiceContext, id: string, patch: Partial<PersonInput>) {
  const before = await repo.findPerson(ctx.db, id);
  if (!before) throw new NotFoundError(`Person ${id}`);
  requireAbility(orgPolicy.person.update, ctx.actor, { id, unitId: before.unit_id }, 'update person');
  if (patch.unitId !== undefined && patch.unitId !== before.unit_id) {
    requireAbility(orgPolicy.person.update, ctx.actor, { id, unitId: patch.unitId }, 'move person to another unit');
  }
  const input: PersonInput = {
    regionCode: patch.regionCode ?? before.region_code,
    name: patch.name ?? before.name,
    title: patch.title === undefined ? before.title : patch.title,
    unitId: patch.unitId === undefined ? before.unit_id : patch.unitId,
    isLeader: patch.isLeader ?? before.is_leader,
    phone: patch.phone === undefined ? before.phone : patch.phone,
    email: patch.email === undefined ? before.email : patch.email,
    sortOrder: patch.sortOrder ?? before.sort_order,
    portfolioUnitIds: patch.portfolioUnitIds,
  };
  validatePerson(input);
  return inTransaction(ctx, async (trx) => {
    await trx
      .updateTable('people')
      .set((eb) => ({
        region_code: input.regionCode,
        name: input.name.trim(),
        title: input.title?.trim() || null,
        unit_id: input.unitId,
        is_leader: input.isLeader ?? false,
        phone: input.phone || null,
        email: input.email || null,
        sort_order: input.sortOrder ?? 0,
        updated_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .execute();
    await setPortfolio(trx, id, input.portfolioUnitIds);
    const after = await repo.findPerson(trx, id);
    await recordAudit(trx, ctx.actor, { action: 'update', entity: 'person', entityId: id, summary: `修改人员 ${after!.name}`, before, after, regionCode: input.regionCode });
    return withPersonAbilities(ctx)(after!);
  });
}

/** Browses the audit log (supervisors and administrators). */
export async function listAudit(ctx: ServiceContext, query: AuditQuery) {
  requireAbility(orgPolicy.audit.read, ctx.actor, undefined as never, 'read audit log');
  // Summaries and system actors' names are stored as "中文 / English"; readers get each half, so the page shows one language.
  return (await queryAudit(ctx.db, query)).map((row) => {
    const summary = halves(row.summary);
    const actor = halves(row.actor_name);
    return { ...row, summary_zh: summary.zh, summary_en: summary.en, actor_name_zh: actor.zh, actor_name_en: actor.en };
  });
}

/** The names (zh, en) of the entities and actions the audit log holds, as the modules declare them, for its readers. */
export function auditLabels<L>(ctx: ServiceContext, labels: L): L {
  requireAbility(orgPolicy.audit.read, ctx.actor, undefined as never, 'read audit log');
  return labels;
}
