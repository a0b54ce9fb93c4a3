import { randomInt } from 'node:crypto';
import { abilitiesOf, requireAbility, requireVisible } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ConflictError, ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import { actorRegion, recordAudit } from '../org/index.ts';
import { chainGraphs, findEnterpriseByUscc, normaliseUscc, usccProblem } from '../atlas/index.ts';
import { segmentNamesOf } from './events.chains.domain.ts';
import { generateSlots, newCheckInCode, placementProblem, slotPlanProblems, type SlotPlan } from './events.domain.ts';
import { bearerOf, eventsPolicy, type EventRef, type ParticipantRef } from './events.policy.ts';
import { invitationOnly } from './events.public.domain.ts';
import { newLinkToken } from './events.link.ts';
import * as repo from './events.repo.ts';
import type { ParticipantKind } from './events.tables.ts';

const issue = (field: string, zh: string, en: string): FieldIssue => ({ field, message: bilingual(zh, en) });
const fail = (issues: FieldIssue[]) => {
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join('；'), issues);
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: ParticipantKind[] = ['enterprise', 'association', 'investor', 'government'];

/** The policy's view of an event, its registration window judged at `now`. */
export function eventRef(ev: repo.EventRow, now = new Date()): EventRef {
  const opens = ev.registration_opens_at ? new Date(ev.registration_opens_at) : null;
  const closes = ev.registration_closes_at ? new Date(ev.registration_closes_at) : null;
  return {
    organiserUnitId: ev.organiser_unit_id,
    access: ev.access,
    registrationOpen: ev.status === 'open' && (!opens || opens <= now) && (!closes || now <= closes),
  };
}

/** An event the caller may read, or a 404 (the public is asked to sign in). */
export async function eventOr404(ctx: ServiceContext, id: string) {
  const ev = await repo.findEventById(ctx.db, id);
  if (!ev) throw bilingualNotFound(`活动 ${id} 不存在`, `Event ${id}`);
  return { ev, ref: eventRef(ev) };
}

async function managedEvent(ctx: ServiceContext, id: string, what: string) {
  const e = await eventOr404(ctx, id);
  requireVisible(eventsPolicy.event.read, ctx.actor, undefined as never, what, () => bilingualNotFound(`活动 ${id} 不存在`, `Event ${id}`));
  requireAbility(eventsPolicy.event.manage, ctx.actor, e.ref, what);
  return e;
}

/** A participant of the event the caller may act for (the participant's own account or an organiser). */
async function actingParticipant(ctx: ServiceContext, eventId: string, participantId: string, what: string) {
  const { ev, ref } = await eventOr404(ctx, eventId);
  const p = await ctx.db.selectFrom('event_participants').selectAll().where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('id', '=', participantId).executeTakeFirst();
  if (!p) throw bilingualNotFound(`参会方 ${participantId} 不存在`, `Participant ${participantId}`);
  requireAbility(eventsPolicy.participant.act, ctx.actor, { event: ref, userId: p.user_id, id: p.id } satisfies ParticipantRef, what);
  return { ev, ref, p };
}

/** What an event holds, as an organiser gives it. */
export interface EventFields {
  name: string;
  description?: string | null;
  startsOn: string;
  endsOn?: string | null;
  venue?: string | null;
  registrationOpensAt?: string | null;
  registrationClosesAt?: string | null;
  access?: 'public' | 'invitation';
  focusChains?: string[];
  focusSegments?: string[];
  taskId?: string | null;
}

function eventFieldProblems(f: Partial<EventFields>, creating: boolean): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (creating || f.name !== undefined) {
    if (!f.name?.trim()) out.push(issue('name', '缺少活动名称', 'the event name is missing'));
    else if (f.name.length > 200) out.push(issue('name', '活动名称过长（最多 200 字）', 'the event name is too long (200 characters at most)'));
  }
  if ((creating || f.startsOn !== undefined) && !(f.startsOn && DATE.test(f.startsOn) && !Number.isNaN(Date.parse(f.startsOn)))) out.push(issue('startsOn', `开始日期 ${f.startsOn ?? ''} 无效`, `the start date ${f.startsOn ?? ''} is not valid`));
  if (f.endsOn && !(DATE.test(f.endsOn) && !Number.isNaN(Date.parse(f.endsOn)))) out.push(issue('endsOn', `结束日期 ${f.endsOn} 无效`, `the end date ${f.endsOn} is not valid`));
  else if (f.endsOn && f.startsOn && f.endsOn < f.startsOn) out.push(issue('endsOn', '结束日期早于开始日期', 'the end date is before the start date'));
  for (const k of ['registrationOpensAt', 'registrationClosesAt'] as const) if (f[k] && Number.isNaN(Date.parse(f[k]!))) out.push(issue(k, `报名时间 ${f[k]} 无效`, `the registration time ${f[k]} is not valid`));
  if (f.registrationOpensAt && f.registrationClosesAt && Date.parse(f.registrationClosesAt) < Date.parse(f.registrationOpensAt)) out.push(issue('registrationClosesAt', '报名截止早于报名开始', 'registration closes before it opens'));
  if (f.access !== undefined && !['public', 'invitation'].includes(f.access)) out.push(issue('access', '报名方式应为公开或邀请', 'access must be public or invitation'));
  return out;
}

