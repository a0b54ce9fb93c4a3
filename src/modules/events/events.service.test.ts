import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { PUBLIC_ACTOR } from '../org/org.policy.ts';
import { withCheckChar } from '../atlas/atlas.uscc.domain.ts';
import { addMeeting, addOffer, cancelMeeting, checkIn, createEvent, decideRequest, eventDetail, listEvents, recordAttendance, registerParticipant, requestMeeting, updateEvent, updateParticipant } from './events.service.ts';

let h: DatabaseHandle;
let fgw: ServiceContext; // editor of 市发展改革委: the organiser
let gxj: ServiceContext; // editor of 市工信局: another unit
let swj: ServiceContext; // viewer of 市商务局: registered as a participant with its own account
let anon: ServiceContext;
let eventId: string;
const USCC_A = withCheckChar('91120116MA05K3XQ1');
const USCC_B = withCheckChar('91120000MA06ABCD2');

const validation = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ValidationError);
  return e as ValidationError;
};

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [fgw, gxj, swj] = await Promise.all(['fgw', 'gxj', 'swj'].map((u) => contextAs(h, u)));
  anon = { db: h.db, actor: PUBLIC_ACTOR };
  const ev = await createEvent(fgw, {
    name: '新能源汽车产业链握手对接会（测试）',
    startsOn: '2030-05-20',
    venue: '滨海新区会展中心',
    access: 'public',
    slots: { date: '2030-05-20', start: '09:00', count: 4, minutes: 20, breakEvery: 2, breakMinutes: 10 },
    tables: 2,
  });
  eventId = ev.event.id;
});
afterAll(async () => h?.close());

