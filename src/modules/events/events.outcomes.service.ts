import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ConflictError, ValidationError, type FieldIssue } from '../../lib/errors.ts';
import type { Db } from '../../server/db.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { createProject } from '../tracking/index.ts';
import { searchVisibleTasks } from '../ledger/index.ts';
import { chainGraphs, currentSegmentId } from '../atlas/index.ts';
import { chainSegmentNames, chainSegmentProblems, segmentLabel, segmentNamesOf } from './events.chains.domain.ts';
import { eventsPolicy } from './events.policy.ts';
import * as repo from './events.repo.ts';
import { eventOr404 } from './events.service.ts';
import type { OutcomeKind } from './events.tables.ts';

const issue = (field: string, zh: string, en: string): FieldIssue => ({ field, message: bilingual(zh, en) });

/**
 * A participant's agenda: its meetings in slot order with the table number and the other side, and its check-in code
 * (for the QR code at the door). The participant itself and organisers read it.
 */
export async function participantAgenda(ctx: ServiceContext, eventId: string, participantId: string) {
  const { ev, ref } = await eventOr404(ctx, eventId);
  const st = await repo.loadEventState(ctx.db, ev);
  const p = st.participants.find((x) => x.id === participantId);
  if (!p) throw bilingualNotFound(`参会方 ${participantId} 不存在`, `Participant ${participantId}`);
  requireAbility(eventsPolicy.participant.act, ctx.actor, { event: ref, userId: p.user_id, id: p.id }, 'read agenda');
  const slots = new Map(st.slots.map((s) => [s.id, s]));
  const tables = new Map(st.tables.map((t) => [t.id, t]));
  const names = new Map(st.participants.map((x) => [x.id, x]));
  const items = st.meetings
    .filter((m) => m.status !== 'cancelled' && (m.a_id === p.id || m.b_id === p.id))
    .map((m) => {
      const other = names.get(m.a_id === p.id ? m.b_id : m.a_id)!;
      const slot = m.slot_id ? slots.get(m.slot_id)! : null;
      const table = m.table_id ? tables.get(m.table_id)! : null;
      return {
        meeting_id: m.id,
        status: m.status,
        slot_position: slot?.position ?? null,
        slot_label: slot?.label ?? null,
        starts_at: slot?.starts_at ?? null,
        ends_at: slot?.ends_at ?? null,
        table_number: table?.number ?? null,
        table_name: table?.name ?? null,
        other_id: other.id,
        other_name: other.name,
        other_kind: other.kind,
      };
    })
    .sort((a, b) => (a.slot_position ?? 1e9) - (b.slot_position ?? 1e9));
  return {
    event: { id: ev.id, name: ev.name, venue: ev.venue, starts_on: ev.starts_on, ends_on: ev.ends_on },
    participant: { id: p.id, name: p.name, kind: p.kind, code: p.code, checked_in_at: p.checked_in_at },
    items,
  };
}

/** The agenda as an iCalendar file: one VEVENT per placed meeting, with the table in its location. */
export async function participantAgendaIcs(ctx: ServiceContext, eventId: string, participantId: string): Promise<{ fileName: string; text: string }> {
  const a = await participantAgenda(ctx, eventId, participantId);
  const { createEvents } = await import('ics');
  const placed = a.items.filter((i) => i.starts_at && i.ends_at);
  const { error, value } = createEvents(
    placed.map((i) => ({
      uid: `${i.meeting_id}@luoshi`,
      start: new Date(i.starts_at!).getTime(),
      end: new Date(i.ends_at!).getTime(),
      startInputType: 'utc' as const,
      startOutputType: 'utc' as const,
      endInputType: 'utc' as const,
      endOutputType: 'utc' as const,
      title: `${a.event.name}：与${i.other_name}会谈（${i.table_number} 号桌）`,
      location: [a.event.venue, `${i.table_number} 号桌${i.table_name ? ` ${i.table_name}` : ''}`].filter(Boolean).join(' '),
      description: `${a.participant.name} — ${i.other_name}\n签到码 / Check-in code: ${a.participant.code}`,
    })),
    { productId: 'luoshi/events', calName: a.event.name },
  );
  if (error || value === null) throw error ?? new Error('ics');
  // An agenda with no placed meeting is still a valid (empty) calendar.
  const text = placed.length ? value : 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:luoshi/events\r\nEND:VCALENDAR\r\n';
  return { fileName: `${a.event.name}-${a.participant.name}.ics`, text };
}

