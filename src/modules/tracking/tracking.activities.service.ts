import { requireAbility } from '../../lib/abilities.ts';
import { isCalendarDate } from '../../lib/calendar-date.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import type { ActivityKind } from './tracking.activities.tables.ts';
import * as repo from './tracking.activities.repo.ts';
import { trackingPolicy, type TaskRef } from './tracking.policy.ts';
import { taskUnitsOf, trackedTask } from './tracking.reports.service.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

export const ACTIVITY_KINDS: readonly ActivityKind[] = ['study', 'research', 'meeting'];
/** The kinds in words. */
export const ACTIVITY_KIND_NAMES: Record<ActivityKind, { zh: string; en: string }> = {
  study: { zh: '专题学习', en: 'Study session' },
  research: { zh: '调研', en: 'Field research' },
  meeting: { zh: '协调会', en: 'Coordination meeting' },
};
const MAX = { title: 200, participants: 1000, outcome: 5000 };

/** What a unit records of an activity. */
export interface ActivityInput {
  kind: ActivityKind;
  title: string;
  /** YYYY-MM-DD, not after today (China). */
  heldOn: string;
  participants?: string | null;
  outcome?: string | null;
  /** The unit that held it: the task's lead or a supporting unit (default the caller's among them, the lead first). */
  unitId?: string | null;
}


/** Every problem with an activity's fields, each naming its field. */
export function activityProblems(input: ActivityInput, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, zh: string, en: string) => issues.push({ field, message: bilingual(zh, en) });
  if (!ACTIVITY_KINDS.includes(input.kind)) add('kind', '活动类别应为专题学习、调研或协调会', 'the kind must be study, research or meeting');
  if (!input.title?.trim()) add('title', '缺少活动主题', 'the title is missing');
  else if (input.title.trim().length > MAX.title) add('title', `活动主题过长（最多 ${MAX.title} 字）`, `the title is too long (${MAX.title} characters at most)`);
  if (!input.heldOn || !isCalendarDate(input.heldOn)) add('heldOn', '活动日期应为有效日期（YYYY-MM-DD）', 'the date must be a valid date (YYYY-MM-DD)');
  else if (input.heldOn > today) add('heldOn', `活动日期不能晚于今天（${today}）`, `the date cannot be after today (${today})`);
  if ((input.participants ?? '').length > MAX.participants) add('participants', `参加人员过长（最多 ${MAX.participants} 字）`, `the participants are too long (${MAX.participants} characters at most)`);
  if ((input.outcome ?? '').length > MAX.outcome) add('outcome', `活动成果过长（最多 ${MAX.outcome} 字）`, `the outcome is too long (${MAX.outcome} characters at most)`);
  return issues;
}

const shaped = (ctx: ServiceContext, ref: TaskRef) => (r: repo.ActivityRow) => repo.activityView(r, trackingPolicy.activity.remove(ctx.actor, { task: ref, createdBy: r.created_by }));

/**
 * Records an activity (专题学习、调研、协调会) against a task: by an editor of the task's lead or a supporting unit (for
 * that unit), or a supervisor (for any of the task's units, the lead by default). Every field is checked and a bad
 * one named; the write is audited.
 * @example recordActivity(ctx, taskId, { kind: 'meeting', title: '项目用地协调会', heldOn: '2026-11-20', participants: '发改委、自然资源局', outcome: '明确用地指标' })
 */
