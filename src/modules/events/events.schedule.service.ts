import { bilingual } from '../../lib/bilingual.ts';
import { ConflictError } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { PRIORITY_WEIGHT } from './events.domain.ts';
import { reschedule, scheduleFast, type ScheduleInstance } from './events.schedule.domain.ts';
import { eventOr404 } from './events.service.ts';
import { eventsPolicy } from './events.policy.ts';
import { requireAbility } from '../../lib/abilities.ts';

/** A meeting that moved in a reschedule, as the organiser reads it. */
export interface MovedMeetingView {
  meetingId: string;
  names: [string, string];
  from: { slot: string; table: number };
  to: { slot: string; table: number } | null;
}

/**
 * 排会: places every planned meeting (from accepted requests and the organiser) into slots and tables so that nobody
 * has two meetings in one slot, both sides are available, and a table hosts one meeting per slot, as many meetings
 * (or, `weighted`, as much priority: must-meet counts 2) as possible. The first run schedules from scratch; a later one
 * (after a cancellation or a late acceptance) keeps the placed meetings where they are as far as it can and says which
 * moved. Meetings already held (or missed) stay where they were.
 */
export async function scheduleEvent(ctx: ServiceContext, eventId: string, opts: { weighted?: boolean } = {}) {
  const { ev, ref } = await eventOr404(ctx, eventId);
  requireAbility(eventsPolicy.event.manage, ctx.actor, ref, 'schedule meetings');
  const r = ev.region_code;
  const [slots, tables, participants, meetings, requests] = await Promise.all([
    ctx.db.selectFrom('event_slots').select(['id', 'label']).where('region_code', '=', r).where('event_id', '=', ev.id).orderBy('position').execute(),
    ctx.db.selectFrom('event_tables').select(['id', 'number']).where('region_code', '=', r).where('event_id', '=', ev.id).orderBy('number').execute(),
    ctx.db.selectFrom('event_participants').select(['id', 'name', 'available_slot_ids', 'status']).where('region_code', '=', r).where('event_id', '=', ev.id).execute(),
    ctx.db.selectFrom('event_meetings').selectAll().where('region_code', '=', r).where('event_id', '=', ev.id).where('status', '<>', 'cancelled').execute(),
    ctx.db.selectFrom('event_requests').select(['id', 'priority']).where('region_code', '=', r).where('event_id', '=', ev.id).execute(),
  ]);
  if (!slots.length || !tables.length) throw new ConflictError(bilingual('活动还没有时段或洽谈桌', 'the event has no slots or no tables'));
  const priority = new Map(requests.map((q) => [q.id, q.priority]));
  const tableNumber = new Map(tables.map((t, i) => [t.id, i + 1]));
  const tableIdOf = new Map(tables.map((t, i) => [i + 1, t.id]));
  const names = new Map(participants.map((p) => [p.id, p.name]));
  // Held and missed meetings go to the scheduler as kept meetings of overwhelming weight, so that it keeps them in place.
  const live = meetings.filter((m) => m.status === 'planned' || m.slot_id !== null);
  const registered = new Set(participants.filter((p) => p.status === 'registered').map((p) => p.id));
  const candidates = live.filter((m) => m.status !== 'planned' || (registered.has(m.a_id) && registered.has(m.b_id)));
  const instance: ScheduleInstance = {
    slots: slots.map((s) => ({ id: s.id, label: s.label })),
    tables: tables.length,
    participants: participants.map((p) => ({ id: p.id, available: p.available_slot_ids })),
    requests: candidates.map((m) => ({ id: m.id, from: m.a_id, to: m.b_id, priority: m.status !== 'planned' ? 1000 : PRIORITY_WEIGHT[m.request_id ? (priority.get(m.request_id) ?? 'nice') : 'must'] })),
  };
  const previous = candidates.filter((m) => m.slot_id && m.table_id).map((m) => ({ request: m.id, slot: m.slot_id!, table: tableNumber.get(m.table_id!)! }));
  const result = previous.length ? reschedule(instance, previous, { weighted: opts.weighted ?? true }) : { ...scheduleFast(instance, { weighted: opts.weighted ?? true }), moved: [] };
  const placed = new Map(result.scheduled.map((s) => [s.request, s]));
  const byId = new Map(candidates.map((m) => [m.id, m]));
  await inTransaction(ctx, async (trx) => {
    // Free every changed place first, so that the unique (slot, table) index never sees two meetings in one place midway.
    const changed = candidates.filter((m) => {
      const s = placed.get(m.id);
      return m.status === 'planned' && (s ? m.slot_id !== s.slot || m.table_id !== tableIdOf.get(s.table) : m.slot_id !== null);
    });
    if (changed.length)
      await trx
        .updateTable('event_meetings')
        .set({ slot_id: null, table_id: null, updated_at: new Date() })
        .where('region_code', '=', r)
        .where('id', 'in', changed.map((m) => m.id))
        .execute();
    for (const m of changed) {
      const s = placed.get(m.id);
      if (s) await trx.updateTable('event_meetings').set({ slot_id: s.slot, table_id: tableIdOf.get(s.table)!, updated_at: new Date() }).where('region_code', '=', r).where('id', '=', m.id).execute();
    }
    await recordAudit(trx, ctx.actor, {
      action: 'schedule',
      entity: 'event',
      entityId: ev.id,
      regionCode: r,
      summary: `「${ev.name}」排会：安排 ${result.scheduled.length} 场，未能安排 ${result.unscheduled.length} 场，调整 ${result.moved.length} 场`,
      after: { objective: result.objective, bound: result.bound, moved: result.moved.length },
    });
  });
  const moved: MovedMeetingView[] = result.moved.map((mv) => {
    const m = byId.get(mv.request)!;
    return { meetingId: m.id, names: [names.get(m.a_id) ?? '', names.get(m.b_id) ?? ''], from: mv.from, to: mv.to };
  });
  return {
    objective: result.objective,
    bound: result.bound,
    scheduled: result.scheduled.length,
    unscheduled: result.unscheduled.map((id) => ({ meetingId: id, names: [names.get(byId.get(id)!.a_id) ?? '', names.get(byId.get(id)!.b_id) ?? ''] as [string, string] })),
    moved,
  };
}