/**
 * Creates an event in the organiser's region with its slots (laid out by `slots`) and `tables` numbered 1…n.
 * @example createEvent(ctx, { name: '新能源汽车产业链对接会', startsOn: '2026-12-10', slots: { date: '2026-12-10', start: '09:00', count: 16, minutes: 20, breakEvery: 4, breakMinutes: 10 }, tables: 20 })
 */
export async function createEvent(ctx: ServiceContext, input: EventFields & { regionCode?: string; slots: SlotPlan; tables: number }) {
  requireAbility(eventsPolicy.event.create, ctx.actor, undefined as never, 'create event');
  const issues = eventFieldProblems(input, true);
  for (const p of slotPlanProblems(input.slots)) issues.push(issue(p.field, p.zh, p.en));
  if (!Number.isInteger(input.tables) || input.tables < 1 || input.tables > 2000) issues.push(issue('tables', '洽谈桌数应为 1–2000', 'the number of tables must be 1–2000'));
  const regionCode = input.regionCode ?? (await actorRegion(ctx.db, ctx.actor));
  if (!(await ctx.db.selectFrom('regions').select('code').where('code', '=', regionCode).executeTakeFirst())) issues.push(issue('regionCode', `没有代码为 ${regionCode} 的行政区划`, `no region has the code ${regionCode}`));
  fail(issues);
  const id = await inTransaction(ctx, async (trx) => {
    const { id } = await trx
      .insertInto('events')
      .values({
        region_code: regionCode,
        name: input.name.trim(),
        description: input.description?.trim() || null,
        starts_on: input.startsOn,
        ends_on: input.endsOn || input.startsOn,
        venue: input.venue?.trim() || null,
        registration_opens_at: input.registrationOpensAt || null,
        registration_closes_at: input.registrationClosesAt || null,
        access: input.access ?? 'invitation',
        focus_chains: input.focusChains ?? [],
        focus_segments: input.focusSegments ?? [],
        organiser_unit_id: ctx.actor.unitId,
        task_id: input.taskId ?? null,
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('event_slots')
      .values(generateSlots(input.slots).map((s) => ({ region_code: regionCode, event_id: id, position: s.position, label: s.label, starts_at: s.startsAt, ends_at: s.endsAt })))
      .execute();
    await trx
      .insertInto('event_tables')
      .values(Array.from({ length: input.tables }, (_, i) => ({ region_code: regionCode, event_id: id, number: i + 1 })))
      .execute();
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'event', entityId: id, regionCode, summary: `创建对接活动「${input.name.trim()}」`, after: input });
    return id;
  });
  return eventDetail(ctx, id);
}

/** Changes an event's details or status (draft → open → closed → held). */
export async function updateEvent(ctx: ServiceContext, id: string, input: Partial<EventFields> & { status?: 'draft' | 'open' | 'closed' | 'held' }) {
  const { ev } = await managedEvent(ctx, id, 'edit event');
  const issues = eventFieldProblems({ ...input, startsOn: input.startsOn ?? ev.starts_on, endsOn: input.endsOn === undefined ? ev.ends_on : input.endsOn }, false);
  if (input.status !== undefined && !['draft', 'open', 'closed', 'held'].includes(input.status)) issues.push(issue('status', '状态无效', 'the status is not valid'));
  fail(issues);
  const set = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.description !== undefined ? { description: input.description?.trim() || null } : {}),
    ...(input.startsOn !== undefined ? { starts_on: input.startsOn } : {}),
    ...(input.endsOn !== undefined ? { ends_on: input.endsOn || input.startsOn || ev.starts_on } : {}),
    ...(input.venue !== undefined ? { venue: input.venue?.trim() || null } : {}),
    ...(input.registrationOpensAt !== undefined ? { registration_opens_at: input.registrationOpensAt || null } : {}),
    ...(input.registrationClosesAt !== undefined ? { registration_closes_at: input.registrationClosesAt || null } : {}),
    ...(input.access !== undefined ? { access: input.access } : {}),
    ...(input.focusChains !== undefined ? { focus_chains: input.focusChains } : {}),
    ...(input.focusSegments !== undefined ? { focus_segments: input.focusSegments } : {}),
    ...(input.taskId !== undefined ? { task_id: input.taskId } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
  };
  await inTransaction(ctx, async (trx) => {
    await trx
      .updateTable('events')
      .set({ ...set, updated_at: new Date() })
      .where('region_code', '=', ev.region_code)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx.actor, { action: 'edit', entity: 'event', entityId: id, regionCode: ev.region_code, summary: `修改对接活动「${ev.name}」`, before: ev, after: set });
  });
  return eventDetail(ctx, id);
}