/** What came of a meeting, as an organiser records it; a signed one with a task becomes a ledger project. */
export interface OutcomeFields {
  kind: OutcomeKind;
  /** 万元. */
  amount?: number;
  chainKey?: string | null;
  segmentKey?: string | null;
  note?: string | null;
  /** The ledger task the signed project serves (default: the event's task). */
  taskId?: string | null;
  /** The project's name (default: the two sides' names). */
  projectName?: string | null;
}

/**
 * Records (or changes) a meeting's outcome: an intention, an agreement or a signed contract, with its amount and chain
 * segment. A signed outcome with a task (its own or the event's) becomes a project of that task in the ledger
 * (source: the event), partnered with the enterprise side, once.
 */
export async function setOutcome(ctx: ServiceContext, eventId: string, meetingId: string, input: OutcomeFields) {
  const { ev, ref } = await eventOr404(ctx, eventId);
  requireAbility(eventsPolicy.event.manage, ctx.actor, ref, 'record outcome');
  const r = ev.region_code;
  const m = await ctx.db.selectFrom('event_meetings').selectAll().where('region_code', '=', r).where('event_id', '=', ev.id).where('id', '=', meetingId).executeTakeFirst();
  if (!m) throw bilingualNotFound(`会谈 ${meetingId} 不存在`, `Meeting ${meetingId}`);
  const issues: FieldIssue[] = [];
  if (!['intention', 'agreement', 'signed'].includes(input.kind)) issues.push(issue('kind', '成果应为意向、协议或签约', 'the outcome must be intention, agreement or signed'));
  const amount = input.amount ?? 0;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0 || amount >= 1e13) issues.push(issue('amount', '金额（万元）应为不小于 0 的数', 'the amount (10k yuan) must be a number not below 0'));
  // The chain and segment come from the atlas's chains of the event's region (the form's pickers offer only those).
  const chains = input.chainKey || input.segmentKey ? await chainGraphs(ctx, r) : new Map();
  for (const p of chainSegmentProblems(chains, input.chainKey, input.segmentKey)) issues.push(issue(p.field, p.zh, p.en));
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join('；'), issues);
  if (m.status === 'cancelled') throw new ConflictError(bilingual('会谈已取消', 'the meeting was cancelled'));
  const sides = await ctx.db.selectFrom('event_participants').selectAll().where('region_code', '=', r).where('id', 'in', [m.a_id, m.b_id]).execute();
  const existing = await ctx.db.selectFrom('event_outcomes').selectAll().where('region_code', '=', r).where('meeting_id', '=', m.id).executeTakeFirst();
  const taskId = input.taskId ?? ev.task_id;
  const tag = { chain_key: input.chainKey || null, segment_key: input.segmentKey || null };
  // A signed project names the segment in words (its page shows them) and links to the atlas's segment by id.
  const segmentId = tag.chain_key && tag.segment_key ? ((await currentSegmentId(ctx, r, tag.chain_key, tag.segment_key)) ?? null) : null;
  return inTransaction(ctx, async (trx) => {
    let projectId = existing?.project_id ?? null;
    if (input.kind === 'signed' && !projectId && taskId) {
      const partner = sides.find((s) => s.kind === 'enterprise' && s.uscc) ?? sides.find((s) => s.kind === 'enterprise') ?? sides[0]!;
      const project = await createProject(
        { ...ctx, db: trx as unknown as Db },
        {
          taskId,
          kind: 'investment',
          name: input.projectName?.trim() || `${sides.map((s) => s.name).join('与')}合作项目`,
          amount,
          partnerName: partner.name,
          partnerUscc: partner.uscc,
          chainSegment: segmentLabel(tag, segmentNamesOf(chains, [tag])) || null,
          segmentId,
          source: { kind: 'event', ref: `${ev.id}/${m.id}` },
        },
      );
      projectId = project.id;
    }
    const values = { kind: input.kind, amount, chain_key: input.chainKey || null, segment_key: input.segmentKey || null, note: input.note?.trim() || null, project_id: projectId, updated_at: new Date() };
    const row = existing
      ? await trx.updateTable('event_outcomes').set(values).where('region_code', '=', r).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
      : await trx
          .insertInto('event_outcomes')
          .values({ region_code: r, event_id: ev.id, meeting_id: m.id, created_by: ctx.actor.userId, ...values })
          .returningAll()
          .executeTakeFirstOrThrow();
    if (m.status === 'planned') await trx.updateTable('event_meetings').set({ status: 'held', updated_at: new Date() }).where('region_code', '=', r).where('id', '=', m.id).execute();
    await recordAudit(trx, ctx.actor, {
      action: existing ? 'edit' : 'create',
      entity: 'event_outcome',
      entityId: row.id,
      regionCode: r,
      summary: `「${sides.map((s) => s.name).join('」与「')}」会谈成果：${OUTCOME_ZH[input.kind]}${amount ? ` ${amount} 万元` : ''}${projectId && !existing?.project_id ? '，已转为台账项目' : ''}`,
      before: existing,
      after: values,
    });
    return row;
  });
}
const OUTCOME_ZH = { intention: '意向', agreement: '协议', signed: '签约' } as const;