export async function recordActivity(ctx: ServiceContext, taskId: string, input: ActivityInput, opts: { today?: string } = {}) {
  const { task, ref } = await trackedTask(ctx, taskId);
  requireAbility(trackingPolicy.activity.write, ctx.actor, ref, 'record activity');
  const issues = activityProblems(input, opts.today ?? chinaDay());
  const taskUnits = [ref.leadUnitId, ...ref.coUnitIds].filter((u): u is string => u !== null);
  const mine = taskUnits.filter((u) => ctx.actor.editableUnitIds.has(u));
  const unitId = input.unitId ?? mine[0] ?? ref.leadUnitId;
  if (!unitId || !taskUnits.includes(unitId)) issues.push({ field: 'unitId', message: bilingual('举办单位应为本任务的牵头或责任单位', 'the unit must be the task’s lead or a supporting unit') });
  else if (!trackingPolicy.activity.write(ctx.actor, { ...ref, leadUnitId: unitId, coUnitIds: [] }))
    issues.push({ field: 'unitId', message: bilingual('只能为本单位记录活动', 'you may record activities for your own unit only') });
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join('；'), issues);
  const name = ACTIVITY_KIND_NAMES[input.kind].zh;
  const id = await inTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto('task_activities')
      .values({
        region_code: task.region_code,
        task_id: task.id,
        unit_id: unitId!,
        kind: input.kind,
        title: input.title.trim(),
        held_on: input.heldOn,
        participants: input.participants?.trim() || null,
        outcome: input.outcome?.trim() || null,
        created_by: ctx.actor.userId,
        author_name: ctx.actor.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, {
      action: 'create',
      entity: 'activity',
      entityId: row.id,
      regionCode: task.region_code,
      summary: `任务 ${task.seq ?? ''} 记录${name}「${input.title.trim()}」（${input.heldOn}）`,
      after: { ...input, unitId },
    });
    return row.id;
  });
  const [row] = await repo.findActivities(ctx.db, { regionCode: task.region_code, id });
  return shaped(ctx, ref)(row);
}

/** A task's activities, latest held first, with whether the caller may record one. */
export async function taskActivities(ctx: ServiceContext, taskId: string) {
  const { task, ref } = await trackedTask(ctx, taskId);
  requireAbility(trackingPolicy.activity.read, ctx.actor, ref, 'read activities');
  const rows = await repo.findActivities(ctx.db, { regionCode: task.region_code, taskId });
  const units = taskUnitsOf(task).filter((u) => trackingPolicy.activity.write(ctx.actor, { ...ref, leadUnitId: u.unitId, coUnitIds: [] }));
  return { taskId, activities: rows.map(shaped(ctx, ref)), canRecord: trackingPolicy.activity.write(ctx.actor, ref), units };
}

/** Removes an activity: the one who recorded it, or a supervisor. Audited. */
export async function deleteActivity(ctx: ServiceContext, activityId: string) {
  const missing = () => bilingualNotFound(`活动 ${activityId} 不存在`, `Activity ${activityId}`);
  const key = await repo.findActivityById(ctx.db, activityId);
  if (!key) throw missing();
  const { ref } = await trackedTask(ctx, key.task_id).catch(() => {
    throw missing();
  });
  requireAbility(trackingPolicy.activity.remove, ctx.actor, { task: ref, createdBy: key.created_by }, 'delete activity');
  await inTransaction(ctx, async (trx) => {
    await trx.deleteFrom('task_activities').where('region_code', '=', key.region_code).where('id', '=', activityId).execute();
    await recordAudit(trx, ctx.actor, {
      action: 'delete',
      entity: 'activity',
      entityId: activityId,
      regionCode: key.region_code,
      summary: `删除${ACTIVITY_KIND_NAMES[key.kind].zh}「${key.title}」（${key.held_on}）`,
      before: key,
    });
  });
  return { ok: true as const };
}

/** A unit's activities for its page: how many it held, and the latest few. */
export async function unitActivities(ctx: ServiceContext, unit: { id: string; region_code: string }, limit = 5) {
  const [count, latest] = await Promise.all([repo.countUnitActivities(ctx.db, unit.region_code, unit.id), repo.findActivities(ctx.db, { regionCode: unit.region_code, unitId: unit.id, limit })]);
  return {
    count,
    latest: latest.map((r) => ({ id: r.id, taskId: r.task_id, taskSeq: r.task_seq, taskTitle: r.task_title, kind: r.kind, title: r.title, heldOn: r.held_on, participants: r.participants, outcome: r.outcome })),
  };
}