/** Every event, newest first, with the caller's abilities on each. */
export async function listEvents(ctx: ServiceContext) {
  requireAbility(eventsPolicy.event.read, ctx.actor, undefined as never, 'list events');
  const rows = await repo.listAllEvents(ctx.db);
  return {
    events: rows.map((e) => ({ ...publicFields(e), participants: e.participants, abilities: abilitiesOf(eventsPolicy.event, ctx.actor, eventRef(e)) })),
    canCreate: eventsPolicy.event.create(ctx.actor),
  };
}

function publicFields(e: repo.EventRow) {
  return {
    id: e.id,
    region_code: e.region_code,
    name: e.name,
    description: e.description,
    starts_on: e.starts_on,
    ends_on: e.ends_on,
    venue: e.venue,
    registration_opens_at: e.registration_opens_at,
    registration_closes_at: e.registration_closes_at,
    access: e.access,
    focus_chains: e.focus_chains,
    focus_segments: e.focus_segments,
    status: e.status,
    task_id: e.task_id,
    registration_open: eventRef(e).registrationOpen,
  };
}

/**
 * One event as the caller may see it: organisers see everything (contacts, every request and meeting); a participant
 * sees every participant and offer (to choose whom to meet) but only its own requests, meetings and check-in code.
 */
export async function eventDetail(ctx: ServiceContext, id: string) {
  const { ev, ref } = await eventOr404(ctx, id);
  requireVisible(eventsPolicy.event.read, ctx.actor, undefined as never, 'read event', () => bilingualNotFound(`活动 ${id} 不存在`, `Event ${id}`));
  return detailAs(ctx, ev, ref, (p) => p.user_id !== null && p.user_id === ctx.actor.userId);
}

/**
 * An event as seen by the caller, once its right to read it is checked: `isMine` picks the participants the caller
 * acts for (by account, or the one whose personal link it showed); only their contacts, requests and meetings show.
 */
export async function detailAs(ctx: ServiceContext, ev: repo.EventRow, ref: EventRef, isMine: (p: { id: string; user_id: string | null }) => boolean) {
  const manages = eventsPolicy.event.manage(ctx.actor, ref);
  const st = await repo.loadEventState(ctx.db, ev);
  const mine = new Set(st.participants.filter(isMine).map((p) => p.id));
  const sees = (ids: string[]) => manages || ids.some((x) => mine.has(x));
  const outcomes = manages ? st.outcomes : st.outcomes.filter((o) => st.meetings.some((m) => m.id === o.meeting_id && sees([m.a_id, m.b_id])));
  const tagged = [...st.offers, ...outcomes].filter((o) => o.chain_key);
  return {
    event: { ...publicFields(ev), organiser_unit_id: ev.organiser_unit_id },
    abilities: abilitiesOf(eventsPolicy.event, ctx.actor, ref),
    myParticipantIds: [...mine],
    slots: st.slots,
    tables: st.tables,
    participants: st.participants.map((p) => ({
      id: p.id,
      kind: p.kind,
      name: p.name,
      uscc: p.uscc,
      enterprise_id: p.enterprise_id,
      description: p.description,
      home_region_code: p.home_region_code,
      status: p.status,
      available_slot_ids: p.available_slot_ids,
      checked_in_at: p.checked_in_at,
      ...(sees([p.id]) ? { contact_name: p.contact_name, contact_phone: p.contact_phone, contact_email: p.contact_email, code: p.code, user_id: p.user_id } : {}),
    })),
    offers: st.offers,
    requests: st.requests.filter((r) => sees([r.from_id, r.to_id])),
    meetings: st.meetings.filter((m) => sees([m.a_id, m.b_id])),
    outcomes,
    segment_names: tagged.length ? segmentNamesOf(await chainGraphs(ctx, ev.region_code), tagged) : {},
  };
}

/** What the public registration form shows of a public event (404 for a draft, 403 invitation_only for an event by invitation). */
export async function publicEvent(ctx: ServiceContext, id: string) {
  const ev = await repo.findEventById(ctx.db, id);
  if (!ev || ev.status === 'draft') throw bilingualNotFound(`活动 ${id} 不存在`, `Event ${id}`);
  if (ev.access !== 'public') throw invitationOnly();
  const slots = await ctx.db.selectFrom('event_slots').selectAll().where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).orderBy('position').execute();
  return { event: publicFields(ev), slots };
}

/** A participant as registration gives it. */
export interface ParticipantFields {
  kind: ParticipantKind;
  name: string;
  uscc?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  description?: string | null;
  homeRegionCode?: string | null;
  /** Slot ids; every slot when left out. */
  availableSlotIds?: string[];
  /** The participant's own account (organisers only; a signed-in registrant is linked to its own account). */
  userId?: string | null;
}