/** The event report: registrations, requests, meetings held, outcomes and amounts, segments touched. */
export async function eventReport(ctx: ServiceContext, eventId: string) {
  const { ev, ref } = await eventOr404(ctx, eventId);
  requireAbility(eventsPolicy.event.manage, ctx.actor, ref, 'read event report');
  const st = await repo.loadEventState(ctx.db, ev);
  const count = <T>(rows: T[], key: (r: T) => string) => {
    const out: Record<string, number> = {};
    for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
    return out;
  };
  const registered = st.participants.filter((p) => p.status === 'registered');
  const outcomes = (['intention', 'agreement', 'signed'] as const).map((k) => {
    const rows = st.outcomes.filter((o) => o.kind === k);
    return { kind: k, count: rows.length, amount: rows.reduce((s, o) => s + Number(o.amount), 0) };
  });
  type SegmentLine = { chain_key: string; segment_key: string | null; chain_name: string; chain_name_en: string; segment_name: string | null; segment_name_en: string | null; offers: number; needs: number; outcomes: number; amount: number };
  const segments = new Map<string, SegmentLine>();
  const tagged = [...st.offers, ...st.outcomes].filter((o) => o.chain_key);
  const names = tagged.length ? segmentNamesOf(await chainGraphs(ctx, ev.region_code), tagged) : {};
  const seg = (c: string | null, s: string | null) => {
    const key = `${c}/${s ?? ''}`;
    if (!segments.has(key)) {
      const zh = chainSegmentNames({ chain_key: c, segment_key: s }, names, 'zh');
      const en = chainSegmentNames({ chain_key: c, segment_key: s }, names, 'en');
      segments.set(key, { chain_key: c!, segment_key: s, chain_name: zh.chain, chain_name_en: en.chain, segment_name: zh.segment, segment_name_en: en.segment, offers: 0, needs: 0, outcomes: 0, amount: 0 });
    }
    return segments.get(key)!;
  };
  for (const o of st.offers) if (o.chain_key) seg(o.chain_key, o.segment_key)[o.kind === 'offer' ? 'offers' : 'needs']++;
  for (const o of st.outcomes)
    if (o.chain_key) {
      const x = seg(o.chain_key, o.segment_key);
      x.outcomes++;
      x.amount += Number(o.amount);
    }
  return {
    event: { id: ev.id, name: ev.name, starts_on: ev.starts_on, ends_on: ev.ends_on, venue: ev.venue },
    registrations: { total: registered.length, checked_in: registered.filter((p) => p.checked_in_at).length, by_kind: count(registered, (p) => p.kind) },
    requests: { total: st.requests.length, by_status: count(st.requests, (q) => q.status) },
    meetings: { total: st.meetings.filter((m) => m.status !== 'cancelled').length, by_status: count(st.meetings, (m) => m.status), placed: st.meetings.filter((m) => m.status !== 'cancelled' && m.slot_id).length },
    outcomes,
    projects: st.outcomes.filter((o) => o.project_id).length,
    segment_names: names,
    segments: [...segments.values()].sort((a, b) => b.amount - a.amount || b.outcomes - a.outcomes || b.offers + b.needs - a.offers - a.needs),
  };
}

