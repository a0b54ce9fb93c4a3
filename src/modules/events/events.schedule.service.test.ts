import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { cancelMeeting, createEvent, decideRequest, eventDetail, registerParticipant, requestMeeting, updateParticipant } from './events.service.ts';
import { scheduleEvent } from './events.schedule.service.ts';
import { eventReport, eventReportWorkbook, participantAgenda, participantAgendaIcs, setOutcome } from './events.outcomes.service.ts';
import type { ValidationError } from '../../lib/errors.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let gxj: ServiceContext;
let eventId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [fgw, gxj] = await Promise.all(['fgw', 'gxj'].map((u) => contextAs(h, u)));
  eventId = (await createEvent(fgw, { name: '排会测试', startsOn: '2030-06-01', slots: { date: '2030-06-01', start: '14:00', count: 2, minutes: 30 }, tables: 1 })).event.id;
  for (const n of ['甲', '乙', '丙', '丁']) ids[n] = (await registerParticipant(fgw, eventId, { kind: 'association', name: `示例协会${n}` })).id;
});
afterAll(async () => h?.close());

const meet = async (from: string, to: string, priority: 'must' | 'nice' = 'nice') => {
  const r = await requestMeeting(fgw, eventId, ids[from], { to: ids[to], priority });
  await decideRequest(fgw, eventId, r.id, 'accept');
};

/** Nobody twice in a slot, one meeting per table and slot, every meeting in a slot both sides can attend. */
async function checkFeasible() {
  const d = await eventDetail(fgw, eventId);
  const placed = d.meetings.filter((m) => m.status !== 'cancelled' && m.slot_id);
  const seen = new Set<string>();
  for (const m of placed) {
    for (const key of [`${m.slot_id}/t${m.table_id}`, `${m.slot_id}/${m.a_id}`, `${m.slot_id}/${m.b_id}`]) {
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    for (const p of [m.a_id, m.b_id]) expect(d.participants.find((x) => x.id === p)!.available_slot_ids).toContain(m.slot_id);
  }
  return { d, placed };
}

describe('排会', () => {
  it('places accepted requests without conflicts, must-meet first when slots run short; only organisers run it', async () => {
    await meet('甲', '乙', 'must');
    await meet('甲', '丙');
    await meet('乙', '丙');
    await expect(scheduleEvent(gxj, eventId)).rejects.toBeInstanceOf(ForbiddenError);
    const r = await scheduleEvent(fgw, eventId);
    // One table, two slots: two of the three meetings fit; the must-meet is one of them.
    expect(r.scheduled).toBe(2);
    expect(r.unscheduled).toHaveLength(1);
    expect(r.moved).toEqual([]);
    const { placed } = await checkFeasible();
    expect(placed.some((m) => [m.a_id, m.b_id].sort().join() === [ids['甲'], ids['乙']].sort().join())).toBe(true);
  });

  it('after a cancellation and a late acceptance, reschedules keeping placed meetings and saying which moved', async () => {
    const before = (await checkFeasible()).placed;
    expect(before).toHaveLength(2);
    const keep = before.find((m) => [m.a_id, m.b_id].includes(ids['甲']) && [m.a_id, m.b_id].includes(ids['乙']))!;
    // Both other meetings are called off (the one placed and the one left out): only 甲–乙 stays, in its slot.
    for (const m of (await eventDetail(fgw, eventId)).meetings) if (m.id !== keep.id && m.status === 'planned') await cancelMeeting(fgw, eventId, m.id);
    // 丁 can come only in the slot the kept meeting uses: the kept meeting has to move for 丁's meeting with 丙 to fit,
    // and moving it to the free slot lets both meetings happen.
    await updateParticipant(fgw, eventId, ids['丁'], { availableSlotIds: [keep.slot_id!] });
    await meet('丙', '丁', 'must');
    const r = await scheduleEvent(fgw, eventId);
    const { placed } = await checkFeasible();
    expect(placed).toHaveLength(2);
    expect(r.moved.map((m) => m.meetingId)).toEqual([keep.id]);
    expect(r.moved[0].names.sort()).toEqual(['示例协会乙', '示例协会甲']);
    expect(placed.find((m) => m.id === keep.id)!.slot_id).not.toBe(keep.slot_id);
  });

  it('gives each side its agenda with table numbers (also as .ics); a signed outcome becomes a ledger project, once', async () => {
    const agenda = await participantAgenda(fgw, eventId, ids['丙']);
    expect(agenda.items.map((i) => [i.other_name, i.table_number])).toEqual([['示例协会丁', 1]]);
    expect(agenda.participant.code).toMatch(/^[2-9A-Z]{8}$/);
    await expect(participantAgenda(gxj, eventId, ids['丙'])).rejects.toBeInstanceOf(ForbiddenError);
    const ics = await participantAgendaIcs(fgw, eventId, ids['丙']);
    expect(ics.text).toContain('BEGIN:VEVENT');
    expect(ics.text).toContain('示例协会丁');

    const plan = await h.db.selectFrom('plans').select('id').where('region_code', '=', '120000').where('title', 'like', '%年度重点任务分工方案（示例）').executeTakeFirstOrThrow();
    const task = await h.db.selectFrom('tasks').select('id').where('region_code', '=', '120000').where('plan_id', '=', plan.id).where('seq', '=', '3').executeTakeFirstOrThrow();
    const meeting = agenda.items[0].meeting_id;
    const bad = await setOutcome(fgw, eventId, meeting, { kind: 'signed', amount: -5 }).catch((e: ValidationError) => e);
    expect((bad as ValidationError).details.map((d) => d.field)).toEqual(['amount']);
    const o = await setOutcome(fgw, eventId, meeting, { kind: 'signed', amount: 8800, chainKey: 'demo-hydrogen', segmentKey: 'fuelcell.stack', taskId: task.id, projectName: '燃料电池电堆合作项目' });
    expect(o.project_id).not.toBeNull();
    const project = await h.db.selectFrom('task_projects').selectAll().where('region_code', '=', '120000').where('id', '=', o.project_id!).executeTakeFirstOrThrow();
    // The project's page shows the segment by its atlas names; the project links to that segment of the chain's current version.
    expect(project).toMatchObject({ task_id: task.id, name: '燃料电池电堆合作项目', amount: 8800, source_kind: 'event', chain_segment: '氢能（示例） · 电堆' });
    const segment = await h.db
      .selectFrom('atlas_segments as s')
      .innerJoin('atlas_chain_versions as v', 'v.id', 's.version_id')
      .innerJoin('atlas_chains as c', (j) => j.onRef('c.id', '=', 'v.chain_id').onRef('c.current_version', '=', 'v.version'))
      .select(['c.key as chain', 's.key', 's.name'])
      .where('s.id', '=', project.segment_id!)
      .executeTakeFirst();
    expect(segment).toEqual({ chain: 'demo-hydrogen', key: 'fuelcell.stack', name: '电堆' });
    const again = await setOutcome(fgw, eventId, meeting, { kind: 'signed', amount: 9000, taskId: task.id });
    expect(again.project_id).toBe(o.project_id);
    await expect(setOutcome(gxj, eventId, meeting, { kind: 'intention' })).rejects.toBeInstanceOf(ForbiddenError);

    const report = await eventReport(fgw, eventId);
    expect(report.registrations.total).toBe(4);
    expect(report.outcomes.find((x) => x.kind === 'signed')).toEqual({ kind: 'signed', count: 1, amount: 9000 });
    expect(report.projects).toBe(1);
    const xlsx = await eventReportWorkbook(fgw, eventId);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '会谈', '涉及环节']);
  });
});