async function participantProblems(db: ServiceContext['db'], f: Partial<ParticipantFields>, slots: Set<string>, creating: boolean): Promise<FieldIssue[]> {
  const out: FieldIssue[] = [];
  if (creating || f.kind !== undefined) if (!KINDS.includes(f.kind!)) out.push(issue('kind', '参会方类型应为企业、协会、投资机构或政府部门', 'the kind must be enterprise, association, investor or government'));
  if (creating || f.name !== undefined) {
    if (!f.name?.trim()) out.push(issue('name', '缺少名称', 'the name is missing'));
    else if (f.name.length > 200) out.push(issue('name', '名称过长（最多 200 字）', 'the name is too long (200 characters at most)'));
  }
  if (f.uscc) {
    const problem = usccProblem(normaliseUscc(f.uscc));
    if (problem) out.push(issue('uscc', `统一社会信用代码 ${f.uscc} ${problem.zh}`, `the unified social credit code ${f.uscc} ${problem.en}`));
  } else if (creating && f.kind === 'enterprise') out.push(issue('uscc', '企业须填写统一社会信用代码', 'an enterprise must give its unified social credit code'));
  if (f.contactEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.contactEmail)) out.push(issue('contactEmail', `邮箱 ${f.contactEmail} 无效`, `the e-mail ${f.contactEmail} is not valid`));
  if (f.homeRegionCode && !(await db.selectFrom('regions').select('code').where('code', '=', f.homeRegionCode).executeTakeFirst())) out.push(issue('homeRegionCode', `没有代码为 ${f.homeRegionCode} 的行政区划`, `no region has the code ${f.homeRegionCode}`));
  if (f.availableSlotIds) {
    const unknown = f.availableSlotIds.filter((s) => !slots.has(s));
    if (unknown.length) out.push(issue('availableSlotIds', `时段 ${unknown.join('、')} 不属于本活动`, `slot ${unknown.join(', ')} is not one of this event's`));
    else if (f.availableSlotIds.length === 0) out.push(issue('availableSlotIds', '至少选择一个可参加的时段', 'choose at least one slot you can attend'));
  }
  return out;
}

const eventSlotIds = async (db: ServiceContext['db'], ev: repo.EventRow) =>
  new Set((await db.selectFrom('event_slots').select('id').where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).execute()).map((s) => s.id));

/**
 * Registers a participant: by an organiser, or by anyone on the public form of a public event while registration is
 * open (a signed-in registrant becomes the participant's account). An enterprise gives its 统一社会信用代码, checked by
 * the atlas's rule and linked to the atlas's enterprise when the directory holds it; one code registers once.
 */
export async function registerParticipant(ctx: ServiceContext, eventId: string, input: ParticipantFields) {
  const { ev, ref } = await eventOr404(ctx, eventId);
  if (ctx.actor.kind === 'public' && !(ev.access === 'public' && ev.status !== 'draft')) throw bilingualNotFound(`活动 ${eventId} 不存在`, `Event ${eventId}`);
  requireAbility(eventsPolicy.event.register, ctx.actor, ref, 'register for event');
  const manages = eventsPolicy.event.manage(ctx.actor, ref);
  const slots = await eventSlotIds(ctx.db, ev);
  fail(await participantProblems(ctx.db, input, slots, true));
  const uscc = input.uscc ? normaliseUscc(input.uscc) : null;
  const enterprise = uscc ? await findEnterpriseByUscc(ctx, uscc) : undefined;
  const userId = manages ? (input.userId ?? null) : ctx.actor.userId;
  // A participant without an account gets a personal link instead: its secret is shown in this answer only.
  const link = userId === null ? newLinkToken() : null;
  const id = await inTransaction(ctx, async (trx) => {
    if (uscc) {
      const dup = await trx.selectFrom('event_participants').select('name').where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('uscc', '=', uscc).where('status', '=', 'registered').executeTakeFirst();
      if (dup) throw new ConflictError(bilingual(`统一社会信用代码 ${uscc} 已由「${dup.name}」报名`, `the code ${uscc} is registered already (${dup.name})`), [issue('uscc', `${uscc} 已报名`, `${uscc} is registered already`)]);
    }
    const { id } = await trx
      .insertInto('event_participants')
      .values({
        region_code: ev.region_code,
        event_id: ev.id,
        kind: input.kind,
        name: input.name.trim(),
        uscc,
        enterprise_id: enterprise?.id ?? null,
        enterprise_region_code: enterprise?.regionCode ?? null,
        contact_name: input.contactName?.trim() || null,
        contact_phone: input.contactPhone?.trim() || null,
        contact_email: input.contactEmail?.trim() || null,
        description: input.description?.trim() || null,
        home_region_code: input.homeRegionCode || enterprise?.regionCode || null,
        available_slot_ids: input.availableSlotIds ?? [...slots],
        user_id: userId,
        token_hash: link?.hash ?? null,
        code: newCheckInCode(() => randomInt(1 << 30) / (1 << 30)),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, { action: 'register', entity: 'event_participant', entityId: id, regionCode: ev.region_code, summary: `「${input.name.trim()}」报名「${ev.name}」`, after: { ...input, uscc } });
    return id;
  });
  const p = await ctx.db.selectFrom('event_participants').selectAll().where('region_code', '=', ev.region_code).where('id', '=', id).executeTakeFirstOrThrow();
  return { ...p, linked_enterprise_name: enterprise?.name ?? null, link_token: link?.token ?? null };
}

/** Changes a participant's description, contacts or availability (the participant itself or an organiser). */
export async function updateParticipant(ctx: ServiceContext, eventId: string, participantId: string, input: Partial<Omit<ParticipantFields, 'kind' | 'uscc' | 'userId'>>) {
  const { ev, p } = await actingParticipant(ctx, eventId, participantId, 'edit participant');
  fail(await participantProblems(ctx.db, input, await eventSlotIds(ctx.db, ev), false));
  const set = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.description !== undefined ? { description: input.description?.trim() || null } : {}),
    ...(input.contactName !== undefined ? { contact_name: input.contactName?.trim() || null } : {}),
    ...(input.contactPhone !== undefined ? { contact_phone: input.contactPhone?.trim() || null } : {}),
    ...(input.contactEmail !== undefined ? { contact_email: input.contactEmail?.trim() || null } : {}),
    ...(input.homeRegionCode !== undefined ? { home_region_code: input.homeRegionCode || null } : {}),
    ...(input.availableSlotIds !== undefined ? { available_slot_ids: input.availableSlotIds } : {}),
  };
  if (!Object.keys(set).length) return p;
  return inTransaction(ctx, async (trx) => {
    const row = await trx.updateTable('event_participants').set(set).where('region_code', '=', ev.region_code).where('id', '=', p.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, { action: 'edit', entity: 'event_participant', entityId: p.id, regionCode: ev.region_code, summary: `修改参会方「${p.name}」`, before: p, after: set });
    return row;
  });
}