const KIND_NAMES = { enterprise: '企业', association: '协会', investor: '投资机构', government: '政府部门' } as Record<string, string>;
const STATUS_NAMES = { requested: '待答复', accepted: '已接受', declined: '已谢绝', cancelled: '已取消', planned: '待举行', held: '已举行', no_show: '缺席' } as Record<string, string>;

/** The event report as an Excel workbook: a summary sheet, the meetings with their outcomes, and the segments touched. */
export async function eventReportWorkbook(ctx: ServiceContext, eventId: string): Promise<{ fileName: string; bytes: Buffer }> {
  const report = await eventReport(ctx, eventId);
  const { ev } = await eventOr404(ctx, eventId);
  const st = await repo.loadEventState(ctx.db, ev);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const summary = wb.addWorksheet('概况');
  summary.columns = [{ width: 28 }, { width: 16 }, { width: 18 }];
  summary.addRow([report.event.name]).font = { bold: true, size: 14 };
  summary.addRow([`${report.event.starts_on}${report.event.ends_on !== report.event.starts_on ? ` 至 ${report.event.ends_on}` : ''}`, report.event.venue ?? '']);
  summary.addRow([]);
  summary.addRow(['报名参会方', report.registrations.total]);
  for (const [k, n] of Object.entries(report.registrations.by_kind)) summary.addRow([`  其中${KIND_NAMES[k] ?? k}`, n]);
  summary.addRow(['签到', report.registrations.checked_in]);
  summary.addRow(['约见请求', report.requests.total]);
  for (const [k, n] of Object.entries(report.requests.by_status)) summary.addRow([`  ${STATUS_NAMES[k] ?? k}`, n]);
  summary.addRow(['会谈（不含取消）', report.meetings.total]);
  for (const [k, n] of Object.entries(report.meetings.by_status)) summary.addRow([`  ${STATUS_NAMES[k] ?? k}`, n]);
  summary.addRow([]);
  summary.addRow(['成果', '数量', '金额（万元）']).font = { bold: true };
  for (const o of report.outcomes) summary.addRow([OUTCOME_ZH[o.kind], o.count, o.amount]);
  summary.addRow(['转为台账项目', report.projects]);

  const names = new Map(st.participants.map((p) => [p.id, p.name]));
  const slots = new Map(st.slots.map((s) => [s.id, s.label]));
  const tables = new Map(st.tables.map((t) => [t.id, t.number]));
  const outcomeOf = new Map(st.outcomes.map((o) => [o.meeting_id, o]));
  const meetings = wb.addWorksheet('会谈');
  meetings.columns = [
    { header: '时段', width: 14 },
    { header: '桌号', width: 8 },
    { header: '一方', width: 28 },
    { header: '另一方', width: 28 },
    { header: '状态', width: 10 },
    { header: '成果', width: 10 },
    { header: '金额（万元）', width: 14 },
    { header: '产业链环节', width: 24 },
  ];
  meetings.getRow(1).font = { bold: true };
  for (const m of st.meetings.filter((x) => x.status !== 'cancelled')) {
    const o = outcomeOf.get(m.id);
    meetings.addRow([m.slot_id ? slots.get(m.slot_id) : '未安排', m.table_id ? tables.get(m.table_id) : '', names.get(m.a_id), names.get(m.b_id), STATUS_NAMES[m.status], o ? OUTCOME_ZH[o.kind] : '', o ? Number(o.amount) : '', o ? segmentLabel(o, report.segment_names) : '']);
  }
  const segs = wb.addWorksheet('涉及环节');
  segs.columns = [
    { header: '产业链', width: 18 },
    { header: '环节', width: 18 },
    { header: '供', width: 8 },
    { header: '需', width: 8 },
    { header: '成果', width: 8 },
    { header: '金额（万元）', width: 14 },
  ];
  segs.getRow(1).font = { bold: true };
  for (const s of report.segments) segs.addRow([s.chain_name, s.segment_name ?? '', s.offers, s.needs, s.outcomes, s.amount]);
  return { fileName: `${report.event.name}-活动报告.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}

/** Ledger tasks an organiser may link an outcome's project to: those it may see, by number or a piece of the title. */
export async function taskChoices(ctx: ServiceContext, eventId: string, q?: string) {
  const { ref } = await eventOr404(ctx, eventId);
  requireAbility(eventsPolicy.event.manage, ctx.actor, ref, 'choose task');
  return { tasks: await searchVisibleTasks(ctx, { q, limit: 20 }) };
}