describe('an event', () => {
  it('is created with its slots (breaks between) and numbered tables, in the organiser’s region', async () => {
    const d = await eventDetail(fgw, eventId);
    expect(d.event).toMatchObject({ region_code: '120000', status: 'draft', access: 'public', registration_open: false });
    expect(d.slots.map((s) => s.label)).toEqual(['09:00–09:20', '09:20–09:40', '09:50–10:10', '10:10–10:30']);
    expect(d.tables.map((t) => t.number)).toEqual([1, 2]);
    expect(d.abilities).toEqual(expect.arrayContaining(['manage']));
    const other = await eventDetail(gxj, eventId);
    expect(other.abilities).not.toContain('manage');
    expect((await listEvents(gxj)).events.some((e) => e.id === eventId)).toBe(true);
  });

  it('refuses bad input naming each field, and writes nothing', async () => {
    const before = (await listEvents(fgw)).events.length;
    const e = await validation(createEvent(fgw, { name: ' ', startsOn: '2030-13-40', slots: { date: '2030-05-20', start: '25:00', count: 0, minutes: 20 }, tables: 0 }));
    expect(e.details.map((d) => d.field).sort()).toEqual(['name', 'slots.count', 'slots.start', 'startsOn', 'tables']);
    expect((await listEvents(fgw)).events.length).toBe(before);
  });

  it('only organisers edit it; a viewer cannot create one', async () => {
    await expect(updateEvent(gxj, eventId, { venue: '别处' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createEvent(swj, { name: 'x', startsOn: '2030-01-01', slots: { date: '2030-01-01', start: '09:00', count: 1, minutes: 20 }, tables: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('registration, requests and meetings', () => {
  let a: string; // registered on the public form by the public
  let b: string; // registered by the organiser, with swj's account
  let c: string;

  it('the public registers only once registration is open; a USCC is checked and registers once; it links to the atlas when known', async () => {
    const form = { kind: 'enterprise' as const, name: '示例新能源电池有限公司', uscc: USCC_A, description: '动力电池电芯与模组' };
    await expect(registerParticipant(anon, eventId, form)).rejects.toBeInstanceOf(NotFoundError); // a draft is not shown
    await updateEvent(fgw, eventId, { status: 'open', registrationClosesAt: '2000-01-01T00:00:00Z' });
    await expect(registerParticipant(anon, eventId, form)).rejects.toBeInstanceOf(ForbiddenError); // the window closed
    await updateEvent(fgw, eventId, { registrationClosesAt: null });
    const bad = await validation(registerParticipant(anon, eventId, { ...form, uscc: USCC_A.slice(0, 17) + (USCC_A[17] === '0' ? '1' : '0') }));
    expect(bad.details.map((d) => d.field)).toEqual(['uscc']);
    expect(bad.message).toMatch(/校验位/);
    await h.db.insertInto('atlas_enterprises').values({ region_code: '120116', uscc: USCC_A, name: '示例新能源电池有限公司', name_norm: '示例新能源电池有限公司', tags: [], main_products: [], search_tokens: [] }).execute();
    const p = await registerParticipant(anon, eventId, form);
    expect(p).toMatchObject({ linked_enterprise_name: '示例新能源电池有限公司', home_region_code: '120116', user_id: null });
    expect(p.code).toMatch(/^[2-9A-Z]{8}$/);
    expect(p.available_slot_ids).toHaveLength(4);
    a = p.id;
    await expect(registerParticipant(anon, eventId, { ...form, name: '同一代码' })).rejects.toBeInstanceOf(ConflictError);
    const swjUser = swj.actor.userId!;
    b = (await registerParticipant(fgw, eventId, { kind: 'investor', name: '示例产业投资基金', userId: swjUser, description: '关注新能源整车与零部件' })).id;
    c = (await registerParticipant(fgw, eventId, { kind: 'enterprise', name: '示例汽车零部件公司', uscc: USCC_B })).id;
    const unknownSlot = await validation(updateParticipant(fgw, eventId, c, { availableSlotIds: ['00000000-0000-4000-8000-000000000000'] }));
    expect(unknownSlot.details.map((d) => d.field)).toEqual(['availableSlotIds']);
  });

  it('a participant manages only its own offers and requests; contacts and codes of others stay hidden', async () => {
    await addOffer(swj, eventId, b, { kind: 'offer', title: '新能源项目股权投资', products: ['股权投资'] });
    await expect(addOffer(swj, eventId, a, { kind: 'need', title: '别人的需求' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requestMeeting(gxj, eventId, a, { to: b })).rejects.toBeInstanceOf(ForbiddenError);
    const seen = await eventDetail(swj, eventId);
    expect(seen.myParticipantIds).toEqual([b]);
    expect(seen.participants.find((p) => p.id === a)).not.toHaveProperty('code');
    expect(seen.participants.find((p) => p.id === b)).toHaveProperty('code');
  });

  it('refuses a request to oneself and a duplicate in either direction; the invited side accepts, which makes a meeting', async () => {
    expect((await validation(requestMeeting(swj, eventId, b, { to: b }))).details[0].field).toBe('to');
    const r = await requestMeeting(swj, eventId, b, { to: a, priority: 'must', message: '希望了解电池项目融资需求' });
    await expect(requestMeeting(fgw, eventId, a, { to: b })).rejects.toBeInstanceOf(ConflictError);
    await expect(decideRequest(swj, eventId, r.id, 'accept')).rejects.toBeInstanceOf(ForbiddenError); // the asking side cannot accept
    const accepted = await decideRequest(fgw, eventId, r.id, 'accept');
    expect(accepted.status).toBe('accepted');
    await expect(decideRequest(fgw, eventId, r.id, 'accept')).rejects.toBeInstanceOf(ConflictError);
    const d = await eventDetail(swj, eventId);
    expect(d.meetings).toHaveLength(1);
    expect(d.meetings[0]).toMatchObject({ a_id: b, b_id: a, status: 'planned', slot_id: null });
  });

  it('an organiser places a meeting only where the table is free, both sides are free and available', async () => {
    const d = await eventDetail(fgw, eventId);
    const [s1, s2] = d.slots.map((s) => s.id);
    const [t1, t2] = d.tables.map((t) => t.id);
    const m1 = await addMeeting(fgw, eventId, { a, b: c, slotId: s1, tableId: t1 });
    expect(m1.origin).toBe('organiser');
    await expect(addMeeting(fgw, eventId, { a: b, b: c, slotId: s1, tableId: t1 })).rejects.toThrow(/该桌在这个时段已有会谈/);
    await expect(addMeeting(fgw, eventId, { a: b, b: c, slotId: s1, tableId: t2 })).rejects.toThrow(/示例汽车零部件公司 在这个时段已有会谈/);
    await updateParticipant(swj, eventId, b, { availableSlotIds: [s1] });
    await expect(addMeeting(fgw, eventId, { a: b, b: c, slotId: s2, tableId: t2 })).rejects.toThrow(/示例产业投资基金 在这个时段没有空/);
    await expect(addMeeting(swj, eventId, { a: b, b: c })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await validation(addMeeting(fgw, eventId, { a: b, b: b }))).details.map((x) => x.field)).toEqual(['b']);
  });

  it('checks in by code and records no-shows; a cancelled meeting frees its place', async () => {
    const d = await eventDetail(fgw, eventId);
    const pa = d.participants.find((p) => p.id === a)!;
    expect((await checkIn(fgw, eventId, pa.code!.toLowerCase())).already).toBe(false);
    expect((await checkIn(fgw, eventId, pa.code!)).already).toBe(true);
    expect((await validation(checkIn(fgw, eventId, 'NOPE2345'))).details[0].field).toBe('code');
    await expect(checkIn(swj, eventId, pa.code!)).rejects.toBeInstanceOf(ForbiddenError);
    const placed = d.meetings.find((m) => m.slot_id !== null)!;
    const missed = await recordAttendance(fgw, eventId, placed.id, { status: 'no_show', noShowIds: [c] });
    expect(missed).toMatchObject({ status: 'no_show', no_show_ids: [c] });
    const planned = d.meetings.find((m) => m.status === 'planned' && m.slot_id === null)!;
    expect((await cancelMeeting(swj, eventId, planned.id)).status).toBe('cancelled');
    const after = await eventDetail(swj, eventId);
    expect(after.requests[0].status).toBe('cancelled');
  });
});

describe('the demo event', () => {
  it('tags its offers and needs with segments of the atlas demo chain it focuses on, so that its pages can name them', async () => {
    const event = await h.db.selectFrom('events').select(['id', 'focus_chains']).where('region_code', '=', '120000').where('name', '=', '新能源汽车产业链握手链接洽谈会（示例）').executeTakeFirstOrThrow();
    const offers = await h.db.selectFrom('event_offers').select(['chain_key', 'segment_key']).where('region_code', '=', '120000').where('event_id', '=', event.id).where('segment_key', 'is not', null).execute();
    expect(offers.length).toBeGreaterThan(5);
    const segments = await h.db
      .selectFrom('atlas_segments as s')
      .innerJoin('atlas_chain_versions as v', 'v.id', 's.version_id')
      .innerJoin('atlas_chains as c', (j) => j.onRef('c.id', '=', 'v.chain_id').onRef('c.current_version', '=', 'v.version'))
      .select(['c.key as chain', 's.key as segment'])
      .where('c.region_code', '=', '000000')
      .where('c.key', 'in', event.focus_chains)
      .execute();
    const known = new Set(segments.map((s) => `${s.chain}/${s.segment}`));
    expect(offers.filter((o) => !known.has(`${o.chain_key}/${o.segment_key}`))).toEqual([]);
  });
});