/** An offer (供) or need (需) as a participant publishes it. */
export interface OfferFields {
  kind: 'offer' | 'need';
  title: string;
  body?: string | null;
  chainKey?: string | null;
  segmentKey?: string | null;
  products?: string[];
}

/** Publishes an offer or a need of a participant, tagged with a chain segment and products. */
export async function addOffer(ctx: ServiceContext, eventId: string, participantId: string, input: OfferFields) {
  const { ev, p } = await actingParticipant(ctx, eventId, participantId, 'publish offer or need');
  const issues: FieldIssue[] = [];
  if (!['offer', 'need'].includes(input.kind)) issues.push(issue('kind', '类型应为供或需', 'the kind must be offer or need'));
  if (!input.title?.trim()) issues.push(issue('title', '缺少标题', 'the title is missing'));
  else if (input.title.length > 200) issues.push(issue('title', '标题过长（最多 200 字）', 'the title is too long (200 characters at most)'));
  if (input.segmentKey && !input.chainKey) issues.push(issue('chainKey', '填写环节时须同时选择产业链', 'a segment needs its chain'));
  fail(issues);
  return inTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto('event_offers')
      .values({
        region_code: ev.region_code,
        event_id: ev.id,
        participant_id: p.id,
        kind: input.kind,
        title: input.title.trim(),
        body: input.body?.trim() || null,
        chain_key: input.chainKey || null,
        segment_key: input.segmentKey || null,
        products: (input.products ?? []).map((x) => x.trim()).filter(Boolean),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'event_offer', entityId: row.id, regionCode: ev.region_code, summary: `「${p.name}」发布${input.kind === 'offer' ? '供给' : '需求'}「${row.title}」`, after: input });
    return row;
  });
}

/** Withdraws an offer or a need. */
export async function deleteOffer(ctx: ServiceContext, eventId: string, participantId: string, offerId: string) {
  const { ev, p } = await actingParticipant(ctx, eventId, participantId, 'withdraw offer or need');
  await inTransaction(ctx, async (trx) => {
    const gone = await trx.deleteFrom('event_offers').where('region_code', '=', ev.region_code).where('participant_id', '=', p.id).where('id', '=', offerId).returningAll().executeTakeFirst();
    if (!gone) throw bilingualNotFound(`供需 ${offerId} 不存在`, `Offer or need ${offerId}`);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'event_offer', entityId: offerId, regionCode: ev.region_code, summary: `「${p.name}」撤下「${gone.title}」`, before: gone });
  });
}

/**
 * Asks another participant for a one-to-one meeting. Refused: a request to oneself, to a participant of another event
 * or one who cancelled, and a second request between the same two (either direction) while one is live.
 */
export async function requestMeeting(ctx: ServiceContext, eventId: string, fromId: string, input: { to: string; message?: string | null; priority?: 'must' | 'nice' }) {
  const { ev, p } = await actingParticipant(ctx, eventId, fromId, 'request meeting');
  const issues: FieldIssue[] = [];
  if (input.to === fromId) issues.push(issue('to', '不能约见自己', 'a participant cannot ask to meet itself'));
  if (input.priority !== undefined && !['must', 'nice'].includes(input.priority)) issues.push(issue('priority', '优先级应为必须见或希望见', 'the priority must be must or nice'));
  if ((input.message?.length ?? 0) > 2000) issues.push(issue('message', '留言过长（最多 2000 字）', 'the message is too long (2000 characters at most)'));
  fail(issues);
  if (p.status !== 'registered') fail([issue('from', '已取消报名的参会方不能约见', 'a participant who cancelled cannot request meetings')]);
  const to = await ctx.db.selectFrom('event_participants').selectAll().where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('id', '=', input.to).executeTakeFirst();
  if (!to || to.status !== 'registered') fail([issue('to', `参会方 ${input.to} 不在本活动中`, `participant ${input.to} is not registered for this event`)]);
  return inTransaction(ctx, async (trx) => {
    const live = await trx
      .selectFrom('event_requests')
      .select(['id', 'status', 'from_id'])
      .where('region_code', '=', ev.region_code)
      .where('event_id', '=', ev.id)
      .where((eb) => eb.or([eb.and([eb('from_id', '=', fromId), eb('to_id', '=', input.to)]), eb.and([eb('from_id', '=', input.to), eb('to_id', '=', fromId)])]))
      .execute();
    const open = live.find((r) => r.status === 'requested' || r.status === 'accepted');
    if (open) throw new ConflictError(bilingual(`与「${to!.name}」已有约见请求`, `there is a meeting request with ${to!.name} already`), [issue('to', '重复的约见请求', 'duplicate meeting request')]);
    const same = live.find((r) => r.from_id === fromId);
    const values = { message: input.message?.trim() || null, priority: input.priority ?? 'nice', status: 'requested' as const, decided_at: null, created_at: new Date() };
    const row = same
      ? await trx.updateTable('event_requests').set(values).where('region_code', '=', ev.region_code).where('id', '=', same.id).returningAll().executeTakeFirstOrThrow()
      : await trx.insertInto('event_requests').values({ region_code: ev.region_code, event_id: ev.id, from_id: fromId, to_id: input.to, ...values }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, { action: 'request', entity: 'event_request', entityId: row.id, regionCode: ev.region_code, summary: `「${p.name}」约见「${to!.name}」`, after: input });
    return row;
  });
}

/**
 * Answers a meeting request: the invited side accepts (a meeting waiting for its place is created) or declines; the
 * asking side cancels (a meeting already made from it is cancelled, freeing its place). Organisers may do either.
 */
export async function decideRequest(ctx: ServiceContext, eventId: string, requestId: string, decision: 'accept' | 'decline' | 'cancel') {
  const { ev, ref } = await eventOr404(ctx, eventId);
  const r = await ctx.db.selectFrom('event_requests').selectAll().where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('id', '=', requestId).executeTakeFirst();
  if (!r) throw bilingualNotFound(`约见请求 ${requestId} 不存在`, `Meeting request ${requestId}`);
  const side = decision === 'cancel' ? r.from_id : r.to_id;
  const who = await ctx.db.selectFrom('event_participants').select(['user_id', 'name']).where('region_code', '=', ev.region_code).where('id', '=', side).executeTakeFirstOrThrow();
  requireAbility(eventsPolicy.participant.act, ctx.actor, { event: ref, userId: who.user_id, id: side }, `${decision} meeting request`);
  const allowed = decision === 'cancel' ? ['requested', 'accepted'] : ['requested', ...(decision === 'decline' ? ['accepted'] : [])];
  if (!allowed.includes(r.status)) throw new ConflictError(bilingual(`该请求已${STATUS_ZH[r.status]}`, `the request is ${r.status} already`));
  const status = ({ accept: 'accepted', decline: 'declined', cancel: 'cancelled' } as const)[decision];
  return inTransaction(ctx, async (trx) => {
    const row = await trx.updateTable('event_requests').set({ status, decided_at: new Date() }).where('region_code', '=', ev.region_code).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow();
    if (status === 'accepted') await trx.insertInto('event_meetings').values({ region_code: ev.region_code, event_id: ev.id, request_id: r.id, a_id: r.from_id, b_id: r.to_id, origin: 'request' }).execute();
    else
      await trx
        .updateTable('event_meetings')
        .set({ status: 'cancelled', updated_at: new Date() })
        .where('region_code', '=', ev.region_code)
        .where('request_id', '=', r.id)
        .where('status', '=', 'planned')
        .execute();
    await recordAudit(trx, ctx.actor, { action: decision, entity: 'event_request', entityId: r.id, regionCode: ev.region_code, summary: `「${who.name}」${STATUS_ZH[status]}约见请求`, before: r, after: { status } });
    return row;
  });
}
const STATUS_ZH = { requested: '提出', accepted: '接受', declined: '谢绝', cancelled: '取消' } as const;

/** Live meetings of an event, as the conflict rules see them, and each participant's available slots and name. */
export async function placementContext(db: ServiceContext['db'] | Tx, ev: repo.EventRow) {
  const [meetings, participants] = await Promise.all([
    db.selectFrom('event_meetings').selectAll().where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('status', '<>', 'cancelled').execute(),
    db.selectFrom('event_participants').select(['id', 'name', 'available_slot_ids', 'status']).where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).execute(),
  ]);
  return {
    meetings,
    placed: meetings.map((m) => ({ id: m.id, a: m.a_id, b: m.b_id, slot: m.slot_id, table: m.table_id })),
    available: new Map(participants.map((p) => [p.id, new Set(p.available_slot_ids) as ReadonlySet<string>])),
    names: new Map(participants.map((p) => [p.id, p.name])),
    registered: new Set(participants.filter((p) => p.status === 'registered').map((p) => p.id)),
  };
}

/**
 * An organiser adds a meeting between two participants, placed at a slot and table or left for the scheduler. A place
 * is checked: the table free in that slot, neither side busy then, both available.
 */
export async function addMeeting(ctx: ServiceContext, eventId: string, input: { a: string; b: string; slotId?: string | null; tableId?: string | null }) {
  const { ev } = await managedEvent(ctx, eventId, 'add meeting');
  const pc = await placementContext(ctx.db, ev);
  const issues: FieldIssue[] = [];
  if (input.a === input.b) issues.push(issue('b', '会谈双方不能相同', 'the two sides of a meeting must differ'));
  for (const k of ['a', 'b'] as const) if (!pc.registered.has(input[k])) issues.push(issue(k, `参会方 ${input[k]} 不在本活动中`, `participant ${input[k]} is not registered for this event`));
  if (Boolean(input.slotId) !== Boolean(input.tableId)) issues.push(issue(input.slotId ? 'tableId' : 'slotId', '时段和洽谈桌须同时指定', 'give both the slot and the table, or neither'));
  fail(issues);
  if (input.slotId && input.tableId) await checkPlace(ctx, ev, { a: input.a, b: input.b, slot: input.slotId, table: input.tableId }, pc, null);
  return inTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto('event_meetings')
      .values({ region_code: ev.region_code, event_id: ev.id, a_id: input.a, b_id: input.b, origin: 'organiser', slot_id: input.slotId || null, table_id: input.tableId || null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'event_meeting', entityId: row.id, regionCode: ev.region_code, summary: `安排「${pc.names.get(input.a)}」与「${pc.names.get(input.b)}」会谈`, after: input });
    return row;
  });
}

async function checkPlace(ctx: ServiceContext, ev: repo.EventRow, m: { a: string; b: string; slot: string; table: string }, pc: Awaited<ReturnType<typeof placementContext>>, self: string | null) {
  const [slot, table] = await Promise.all([
    ctx.db.selectFrom('event_slots').select('id').where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('id', '=', m.slot).executeTakeFirst(),
    ctx.db.selectFrom('event_tables').select('id').where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('id', '=', m.table).executeTakeFirst(),
  ]);
  if (!slot) fail([issue('slotId', `时段 ${m.slot} 不属于本活动`, `slot ${m.slot} is not one of this event's`)]);
  if (!table) fail([issue('tableId', `洽谈桌 ${m.table} 不属于本活动`, `table ${m.table} is not one of this event's`)]);
  const problem = placementProblem(m, pc.placed.filter((o) => o.id !== self), pc.available, pc.names);
  if (problem) throw new ConflictError(bilingual(problem.zh, problem.en), [issue('slotId', problem.zh, problem.en)]);
}

/** An organiser moves a meeting to another slot and table (checked as when adding), or takes it out of the schedule. */
export async function placeMeeting(ctx: ServiceContext, eventId: string, meetingId: string, input: { slotId: string | null; tableId: string | null }) {
  const { ev } = await managedEvent(ctx, eventId, 'place meeting');
  const pc = await placementContext(ctx.db, ev);
  const m = pc.meetings.find((x) => x.id === meetingId);
  if (!m) throw bilingualNotFound(`会谈 ${meetingId} 不存在`, `Meeting ${meetingId}`);
  if (Boolean(input.slotId) !== Boolean(input.tableId)) fail([issue(input.slotId ? 'tableId' : 'slotId', '时段和洽谈桌须同时指定', 'give both the slot and the table, or neither')]);
  if (input.slotId && input.tableId) await checkPlace(ctx, ev, { a: m.a_id, b: m.b_id, slot: input.slotId, table: input.tableId }, pc, m.id);
  return inTransaction(ctx, async (trx) => {
    const row = await trx
      .updateTable('event_meetings')
      .set({ slot_id: input.slotId || null, table_id: input.tableId || null, updated_at: new Date() })
      .where('region_code', '=', ev.region_code)
      .where('id', '=', m.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, { action: 'place', entity: 'event_meeting', entityId: m.id, regionCode: ev.region_code, summary: `调整「${pc.names.get(m.a_id)}」与「${pc.names.get(m.b_id)}」会谈的时段与桌号`, before: m, after: input });
    return row;
  });
}

/** Cancels a meeting (its place is freed); either side or an organiser may. */
export async function cancelMeeting(ctx: ServiceContext, eventId: string, meetingId: string) {
  const { ev, ref } = await eventOr404(ctx, eventId);
  const m = await ctx.db.selectFrom('event_meetings').selectAll().where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('id', '=', meetingId).executeTakeFirst();
  if (!m) throw bilingualNotFound(`会谈 ${meetingId} 不存在`, `Meeting ${meetingId}`);
  const sides = await ctx.db.selectFrom('event_participants').select(['id', 'user_id', 'name']).where('region_code', '=', ev.region_code).where('id', 'in', [m.a_id, m.b_id]).execute();
  const mySide = sides.find((s) => (s.user_id !== null && s.user_id === ctx.actor.userId) || s.id === bearerOf(ctx.actor));
  requireAbility(eventsPolicy.participant.act, ctx.actor, { event: ref, userId: mySide?.user_id ?? null, id: mySide?.id ?? '' }, 'cancel meeting');
  if (m.status !== 'planned') throw new ConflictError(bilingual('只能取消尚未举行的会谈', 'only a meeting not yet held can be cancelled'));
  return inTransaction(ctx, async (trx) => {
    const row = await trx.updateTable('event_meetings').set({ status: 'cancelled', updated_at: new Date() }).where('region_code', '=', ev.region_code).where('id', '=', m.id).returningAll().executeTakeFirstOrThrow();
    if (m.request_id) await trx.updateTable('event_requests').set({ status: 'cancelled', decided_at: new Date() }).where('region_code', '=', ev.region_code).where('id', '=', m.request_id).execute();
    await recordAudit(trx, ctx.actor, { action: 'cancel', entity: 'event_meeting', entityId: m.id, regionCode: ev.region_code, summary: `取消「${sides.map((s) => s.name).join('」与「')}」的会谈`, before: m });
    return row;
  });
}

/** Checks a participant in at the door by its code (typed or scanned from the agenda's QR code). */
export async function checkIn(ctx: ServiceContext, eventId: string, code: string) {
  const { ev } = await managedEvent(ctx, eventId, 'check in');
  const clean = code.trim().toUpperCase();
  const p = await ctx.db.selectFrom('event_participants').selectAll().where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('code', '=', clean).executeTakeFirst();
  if (!p) fail([issue('code', `签到码 ${clean} 不属于本活动的参会方`, `no participant of this event has the code ${clean}`)]);
  if (p!.checked_in_at) return { participant: p!, already: true };
  return inTransaction(ctx, async (trx) => {
    const row = await trx.updateTable('event_participants').set({ checked_in_at: new Date() }).where('region_code', '=', ev.region_code).where('id', '=', p!.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, { action: 'check_in', entity: 'event_participant', entityId: p!.id, regionCode: ev.region_code, summary: `「${p!.name}」签到` });
    return { participant: row, already: false };
  });
}

/** Records whether a meeting was held, or who did not come (a no-show). */
export async function recordAttendance(ctx: ServiceContext, eventId: string, meetingId: string, input: { status: 'held' | 'no_show'; noShowIds?: string[] }) {
  const { ev } = await managedEvent(ctx, eventId, 'record attendance');
  const m = await ctx.db.selectFrom('event_meetings').selectAll().where('region_code', '=', ev.region_code).where('event_id', '=', ev.id).where('id', '=', meetingId).executeTakeFirst();
  if (!m) throw bilingualNotFound(`会谈 ${meetingId} 不存在`, `Meeting ${meetingId}`);
  if (m.status === 'cancelled') throw new ConflictError(bilingual('会谈已取消', 'the meeting was cancelled'));
  const noShow = input.status === 'no_show' ? (input.noShowIds?.length ? input.noShowIds : [m.a_id, m.b_id]) : [];
  if (noShow.some((x) => x !== m.a_id && x !== m.b_id)) fail([issue('noShowIds', '缺席者须是会谈的一方', 'a no-show must be one of the two sides')]);
  return inTransaction(ctx, async (trx) => {
    const row = await trx.updateTable('event_meetings').set({ status: input.status, no_show_ids: noShow, updated_at: new Date() }).where('region_code', '=', ev.region_code).where('id', '=', m.id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, { action: input.status === 'held' ? 'held' : 'no_show', entity: 'event_meeting', entityId: m.id, regionCode: ev.region_code, summary: input.status === 'held' ? '会谈已举行' : '会谈缺席', before: m, after: input });
    return row;
  });
}
